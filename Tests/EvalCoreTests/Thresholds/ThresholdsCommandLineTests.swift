import Foundation
import Testing
@testable import EvalCore

/// `evaltop thresholds` and `report --thresholds` through the built binary. Skipped when the
/// binary has not been built (`swift build --product evaltop`).
@Suite struct ThresholdsCommandLineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let binary: String? = ["debug", "release"].map { root.appendingPathComponent(".build/\($0)/evaltop").path }
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    struct Run { let status: Int32; let stdout: String; let stderr: String }

    static func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary!)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    static var digits: String { FixtureCSV.url("digits.csv").path }

    private func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("evaltop-\(UUID())-\(name)").path
    }

    @Test(.enabled(if: binary != nil)) func jsonMatchesTheLibrary() throws {
        let run = try Self.run(["thresholds", Self.digits, "--strategy", "cost:5", "--json"])
        #expect(run.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["strategy"] as? String == "cost:5")
        let rows = try #require(json["thresholds"] as? [[String: Any]])
        let metrics = EvaluationMetrics(evaluation: try FixtureCSV.load("digits.csv"))
        let suggestions = ThresholdStrategy.cost(ratio: 5).suggestions(metrics: metrics)
        // JSONSerialization on Linux may be off in the last digit; the exact round trip is
        // tested in ThresholdsFileTests with evaltop's own parser.
        for (row, suggestion) in zip(rows, suggestions) {
            #expect(abs((row["threshold"] as! Double) - suggestion.threshold!) <= 1e-15)
        }
        #expect(rows.map { $0["fp"] as? Int } == suggestions.map { $0.counts?.fp })
        #expect(Set(rows[0].keys) == ["concept", "threshold", "precision", "recall", "f1", "tp", "fp", "fn"])
    }

    @Test(.enabled(if: binary != nil)) func outputThenReportWithThoseThresholds() throws {
        let path = temporaryPath("t.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let written = try Self.run(["thresholds", Self.digits, "--strategy", "max-f1", "--output", path])
        #expect(written.status == 0)
        #expect(written.stdout.hasPrefix("Strategy max-f1\n"))
        let plain = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Double])
        #expect(plain.count == 10)

        let report = try Self.run(["report", Self.digits, "--thresholds", path, "--json"])
        #expect(report.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let rows = try #require(json["per_concept"] as? [[String: Any]])
        for row in rows {
            #expect(row["threshold"] as? Double == plain[row["concept"] as! String])
        }
        #expect((json["diagnosis"] as? [String: Any])?["verdict"] as? String == "good")
        #expect(json["slices"] is [Any])

        let detailedPath = temporaryPath("d.json")
        defer { try? FileManager.default.removeItem(atPath: detailedPath) }
        #expect(try Self.run(["thresholds", Self.digits, "--strategy", "max-f1", "--output", detailedPath, "--detailed"]).status == 0)
        let detailed = try String(contentsOfFile: detailedPath, encoding: .utf8)
        #expect(detailed.hasPrefix("{\n  \"strategy\": \"max-f1\",\n  \"thresholds\": [\n"))
        let again = try Self.run(["report", Self.digits, "--thresholds", detailedPath, "--json"])
        #expect(again.stdout == report.stdout)
    }

    @Test(.enabled(if: binary != nil)) func errorsNameTheProblem() throws {
        let badStrategy = try Self.run(["thresholds", Self.digits, "--strategy", "precision:2"])
        #expect(badStrategy.status != 0)
        #expect(badStrategy.stderr.contains("invalid strategy 'precision:2': precision must be between 0 and 1"))

        let path = temporaryPath("bad.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("{\"zero\": 0.5, \"ten\": 0.5}".utf8).write(to: URL(fileURLWithPath: path))
        let unknown = try Self.run(["report", Self.digits, "--thresholds", path])
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "error: \(path):1:15: unknown concept \"ten\" (the evaluation has: zero, one, two, three, four, five, six, seven, eight, nine)\n")

        let detailedAlone = try Self.run(["thresholds", Self.digits, "--strategy", "youden", "--detailed"])
        #expect(detailedAlone.status != 0)
        #expect(detailedAlone.stderr.contains("--detailed applies to --output"))
    }
}
