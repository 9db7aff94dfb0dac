import RehookModel

/// Talkover's update rules, worded as its Laravel back end words them: every failing rule
/// of every field is reported under the field's key (`events.0` for one list item).
enum TalkoverValidation {
    struct Failure: Error {
        let errors: [String: [String]]
    }

    static func validate(_ body: JSONValue?, availableEvents: Set<String>) -> Result<SandboxWebhookPatch, Failure> {
        guard let object = body?.objectValue else {
            return .failure(Failure(errors: ["body": ["The request body must be a JSON object."]]))
        }
        var errors: [String: [String]] = [:]
        var patch = SandboxWebhookPatch()
        func fail(_ key: String, _ message: String) { errors[key, default: []].append(message) }

        patch.name = string(object, "name", label: "name", maxLength: 255, fail: fail)
        patch.secret = string(object, "webhook_secret", label: "webhook secret", maxLength: 255, fail: fail)
        if let url = string(object, "webhook_url", label: "webhook url", maxLength: 500, fail: fail) {
            if WebURL.isValid(url) { patch.url = url } else { fail("webhook_url", "The webhook url must be a valid URL.") }
        }
        if let value = object["events"] {
            if let events = value.stringArrayValue {
                if events.isEmpty { fail("events", "The events field must contain at least 1 items.") }
                for (index, event) in events.enumerated() where !availableEvents.contains(event) {
                    fail("events.\(index)", "The selected events.\(index) is invalid.")
                }
                patch.events = .list(events)
            } else {
                fail("events", "The events field must be an array.")
            }
        }
        patch.timeout = integer(object, "timeout", label: "timeout", range: 5...120, fail: fail)
        patch.maxRetries = integer(object, "max_retries", label: "max retries", range: 0...10, fail: fail)
        if let value = object["enabled"] {
            if let enabled = value.boolValue { patch.enabled = enabled } else { fail("enabled", "The enabled field must be true or false.") }
        }
        patch.httpMethod = choice(object, "http_method", label: "http method",
                                  allowed: VendorSchema.talkoverHTTPMethods, fail: fail)
        patch.authorizationScheme = choice(object, "authorization_scheme", label: "authorization scheme",
                                           allowed: VendorSchema.talkoverAuthSchemes, fail: fail)
        patch.customHeaders = headers(object, fail: fail)
        if let value = object["payload_templates"] {
            if value.objectValue != nil { patch.payloadTemplates = value } else {
                fail("payload_templates", "The payload templates field must be an array.")
            }
        }
        return errors.isEmpty ? .success(patch) : .failure(Failure(errors: errors))
    }

    private static func string(_ object: [String: JSONValue], _ key: String, label: String, maxLength: Int,
                               fail: (String, String) -> Void) -> String? {
        guard let value = object[key] else { return nil }
        guard let text = value.stringValue else {
            fail(key, "The \(label) field must be a string.")
            return nil
        }
        guard text.count <= maxLength else {
            fail(key, "The \(label) field must not be greater than \(maxLength) characters.")
            return nil
        }
        return text
    }

    private static func integer(_ object: [String: JSONValue], _ key: String, label: String, range: ClosedRange<Int>,
                                fail: (String, String) -> Void) -> Int? {
        guard let value = object[key] else { return nil }
        guard let number = value.intValue else {
            fail(key, "The \(label) field must be an integer.")
            return nil
        }
        guard range.contains(number) else {
            fail(key, "The \(label) field must be between \(range.lowerBound) and \(range.upperBound).")
            return nil
        }
        return number
    }

    private static func choice(_ object: [String: JSONValue], _ key: String, label: String, allowed: [String],
                               fail: (String, String) -> Void) -> String? {
        guard let value = object[key] else { return nil }
        guard let text = value.stringValue, allowed.contains(text) else {
            fail(key, "The selected \(label) is invalid.")
            return nil
        }
        return text
    }

    private static func headers(_ object: [String: JSONValue], fail: (String, String) -> Void) -> [SandboxHeader]? {
        guard let value = object["custom_headers"] else { return nil }
        guard let items = value.arrayValue else {
            fail("custom_headers", "The custom headers field must be an array.")
            return nil
        }
        var headers: [SandboxHeader] = []
        for (index, item) in items.enumerated() {
            let fields = item.objectValue ?? [:]
            let key = fields["key"]?.stringValue
            let headerValue = fields["value"]?.stringValue
            if key?.isEmpty ?? true { fail("custom_headers.\(index).key", "The custom_headers.\(index).key field is required.") }
            if headerValue == nil { fail("custom_headers.\(index).value", "The custom_headers.\(index).value field is required.") }
            if let key, let headerValue, !key.isEmpty { headers.append(SandboxHeader(key: key, value: headerValue)) }
        }
        return headers.count == items.count ? headers : nil
    }
}
