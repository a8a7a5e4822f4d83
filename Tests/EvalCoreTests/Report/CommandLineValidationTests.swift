import Foundation
import Testing
@testable import EvalCore

/// Issue 10 item 14 and issue 12 item 5: every numeric option is checked with a message in
/// words, negative numbers reach the check, and file errors say what is wrong with which path.
/// Through the built binary; skipped when it has not been built.
@Suite struct CommandLineValidationTests {
    typealias CLI = ThresholdsCommandLineTests
    static var built: Bool { CLI.binary != nil }

    func failure(_ arguments: [String]) throws -> String {
        let run = try CLI.run(arguments)
        #expect(run.status != 0, "\(arguments) should fail")
        return run.stderr
    }

    @Test(.enabled(if: built)) func thresholdsOutOfRangeAreRejectedEverywhere() throws {
        for command in [["report"], ["open", "--replay", "/dev/null"]] {
            for value in ["1.5", "2", "-1", "-0.2"] {
                let stderr = try failure(command + ["--threshold", value])
                #expect(stderr.contains("--threshold must be from 0 to 1"), "\(command) \(value): \(stderr)")
                #expect(!stderr.contains("Missing value"))
            }
            for value in ["0x1p-1", "nan", "inf", "half", "1,5"] {
                let stderr = try failure(command + ["--threshold", value])
                #expect(stderr.contains("--threshold must be a decimal number from 0 to 1"), "\(command) \(value): \(stderr)")
            }
        }
        // Good values still pass, in either spelling.
        #expect(try CLI.run(["report", "--threshold", "0.25"]).status == 0)
        #expect(try CLI.run(["report", "--threshold=.5"]).status == 0)
        #expect(try CLI.run(["report", "--threshold", "1e-1"]).stdout.contains("Threshold 0.1"))
    }

    @Test(.enabled(if: built)) func limitSaysWhatIsWrong() throws {
        #expect(try failure(["suspects", CLI.digits, "--limit", "-3"]).contains("--limit must be 0 or more, not -3"))
        #expect(try failure(["suspects", CLI.digits, "--limit", "many"]).contains("--limit must be a whole number"))
        #expect(try CLI.run(["suspects", CLI.digits, "--limit", "2"]).stdout.split(separator: "\n").count == 2)
    }

    @Test(.enabled(if: built)) func strategiesTakePlainDecimalsOnly() throws {
        let stderr = try failure(["thresholds", CLI.digits, "--strategy", "cost:0x10"])
        #expect(stderr.contains("'0x10' is not a number"))
        #expect(try failure(["thresholds", CLI.digits, "--strategy", "precision:-1"]).contains("between 0 and 1"))
    }

    @Test(.enabled(if: built)) func fileErrorsSayWhatIsWrongWithWhichPath() throws {
        let folder = FileManager.default.temporaryDirectory.path
        let stderr = try failure(["report", CLI.digits, "--thresholds", folder])
        #expect(stderr.contains("\(folder): is a directory; give the path of a thresholds file"))
        #expect(!stderr.contains("NSCocoaErrorDomain"))
        #expect(try failure(["report", CLI.digits, "--thresholds", "/nonexistent/t.json"])
            .contains("/nonexistent/t.json: no such file"))
        #expect(try failure(["open", "--replay", folder]).contains("\(folder): is a directory; give the path of a key script"))
        #expect(try failure(["open", "--theme", "/nonexistent/x.toml"]).contains("/nonexistent/x.toml"))
        #expect(try failure(["thresholds", CLI.digits, "--strategy", "max-f1", "--output", folder])
            .contains("\(folder): cannot write the thresholds (is a directory; give the path of a file to write)"))
        #expect(try failure(["thresholds", CLI.digits, "--strategy", "max-f1", "--output", "/nonexistent/t.json"])
            .contains("the folder /nonexistent does not exist"))
        #expect(try failure(["flags", CLI.digits, "--flags", folder]).contains("cannot read flags journal \(folder): is a directory"))
    }

    @Test(.enabled(if: built)) func longFormatErrorShowsTheFilesHeader() throws {
        let stderr = try failure(["report", "--format", "long", CLI.digits])
        #expect(stderr.contains("this file's header is 'input_id,fold,labels,zero,one,two"))
    }

    @Test(.enabled(if: built)) func flagsOutputFormatHasItsOwnName() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evaltop-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let copy = folder + "/digits.csv"
        try FileManager.default.copyItem(atPath: CLI.digits, toPath: copy)
        for spelling in ["--output-format", "--format"] {
            let run = try CLI.run(["flags", copy, spelling, "json"])
            #expect(run.status == 0, "\(spelling): \(run.stderr)")
            #expect(run.stdout.hasPrefix("["), "\(spelling): \(run.stdout)")
        }
        #expect(try failure(["flags", copy, "--output-format", "xml"]).contains("unknown --output-format xml"))
        #expect(try CLI.run(["flags", "--help"]).stdout.contains("--output-format"))
    }

    @Test(.enabled(if: built)) func topLevelHelpShowsTheDefaultCommandsOptions() throws {
        let help = try CLI.run(["--help"]).stdout
        for option in ["--threshold", "--theme", "--thresholds", "--no-mouse", "SUBCOMMANDS"] {
            #expect(help.contains(option), "evaltop --help lacks \(option)")
        }
    }

    @Test(.enabled(if: built)) func reportPrintsTheThresholdColumnWithPerConceptThresholds() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("evaltop-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try #"{"eight": 0.998255, "one": 0.25}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let out = try CLI.run(["report", CLI.digits, "--thresholds", path]).stdout
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("Concept ") && $0.contains("Threshold") })
        #expect(lines.contains { $0.hasPrefix("eight ") && $0.contains("0.998255") })
        #expect(lines.contains { $0.hasPrefix("one ") && $0.contains("0.25") })
        #expect(lines.contains { $0.hasPrefix("two ") && $0.contains(" 0.5 ") })
        // Without per-concept thresholds the table is as before.
        #expect(!(try CLI.run(["report", CLI.digits]).stdout.contains("Threshold  ")))
    }
}
