import Foundation
import Testing
@testable import EvalCore

/// Issue 13, format version 4: without pair tables (over 100 concepts, `--pairs off`) a summary
/// keeps the counts-at-threshold matrix at the thresholds `--count-thresholds` asks for, equal to
/// the file's there (scores equal to a threshold count, as ≥ says), and says nothing elsewhere.
@Suite struct SummaryCountsAtTests {
    /// A multilabel wide CSV over `concepts` concepts whose scores repeat (ties) and hit 0.5 and
    /// 0.42 exactly (the thresholds asked for below), one or two labels per input.
    static func generated(concepts c: Int, inputs: Int) -> String {
        var csv = "input_id,labels," + (0 ..< c).map { "k\($0)" }.joined(separator: ",") + "\n"
        for i in 0 ..< inputs {
            let labels = i % 3 == 0 ? "k\(i % c);k\((i * 7 + 1) % c)" : "k\(i % c)"
            let scores = (0 ..< c).map { concept -> String in
                switch (concept * 31 + i * 17) % 13 {
                case 0: return "0.5"
                case 1: return "0.42"
                default: return "0.\((concept + i * 3) % 10)\((concept * i) % 7)"
                }
            }
            csv += "x\(i),\(labels),\(scores.joined(separator: ","))\n"
        }
        return csv
    }

