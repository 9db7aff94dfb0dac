import Testing
@testable import RehookREPL

@Suite struct StatementBufferTests {
    static func buffer(_ lines: [String]) -> StatementBuffer {
        var buffer = StatementBuffer()
        for line in lines { buffer.append(line) }
        return buffer
    }

    @Test(arguments: [
        (["for vendor jogg enable"], true),
        (["for vendor jogg {"], false),
        (["for vendor jogg {", "  enable", "}"], true),
        (["for vendor heygen add events ["], false),
        (["for vendor heygen add events [", "\"a\",", "]"], true),
        (["for vendor heygen where (url contains \"x\""], false),
        (["for vendor jogg set url \"{ not a block\""], true),
        (["for vendor jogg enable # {"], true),
        (["for vendor jogg \\"], false),
        (["for vendor jogg \\", "enable"], true),
        (["for vendor jogg enable # ends with \\"], true),
        (["}"], true),
    ])
    func completeness(lines: [String], complete: Bool) {
        #expect(Self.buffer(lines).isComplete == complete)
    }

    @Test func aBackslashJoinsLinesWithASpace() {
        let buffer = Self.buffer(["for vendor jogg \\", "where enabled \\", "disable"])
        #expect(buffer.lines == ["for vendor jogg  where enabled  disable"])
        #expect(buffer.text == "for vendor jogg  where enabled  disable")
    }

    @Test func blockLinesStaySeparate() {
        var buffer = Self.buffer(["for vendor jogg {", "  enable", "}"])
        #expect(buffer.text == "for vendor jogg {\n  enable\n}")
        buffer.reset()
        #expect(buffer.isEmpty)
    }

    @Test(arguments: [("{ [ (", 3), ("{ } ]", -1), ("\"{\" # {", 0), ("{ \"}\"", 1)])
    func openBrackets(text: String, open: Int) {
        #expect(StatementBuffer.openBrackets(in: text) == open)
    }
}
