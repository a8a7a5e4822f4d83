import Foundation
import Testing
@testable import EvalCore

/// Issue 13: a summary written with `--suspects S` holds the file's confident-learning
/// estimate, `suspect_labels`' counts and its first S suspects, the same rows in the same order
/// with the same numbers, whether it streamed the file or loaded it, through its writer and
/// reader; with full-precision scores, ties and inputs right at a class's threshold.
@Suite struct SummarySuspectsTests {
    static func write(_ text: String, name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("evaltop-suspects-\(getpid())-\(name)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The summary's suspects against `SuspectFinder` on the file.
    static func expectSameSuspects(_ evaluation: Evaluation, _ summary: EvaluationSummary, limit: Int,
                                   sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let report = SuspectFinder.find(in: evaluation)
        let held = try #require(summary.suspects, sourceLocation: sourceLocation)
        #expect(held.estimatedLabelErrors == report.estimatedLabelErrors, sourceLocation: sourceLocation)
        #expect(held.candidates == report.suspects.count, sourceLocation: sourceLocation)
        #expect(held.confidentCounts == SuspectFinder.confidentSuspectCounts(in: evaluation), sourceLocation: sourceLocation)
        #expect(held.limit == limit, sourceLocation: sourceLocation)
        let expected = Array(report.suspects.prefix(limit))
        #expect(held.ranked.count == expected.count, sourceLocation: sourceLocation)
        for (fromSummary, fromFile) in zip(held.ranked, expected) {
            #expect(summary.rows[fromSummary.input].id == evaluation.inputIDs[fromFile.input], sourceLocation: sourceLocation)
            #expect(fromSummary.moved(to: fromFile.input) == fromFile, sourceLocation: sourceLocation)
            #expect(summary.rows[fromSummary.input].labels == evaluation.labels(of: fromFile.input).sorted(), sourceLocation: sourceLocation)
        }
    }

    /// label_errors_weak.csv: a model too weak for the noise weights (`NoiseRatePruning`, a fourth pass).
    @Test(arguments: ["digits.csv", "digits_ml.csv", "breast_cancer.csv", "breast_cancer.clarifai.json", "label_errors_weak.csv"])
    func summaryHoldsTheFilesFirstSuspects(name: String) throws {
        let path = FixtureCSV.url(name).path
        let evaluation = try EvaluationLoader.load(path: path)
        for limit in [1, 25, 100_000] {
            let rows = SummaryRowOptions(extremes: 3, sample: 0, suspects: limit)
            // Streamed (wide CSV) or loaded (Clarifai), then through the writer and reader.
            let streamed = try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: .exact, rows: rows)
            try Self.expectSameSuspects(evaluation, try SummaryTests.reread(streamed), limit: limit)
            let loaded = SummaryBuilder.summary(of: evaluation, grid: .exact, rows: rows)
            #expect(SummaryTests.text(loaded) == SummaryTests.text(streamed))
        }
    }

    /// An exclusive summary's own pass takes the thresholds' sums, so its suspects start at the
    /// joint (one read of the file fewer), with the sums that pass would have taken; a
    /// multilabel one still starts with its sums pass.
    @Test(arguments: [("digits.csv", true), ("label_errors_weak.csv", true), ("digits_ml.csv", false)])
    func anExclusiveSummarysPassTakesTheThresholdsSums(name: String, exclusive: Bool) throws {
        let evaluation = try EvaluationLoader.load(path: FixtureCSV.url(name).path)
        var builder = SummaryBuilder(concepts: evaluation.concepts, grid: .exact, hasFold: evaluation.fold != nil,
                                     attributeNames: evaluation.attributes.map(\.name), rows: SummaryRowOptions(extremes: 0, sample: 0, suspects: 10))
        var sumsPass = SummarySuspectPass(mode: evaluation.mode, grid: .exact, conceptCount: evaluation.conceptCount,
                                          attributeCount: evaluation.attributes.count, limit: 10)
        let c = evaluation.conceptCount
        evaluation.scores.withUnsafeBufferPointer { scores in
            for input in 0 ..< evaluation.inputCount {
                let row = UnsafeBufferPointer(rebasing: scores[input * c ..< input * c + c])
                for sink in 0 ..< 2 {
                    let labels = evaluation.labels(of: input)
                    if sink == 0 {
                        builder.add(scores: row, labels: labels, fold: nil, attributeValues: evaluation.attributes.map { _ in nil }, width: -1, height: -1)
                    } else {
                        sumsPass.add(scores: row, labels: labels, fold: nil, attributeValues: [], width: -1, height: -1, id: "", url: nil, text: nil)
                    }
                }
            }
        }
        let summary = builder.finish(source: name, mode: .auto)
        #expect((summary.mode == .exclusive) == exclusive)
        let pass = builder.suspectPass(for: summary, limit: 10)
        #expect(pass.phase == (exclusive ? .joint : .sums))
        if exclusive {
            let sums = try #require(builder.exclusiveSuspectSums)
            var counts = [Int](repeating: 0, count: c)
            for input in 0 ..< evaluation.inputCount where evaluation.labels(of: input).count == 1 {
                counts[Int(evaluation.labels(of: input).first!)] += 1
            }
            #expect(sums.counts == counts)
            _ = sumsPass.endPass(inputs: evaluation.inputCount)
            #expect(pass.exclusiveThresholds != nil)
            #expect(pass.exclusiveThresholds == sumsPass.exclusiveThresholds)
        }
    }

    @Test func noSuspectsAskedNoneWritten() throws {
        let evaluation = try SummaryTests.load("digits.csv")
        let summary = try SummaryTests.reread(SummaryBuilder.summary(of: evaluation, grid: .exact, rows: SummaryRowOptions(extremes: 2, sample: 0)))
        #expect(summary.suspects == nil)
        #expect(!SummaryTests.text(summary).contains("\"t\":\"suspect"))
    }

    /// A generated exclusive evaluation with full-precision scores (17 digits), duplicated rows
    /// (equal ranking keys, ordered by input), and inputs scoring exactly a class's cut-off and
    /// one ulp below it, for another class than their label (the likely-label test).
    static func borderlineCSV() -> (text: String, exactlyAt: String, justBelow: String) {
        var random = SplitMix64(seed: 13)
        let c = 4
        var rows: [(id: String, label: Int, scores: [Double])] = []
        for input in 0 ..< 2_000 {
            let label = Int(random.next() % UInt64(c))
            var raw = (0 ..< c).map { _ in random.unit() }
            raw[label] += random.unit() * 2
            let total = raw.reduce(0, +)
            rows.append(("i\(input)", label, raw.map { $0 / total }))
        }
        for copy in 0 ..< 200 { rows.append(("dup\(copy)", rows[copy * 7].label, rows[copy * 7].scores)) }
        // The classes' cut-offs: the exact mean of their labelled inputs' self-scores − 1e-6.
        let cutoffs = (0 ..< c).map { concept -> Double in
            var sum = ExactSum()
            var count = 0
            for row in rows where row.label == concept {
                sum.add(row.scores[concept])
                count += 1
            }
            return sum.value / Double(count) - SuspectFinder.thresholdTolerance
        }
        // Labelled `low` (the lowest cut-off) with a score for it between the two cut-offs,
        // and scoring exactly `high`'s cut-off (or one ulp less): confidently `high` (a suspect),
        // or only confidently its own class (not one).
        let high = cutoffs.indices.max { cutoffs[$0] < cutoffs[$1] }!
        let low = cutoffs.indices.min { cutoffs[$0] < cutoffs[$1] }!
        for (id, score) in [("at-cutoff", cutoffs[high]), ("below-cutoff", cutoffs[high].nextDown)] {
            var scores = [Double](repeating: 0, count: c)
            scores[high] = score
            scores[low] = (cutoffs[low] + cutoffs[high]) / 2
            rows.append((id, low, scores))
        }
        var text = "input_id,labels,c0,c1,c2,c3\n"
        for row in rows {
            text += "\(row.id),c\(row.label)," + row.scores.map { "\($0)" }.joined(separator: ",") + "\n"
        }
        return (text, "at-cutoff", "below-cutoff")
    }

    @Test func fullPrecisionTiesAndThresholdsAgreeWithTheFile() throws {
        let (csv, exactlyAt, justBelow) = Self.borderlineCSV()
        let path = try Self.write(csv, name: "borderline.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let evaluation = try EvaluationLoader.load(path: path)
        let report = SuspectFinder.find(in: evaluation)
        // The data do test the edges: one input exactly at class 0's cut-off is confidently
        // class 0 (a suspect), its twin one ulp below is not; and equal keys occur.
        let ids = Set(report.suspects.map { evaluation.inputIDs[$0.input] })
        #expect(ids.contains(exactlyAt) && !ids.contains(justBelow))
        let scores = report.suspects.map(\.givenScore)
        #expect(Set(scores).count < scores.count)
        for limit in [50, report.suspects.count] {
            let summary = try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: .exact,
                                                     rows: SummaryRowOptions(extremes: 0, sample: 0, suspects: limit))
            try Self.expectSameSuspects(evaluation, try SummaryTests.reread(summary), limit: limit)
        }
    }

    @Test func onAGridTheSuspectsAreThoseOfTheRoundedScores() throws {
        let (csv, _, _) = Self.borderlineCSV()
        let path = try Self.write(csv, name: "grid.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var rounded = "input_id,labels,c0,c1,c2,c3\n"
        for line in csv.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            rounded += fields[0 ..< 2].joined(separator: ",") + ","
                + fields[2...].map { "\(SummaryGrid.tenThousandth.cell(Double($0)!))" }.joined(separator: ",") + "\n"
        }
        let roundedPath = try Self.write(rounded, name: "grid-rounded.csv")
        defer { try? FileManager.default.removeItem(atPath: roundedPath) }
        let summary = try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: .tenThousandth,
                                                 rows: SummaryRowOptions(extremes: 0, sample: 0, suspects: 80))
        try Self.expectSameSuspects(try EvaluationLoader.load(path: roundedPath), try SummaryTests.reread(summary), limit: 80)
    }

