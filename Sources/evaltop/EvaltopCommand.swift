import ArgumentParser
import EvalCore

@main
struct Evaltop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaltop",
        abstract: "Explore a classifier's evaluation in the terminal.",
        subcommands: [ReportCommand.self, ThresholdsCommand.self]
    )

    func run() throws {}
}
