import EvalCore
import Foundation

/// Command output that may land on a terminal. Data (ids, concept names, URLs, notes) never
/// reaches a terminal raw: when standard output or error is a terminal, every control
/// character except the line breaks between lines is shown escaped (`\x1b`). Piped or
/// redirected output is left byte for byte, so that files and other tools get the real data.
enum TerminalOutput {
    static func write(_ text: String) {
        emit(text, to: FileHandle.standardOutput, descriptor: STDOUT_FILENO)
    }

    static func writeError(_ text: String) {
        emit(text, to: FileHandle.standardError, descriptor: STDERR_FILENO)
    }

    /// `text` with each line escaped, the line breaks kept.
    static func escapedLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { TerminalSafe.escape(String($0)) }
            .joined(separator: "\n")
    }

    private static func emit(_ text: String, to handle: FileHandle, descriptor: Int32) {
        let safe = isatty(descriptor) != 0 ? escapedLines(text) : text
        handle.write(Data(safe.utf8))
    }
}