    static func temporary(_ name: String, _ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("evaltop-countsat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A thresholds file (the plain form `--thresholds` reads) putting every third concept at
    /// 0.42 (a score of the data), every fifth at 0.3, and leaving the rest to the global 0.5.
    static func thresholdsFile(concepts: [Concept]) throws -> String {
        var entries: [String] = []
        for (index, concept) in concepts.enumerated() {
            if index % 3 == 0 { entries.append("\"\(concept.name)\": 0.42") } else if index % 5 == 0 { entries.append("\"\(concept.name)\": 0.3") } else if index % 7 == 0 { entries.append("\"\(concept.name)\": null") }
        }
        return try temporary("deploy.json", "{" + entries.joined(separator: ", ") + "}\n")
    }

    static func expectCountsEqualTheFiles(_ summary: EvaluationSummary, _ evaluation: Evaluation, sets: Int) throws {
        let reread = try SummaryTests.reread(summary)
        #expect(reread.pairTables == nil)
        #expect(reread.countsAt.count == sets)
        let metrics = SummaryMetrics(summary: reread)
        let file = EvaluationMetrics(evaluation: evaluation)
        for held in reread.countsAt {
            let counts = try #require(metrics.countsAtThreshold(thresholds: held.set.thresholds))
            #expect(counts == file.countsAtThresholdCounts(thresholds: held.set.thresholds), "at \(held.set.name)")
            #expect(counts.total > 0)
            // What multilabel `confused_with` counts (labelled A and not B, scoring ≥ B's
            // threshold) is the file's diagnosis pass's, cell for cell (version 5).
            let predicted = try #require(metrics.predictedAsOther(thresholds: held.set.thresholds))
            if evaluation.mode == .multilabel {
                #expect(predicted == ConceptFacts(metrics: file, thresholds: held.set.thresholds).predictedAs, "at \(held.set.name)")
            }
        }
        // Elsewhere the summary does not know, and says nil rather than another matrix.
        #expect(metrics.countsAtThreshold(thresholds: Thresholds(global: 0.61)) == nil)
        #expect(metrics.predictedAsOther(thresholds: Thresholds(global: 0.61)) == nil)
    }

    /// The multilabel diagnosis of a summary without pair tables, at each held set, is the file's:
    /// `confused_with` advice and evidence included (the at lines' `p` takes out the inputs
    /// labelled B too, which the file does not count as "A predicted as B"); elsewhere the
    /// summary line says confusions are not judged.
    @Test func multilabelConfusionsAtAHeldSetEqualTheFiles() throws {
        let evaluation = try SummaryPairTests.example("digits_ml.csv")
        var overrides: [Int: Double] = [:]
        for concept in 0 ..< evaluation.conceptCount where concept % 2 == 1 { overrides[concept] = 0.1 }
        let sets = [Thresholds(global: 0.5), Thresholds(global: 0.2), Thresholds(global: 0.05),
                    Thresholds(global: 0.5, perConcept: overrides)].enumerated().map { SummaryThresholdSet(name: "set \($0.offset)", thresholds: $0.element) }
        let summary = try SummaryBuilder.summary(of: evaluation, grid: .exact, rows: SummaryRowOptions(extremes: 0, sample: 0, pairLines: 0),
                                                 countThresholds: sets)
        let metrics = SummaryMetrics(summary: try SummaryTests.reread(summary))
        #expect(metrics.summary.mode == .multilabel && metrics.pairCounts == nil)
        let file = EvaluationMetrics(evaluation: evaluation)
        var judged = 0
        var labelledToo = 0
        for set in sets {
            let a = ReportSections(metrics: file, thresholds: set.thresholds, foldAUC: file.foldAUC()).diagnosis
            let b = ReportSections(metrics: metrics, thresholds: set.thresholds, foldAUC: metrics.foldAUC()).diagnosis
            #expect(DiagnosisJSON.render(b, concepts: metrics.concepts) == DiagnosisJSON.render(a, concepts: file.concepts), "at \(set.name)")
            #expect(b.summary == a.summary && !b.summary.contains("confusions not judged"), "at \(set.name)")
            judged += a.concepts.reduce(0) { $0 + $1.advice.count { $0.kind == .confusedWith } }
            labelledToo += metrics.summary.countsAt.first { $0.set == set }?.alsoLabelled?.total ?? 0
        }
        #expect(judged > 0, "some confused_with advice is compared")
        #expect(labelledToo > 0, "some held cells count inputs labelled both concepts, which confused_with leaves out")
        let elsewhere = ReportSections(metrics: metrics, thresholds: Thresholds(global: 0.3), foldAUC: nil).diagnosis
        #expect(elsewhere.summary.contains("confusions not judged"))
    }

    /// A version 4 summary (at lines without `p`) is still read: its matrices are there, its
    /// multilabel confusions are not judged (it cannot tell the inputs labelled both), and
    /// written back it is version 4 again, line for line.
    @Test func versionFourIsStillReadAndWrittenBackAsFour() throws {
        let evaluation = try SummaryPairTests.example("digits_ml.csv")
        let set = SummaryThresholdSet(name: "0.5", thresholds: Thresholds(global: 0.5))
        let summary = try SummaryBuilder.summary(of: evaluation, grid: .exact, rows: SummaryRowOptions(extremes: 0, sample: 0, pairLines: 0),
                                                 countThresholds: [set])
        let current = SummaryTests.text(summary)
        #expect(current.hasPrefix("{\"format\":\"evaltop-summary\",\"version\":5,"))
        let old = current.replacingOccurrences(of: "\"version\":5,", with: "\"version\":4,")
            .replacingOccurrences(of: #",\"p\":[0-9]+\}"#, with: "}", options: .regularExpression, range: nil)
        #expect(old.contains("{\"t\":\"at\"") && old.count < current.count, "the at lines lost their p")
        let read = try SummaryReader.read(bytes: Array(old.utf8), name: "v4.evalsum")
        #expect(read.countsAt.count == 1 && read.countsAt[0].alsoLabelled == nil)
        let metrics = SummaryMetrics(summary: read)
        #expect(metrics.countsAtThreshold(thresholds: set.thresholds) == EvaluationMetrics(evaluation: evaluation).countsAtThresholdCounts(thresholds: set.thresholds))
        #expect(metrics.predictedAsOther(thresholds: set.thresholds) == nil)
        #expect(ReportSections(metrics: metrics, thresholds: set.thresholds, foldAUC: nil).diagnosis.summary.contains("confusions not judged"))
        #expect(SummaryTests.text(read) == old)
    }

    @Test func theOptionParses() throws {
        #expect(try SummaryThresholdSpec.parse("0.3,0.5") == [.global(0.3), .global(0.5)])
        #expect(try SummaryThresholdSpec.parse("1") == [.global(1)])
        let path = try Self.temporary("t.json", "{\"k0\": 0.4}\n")
        #expect(try SummaryThresholdSpec.parse("0.5,\(path)") == [.global(0.5), .file(path: path, bytes: Array("{\"k0\": 0.4}\n".utf8))])
        for bad in ["1.5", "-0.1", "0.5,", "/no/such/thresholds.json"] {
            #expect(throws: LoadError.self, "\(bad)") { try SummaryThresholdSpec.parse(bad) }
        }
        let malformed = try Self.temporary("bad.json", "{\"k0\": 2}\n")
        #expect(throws: LoadError.self) { try SummaryThresholdSpec.parse(malformed) }
        // A threshold is a plain decimal, spaces and tabs around it ignored, as in the Spark job:
        // a hex float or a digit separator is a path (none here), and −0 is 0.
        #expect(try SummaryThresholdSpec.parse(" 0.25\t,+.5,1e-1") == [.global(0.25), .global(0.5), .global(0.1)])
        for path in ["0x1p-1", "0.2_5", "\u{661}"] {
            #expect(throws: LoadError.self, "\(path)") { try SummaryThresholdSpec.parse(path) }
        }
        guard case .global(let zero)? = try SummaryThresholdSpec.parse("-0").first else { Issue.record("-0 is no threshold"); return }
        #expect(zero == 0 && zero.sign == .plus)
    }

    /// Over 100 concepts (no pair tables), streamed from the file as `evaltop summarize` does:
    /// global thresholds and a per-concept thresholds file, each equal to the file's matrix.
    @Test func overAHundredConceptsTheCountsEqualTheFiles() throws {
        let c = SummaryFormat.maximumDenseConcepts + 20
        let path = try Self.temporary("wide.csv", Self.generated(concepts: c, inputs: 150))
        let evaluation = try EvaluationLoader.load(path: path)
        let deploy = try Self.thresholdsFile(concepts: evaluation.concepts)
        let specs = try SummaryThresholdSpec.parse("0.5,0.42") + SummaryThresholdSpec.parse(deploy)
        let summary = try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: .exact,
                                                 rows: SummaryRowOptions(extremes: 2, sample: 0, countThresholds: specs))
        #expect(summary.countsAt.map(\.set.name) == ["0.5", "0.42", deploy])
        try Self.expectCountsEqualTheFiles(summary, evaluation, sets: 3)
        // The file's thresholds as `evaltop SUMMARY --thresholds deploy.json` loads them match.
        let loaded = try ThresholdsFile.load(path: deploy, evaluation: evaluation, global: 0.5)
        #expect(loaded.perConcept.values.contains(0.42))
        #expect(SummaryMetrics(summary: summary).countsAtThreshold(thresholds: loaded)
            == EvaluationMetrics(evaluation: evaluation).countsAtThresholdCounts(thresholds: loaded))
        // Spelt otherwise, the same thresholds still match: every concept at 0.5.
        let spelt = Thresholds(global: 0.1, perConcept: Dictionary(uniqueKeysWithValues: (0 ..< c).map { ($0, 0.5) }))
        #expect(SummaryMetrics(summary: summary).countsAtThreshold(thresholds: spelt) == summary.countsAt[0].counts)
    }

    /// A bundled example with `--pairs off`, in both modes: the counts at each asked set equal
    /// the file's, including at a score that occurs in the data.
    @Test(arguments: ["digits.csv", "digits_ml.csv", "animals.csv"])
    func pairsOffTheCountsEqualTheFiles(name: String) throws {
        let evaluation = try SummaryPairTests.example(name)
        let score = evaluation.scores[evaluation.scores.count / 2]
        var overrides: [Int: Double] = [:]
        for concept in 0 ..< evaluation.conceptCount where concept % 2 == 0 { overrides[concept] = evaluation.scores[concept * 7 % evaluation.scores.count] }
        let sets = [SummaryThresholdSet(name: "0.5", thresholds: Thresholds(global: 0.5)),
                    SummaryThresholdSet(name: "\(score)", thresholds: Thresholds(global: score)),
                    SummaryThresholdSet(name: "deploy.json", thresholds: Thresholds(global: 0.5, perConcept: overrides))]
        let summary = try SummaryBuilder.summary(of: evaluation, grid: .exact, rows: SummaryRowOptions(extremes: 0, sample: 0, pairLines: 0),
                                                 countThresholds: sets)
        #expect(summary.pairsLeftOut)
        try Self.expectCountsEqualTheFiles(summary, evaluation, sets: 3)
        #expect(SummaryTests.text(summary).contains("\"count_thresholds\":[{\"name\":\"0.5\",\"global\":0.5,\"concepts\":[]}"))
    }

    /// With a grid, the counts are the file's with its scores rounded to the grid (a threshold
    /// between two cells and one on a cell), as the pair tables' are.
    @Test func gridCountsEqualTheRoundedFiles() throws {
        let evaluation = try SummaryPairTests.example("digits_ml.csv")
        let sets = [Thresholds(global: 0.1234), Thresholds(global: 0.12345)].map { SummaryThresholdSet(name: "\($0.global)", thresholds: $0) }
        let summary = try SummaryBuilder.summary(of: evaluation, grid: .tenThousandth, rows: SummaryRowOptions(extremes: 0, sample: 0, pairLines: 0),
                                                 countThresholds: sets)
        let c = evaluation.conceptCount
        var csv = "input_id,labels," + evaluation.concepts.map(\.name).joined(separator: ",") + "\n"
        for input in 0 ..< evaluation.inputCount {
            let labels = evaluation.labels(of: input).map { evaluation.concepts[Int($0)].name }.joined(separator: ";")
            let scores = (0 ..< c).map { "\(SummaryGrid.tenThousandth.cell(evaluation.scores[input * c + $0]))" }
            csv += "\(evaluation.inputIDs[input]),\(labels),\(scores.joined(separator: ","))\n"
        }
        let rounded = EvaluationMetrics(evaluation: try EvaluationLoader.load(bytes: Array(csv.utf8), name: "rounded.csv"))
        let metrics = SummaryMetrics(summary: try SummaryTests.reread(summary))
        for set in sets {
            #expect(metrics.countsAtThreshold(thresholds: set.thresholds) == rounded.countsAtThresholdCounts(thresholds: set.thresholds))
        }
    }

    /// With pair tables the matrix is there at every threshold: no sets are stored.
    @Test func withPairTablesNothingMoreIsStored() throws {
        let evaluation = try SummaryPairTests.example("digits_ml.csv")
        let summary = try SummaryBuilder.summary(of: evaluation, grid: .exact, rows: .none,
                                                 countThresholds: [SummaryThresholdSet(name: "0.5", thresholds: Thresholds(global: 0.5))])
        #expect(summary.pairTables != nil && summary.countsAt.isEmpty)
        let text = SummaryTests.text(summary)
        #expect(text.contains("\"count_thresholds\":[]") && !text.contains("\"t\":\"at\""))
    }

    /// Past the cell limit the counting stops rather than growing to concepts².
    @Test func theCellsAreBounded() {
        var counting = SummaryCountsAtCounting(sets: [SummaryThresholdSet(name: "0", thresholds: Thresholds(global: 0))], conceptCount: 4, limit: 5)
        counting.add(cells: [0.1, 0.2, 0.3, 0.4].map(\.bitPattern), labels: [Int32(0)], isLabel: [true, false, false, false])
        #expect(!counting.overLimit && counting.result()?.first?.counts.total == 4)
        counting.add(cells: [0.1, 0.2, 0.3, 0.4].map(\.bitPattern), labels: [Int32(1)], isLabel: [false, true, false, false])
        #expect(counting.overLimit && counting.result() == nil)
    }

    /// At lines that do not add up, or out of place, are refused with the file and line.
    @Test func badAtLinesAreRefused() throws {
        let evaluation = try SummaryPairTests.example("digits_ml.csv")
        let summary = try SummaryBuilder.summary(of: evaluation, grid: .exact, rows: SummaryRowOptions(extremes: 0, sample: 0, pairLines: 0),
                                                 countThresholds: [SummaryThresholdSet(name: "0.5", thresholds: Thresholds(global: 0.5))])
        let lines = SummaryTests.text(summary).split(separator: "\n").map(String.init)
        let first = try #require(lines.firstIndex { $0.hasPrefix("{\"t\":\"at\"") })
        let diagonal = try #require(lines.firstIndex { $0.hasPrefix("{\"t\":\"at\",\"k\":0,\"r\":0,\"c\":0,") })
        let offDiagonal = try #require(lines.firstIndex { $0.hasPrefix("{\"t\":\"at\",\"k\":0,\"r\":0,\"c\":1,") })
        func expectFailure(_ edit: (inout [String]) -> Void, _ message: String, line: Int? = nil) {
            var edited = lines
            edit(&edited)
            edited[edited.count - 1] = "{\"t\":\"end\",\"lines\":\(edited.count)}"
            do {
                _ = try SummaryReader.read(bytes: Array((edited.joined(separator: "\n") + "\n").utf8), name: "a.evalsum")
                Issue.record("read a bad summary (\(message))")
            } catch let error as LoadError {
                #expect(error.description.contains(message), "\(error.description)")
                if let line { #expect(error.line == line, "\(error.description)") }
            } catch { Issue.record("\(error)") }
        }
        func replacing(_ index: Int, _ from: String, _ to: String) -> (inout [String]) -> Void {
            { $0[index] = $0[index].replacingOccurrences(of: from, with: to) }
        }
        let positives = summary.tables[0].positiveCount
        expectFailure({ $0.swapAt(first, first + 1) }, "out of order or repeated: at lines", line: first + 2)
        expectFailure({ $0.insert($0[first], at: first) }, "out of order or repeated", line: first + 2)
        expectFailure(replacing(diagonal, "\"c\":0,\"n\":", "\"c\":0,\"n\":9"), "its table gives", line: diagonal + 1)
        expectFailure(replacing(offDiagonal, "\"c\":1,\"n\":", "\"c\":1,\"n\":\(positives + 1)0"), "concept 0 has \(positives) positives", line: offDiagonal + 1)
        expectFailure(replacing(offDiagonal, "\"k\":0,", "\"k\":1,"), "\"k\"", line: offDiagonal + 1)
        expectFailure(replacing(offDiagonal, "\"r\":0,", "\"r\":99,"), "\"r\"", line: offDiagonal + 1)
        expectFailure({ $0[offDiagonal] = "{\"t\":\"at\",\"k\":0,\"r\":0,\"c\":1,\"n\":0}" }, "counting 0", line: offDiagonal + 1)
        expectFailure({ $0.remove(at: diagonal) }, "no diagonal cell for even")
        expectFailure({ $0.insert($0[first], at: first - 1); $0.remove(at: first + 1) }, "a matrix line after the pair tables, the at lines")
        expectFailure(replacing(0, "\"count_thresholds\":[{\"name\":\"0.5\",\"global\":0.5,\"concepts\":[]}]", "\"count_thresholds\":[]"),
                      "lists no threshold sets", line: first + 1)
        expectFailure(replacing(0, "\"global\":0.5,\"concepts\":[]", "\"global\":0.5,\"concepts\":[[3,0.2],[1,0.2]]"), "ascending and distinct", line: 1)
        expectFailure(replacing(0, "\"pair_tables\":false", "\"pair_tables\":true"), "the summary has pair tables", line: 1)
        // `p`, the part labelled the column's concept too (version 5): required, at most what
        // the cell, the co-occurrence and the row's inputs of several labels allow, all of the
        // diagonal.
        let both = try #require(lines.firstIndex { line in
            guard line.hasPrefix("{\"t\":\"at\""), let cell = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let r = cell["r"] as? Int, let c = cell["c"] as? Int, let p = cell["p"] as? Int else { return false }
            return r != c && p > 0
        })
        expectFailure({ $0[offDiagonal] = $0[offDiagonal].replacingOccurrences(of: #",\"p\":[0-9]+\}"#, with: "}", options: .regularExpression, range: nil) },
                      "missing \"p\"", line: offDiagonal + 1)
        expectFailure({ $0[both] = $0[both].replacingOccurrences(of: #"\"p\":[0-9]+\}"#, with: "\"p\":100000}", options: .regularExpression, range: nil) },
                      "inputs labelled", line: both + 1)
        expectFailure({ $0[diagonal] = $0[diagonal].replacingOccurrences(of: #"\"p\":[0-9]+\}"#, with: "\"p\":0}", options: .regularExpression, range: nil) },
                      "every one of its", line: diagonal + 1)
        // A version 3 summary knows no at lines.
        expectFailure(replacing(0, "\"version\":5,", "\"version\":3,"), "lists no threshold sets", line: first + 1)
    }
}
