import ArgumentParser
import EvalCore

@main
struct Evaltop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaltop",
        abstract: "Explore a classifier's evaluation in the terminal.",
        subcommands: [FlagsCommand.self, SuspectsCommand.self]
    )

    func run() throws {}
}
