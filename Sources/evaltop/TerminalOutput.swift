import EvalCore
import Foundation

/// Command output that may land on a terminal. Data (ids, concept names, URLs, notes) never
/// reaches a terminal raw: when standard output or error is a terminal, every control
/// character except the line breaks between lines is shown escaped (`\x1b`). Piped or
/// redirected output is left byte for byte, so that files and other tools get the real data.
/// Standard error is escaped always (`writeError`).
enum TerminalOutput {
    static func write(_ text: String) {
        emit(text, to: FileHandle.standardOutput, descriptor: STDOUT_FILENO)
    }

    /// Messages on standard error are always escaped, terminal or not: they are diagnostics
    /// for people (logs get read in terminals too), and an id from a journal or an evaluation
    /// may hold an escape sequence (issue 12: `ESC[31m` and OSC titles reached the terminal).
    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(TerminalSafe.escapeLines(text).utf8))
    }

    private static func emit(_ text: String, to handle: FileHandle, descriptor: Int32) {
        let safe = isatty(descriptor) != 0 ? TerminalSafe.escapeLines(text) : text
        handle.write(Data(safe.utf8))
    }
}
