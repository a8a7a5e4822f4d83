import ArgumentParser
import EvalCore
import Foundation

/// Shared by `evaltop flags` and `evaltop suspects`: option parsing for the evaluation's
/// format and mode, loading, and "error: …" on stderr with exit status 1.
enum FlagsSuspectsSupport {
    static func loadOptions(format: String?, mode: String) throws -> LoadOptions {
        var options = LoadOptions()
        if let format {
            guard let parsed = EvaluationFormat(rawValue: format) else {
                throw fail("unknown --input-format \(format) (use \(EvaluationFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            options.format = parsed
        }
        guard let parsedMode = ModeOption(rawValue: mode) else {
            throw fail("unknown --mode \(mode) (use auto, exclusive or multilabel)")
        }
        options.mode = parsedMode
        return options
    }

    static func load(_ path: String, options: LoadOptions) throws -> Evaluation {
        do {
            return try EvaluationLoader.load(path: path, options: options)
        } catch {
            throw fail("\(error)")
        }
    }

    /// Prints "error: message" to stderr and returns the exit code to throw.
    static func fail(_ message: String) -> ExitCode {
        warn("error: \(message)")
        return ExitCode(1)
    }

    static func warn(_ message: String) {
        TerminalOutput.writeError(message + "\n")
    }

    /// Writes `bytes` to `path` through a temporary file and a rename, so that a failure never
    /// leaves a half-written file at `path`.
    /// Devices such as /dev/null are written in place (see `OutputFile`).
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        do { try OutputFile.write(bytes, to: path) } catch { throw fail("\(error)") }
    }
}
