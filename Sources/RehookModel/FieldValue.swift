/// Which events a webhook receives. HeyGen distinguishes "all events" (`null` on the wire)
/// from an explicit list that happens to name every event.
public enum EventSelection: Sendable, Hashable, Codable {
    case all
    case list([String])

    /// The listed events, or `nil` for "all events".
    public var names: [String]? {
        if case .list(let names) = self { return names }
        return nil
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .all } else { self = .list(try container.decode([String].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .all: try container.encodeNil()
        case .list(let names): try container.encode(names)
        }
    }
}

/// Where a secret value comes from. Plans and journals store the reference, never the value,
/// which is resolved only at the moment of the write.
public enum SecretReference: Sendable, Hashable, Codable, CustomStringConvertible {
    /// An environment variable, read at apply time.
    case environment(String)
    /// A file whose contents (trailing newline trimmed) are the secret.
    case file(String)

    public var description: String {
        switch self {
        case .environment(let name): "env(\"\(name)\")"
        case .file(let path): "file(\"\(path)\")"
        }
    }

    private enum CodingKeys: String, CodingKey { case env, file }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let name = try container.decodeIfPresent(String.self, forKey: .env) {
            self = .environment(name)
        } else {
            self = .file(try container.decode(String.self, forKey: .file))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .environment(let name): try container.encode(name, forKey: .env)
        case .file(let path): try container.encode(path, forKey: .file)
        }
    }
}

/// A value of one webhook field, as stored in the model, in plans and in journals.
public enum FieldValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case string(String)
    case int(Int)
    case bool(Bool)
    case strings([String])
    case events(EventSelection)
    /// A secret, by reference only.
    case secret(SecretReference)

    public var description: String {
        switch self {
        case .string(let s): "\"\(s)\""
        case .int(let i): String(i)
        case .bool(let b): String(b)
        case .strings(let list): "[" + list.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        case .events(.all): "all"
        case .events(.list(let list)): "[" + list.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        case .secret: "(secret)"
        }
    }

    private enum CodingKeys: String, CodingKey { case string, int, bool, strings, events, secret }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let key = container.allKeys.first, container.allKeys.count == 1 else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a field value is an object with exactly one of string, int, bool, strings, events, secret"))
        }
        switch key {
        case .string: self = .string(try container.decode(String.self, forKey: key))
        case .int: self = .int(try container.decode(Int.self, forKey: key))
        case .bool: self = .bool(try container.decode(Bool.self, forKey: key))
        case .strings: self = .strings(try container.decode([String].self, forKey: key))
        case .events: self = .events(try container.decode(EventSelection.self, forKey: key))
        case .secret: self = .secret(try container.decode(SecretReference.self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .string(let v): try container.encode(v, forKey: .string)
        case .int(let v): try container.encode(v, forKey: .int)
        case .bool(let v): try container.encode(v, forKey: .bool)
        case .strings(let v): try container.encode(v, forKey: .strings)
        case .events(let v): try container.encode(v, forKey: .events)
        case .secret(let v): try container.encode(v, forKey: .secret)
        }
    }
}
