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

    private static func emit(_ text: String, to handle: FileHandle, descriptor: Int32) {
        let safe = isatty(descriptor) != 0 ? TerminalSafe.escapeLines(text) : text
        handle.write(Data(safe.utf8))
    }
}
