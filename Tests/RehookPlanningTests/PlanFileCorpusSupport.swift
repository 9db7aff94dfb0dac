import Foundation

/// A JSON document as a tree, for mutating valid plan and inventory files into damaged ones.
/// (Booleans are tried before numbers, so `true` never reads as `1`.)
indirect enum CorpusJSON: Codable, Equatable, Sendable {
    case null, bool(Bool), int(Int), double(Double), string(String)
    case array([CorpusJSON]), object([String: CorpusJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([CorpusJSON].self) { self = .array(value) }
        else { self = .object(try container.decode([String: CorpusJSON].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    static func parse(_ data: Data) throws -> CorpusJSON { try JSONDecoder().decode(CorpusJSON.self, from: data) }

    var data: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// A value of a different JSON type, for a wrong-type mutation.
    var wrongType: CorpusJSON {
        switch self {
        case .string: .int(7)
        case .int, .double: .string("7")
        case .bool: .string("yes")
        case .null: .int(7)
        case .array: .string("a list was here")
        case .object: .array([.int(1)])
        }
    }

    /// One mutated copy of the document: where, and the document.
    struct Mutation: Sendable {
        let path: String
        let document: CorpusJSON
    }

    /// Calls `body` for every node with its JSON path and a function that rebuilds the whole
    /// document with that node replaced.
    func forEachNode(_ body: (CorpusJSON, String, @escaping (CorpusJSON) -> CorpusJSON) -> Void) {
        func visit(_ node: CorpusJSON, path: String, rebuild: @escaping (CorpusJSON) -> CorpusJSON) {
            body(node, path, rebuild)
            switch node {
            case .array(let items):
                for (index, item) in items.enumerated() {
                    visit(item, path: "\(path)[\(index)]") { replacement in
                        var copy = items
                        copy[index] = replacement
                        return rebuild(.array(copy))
                    }
                }
            case .object(let members):
                for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                    visit(member, path: "\(path).\(key)") { replacement in
                        var copy = members
                        copy[key] = replacement
                        return rebuild(.object(copy))
                    }
                }
            default: break
            }
        }
        visit(self, path: "$") { $0 }
    }

    /// A copy per node below the root, that node replaced by `transform(node)`.
    func replacingEachNode(_ transform: (CorpusJSON) -> CorpusJSON) -> [Mutation] {
        var mutations: [Mutation] = []
        forEachNode { node, path, rebuild in
            if path != "$" { mutations.append(Mutation(path: path, document: rebuild(transform(node)))) }
        }
        return mutations
    }

    /// A copy per object member, with that member removed; `path` names the member.
    func removingEachMember() -> [Mutation] {
        var mutations: [Mutation] = []
        forEachNode { node, path, rebuild in
            guard case .object(let members) = node else { return }
            for key in members.keys.sorted() {
                var without = members
                without[key] = nil
                mutations.append(Mutation(path: "\(path).\(key)", document: rebuild(.object(without))))
            }
        }
        return mutations
    }
}
