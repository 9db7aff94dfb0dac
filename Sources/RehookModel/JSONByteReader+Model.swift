import Foundation

// MARK: - The model's types

extension JSONByteReader {
    /// A vendor by its registered name.
    public mutating func readVendor() throws(JSONReadError) -> VendorID {
        let name = try readString()
        guard let vendor = VendorID(rawValue: name) else {
            throw JSONReadError(problem: .invalid("unknown vendor '\(name)' (known: "
                                                  + VendorID.allCases.map(\.rawValue).joined(separator: ", ") + ")"))
        }
        return vendor
    }

    /// A webhook as its `Codable` conformance reads it: `vendor`, `account`, `id`, `url`
    /// required; `parent_id`, `enabled` optional (null = absent); `events` missing or null =
    /// all events; `extras` optional, by canonical field name.
    public mutating func readWebhook() throws(JSONReadError) -> Webhook {
        var vendor: VendorID?
        var account: String?
        var id: String?
        var parentID: String?
        var url: String?
        var events = EventSelection.all
        var enabled: Bool?
        var extras: [FieldName: FieldValue] = [:]
        try readObject { reader, key throws(JSONReadError) in
            if key.is("vendor") {
                vendor = try reader.readVendor()
            } else if key.is("account") {
                account = try reader.readString()
            } else if key.is("id") {
                id = try reader.readString()
            } else if key.is("url") {
                url = try reader.readString()
            } else if key.is("events") {
                events = try reader.readEvents()
            } else if key.is("enabled") {
                enabled = try reader.readNull() ? nil : try reader.readBool()
            } else if key.is("parent_id") {
                parentID = try reader.readNull() ? nil : try reader.readString()
            } else if key.is("extras") {
                extras = [:]
                if try reader.readNull() { return }
                try reader.readObject { reader, name throws(JSONReadError) in
                    guard let field = FieldName(rawValue: name.string) else {
                        throw JSONReadError(problem: .invalid("unknown field '\(name.string)'"))
                    }
                    extras[field] = try reader.readFieldValue()
                }
            } else {
                try reader.skipValue()
            }
        }
        guard let vendor else { throw JSONReadError(problem: .missingKey("vendor")) }
        guard let account else { throw JSONReadError(problem: .missingKey("account")) }
        guard let id else { throw JSONReadError(problem: .missingKey("id")) }
        guard let url else { throw JSONReadError(problem: .missingKey("url")) }
        return Webhook(vendor: vendor, account: account, id: id, parentID: parentID, url: url, events: events,
                       enabled: enabled, extras: extras)
    }

    /// A list of event names, or null for all events.
    public mutating func readEvents() throws(JSONReadError) -> EventSelection {
        try readNull() ? .all : .list(try readStrings())
    }

    /// A field value: an object with exactly one of `string`, `int`, `bool`, `strings`,
    /// `events`, `secret` (other keys are ignored, as `Codable` ignores them).
    public mutating func readFieldValue() throws(JSONReadError) -> FieldValue {
        var value: FieldValue?
        var count = 0
        try readObject { reader, key throws(JSONReadError) in
            if key.is("string") {
                value = .string(try reader.readString())
            } else if key.is("int") {
                value = .int(try reader.readInt())
            } else if key.is("bool") {
                value = .bool(try reader.readBool())
            } else if key.is("strings") {
                value = .strings(try reader.readStrings())
            } else if key.is("events") {
                value = .events(try reader.readEvents())
            } else if key.is("secret") {
                value = .secret(try reader.readSecretReference())
            } else {
                try reader.skipValue()
                return
            }
            count += 1
        }
        guard let value, count == 1 else {
            throw JSONReadError(problem: .invalid(
                "a field value is an object with exactly one of string, int, bool, strings, events, secret"))
        }
        return value
    }

    /// `{"env": NAME}` or `{"file": PATH}`.
    public mutating func readSecretReference() throws(JSONReadError) -> SecretReference {
        var environment: String?
        var file: String?
        try readObject { reader, key throws(JSONReadError) in
            if key.is("env") {
                environment = try reader.readNull() ? nil : try reader.readString()
            } else if key.is("file") {
                file = try reader.readString()
            } else {
                try reader.skipValue()
            }
        }
        if let environment { return .environment(environment) }
        guard let file else { throw JSONReadError(problem: .missingKey("file")) }
        return .file(file)
    }
}

