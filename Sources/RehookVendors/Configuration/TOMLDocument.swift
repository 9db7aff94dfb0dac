/// A line and column (both from 1) in a TOML text.
public struct TOMLPosition: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// A value of the TOML subset rehook reads.
public indirect enum TOMLValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case array([TOMLValue])
    case table(TOMLTable)

    /// The TOML type name, for error messages.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .boolean: "boolean"
        case .array: "array"
        case .table: "table"
        }
    }
}

/// One `key = value` (or table) with where its key was written.
public struct TOMLEntry: Sendable, Hashable {
    public var value: TOMLValue
    public var position: TOMLPosition
}

/// A TOML table: keys in the order written, and where the table starts.
public struct TOMLTable: Sendable, Hashable {
    public private(set) var keys: [String] = []
    public private(set) var entries: [String: TOMLEntry] = [:]
    /// The header line (`[[account]]`), or 1:1 for the root table.
    public var position: TOMLPosition

    public init(position: TOMLPosition) { self.position = position }

    public subscript(key: String) -> TOMLEntry? { entries[key] }

    /// Adds or replaces an entry, keeping first-written order.
    mutating func set(_ key: String, _ entry: TOMLEntry) {
        if entries[key] == nil { keys.append(key) }
        entries[key] = entry
    }

    /// Appends a table to the array of tables under `key`.
    mutating func appendTable(_ key: String, _ table: TOMLTable) {
        changeArray(key) { $0.append(.table(table)) }
    }

    /// Changes the last table of the array of tables under `key`.
    mutating func updateLastTable(_ key: String, _ change: (inout TOMLTable) -> Void) {
        changeArray(key) { items in
            guard case .table(var last)? = items.last else { return }
            change(&last)
            items[items.count - 1] = .table(last)
        }
    }

    /// Changes the array under `key` in place: it is taken out of `entries` first, so that it is
    /// not copied whole for every key of every `[[account]]` (quadratic: 1,000 accounts took
    /// 0.1 s to read).
    private mutating func changeArray(_ key: String, _ change: (inout [TOMLValue]) -> Void) {
        guard case .array? = entries[key]?.value, let position = entries[key]?.position,
              case .array(var items)? = entries.updateValue(TOMLEntry(value: .array([]), position: position),
                                                           forKey: key)?.value else { return }
        change(&items)
        entries[key] = TOMLEntry(value: .array(items), position: position)
    }

    /// Changes the table under `key`.
    mutating func updateTable(_ key: String, _ change: (inout TOMLTable) -> Void) {
        guard case .table(var table)? = entries[key]?.value, let position = entries[key]?.position else { return }
        change(&table)
        entries[key] = TOMLEntry(value: .table(table), position: position)
    }
}

/// A TOML text could not be read; `position` says where.
public struct TOMLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var position: TOMLPosition
    public var message: String

    public var description: String { "\(position): \(message)" }
}
