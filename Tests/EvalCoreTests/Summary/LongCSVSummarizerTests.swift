import Foundation
import Testing
@testable import EvalCore

/// A long CSV grouped by input is summarized one input at a time (`LongCSVSummarizer`) into the
/// loaded file's summary, byte for byte; an ungrouped or bad file is sorted by input first
/// (`LongCSVSortedRows`, tested in `LongCSVSortedRowsTests`), which summarizes it alike or
/// reports the loader's error.
@Suite struct LongCSVSummarizerTests {
    /// `inputs` inputs × 4 concepts (one with a space and an emoji), rows grouped by input with
    /// the concepts in a shuffled order after the first input, folds, a Unicode `meta:` column
    /// with blanks, urls, sizes, 0–2 labels, tied and full-precision scores.
    static func rows(inputs: Int, seed: UInt64) -> [[String]] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let concepts = ["chat", "chien", "\"oiseau 🐦\"", "poisson"]
        let cameras = ["Nikon", "Cañon", "", "富士"]
        var groups: [[String]] = []
        for input in 0 ..< inputs {
            let fold = next() % 5
            let camera = cameras[Int(next() % 4)]
            let size = next() % 4 == 0 ? ",," : ",\(next() % 1000),\(next() % 1000)"
            var order = Array(concepts.indices)
            if input > 0 {
                var generator = SeededGenerator(state: next())
                order.shuffle(using: &generator)
            }
            let labelled = Set((0 ..< Int(next() % 3)).map { _ in Int(next() % 4) })
            groups.append(order.map { concept in
                let value = Double(next() % 1_000_001) / 1_000_000
                let score = input % 2 == 0 ? String(format: "%.2f", value) : "\(value)"
                return "ïd-\(input),\(concepts[concept]),\(score),\(labelled.contains(concept) ? "yes" : "0"),\(fold),\(camera),http://x/\(input)\(size)"
            })
        }
        return groups
    }

    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    static let header = "input_id,concept,score,label,fold,meta:caméra,url,width,height"

    static func write(_ rows: [String], name: String) throws -> String {
        try WideCSVSummarizerTests.write(([header] + rows).joined(separator: "\n") + "\n", name: name)
    }

    @Test func groupedFileIsStreamedIntoTheLoadedSummary() throws {
        let path = try Self.write(Self.rows(inputs: 400, seed: 4).flatMap { $0 }, name: "long-grouped.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let evaluation = try EvaluationLoader.load(path: path)
        #expect(evaluation.format == .long && evaluation.inputCount == 400 && evaluation.fold != nil)
        for grid in [SummaryGrid.exact, .tenThousandth] {
            let rows = SummaryRowOptions(extremes: 3, sample: 7)
            let streamed = try #require(try LongCSVSummarizer.summarize(path: path, options: LoadOptions(), grid: grid, rows: rows))
            let loaded = SummaryBuilder.summary(of: evaluation, grid: grid, rows: rows)
            #expect(WideCSVSummarizerTests.text(streamed) == WideCSVSummarizerTests.text(loaded), "grid \(grid.rawValue)")
        }
    }

    @Test func ungroupedFileIsSortedAndSummarizedAlike() throws {
        var groups = Self.rows(inputs: 50, seed: 8)
        // Input 10's last row moves to the end of the file.
        let moved = groups[10].removeLast()
        let path = try Self.write(groups.flatMap { $0 } + [moved], name: "long-ungrouped.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try LongCSVSummarizer.readGrouped(path: path, options: LoadOptions()) { concepts, hasFold, names in
            SummaryBuilder(concepts: concepts, grid: .exact, hasFold: hasFold, attributeNames: names, rows: .none)
        } == nil)
        let summary = try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: .exact)
        let loaded = SummaryBuilder.summary(of: try EvaluationLoader.load(path: path), grid: .exact)
        #expect(WideCSVSummarizerTests.text(summary) == WideCSVSummarizerTests.text(loaded))
    }

    /// Each bad file gets the loader's error (line, column, message).
    @Test func badFilesGetTheLoadersErrors() throws {
        let good = Self.rows(inputs: 6, seed: 2)
        var missing = good
        missing[3].removeLast()
        func replacingField(_ row: String, _ field: Int, with value: String) -> String {
            var fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[field] = value
            return fields.joined(separator: ",")
        }
        var newConcept = good
        newConcept[4][0] = replacingField(newConcept[4][0], 1, with: "vache")
        var duplicate = good
        duplicate[2].append(duplicate[2][0])
        var conflicting = good
        conflicting[1][2] = conflicting[1][2].replacingOccurrences(of: "http://x/1", with: "http://y/1")
        var badScore = good
        badScore[5][1] = replacingField(badScore[5][1], 2, with: "1.5")
        let cases = [("missing", missing), ("new", newConcept), ("duplicate", duplicate), ("conflict", conflicting), ("score", badScore)]
        for (name, groups) in cases {
            let path = try Self.write(groups.flatMap { $0 }, name: "long-bad-\(name).csv")
            defer { try? FileManager.default.removeItem(atPath: path) }
            var loaderError: LoadError?
            do { _ = try EvaluationLoader.load(path: path) } catch let error as LoadError { loaderError = error }
            var summaryError: LoadError?
            do { _ = try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: .exact) } catch let error as LoadError { summaryError = error }
            #expect(loaderError != nil, "\(name)")
            #expect(summaryError == loaderError, "\(name)")
        }
    }
}
