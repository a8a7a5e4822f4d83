import ArgumentParser
import EvalCore
import Foundation

@main
struct Evaltop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaltop",
        abstract: "Explore a classifier's evaluation in the terminal.",
        discussion: "With no subcommand, `evaltop [FILE]` opens the terminal UI (the bundled example when no file is given).",
        subcommands: [OpenCommand.self, ReportCommand.self, CompareCommand.self, ThresholdsCommand.self, FlagsCommand.self,
                      SuspectsCommand.self, SummarizeCommand.self, KeysCommand.self],
        defaultSubcommand: OpenCommand.self
    )

    /// ArgumentParser's `main`, with three changes: negative numbers are kept as values
    /// (`--threshold -1` gets its real error), `evaltop --help` shows the default command's
    /// options too (`evaltop FILE --threshold 0.3` is how most people start it), and messages on
    /// standard error (which may quote an argument, so bytes from the command line) are escaped
    /// like every other message. Every failure exits with status 1, a usage error too:
    /// ArgumentParser would give 64 (BSD's EX_USAGE), but scripts around evaltop test for one
    /// status, and a bad `--threshold` is bad input like a bad cell.
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
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == .success {
                    TerminalOutput.write(message + "\n")  // --help, --version: plain output
                } else {
                    TerminalOutput.writeError(message + "\n")
                }
            }
            exit(withError: code == .success ? nil : ExitCode.failure)
        }
    }
}