// MARK: - Plans (the counterpart of `JSONByteWriter.plannedChange`)

extension JSONByteReader {
    /// A webhook key: `vendor`, `account`, `id`, all required.
    public mutating func readWebhookKey() throws(JSONReadError) -> WebhookKey {
        var vendor: VendorID?
        var account: String?
        var id: String?
        try readObject { reader, key throws(JSONReadError) in
            if key.is("vendor") {
                vendor = try reader.readVendor()
            } else if key.is("account") {
                account = try reader.readString()
            } else if key.is("id") {
                id = try reader.readString()
            } else {
                try reader.skipValue()
            }
        }
        guard let vendor else { throw JSONReadError(problem: .missingKey("vendor")) }
        guard let account else { throw JSONReadError(problem: .missingKey("account")) }
        guard let id else { throw JSONReadError(problem: .missingKey("id")) }
        return WebhookKey(vendor: vendor, account: account, id: id)
    }

    /// One entry of a change's `fields`: `field`, `before_known`, `after` required, `before`
    /// optional (null = absent).
    public mutating func readFieldChange() throws(JSONReadError) -> FieldChange {
        var field: FieldName?
        var before: FieldValue?
        var beforeKnown: Bool?
        var after: FieldValue?
        try readObject { reader, key throws(JSONReadError) in
            if key.is("field") {
                let name = try reader.readString()
                guard let known = FieldName(rawValue: name) else {
                    throw JSONReadError(problem: .invalid("unknown field '\(name)'"))
                }
                field = known
            } else if key.is("before") {
                before = try reader.readNull() ? nil : try reader.readFieldValue()
            } else if key.is("before_known") {
                beforeKnown = try reader.readBool()
            } else if key.is("after") {
                after = try reader.readFieldValue()
            } else {
                try reader.skipValue()
            }
        }
        guard let field else { throw JSONReadError(problem: .missingKey("field")) }
        guard let beforeKnown else { throw JSONReadError(problem: .missingKey("before_known")) }
        guard let after else { throw JSONReadError(problem: .missingKey("after")) }
        return FieldChange(field: field, before: before, beforeKnown: beforeKnown, after: after)
    }

    /// One element of a plan's `changes`, as its `Codable` conformance reads it (`key`,
    /// `fingerprint`, `before`, `fields`, all required; fields in the file's order).
    public mutating func readPlannedChange() throws(JSONReadError) -> PlannedChange {
        var key: WebhookKey?
        var fingerprint: String?
        var before: Webhook?
        var fields: [FieldChange]?
        try readObject { reader, name throws(JSONReadError) in
            if name.is("key") {
                key = try reader.readWebhookKey()
            } else if name.is("fingerprint") {
                fingerprint = try reader.readString()
            } else if name.is("before") {
                before = try reader.readWebhook()
            } else if name.is("fields") {
                var list: [FieldChange] = []
                try reader.readArray { reader, _ throws(JSONReadError) in list.append(try reader.readFieldChange()) }
                fields = list
            } else {
                try reader.skipValue()
            }
        }
        guard let key else { throw JSONReadError(problem: .missingKey("key")) }
        guard let fingerprint else { throw JSONReadError(problem: .missingKey("fingerprint")) }
        guard let before else { throw JSONReadError(problem: .missingKey("before")) }
        guard let fields else { throw JSONReadError(problem: .missingKey("fields")) }
        return PlannedChange(key: key, fingerprint: fingerprint, before: before, fields: fields)
    }
}

extension PlannedChange {
    /// A change exactly as a plan file holds it (no fingerprint computed, fields not re-sorted).
    init(key: WebhookKey, fingerprint: String, before: Webhook, fields: [FieldChange]) {
        self.key = key
        self.fingerprint = fingerprint
        self.before = before
        self.fields = fields
    }
}
