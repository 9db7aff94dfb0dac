import Testing
@testable import RehookREPL

@Suite struct MetaCommandTests {
    @Test(arguments: [
        (":help", MetaCommand.help), (":h", .help), (":?", .help), (" :vendors", .vendors), (":accounts", .accounts),
        (":fields talkover", .fields(.talkover)), (":events heygen", .events(.heygen)), (":plan", .plan),
        (":refresh", .refresh), (":show", .show), (":undo", .undo), (":clear", .clear), (":apply", .apply),
        (":review", .review), (":quit", .quit), (":q", .quit), (":exit", .quit),
        (":save my script.rehook", .save(path: "my script.rehook")), (":load  ./a.rehook ", .load(path: "./a.rehook")),
        (":inventory", .inventory(vendor: nil, condition: nil, conditionOffset: 0)),
        (":inventory jogg", .inventory(vendor: .jogg, condition: nil, conditionOffset: 0)),
        (":inventory where enabled", .inventory(vendor: nil, condition: "enabled", conditionOffset: 17)),
        (":inventory  heygen  where  url contains \"where\"",
         .inventory(vendor: .heygen, condition: "url contains \"where\"", conditionOffset: 27)),
    ])
    func parses(line: String, command: MetaCommand) {
        #expect(MetaCommand.parse(line) == .success(command))
    }

    @Test(arguments: [
        (":invetory", "unknown command ':invetory'; did you mean ':inventory'?"),
        (":ap", "unknown command ':ap'; did you mean ':apply'?"),
        (":frobnicate", "unknown command ':frobnicate'; try :help"),
        (":fields", "usage: :fields VENDOR"),
        (":events hygen", "unknown vendor 'hygen'; did you mean 'heygen'?"),
        (":fields acme", "unknown vendor 'acme' (known: argil, jogg, talkover, heygen, composio)"),
        (":plan now", ":plan takes no arguments"),
        (":save", "usage: :save FILE"),
        (":inventory jogg enabled", "usage: :inventory [VENDOR] [where CONDITION]"),
        (":inventory where ", "expected a condition after 'where'"),
    ])
    func rejects(line: String, message: String) {
        #expect(MetaCommand.parse(line) == .failure(MetaCommandError(message)))
    }

    @Test func everyCatalogueEntryParses() {
        for entry in MetaCommand.catalogue {
            let arguments = entry.arguments.contains("VENDOR") && !entry.arguments.hasPrefix("[") ? " jogg"
                : entry.arguments == "FILE" ? " f.rehook" : ""
            #expect((try? MetaCommand.parse(":" + entry.name + arguments).get()) != nil, "\(entry.name)")
        }
    }
}
