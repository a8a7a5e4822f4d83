import ArgumentParser
import EvalCore

@main
struct Evaltop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaltop",
        abstract: "Explore a classifier's evaluation in the terminal.",
        discussion: "With no subcommand, `evaltop [FILE]` opens the terminal UI (the bundled example when no file is given).",
        subcommands: [OpenCommand.self, ReportCommand.self, ThresholdsCommand.self, FlagsCommand.self,
                      SuspectsCommand.self, KeysCommand.self],
        defaultSubcommand: OpenCommand.self
    )

    /// Parses with negative numbers kept as values (`--threshold -1` gets its real error), and
    /// with `evaltop --help` showing the default command's options too (`evaltop FILE
    /// --threshold 0.3` is how most people start it).
    static func main() {
        let arguments = NumericOption.joiningNegativeValues(Array(CommandLine.arguments.dropFirst()))
        if arguments == ["--help"] || arguments == ["-h"] {
            print(helpMessage())
            print("\nOPTIONS OF `evaltop [FILE]` (the default command, open):\n")
            let openHelp = OpenCommand.helpMessage()
            // Only the options part: the overview and usage repeat what is above.
            if let start = openHelp.range(of: "ARGUMENTS:") { print(openHelp[start.lowerBound...]) } else { print(openHelp) }
            return
        }
        main(arguments)
    }
}
