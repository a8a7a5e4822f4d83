import ArgumentParser
import EvalCore

@main
struct Evaltop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaltop",
        abstract: "Explore a classifier's evaluation in the terminal.",
        discussion: "With no subcommand, `evaltop [FILE]` opens the terminal UI (the bundled example when no file is given).",
        subcommands: [OpenCommand.self, ReportCommand.self, CompareCommand.self, ThresholdsCommand.self, FlagsCommand.self,
                      SuspectsCommand.self, KeysCommand.self],
        defaultSubcommand: OpenCommand.self
    )
}
