import Foundation
import RehookLanguage
import RehookModel

/// Whether the REPL keeps reading after a command.
enum Flow {
    case proceed, quit
}

extension REPL {
    /// Parses and runs one meta-command line.
    func perform(_ line: String) async -> Flow {
        switch MetaCommand.parse(line) {
        case .failure(let error):
            diagnostics.write("error: \(error.message)\n")
            fail(ExitCodes.failure)
        case .success(.quit):
            return .quit
        case .success(let command):
            await perform(command, line: line)
        }
        return .proceed
    }

    private func perform(_ command: MetaCommand, line: String) async {
        switch command {
        case .help: output.write(Self.helpText)
        case .vendors: await listVendors()
        case .accounts: await listAccounts()
        case .fields(let vendor): output.write(Self.fieldTable(vendor))
        case .events(let vendor): await listEvents(vendor)
        case .inventory(let vendor, let condition, let offset):
            await showInventory(vendor: vendor, condition: condition, offset: offset, line: line)
        case .plan:
            if let planned = await planSession() { showPlan(planned) }
        case .refresh: await refresh()
        case .show: output.write(session.statements.isEmpty ? "(the session is empty)\n" : session.script)
        case .undo:
            let removed = session.undo()
            output.write(removed.map { "removed: \($0)\n" } ?? "nothing to undo\n")
        case .clear:
            let count = session.statements.count
            session.clear()
            output.write("cleared \(Self.count(count, "statement"))\n")
        case .save(let path): save(to: path)
        case .load(let path): load(from: path)
        case .apply: await applySession()
        case .review: await reviewSession()
        case .quit: break
        }
    }

    static var helpText: String {
        let commands = TextTable.render(MetaCommand.catalogue.map { entry in
            ["  :" + entry.name + (entry.arguments.isEmpty ? "" : " " + entry.arguments), " " + entry.summary]
        })
        return """
            Statements (let ..., for vendor ...) join the session script when they check without errors.
            A statement continues while a '{', '[' or '(' is open, or when a line ends with '\\'.
            Tab completes keywords, vendors, fields, events, variables, commands and file names.
            Ctrl-C clears the line or cancels a running :plan/:apply; Ctrl-D exits.

            Commands:

            """ + commands
    }

    static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

    private func listVendors() async {
        let accounts = await backend.accounts()
        output.write(TextTable.render(VendorID.allCases.map { vendor in
            [vendor.rawValue, vendor.displayName, Self.count(accounts.filter { $0.vendor == vendor }.count, "account")]
        }))
    }

    private func listAccounts() async {
        let accounts = await backend.accounts().sorted { ($0.vendor, $0.name) < ($1.vendor, $1.name) }
        output.write(accounts.isEmpty ? "no accounts configured\n" : TextTable.render(accounts.map { [$0.vendor.rawValue, $0.name] }))
    }

    /// Every field of `vendor`: type, readable, settable and limits.
    static func fieldTable(_ vendor: VendorID) -> String {
        let schema = VendorSchema.of(vendor)
        let rows = [["FIELD", "TYPE", "READ", "SET", "LIMITS"]] + schema.fields.values.sorted { $0.name < $1.name }.map { spec in
            var limits: [String] = []
            if let range = spec.range { limits.append("\(range.lowerBound)–\(range.upperBound)") }
            if let maxLength = spec.maxLength { limits.append("at most \(maxLength) characters") }
            if let minCount = spec.minCount { limits.append("at least \(minCount)") }
            if spec.requiresHTTPS { limits.append("https only") }
            return [spec.name.rawValue, spec.type.description, spec.readable ? "yes" : "no",
                    spec.settable ? "yes" : "no", limits.joined(separator: ", ")]
        }
        let allEvents = schema.supportsAllEvents ? "'set events all' is supported (every event).\n" : ""
        return TextTable.render(rows) + allEvents
    }

    private func listEvents(_ vendor: VendorID) async {
        var names = await backend.eventNames(for: vendor)
        if names.isEmpty, case .closed(let documented) = VendorSchema.of(vendor).eventCatalogue { names = documented }
        eventCatalogue.withLock { $0[vendor] = names }
        output.write(names.isEmpty ? "no events known for \(vendor)\n" : names.sorted().map { $0 + "\n" }.joined())
    }

    private func showInventory(vendor: VendorID?, condition: String?, offset: Int, line: String) async {
        let typed = SourceFile(path: "<input>", text: line)
        do throws(InventoryQuery.Failure) {
            let query = try InventoryQuery(vendor: vendor, condition: condition, offset: offset, line: line,
                                           context: session.context)
            guard let webhooks = await backendCall("reading the inventory", { [backend] in
                try await backend.webhooks(refresh: false)
            }) else { return }
            output.write(InventoryQuery.table(try query.run(on: webhooks, variables: session.context.values)))
        } catch {
            diagnostics.write(renderer.render(error.diagnostics, in: typed))
            fail(ExitCodes.failure)
        }
    }

    private func refresh() async {
        guard let webhooks = await backendCall("refreshing", { [backend] in try await backend.webhooks(refresh: true) })
        else { return }
        let accounts = Set(webhooks.map { "\($0.vendor)/\($0.account)" }).count
        output.write("read \(Self.count(webhooks.count, "webhook")) from \(Self.count(accounts, "account"))\n")
        await Self.fetchEventCatalogues(from: backend, into: eventCatalogue)
    }

    private func save(to path: String) {
        do {
            try session.save(to: path)
            output.write("saved \(Self.count(session.statements.count, "statement")) to \(path)\n")
        } catch {
            diagnostics.write("error: cannot write \(path): \(error.localizedDescription)\n")
            fail(ExitCodes.failure)
        }
    }

    private func load(from path: String) {
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.write("error: cannot read \(path)\n")
            fail(ExitCodes.failure)
            return
        }
        let checked = session.check(String(decoding: data, as: UTF8.self), path: path)
        report(checked)
        if checked.hasErrors {
            diagnostics.write("\(path) has errors; nothing was loaded\n")
            fail(ExitCodes.scriptErrors)
        } else {
            output.write("loaded \(Self.count(session.add(checked), "statement")) from \(path)\n")
        }
    }
}
