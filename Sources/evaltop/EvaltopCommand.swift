import ArgumentParser
import EvalCore

@main
struct Evaltop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaltop",
        abstract: "Explore a classifier's evaluation in the terminal.",
        subcommands: [OpenCommand.self, ReportCommand.self],
        defaultSubcommand: OpenCommand.self
    )
}
