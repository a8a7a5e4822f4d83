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
                      SuspectsCommand.self, KeysCommand.self],
        defaultSubcommand: OpenCommand.self
    )

    /// ArgumentParser's `main`, except that its messages on standard error (which may quote
    /// an argument, and so bytes from the command line) are escaped like every other message.
    static func main() {
        do {
            var command = try parseAsRoot()
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
            exit(withError: code == .success ? nil : ExitCode(code.rawValue))
        }
    }
}
