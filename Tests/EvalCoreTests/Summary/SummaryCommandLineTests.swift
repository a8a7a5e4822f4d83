import Foundation
import Testing
@testable import EvalCore

/// `evaltop summarize`, and `report`/`thresholds` on a summary, through the built binary
/// (skipped when it has not been built).
@Suite struct SummaryCommandLineTests {
    typealias CLI = ThresholdsCommandLineTests
    static var built: Bool { CLI.binary != nil }

    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("evaltop-summary-\(getpid())-\(name)").path
    }

    @Test(.enabled(if: built)) func reportAndThresholdsOfASummaryAreTheFiles() throws {
        let summary = Self.temporary("digits.evalsum")
        defer { try? FileManager.default.removeItem(atPath: summary) }
        #expect(try CLI.run(["summarize", CLI.digits, summary]).status == 0)
        let fromFile = try CLI.run(["report", CLI.digits, "--threshold", "0.3"])
        let fromSummary = try CLI.run(["report", summary, "--threshold", "0.3"])
        #expect(fromSummary.status == 0)
        // The text report's table and summary lines (the first line names the source).
        let table = { (text: String) in text.split(separator: "\n").dropFirst().prefix(15).map(String.init) }
        #expect(table(fromSummary.stdout) == table(fromFile.stdout))
        for strategy in ["max-f1", "youden", "precision:0.9"] {
            #expect(try CLI.run(["thresholds", summary, "--strategy", strategy, "--json"]).stdout
                    == CLI.run(["thresholds", CLI.digits, "--strategy", strategy, "--json"]).stdout)
        }
    }

    /// `report` on a summary has the diagnosis and slices sections: the file's diagnosis but for
    /// what ranks inputs (`suspect_labels`, the label-noise estimate), and the file's fold slices.
    @Test(.enabled(if: built)) func reportOfASummaryHasTheFilesDiagnosis() throws {
        let summary = Self.temporary("animals.evalsum")
        defer { try? FileManager.default.removeItem(atPath: summary) }
        let animals = SummaryDiagnosisTests.repositoryRoot.appendingPathComponent("Examples/animals.csv").path
        #expect(try CLI.run(["summarize", animals, summary]).status == 0)
        func sections(_ path: String) throws -> (diagnosis: NSDictionary, slices: [[String: Any]]) {
            let run = try CLI.run(["report", path, "--json", "--no-image-sizes"])
            #expect(run.status == 0)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            return (try #require(document["diagnosis"] as? NSDictionary), try #require(document["slices"] as? [[String: Any]]))
        }
        let file = try sections(animals)
        let fromSummary = try sections(summary)
        #expect(Self.withoutSuspects(fromSummary.diagnosis) as? NSDictionary == Self.withoutSuspects(file.diagnosis) as? NSDictionary)
        #expect((file.diagnosis["advice"] as? [String]) == ["suspect_labels"], "the file's report does rank suspects here")
        #expect(fromSummary.slices.map { $0["attribute"] as? String } == file.slices.map { $0["attribute"] as? String })
        let fold = { (slices: [[String: Any]]) in slices.last.map { NSDictionary(dictionary: $0) } }
        #expect(fold(fromSummary.slices) == fold(file.slices))
    }

    /// A diagnosis document without what confident learning adds: the `suspect_labels` codes and
    /// evidence, the label-error estimate and its note in the summary line.
    static func withoutSuspects(_ value: Any) -> Any {
        let suspectKeys: Set = ["suspect_labels", "estimated_label_errors", "estimated_label_error_share"]
        if let dictionary = value as? [String: Any] {
            var out: [String: Any] = [:]
            for (key, value) in dictionary where !suspectKeys.contains(key) {
                if key == "summary", let text = value as? String {
                    out[key] = text.replacing(/; about \d+ labels look wrong \([^)]*\)/, with: "")
                } else {
                    out[key] = withoutSuspects(value)
                }
            }
            return out
        }
        if let array = value as? [Any] {
            return array.filter { ($0 as? String) != "suspect_labels" }.map(withoutSuspects)
        }
        return value
    }

    @Test(.enabled(if: built)) func gridIsStatedInTheReport() throws {
        let summary = Self.temporary("grid.evalsum")
        defer { try? FileManager.default.removeItem(atPath: summary) }
        let run = try CLI.run(["summarize", CLI.digits, summary, "--grid", "1e-4"])
        #expect(run.status == 0 && run.stderr.contains("largest AUC error"))
        let report = try CLI.run(["report", summary, "--json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let grid = try #require(document["summary_grid"] as? [String: Any])
        #expect(grid["grid"] as? String == "1e-4")
        #expect((grid["auc_error_bound"] as? Double ?? 0) > 0)
        #expect(try CLI.run(["report", summary]).stdout.contains("Scores rounded to a grid of 1e-4"))
    }

    @Test(.enabled(if: built)) func badSummariesExitWithStatus1() throws {
        let summary = Self.temporary("bad.evalsum")
        defer { try? FileManager.default.removeItem(atPath: summary) }
        #expect(try CLI.run(["summarize", CLI.digits, summary]).status == 0)
        let text = try String(contentsOfFile: summary, encoding: .utf8)
        try String(text.prefix(4000)).write(toFile: summary, atomically: true, encoding: .utf8)
        for command in [["report", summary], ["thresholds", summary, "--strategy", "max-f1"]] {
            let run = try CLI.run(command)
            #expect(run.status == 1)
            #expect(run.stderr.hasPrefix("error: \(summary):") && run.stderr.contains("truncated"), "\(run.stderr)")
        }
        // The UI (headless here; Tests/e2e/summary_tmux.sh in tmux) ends with report's error.
        let keys = Self.temporary("keys")
        defer { try? FileManager.default.removeItem(atPath: keys) }
        try "q".write(toFile: keys, atomically: true, encoding: .utf8)
        let ui = try CLI.run([summary, "--replay", keys, "--size", "80x24"])
        #expect(ui.status == 1)
        #expect(ui.stderr == (try CLI.run(["report", summary])).stderr)
        // Comparing a file with a bad summary ends with the summary's error too.
        let pair = try CLI.run([CLI.digits, summary, "--replay", keys, "--size", "80x24"])
        #expect(pair.status == 1 && pair.stderr.contains("truncated"), "\(pair.stderr)")
        #expect(try CLI.run(["summarize", CLI.digits, summary, "--grid", "0.01"]).stderr.contains("--grid must be one of"))
        let missing = try CLI.run(["summarize", "/nonexistent/x.csv", summary])
        #expect(missing.status == 1 && missing.stderr.contains("/nonexistent/x.csv"))
    }

    /// `--count-thresholds`: without pair tables the summary holds the file's matrix at each set;
    /// a threshold out of range or a file naming an unknown concept is an error, exit status 1.
    @Test(.enabled(if: built)) func countThresholdsThroughTheCommandLine() throws {
        let summary = Self.temporary("counts.evalsum")
        let deploy = Self.temporary("deploy.json")
        let unknown = Self.temporary("unknown.json")
        defer { for path in [summary, deploy, unknown] { try? FileManager.default.removeItem(atPath: path) } }
        try Data("{\"even\": 0.3, \"prime\": null}\n".utf8).write(to: URL(fileURLWithPath: deploy))
        try Data("{\"weasel\": 0.3}\n".utf8).write(to: URL(fileURLWithPath: unknown))
        let digitsML = SummaryDiagnosisTests.repositoryRoot.appendingPathComponent("Examples/digits_ml.csv").path
        let run = try CLI.run(["summarize", digitsML, summary, "--pairs", "off", "--count-thresholds", "0.5,0.25", "--count-thresholds", deploy])
        #expect(run.status == 0, "\(run.stderr)")
        let held = try SummaryReader.read(path: summary)
        #expect(held.countsAt.map(\.set.name) == ["0.5", "0.25", deploy])
        let file = EvaluationMetrics(evaluation: try EvaluationLoader.load(path: digitsML))
        for set in held.countsAt { #expect(set.counts == file.countsAtThresholdCounts(thresholds: set.set.thresholds)) }
        #expect(held.countsAt[2].set.thresholds == Thresholds(global: 0.5, perConcept: [0: 0.3]))
        let withPairs = try CLI.run(["summarize", digitsML, summary, "--count-thresholds", "0.5"])
        #expect(withPairs.status == 0 && withPairs.stderr.contains("--count-thresholds is not needed"))
        let outside = try CLI.run(["summarize", digitsML, summary, "--pairs", "off", "--count-thresholds", "0.5,2"])
        #expect(outside.status == 1 && outside.stderr.contains("the threshold 2 is outside [0, 1]"), "\(outside.stderr)")
        let bad = try CLI.run(["summarize", digitsML, summary, "--pairs", "off", "--count-thresholds", unknown])
        #expect(bad.status == 1 && bad.stderr.contains(unknown) && bad.stderr.contains("unknown concept"), "\(bad.stderr)")
    }
}