    @Test func exactSumIsCorrectlyRoundedInAnyOrder() {
        var random = SplitMix64(seed: 7)
        // k · 2⁻⁴⁰ with k < 2⁵⁰ (their sum fits an Int): the exact sum is an integer count of 2⁻⁴⁰, rounded once by Double(Int).
        let ks = (0 ..< 5_000).map { _ in Int(random.next() >> 14) }
        let values = ks.map { Double($0) * 0x1p-40 }
        let exact = Double(ks.reduce(0, +)) * 0x1p-40
        var naive = 0.0
        for value in values { naive += value }
        var shuffled = values
        for index in shuffled.indices.reversed() { shuffled.swapAt(index, Int(random.next() % UInt64(index + 1))) }
        for order in [values, values.reversed(), shuffled] {
            var sum = ExactSum()
            for value in order { sum.add(value) }
            #expect(sum.value == exact)
        }
        #expect(naive != exact)  // the running sum does depend on rounding: the case is real
        var cancelling = ExactSum()
        for value in [1e100, 1.0, -1e100, 1e-300] { cancelling.add(value) }
        #expect(cancelling.value == 1.0)
        var tenths = ExactSum()
        for _ in 0 ..< 10 { tenths.add(0.1) }
        #expect(tenths.value == 1.0)  // math.fsum([0.1] * 10)
        #expect(ExactSum().value == 0)
    }

