import Foundation
import Testing
@testable import EvalCore

/// Issue 13: the rows a summary holds for the drill-down: per concept the K lowest positives and
/// K highest negatives and positives (ties by id bytes), a hash sample, streamed as loaded, read
/// back and checked, and the FN/FP/TP heads they give at any threshold.
@Suite struct SummaryRowsTests {
    typealias Wide = WideCSVSummarizerTests

    /// Scores on a coarse set (many ties), ids in no order with a Unicode one whose UTF-8 bytes
    /// sort differently from Swift's String order ("é" precomposed vs "e\u{301}").
    static func tiedCSV(inputs: Int = 40) -> String {
        let levels = ["0.1", "0.5", "0.5", "0.9", "0.25"]
        var lines = ["input_id,labels,url,fold,meta:site,cat,dog,bird"]
        for index in 0 ..< inputs {
            let id = ["z\(index)", "a\(index)", "é\(index)", "e\u{301}\(index)", "Z\(index)"][index % 5]
            let labels = ["cat", "dog", "bird", "cat;dog", ""][(index * 7) % 5]
            let scores = (0 ..< 3).map { levels[(index * (3 + $0) + $0) % levels.count] }
            let site = index % 3 == 0 ? "" : "s\(index % 2)"
            lines.append("\(id),\(labels),u\(index),\(index % 4),\(site),\(scores.joined(separator: ","))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The K first of `concept`'s list by brute force over the whole evaluation: sort every
    /// input of the right side by (score, id bytes).
    static func bruteForce(_ evaluation: Evaluation, concept: Int, _ extreme: SummaryExtreme, k: Int) -> [String] {
        let c = evaluation.conceptCount
        let positives = extreme != .highestNegatives
        var members: [(Double, String)] = []
        for input in 0 ..< evaluation.inputCount where evaluation.labels(of: input).contains(Int32(concept)) == positives {
            members.append((evaluation.scores[input * c + concept], evaluation.inputIDs[input]))
        }
        members.sort { a, b in
            if a.0 != b.0 { return extreme == .lowestPositives ? a.0 < b.0 : a.0 > b.0 }
            return Array(a.1.utf8).lexicographicallyPrecedes(Array(b.1.utf8))
        }
        return members.prefix(k).map(\.1)
    }

    /// A file of its own per call: the cases of a parameterized test run in parallel, and one
    /// case's cleanup must not remove the file another is reading.
    static func path(_ text: String, _ name: String) throws -> String { try Wide.write(text, name: "\(UUID().uuidString)-\(name)") }

    @Test(arguments: [1, 3, 100])
    func extremesAreTheBruteForceFirstKWithTiesByIdBytes(k: Int) throws {
        let file = try Self.path(Self.tiedCSV(), "ties-\(k).csv")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let evaluation = try EvaluationLoader.load(path: file)
        let summary = try SummaryBuilder.summary(path: file, options: LoadOptions(), grid: .exact,
                                                 rows: SummaryRowOptions(extremes: k, sample: 0))
        #expect(summary.extremes == k)
        for concept in 0 ..< 3 {
            for extreme in SummaryExtreme.allCases {
                let held = summary.extremeRows(of: concept, extreme).map { summary.rows[$0].id }
                #expect(held == Self.bruteForce(evaluation, concept: concept, extreme, k: k), "\(concept) \(extreme)")
            }
        }
        // Each input once, by id bytes; no input that no list holds.
        let ids = summary.rows.map(\.id)
        #expect(ids == ids.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        #expect(Set(ids.map { Array($0.utf8) }).count == ids.count)
        let listed = Set((0 ..< 3).flatMap { c in SummaryExtreme.allCases.flatMap { summary.extremeRows(of: c, $0) } })
        #expect(listed.count == summary.rows.count)
    }

    @Test func rowsCarryTheInputsData() throws {
        let file = try Self.path(Self.tiedCSV(inputs: 10), "data.csv")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let evaluation = try EvaluationLoader.load(path: file)
        let summary = try SummaryBuilder.summary(path: file, options: LoadOptions(), grid: .exact, rows: SummaryRowOptions(extremes: 100, sample: 1_000))
        #expect(summary.rows.count == 10)  // every input: 10 < K
        for row in summary.rows {
            let input = try #require(evaluation.inputIDs.firstIndex { $0.utf8.elementsEqual(row.id.utf8) })
            #expect(row.labels == Array(evaluation.labels(of: input)))
            #expect(row.scores == Array(evaluation.scores[input * 3 ..< input * 3 + 3]))
            #expect(row.url == evaluation.urls?[input] && row.inSample)
            #expect(row.fold == evaluation.fold!.values[Int(evaluation.fold!.codes[input])])
            let site = evaluation.attributes[0]
            #expect(row.meta == [site.codes[input] >= 0 ? site.values[Int(site.codes[input])] : nil])
        }
    }

    @Test func sampleIsTheSmallestHashesWhateverTheOrder() throws {
        let text = Self.tiedCSV(inputs: 60)
        var lines = text.split(separator: "\n").map(String.init)
        let reversed = ([lines.removeFirst()] + lines.reversed()).joined(separator: "\n") + "\n"
        let a = try Self.path(text, "sample-a.csv")
        let b = try Self.path(reversed, "sample-b.csv")
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        let options = SummaryRowOptions(extremes: 2, sample: 7)
        let first = try SummaryBuilder.summary(path: a, options: LoadOptions(), grid: .exact, rows: options)
        let second = try SummaryBuilder.summary(path: b, options: LoadOptions(), grid: .exact, rows: options)
        #expect(first.rows == second.rows)
        let evaluation = try EvaluationLoader.load(path: a)
        // Hashes are distinct here, so the order is the hashes'.
        let expected = evaluation.inputIDs.sorted { SHA256.hex(Array($0.utf8)) < SHA256.hex(Array($1.utf8)) }.prefix(7)
        #expect(Set(first.rows.filter(\.inSample).map(\.id)) == Set(expected))
    }

    @Test(arguments: SummaryGrid.allCases)
    func streamedRowsAreTheLoadedOnesByteForByte(grid: SummaryGrid) throws {
        let options = SummaryRowOptions(extremes: 5, sample: 9)
        let file = try Self.path(Self.tiedCSV(), "stream.csv")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let streamed = try #require(try WideCSVSummarizer.summarize(path: file, options: LoadOptions(), grid: grid, rows: options))
        let loaded = SummaryBuilder.summary(of: try EvaluationLoader.load(path: file), grid: grid, rows: options)
        #expect(Wide.text(streamed) == Wide.text(loaded))
        #expect(!streamed.rows.isEmpty)
        let digits = FixtureCSV.url("digits.csv").path
        let streamedDigits = try #require(try WideCSVSummarizer.summarize(path: digits, options: LoadOptions(), grid: grid, rows: options))
        #expect(Wide.text(streamedDigits) == Wide.text(SummaryBuilder.summary(of: try EvaluationLoader.load(path: digits), grid: grid, rows: options)))
        // JSON Lines, with a text, a path and metadata that appears only from a later line.
        let jsonl = """
            {"input_id":"b","labels":["cat"],"scores":{"cat":0.5,"dog":0.5},"text":"hello"}
            {"input_id":"a","labels":["dog"],"scores":{"cat":0.5,"dog":0.25},"path":"p/a.png","meta":{"site":"x"},"fold":1}
            {"input_id":"c","labels":["cat"],"scores":{"cat":0.125,"dog":0.5},"url":"http://u/c","width":10,"height":900}

            """
        let jsonPath = try Self.path(jsonl, "rows2.jsonl")
        defer { try? FileManager.default.removeItem(atPath: jsonPath) }
        let streamedJSON = try #require(try JSONLinesSummarizer.summarize(path: jsonPath, options: LoadOptions(), grid: grid, rows: options))
        let loadedJSON = SummaryBuilder.summary(of: try EvaluationLoader.load(path: jsonPath), grid: grid, rows: options)
        #expect(Wide.text(streamedJSON) == Wide.text(loadedJSON))
        let b = try #require(streamedJSON.rows.first { $0.id == "b" })
        #expect(b.text == "hello" && b.meta == [nil] && b.fold == nil)
        let a = try #require(streamedJSON.rows.first { $0.id == "a" })
        #expect(a.url == "p/a.png" && a.meta == ["x"] && a.fold == "1")
        let c = try #require(streamedJSON.rows.first { $0.id == "c" })
        #expect(c.width == 10 && c.height == 900)
    }

    @Test func readerRoundTripsRowsAndAcceptsSummariesWithoutThem() throws {
        let file = try Self.path(Self.tiedCSV(), "round.csv")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let summary = try SummaryBuilder.summary(path: file, options: LoadOptions(), grid: .micro, rows: SummaryRowOptions(extremes: 4, sample: 5))
        let reread = try SummaryTests.reread(summary)
        #expect(reread.rows == summary.rows && reread.extremes == 4 && reread.sampleSize == 5)
        #expect(Wide.text(reread) == Wide.text(summary))
        // A summary written before rows: no "extremes" or "sample" in its header, no rows.
        let old = Wide.text(SummaryBuilder.summary(of: try EvaluationLoader.load(path: file), grid: .exact))
            .replacingOccurrences(of: ",\"extremes\":0,\"sample\":0", with: "")
        #expect(!old.contains("extremes"))
        let read = try SummaryReader.read(bytes: Array(old.utf8), name: "old.evalsum")
        #expect(read.rows.isEmpty && read.extremes == 0)
    }

    @Test func manyConceptsKeepOnlyTheListedAndLabelledScores() throws {
        let c = 101
        let header = "input_id,labels," + (0 ..< c).map { "k\($0)" }.joined(separator: ",")
        var lines = [header]
        for input in 0 ..< 12 {
            let scores = (0 ..< c).map { String(Double((input * 31 + $0 * 7) % 10) / 10) }
            lines.append("i\(input),k\(input % 5),\(scores.joined(separator: ","))")
        }
        let file = try Self.path(lines.joined(separator: "\n") + "\n", "many.csv")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let evaluation = try EvaluationLoader.load(path: file)
        let options = SummaryRowOptions(extremes: 2, sample: 0)
        let summary = try SummaryBuilder.summary(path: file, options: LoadOptions(), grid: .exact, rows: options)
        #expect(Wide.text(summary) == Wide.text(SummaryBuilder.summary(of: evaluation, grid: .exact, rows: options)))
        for concept in [0, 4, 50, 100] {
            for extreme in SummaryExtreme.allCases {
                #expect(summary.extremeRows(of: concept, extreme).map { summary.rows[$0].id }
                        == Self.bruteForce(evaluation, concept: concept, extreme, k: 2))
            }
        }
        for row in summary.rows {
            let concepts = try #require(row.scoreConcepts)
            #expect(row.labels.allSatisfy(concepts.contains) && concepts.count < c)
        }
        #expect(try SummaryTests.reread(summary).rows == summary.rows)
    }

    // MARK: the drill-down at a threshold

    @Test(arguments: [0.0, 0.1, 0.25, 0.3, 0.5, 0.9, 0.95, 1.0])
    func drillDownHeadsAreTheFullListsFirstRows(threshold: Double) throws {
        let file = try Self.path(Self.tiedCSV(inputs: 50), "drill.csv")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let evaluation = try EvaluationLoader.load(path: file)
        let k = 4
        let summary = try SummaryBuilder.summary(path: file, options: LoadOptions(), grid: .exact, rows: SummaryRowOptions(extremes: k, sample: 6))
        for concept in 0 ..< 3 {
            let drill = SummaryDrillDown(summary: summary, concept: concept, threshold: threshold)
            // The full lists by brute force, in the drill-down's order.
            let fn = Self.bruteForce(evaluation, concept: concept, .lowestPositives, k: .max).filter { id in
                Self.score(evaluation, id, concept) < threshold }
            let fp = Self.bruteForce(evaluation, concept: concept, .highestNegatives, k: .max).filter { id in
                Self.score(evaluation, id, concept) >= threshold }
            let tp = Self.bruteForce(evaluation, concept: concept, .highestPositives, k: .max).filter { id in
                Self.score(evaluation, id, concept) >= threshold }
            #expect(drill.falseNegatives.map { summary.rows[$0].id } == Array(fn.prefix(k)))
            #expect(drill.falsePositives.map { summary.rows[$0].id } == Array(fp.prefix(k)))
            #expect(drill.truePositives.map { summary.rows[$0].id } == Array(tp.prefix(k)))
            #expect(drill.falseNegativeCount == fn.count && drill.falsePositiveCount == fp.count && drill.truePositiveCount == tp.count)
        }
    }

    /// The true negatives a summary lists are the sampled members of the full TN list, in the
    /// file's TN order (highest score first; ties by id bytes, as every summary list).
    @Test(arguments: [0.0, 0.25, 0.5, 0.9, 1.0])
    func sampledTrueNegativesAreTheSamplesShareOfTheFullList(threshold: Double) throws {
        let file = try Self.path(Self.tiedCSV(inputs: 60), "tn.csv")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let evaluation = try EvaluationLoader.load(path: file)
        let summary = try SummaryBuilder.summary(path: file, options: LoadOptions(), grid: .exact, rows: SummaryRowOptions(extremes: 2, sample: 25))
        let sampled = Set(summary.rows.filter(\.inSample).map(\.id))
        #expect(sampled.count == 25)
        var listed = 0
        for concept in 0 ..< 3 {
            let drill = SummaryDrillDown(summary: summary, concept: concept, threshold: threshold)
            let expected = Self.bruteForce(evaluation, concept: concept, .highestNegatives, k: .max).filter { id in
                sampled.contains(id) && Self.score(evaluation, id, concept) < threshold }
            #expect(drill.sampledTrueNegatives.map { summary.rows[$0].id } == expected)
            listed += expected.count
        }
        if threshold > 0.1 { #expect(listed > 0) }
    }

    static func score(_ evaluation: Evaluation, _ id: String, _ concept: Int) -> Double {
        let input = evaluation.inputIDs.firstIndex { $0.utf8.elementsEqual(id.utf8) }!
        return evaluation.scores[input * evaluation.conceptCount + concept]
    }

    // MARK: bad rows

    @Test func badRowsAreErrorsWithTheirLine() throws {
        let file = try Self.path(Self.tiedCSV(inputs: 10), "bad.csv")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let text = Wide.text(try SummaryBuilder.summary(path: file, options: LoadOptions(), grid: .exact, rows: SummaryRowOptions(extremes: 2, sample: 3)))
        let lines = text.split(separator: "\n").map(String.init)
        let firstRow = try #require(lines.firstIndex { $0.hasPrefix("{\"t\":\"row\"") })
        func failure(_ edit: (inout [String]) -> Void) -> LoadError? {
            var copy = lines
            edit(&copy)
            return SummaryTests.failure(copy.joined(separator: "\n") + "\n")
        }
        // Two rows swapped: out of order, at the second one's line.
        let swapped = failure { $0.swapAt(firstRow, firstRow + 1) }
        #expect(swapped?.line == firstRow + 2 && swapped?.message.contains("out of order") == true)
        // A score its table does not have.
        let wrongScore = failure { lines in
            let row = lines[firstRow]
            let start = row.range(of: "\"scores\":[")!.upperBound
            let end = row[start...].firstIndex(of: ",")!
            lines[firstRow] = row.replacingCharacters(in: start ..< end, with: "0.123")
        }
        #expect(wrongScore?.line == firstRow + 1 && wrongScore?.message.contains("no") == true, "\(String(describing: wrongScore))")
        let badLabel = failure { $0[firstRow] = $0[firstRow].replacingOccurrences(of: "\"labels\":[", with: "\"labels\":[7,") }
        #expect(badLabel?.line == firstRow + 1 && badLabel?.message.contains("not a concept") == true)
        let badMeta = failure { $0[firstRow] = $0[firstRow].replacingOccurrences(of: "\"meta\":[", with: "\"meta\":[\"q\",") }
        #expect(badMeta?.line == firstRow + 1)
        // A row dropped: the end line's count catches it.
        let dropped = failure { lines in lines.remove(at: firstRow) }
        #expect(dropped?.message.contains("lines were lost") == true, "\(String(describing: dropped))")
        // Rows the header keeps no extremes for.
        let noExtremes = failure { $0[0] = $0[0].replacingOccurrences(of: "\"extremes\":2", with: "\"extremes\":0") }
        #expect(noExtremes?.message.contains("keeps no extremes") == true || noExtremes?.message.contains("more rows") == true,
                "\(String(describing: noExtremes))")
        // The header asks for a larger sample than the rows hold.
        let sample = failure { $0[0] = $0[0].replacingOccurrences(of: "\"sample\":3", with: "\"sample\":4") }
        #expect(sample?.message.contains("sampled rows") == true)
        // A row after the end, a table line after the rows.
        let tableAfter = failure { lines in lines.insert("{\"t\":\"score\",\"c\":0,\"s\":0.01,\"p\":1,\"n\":1}", at: lines.count - 1) }
        #expect(tableAfter?.line == lines.count, "\(String(describing: tableAfter))")
    }
}
