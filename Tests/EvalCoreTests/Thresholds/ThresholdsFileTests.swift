import Foundation
import Testing
@testable import EvalCore

/// Export, import, their round trip, and every import error naming the file.
@Suite struct ThresholdsFileTests {
    let concepts = [Concept(id: "c1", name: "dog"), Concept(id: "c2", name: "cat"), Concept(id: "c3", name: "wolf")]

    private func parse(_ text: String, global: Double = 0.5) throws(LoadError) -> Thresholds {
        try ThresholdsFile.parse(bytes: Array(text.utf8), path: "deploy.json", concepts: concepts, global: global)
    }

    private func error(_ text: String) -> LoadError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func plainExportLooksLikeTheIssue() {
        let text = ThresholdsFile.plain(Thresholds(global: 0.5, perConcept: [0: 0.62]), concepts: concepts)
        #expect(text == "{\n  \"dog\": 0.62,\n  \"cat\": 0.5,\n  \"wolf\": 0.5\n}\n")
    }

    @Test func roundTripKeepsEveryDoubleExactly() throws {
        var random = SplitMix64(seed: 7)
        for _ in 0 ..< 100 {
            var thresholds = Thresholds(global: 0.5)
            for concept in concepts.indices where Bool.random(using: &random) {
                let value = [Double.random(in: 0 ... 1, using: &random), 0.1 + 0.2, 1e-300, 1.0, 0.0, Double.leastNonzeroMagnitude,
                             0.5458357497950594].randomElement(using: &random)!
                thresholds.perConcept[concept] = value
            }
            let back = try parse(ThresholdsFile.plain(thresholds, concepts: concepts))
            for concept in concepts.indices {
                #expect(back.value(for: concept).bitPattern == thresholds.value(for: concept).bitPattern)
            }
        }
    }

    @Test func suggestionsRoundTripWithNullsAsNoOverride() throws {
        let suggestions = [
            ThresholdSuggestion(concept: 0, threshold: 0.62, counts: ConfusionCounts(tp: 3, fp: 1, fn: 0, tn: 4)),
            ThresholdSuggestion(concept: 1, threshold: nil, counts: nil),
            ThresholdSuggestion(concept: 2, threshold: 0.125, counts: ConfusionCounts(tp: 1, fp: 0, fn: 2, tn: 5)),
        ]
        let plain = ThresholdsFile.plain(suggestions, concepts: concepts)
        #expect(plain.contains("\"cat\": null"))
        #expect(try parse(plain, global: 0.4) == Thresholds(global: 0.4, perConcept: [0: 0.62, 2: 0.125]))

        let detailed = ThresholdsFile.detailed(strategy: .maxF1, suggestions: suggestions, concepts: concepts)
        #expect(detailed.contains("\"strategy\": \"max-f1\""))
        #expect(detailed.contains("{\"concept\":\"dog\",\"threshold\":0.62,\"precision\":0.75,\"recall\":1.0,\"f1\":0.8571428571428571,\"tp\":3,\"fp\":1,\"fn\":0}"))
        #expect(detailed.contains("{\"concept\":\"cat\",\"threshold\":null,\"precision\":null"))
        #expect(try parse(detailed, global: 0.4) == Thresholds(global: 0.4, perConcept: [0: 0.62, 2: 0.125]))
    }

    @Test func keysMayBeIDsAndMayBePartial() throws {
        #expect(try parse("{\"c3\": 0.9}") == Thresholds(global: 0.5, perConcept: [2: 0.9]))
        #expect(try parse("\u{FEFF}{}") == Thresholds(global: 0.5))
    }

    @Test func unknownConceptNamesTheFileAndTheConcepts() throws {
        let problem = try #require(error("{\"dog\": 0.6, \"husky\": 0.3}"))
        #expect(problem.description == "deploy.json:1:14: unknown concept \"husky\" (the evaluation has: dog, cat, wolf)")
        let many = try #require(error("{\"a\":1,\"b\":1,\"c\":1,\"d\":1,\"e\":1,\"f\":1}"))
        #expect(many.description.hasPrefix("deploy.json:1:2: unknown concepts \"a\", \"b\", \"c\", \"d\", \"e\" and 1 more"))
    }

