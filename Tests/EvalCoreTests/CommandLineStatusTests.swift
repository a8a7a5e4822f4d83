import Foundation
import Testing

/// Every failure of the binary exits with status 1, usage errors included (ArgumentParser's own
/// status for them is 64), and says what is wrong on standard error only. Skipped when the
/// binary has not been built.
@Suite struct CommandLineStatusTests {
    typealias CLI = ThresholdsCommandLineTests

    @Test(.enabled(if: CLI.binary != nil), arguments: [
        (["report", "--threshold", "2", "DIGITS"], "--threshold must be from 0 to 1"),
        (["report", "--bogus", "DIGITS"], "Unknown option '--bogus'"),
        (["report", "DIGITS", "--threshold"], "Missing value for '--threshold"),
        (["report", "--mode", "sideways", "DIGITS"], "sideways"),
        (["summarize", "DIGITS"], "Missing expected argument"),
        (["report", "no-such-file.csv"], "no-such-file.csv: no such file"),
    ])
    func usageAndInputErrorsExitWithOne(arguments: [String], message: String) throws {
        let run = try CLI.run(arguments.map { $0 == "DIGITS" ? CLI.digits : $0 })
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains(message))
    }

    @Test(.enabled(if: CLI.binary != nil)) func helpIsNotAFailure() throws {
        let run = try CLI.run(["report", "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("USAGE:"))
        #expect(run.stderr.isEmpty)
    }
}
