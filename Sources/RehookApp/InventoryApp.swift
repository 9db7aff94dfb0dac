import ArgumentParser
import Foundation
import RehookModel
import RehookPlanning

extension InventoryApp.Format: ExpressibleByArgument {}

/// The `rehook inventory` arguments, parsed by the command line and handed over whole.
public struct InventoryArguments: ParsableArguments {
    @OptionGroup public var fleet: FleetOptions

    @Option(help: "Output as a readable 'table' or as 'json'.")
    public var format: InventoryApp.Format = .table

    @OptionGroup public var output: OutputOptions

    public init() {}
}

/// `rehook inventory`: the live webhooks across accounts, as a table or as JSON.
public enum InventoryApp {
    public enum Format: String, Sendable, CaseIterable {
        case table, json
    }

    /// Reads the selected accounts and prints their webhooks. Returns the exit code.
    public static func run(_ arguments: InventoryArguments) async -> Int32 {
        let options = arguments.fleet
        let format = arguments.format
        let policy = arguments.output.policy(environment: options.environment)
        return await CommandRunner.run(outputPolicy: policy) {
            let fleet = try await Fleet.open(options)
            let inventory: Inventory
            do {
                inventory = try await InventoryReader.read(fleet, vendors: options.vendorSelection, catalogues: format == .json,
                                                           progress: ProgressDisplay(mode: ProgressDisplay.mode(for: policy)))
            } catch {
                try? await fleet.close()
                throw error
            }
            try await fleet.close()
            switch format {
            case .json: Console.out(String(decoding: InventoryFile.encode(inventory), as: UTF8.self))
            case .table: Console.out(InventoryTable.render(inventory))
            }
            return ExitCodes.success
        }
    }
}

/// A readable table of an inventory: one row per webhook, columns sized to their content.
public enum InventoryTable {
    public static func render(_ inventory: Inventory) -> String {
        let header = ["VENDOR", "ACCOUNT", "ID", "ENABLED", "EVENTS", "URL"]
        var rows: [[String]] = []
        for account in inventory.accounts {
            for webhook in account.webhooks.sorted(by: { $0.id < $1.id }) {
                rows.append([
                    webhook.vendor.rawValue, webhook.account, webhook.id,
                    webhook.enabled.map { $0 ? "yes" : "no" } ?? "-",
                    eventsSummary(webhook.events), webhook.url,
                ])
            }
        }
        let total = rows.count
        let accounts = inventory.accounts.count
        guard !rows.isEmpty else { return "No webhooks in \(accounts) account\(accounts == 1 ? "" : "s")." }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
            + "\n\n\(total) webhook\(total == 1 ? "" : "s") in \(accounts) account\(accounts == 1 ? "" : "s")."
    }

    private static func eventsSummary(_ events: EventSelection) -> String {
        switch events {
        case .all: "all"
        case .list(let names) where names.count <= 1: names.first ?? "none"
        case .list(let names): "\(names[0]) +\(names.count - 1)"
        }
    }
}