    @Test func malformedFilesAreRejectedWithTheReason() throws {
        let syntax = try #require(error("{\"dog\": 0.6,\n \"cat\" 0.2}"))
        #expect(syntax.path == "deploy.json")
        #expect(syntax.line == 2)
        #expect(error("[0.5]")?.message.contains("not an array") == true)
        #expect(error("{\"dog\": \"high\"}")?.message == "the threshold of \"dog\" must be a number or null, not a string")
        #expect(error("{\"dog\": 0.5, \"c1\": 0.6}")?.message == "concept \"c1\" is given twice (first on line 1)")
        #expect(error("{\"thresholds\": [{\"threshold\": 0.5}]}")?.message == "thresholds[0] needs a \"concept\" string")
        #expect(error("{\"dog\": NaN}") != nil)
    }

    @Test func loadingAFileThatDoesNotExistSaysSo() throws {
        let evaluation = FixtureCSV.evaluation(concepts: ["dog"], scores: [[0.5]], labels: [[0]])
        do {
            _ = try ThresholdsFile.load(path: "/nonexistent/t.json", evaluation: evaluation, global: 0.5)
            Issue.record("expected an error")
        } catch {
            #expect(error.path == "/nonexistent/t.json")
            #expect(error.message == "no such file (reading a thresholds file)")
        }
    }

    /// Issue 12: a folder named as the thresholds file said "NSCocoaErrorDomain error 256".
    @Test func aFolderIsSaidToBeAFolder() throws {
        let evaluation = FixtureCSV.evaluation(concepts: ["dog"], scores: [[0.5]], labels: [[0]])
        let folder = FileManager.default.temporaryDirectory.path
        #expect(throws: LoadError(path: folder, message: "is a directory; give the path of a thresholds file")) {
            _ = try ThresholdsFile.load(path: folder, evaluation: evaluation, global: 0.5)
        }
        #expect(throws: LoadError(path: folder, message: "is a directory; give the path of a thresholds file")) {
            try ThresholdsFile.check(path: folder)
        }
    }

    @Test func loadReadsWhatTheCommandWrites() throws {
        let metrics = EvaluationMetrics(evaluation: try FixtureCSV.load("digits.csv"))
        let suggestions = ThresholdStrategy.youden.suggestions(metrics: metrics)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("evaltop-thresholds-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(ThresholdsFile.plain(suggestions, concepts: metrics.evaluation.concepts).utf8).write(to: url)
        let loaded = try ThresholdsFile.load(path: url.path, evaluation: metrics.evaluation, global: 0.5)
        #expect(loaded == Thresholds(global: 0.5).applying(suggestions))
        // The loaded thresholds reproduce the suggested counts.
        for suggestion in suggestions {
            #expect(metrics.counts(concept: suggestion.concept, thresholds: loaded) == suggestion.counts)
        }
    }
}

@Suite struct ThresholdsFileWriteTests {
    @Test func writeThenLoad() throws {
        let concepts = [Concept(id: "dog", name: "dog")]
        let evaluation = FixtureCSV.evaluation(concepts: ["dog"], scores: [[0.5]], labels: [[0]])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("evaltop-w-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ThresholdsFile.write(ThresholdsFile.plain(Thresholds(global: 0.5, perConcept: [0: 0.25]), concepts: concepts), to: path)
        #expect(try ThresholdsFile.load(path: path, evaluation: evaluation, global: 0.5) == Thresholds(global: 0.5, perConcept: [0: 0.25]))
    }

    @Test func unwritablePathSaysWhere() {
        do {
            try ThresholdsFile.write("{}", to: "/nonexistent-dir/t.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.path == "/nonexistent-dir/t.json")
            #expect(error.description.hasPrefix("/nonexistent-dir/t.json: cannot write the thresholds ("))
        }
    }
}
