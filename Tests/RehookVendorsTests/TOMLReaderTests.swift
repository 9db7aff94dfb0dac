import RehookVendors
import Testing

@Suite("TOML subset reader")
struct TOMLReaderTests {
    @Test("reads tables, arrays of tables, strings, integers, booleans, arrays and comments")
    func readsSubset() throws {
        let text = """
        # leading comment
        title = "rehook" # trailing comment
        count = -1_000
        flag = true
        'literal key' = 'C:\\path'
        list = [
          "a", # inside
          "b",
        ]
        nested = [[1, 2], []]

        [settings]
        mode = "fast"

        [[account]]
        name = "one"
        [[account]]
        name = "two"
        """
        let root = try TOMLReader.parse(text)
        #expect(root.keys == ["title", "count", "flag", "literal key", "list", "nested", "settings", "account"])
        #expect(root["title"]?.value == .string("rehook"))
        #expect(root["count"]?.value == .integer(-1000))
        #expect(root["flag"]?.value == .boolean(true))
        #expect(root["literal key"]?.value == .string("C:\\path"))
        #expect(root["list"]?.value == .array([.string("a"), .string("b")]))
        #expect(root["nested"]?.value == .array([.array([.integer(1), .integer(2)]), .array([])]))
        guard case .table(let settings)? = root["settings"]?.value else {
            Issue.record("settings is not a table")
            return
        }
        #expect(settings["mode"]?.value == .string("fast"))
        #expect(settings.position.line == 12)
        guard case .array(let accounts)? = root["account"]?.value else {
            Issue.record("account is not an array")
            return
        }
        #expect(accounts.count == 2)
        if case .table(let second)? = accounts.last {
            #expect(second["name"]?.value == .string("two"))
            #expect(second["name"]?.position == TOMLPosition(line: 18, column: 1))
        } else {
            Issue.record("second account is not a table")
        }
    }

    @Test("basic string escapes", arguments: [
        (#"s = "a\"b""#, "a\"b"),
        (#"s = "tab\there""#, "tab\there"),
        (#"s = "line\nbreak""#, "line\nbreak"),
        (#"s = "back\\slash""#, "back\\slash"),
        (#"s = "\u00e9t\u00E9""#, "été"),
        (#"s = "\U0001F600""#, "😀"),
        (#"s = """#, ""),
    ])
    func escapes(line: String, expected: String) throws {
        #expect(try TOMLReader.parse(line)["s"]?.value == .string(expected))
    }

    @Test("errors give line and column", arguments: [
        ("a = 1\nb = \"open", "2:5: string is never closed"),
        ("a = \"open\nb = 1", "1:5: string is not closed on its line"),
        ("a = 1\n\nb 2", "3:3: expected '=' after key 'b', got '2'"),
        ("a = 1\na = 2", "2:1: duplicate key 'a' (first set at line 1)"),
        ("x = 1.5", "1:5: unsupported value '1.5' (floats and dates are not supported; quote it as a string)"),
        ("x = hello", "1:5: invalid value 'hello' (strings need quotes)"),
        ("x = {a = 1}", "1:5: inline tables are not supported; use a [table]"),
        ("[t]\n[t]", "2:1: 't' is already defined at line 1"),
        ("[[t]]\n[t]", "2:1: 't' is already defined at line 1"),
        ("[a.b]", "1:3: nested table names are not supported"),
        ("a.b = 1", "1:2: dotted keys are not supported"),
        ("x = [1, 2", "1:5: array is never closed"),
        ("x = [1 2]", "1:8: expected ',' or ']' in array, got '2'"),
        ("x = 1 y = 2", "1:7: expected end of line, got 'y'"),
        (#"x = "\q""#, #"1:6: unknown escape '\q'"#),
        (#"x = "\u12""#, #"1:6: \u needs 4 hex digits"#),
        ("[t", "1:3: expected ']' to close the table header, got end of file"),
        ("= 1", "1:1: expected a key, got '='"),
        ("x =", "1:4: expected a value, got end of file"),
        ("x = \"\"\"multi\"\"\"", "1:6: multi-line strings are not supported"),
    ])
    func errors(text: String, expected: String) {
        do {
            _ = try TOMLReader.parse(text)
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test("Windows line endings read the same")
    func crlf() throws {
        let root = try TOMLReader.parse("a = 1\r\n# c\r\nb = \"x\"\r\n")
        #expect(root["b"]?.value == .string("x"))
        #expect(root["b"]?.position.line == 3)
    }
}