    // MARK: reading

    /// The digits summary with 5 suspects, its lines edited by `edit` and the end line recounted.
    static let digitsLines: [String] = {
        let evaluation = try! SummaryTests.load("digits.csv")
        let summary = SummaryBuilder.summary(of: evaluation, grid: .exact, rows: SummaryRowOptions(extremes: 2, sample: 0, suspects: 5))
        return SummaryTests.text(summary).split(separator: "\n").map(String.init)
    }()

    static func edited(_ edit: (inout [String]) -> Void) throws -> [UInt8] {
        var lines = digitsLines
        lines.removeLast()
        edit(&lines)
        lines.append("{\"t\":\"end\",\"lines\":\(lines.count + 1)}")
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    static func expectError(_ bytes: [UInt8], _ fragment: String, line: Int? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        do {
            _ = try SummaryReader.read(bytes: bytes, name: "bad.evalsum")
            Issue.record("read a bad summary", sourceLocation: sourceLocation)
        } catch let error as LoadError {
            #expect(error.description.contains(fragment), "\(error.description)", sourceLocation: sourceLocation)
            #expect(error.description.contains("bad.evalsum"), sourceLocation: sourceLocation)
            if let line { #expect(error.line == line, "\(error.description)", sourceLocation: sourceLocation) }
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }

    static func index(_ lines: [String], _ kind: String) -> Int { lines.firstIndex { $0.hasPrefix("{\"t\":\"\(kind)\"") }! }

    @Test func badSuspectLinesAreErrorsWithTheirLine() throws {
        var at = 0
        Self.expectError(try Self.edited { lines in
            at = Self.index(lines, "suspect")
            lines[at] = lines[at].replacingOccurrences(of: "\"id\":\"digits_", with: "\"id\":\"nothere_")
        }, "is not one of the rows", line: at + 1)
        Self.expectError(try Self.edited { lines in
            at = Self.index(lines, "suspect")
            lines[at] = lines[at].replacingOccurrences(of: "\"given\":[", with: "\"given\":[0,")
        }, "\"given\" labels", line: at + 1)
        Self.expectError(try Self.edited { lines in
            at = Self.index(lines, "suspect")
            lines[at] = lines[at].replacingOccurrences(of: "\"given_score\":0.", with: "\"given_score\":0.5")
        }, "\"given_score\"", line: at + 1)
        Self.expectError(try Self.edited { lines in
            at = Self.index(lines, "suspect")
            lines.remove(at: at)
        }, "4 suspect lines; the header asks for 5")
        Self.expectError(try Self.edited { lines in
            at = Self.index(lines, "suspects")
            lines[at] = lines[at].replacingOccurrences(of: "\"ranking\":\"self_confidence\"", with: "\"ranking\":\"normalized_margin\"")
        }, "\"ranking\" must be self_confidence", line: at + 1)
        Self.expectError(try Self.edited { lines in
            at = Self.index(lines, "suspects")
            let suspectsLine = lines.remove(at: at)
            lines.insert(suspectsLine, at: Self.index(lines, "row"))
            at = Self.index(lines, "row")
        }, "a row after the suspects", line: at + 1)
        Self.expectError(try Self.edited { lines in
            lines[0] = lines[0].replacingOccurrences(of: "\"suspects\":5", with: "\"suspects\":0")
            at = Self.index(lines, "suspects")
        }, "the header keeps no suspects", line: at + 1)
        Self.expectError(try Self.edited { lines in
            lines.removeAll { $0.hasPrefix("{\"t\":\"suspect") }
        }, "there is no suspects line")
    }

    @Test func aVersionTwoSummaryIsStillReadWithoutSuspects() throws {
        let bytes = try Self.edited { lines in
            lines[0] = lines[0].replacingOccurrences(of: "\"version\":5", with: "\"version\":2")
                .replacingOccurrences(of: ",\"suspects\":5", with: "")
            lines.removeAll { $0.hasPrefix("{\"t\":\"suspect") }
        }
        let summary = try SummaryReader.read(bytes: bytes, name: "v2.evalsum")
        #expect(summary.suspects == nil)
        #expect(summary.inputs == 1_797)
    }
}
