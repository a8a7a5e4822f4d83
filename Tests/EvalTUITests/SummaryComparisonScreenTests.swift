import EvalCore
import Foundation
import TermUI
import Testing
@testable import EvalTUI

/// `evaltop A.evalsum B.evalsum` (issue 13): the comparison UI on two summaries. A is the bundled
/// digits, B a retrained copy of the same inputs with the same labels (seeded noise growing with
/// the concept index). Every number a summary can give equals the file comparison's: AUC A, AUC
/// B, ΔAUC, F1 A → B at any threshold, both curves; the p-values are pROC's unpaired test (the
/// files' are DeLong's paired one), and what needs each input's two scores (the interval, fixed
/// and broken, McNemar) is not shown.
@Suite struct SummaryComparisonScreenTests {
    static let a = try! EvaluationLoader.loadBundledExample()
    static let b: Evaluation = {
        var generator = SplitMix64(seed: 13)
        var scores: [Double] = []
        for input in 0 ..< a.inputCount {
            for concept in 0 ..< a.conceptCount {
                let noise = generator.normal() * 0.1 * Double(concept % 4)
                scores.append(min(1, max(0, a.score(input: input, concept: concept) + noise)))
            }
        }
        var offsets: [Int32] = [0], labels: [Int32] = []
        for input in 0 ..< a.inputCount {
            labels += a.labels(of: input)
            offsets.append(Int32(labels.count))
        }
        return Evaluation(sourcePath: "digits_retrained.csv", format: .wide, mode: .exclusive, concepts: a.concepts,
                          inputIDs: a.inputIDs, scores: scores, labelOffsets: offsets, labelConcepts: labels)
    }()
    static let files = Session(comparison: try! Comparison.compare(a, b))

    static func summary(_ evaluation: Evaluation) -> SummaryMetrics {
        SummaryMetrics(summary: SummaryScreenTests.reread(SummaryBuilder.summary(of: evaluation, grid: .exact)))
    }

    /// B's summary with its concepts in another order and one left out ("three"), to check that
    /// rows are matched by name and B's metrics are aligned to A's order.
    static let summaries: Session = {
        let summaryB = summary(b).summary
        let reordered = Array(summaryB.concepts.indices.reversed()).filter { summaryB.concepts[$0].name != "three" }
        let comparison = try! SummaryComparison(a: summary(a), b: SummaryMetrics(summary: summaryB.restricted(to: reordered)))
        return Session(summaryComparison: comparison)
    }()

    static func screen(_ session: Session, keys: String, width: Int = 120, height: Int = 40, ascii: Bool = false) throws -> [String] {
        let context = RenderContext(theme: ResolvedTheme(theme: try Theme.load(nameOrPath: "mono"), capability: .none,
                                                         baseGlyphs: ascii ? .ascii : .unicode))
        let state = AppState(fileName: "digits.evalsum → digits_retrained.evalsum", threshold: 0.5, width: width, height: height,
                             unicode: true, comparing: true)
        return Replay.text(of: Replay.run(state: state, session: session, keys: try KeyScript.parse(keys), context: context))
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// A concept's row of the comparison table: its name, then the values of the columns shown.
    static func row(_ screen: [String], _ name: String) -> [String]? {
        guard let line = screen.first(where: { $0.range(of: "│ *[▲▼ ] \(name) ", options: .regularExpression) != nil }) else { return nil }
        return line.split(separator: "│").first.map { $0.split(separator: " ").map(String.init) }
    }

    /// An issue naming `needle` when `screen` does not show it (the screen itself is long).
    func shows(_ screen: String, _ needle: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if !screen.contains(needle) { Issue.record("not on screen: \(needle)", sourceLocation: sourceLocation) }
    }

    @Test func sessionsRowsAreTheSharedConceptsInAsOrder() throws {
        let compared = try #require(Self.summaries.compared)
        #expect(compared.sharedConceptCount == 9)
        #expect(compared.conceptNamesOnlyInA == ["three"] && compared.conceptNamesOnlyInB.isEmpty)
        let aNames = Self.a.concepts.map(\.name).filter { $0 != "three" }
        #expect(Self.summaries.concepts.map(\.name) == aNames)
        for index in 0 ..< compared.sharedConceptCount {
            let row = compared.changeRow(index)
            #expect(row.concept.name == aNames[index])
            // B's metrics in the session are row for row the comparison's B.
            #expect(Self.summaries.metrics.curves[index].auc == row.aucB)
            #expect(compared.curveA(index).auc == row.aucA)
        }
    }

    @Test func everyNumberASummaryGivesEqualsTheFileComparisons() throws {
        for keys in ["", "]]]", "t0.25<Enter>"] {
            let fromFiles = try Self.screen(Self.files, keys: keys)
            let fromSummaries = try Self.screen(Self.summaries, keys: keys)
            for name in ["zero", "one", "eight", "nine"] {
                let file = try #require(Self.row(fromFiles, name), "\(name) in\n\(fromFiles.joined(separator: "\n"))")
                let summary = try #require(Self.row(fromSummaries, name), "\(name) in\n\(fromSummaries.joined(separator: "\n"))")
                // Name, AUC A, AUC B, ΔAUC: the same; then the files' 95 % interval, p, F1
                // A→B, fixed, broken; the summaries' p, F1 A→B.
                #expect(Array(summary.prefix(4)) == Array(file.prefix(4)), "\(keys) \(name)")
                let f1 = { (fields: [String]) in fields.first { $0.contains("→") } }
                #expect(f1(summary) != nil && f1(summary) == f1(file), "F1 A→B of \(name) after \(keys)")
                #expect(file.contains { $0.hasPrefix("[") } && !summary.contains { $0.hasPrefix("[") })
            }
        }
    }

    @Test func theScreenSaysWhatASummaryComparisonLeavesOut() throws {
        let screen = try Self.screen(Self.summaries, keys: "")
        let text = screen.joined(separator: "\n")
        #expect(screen[0].contains("summaries") && screen[0].contains("9 concepts"))
        shows(text, "Concepts A → B (9)")
        shows(text, "p Holm"); shows(text, "F1 A→B")
        for absent in ["95% CI", "Fixed", "Broken"] { #expect(!text.contains(absent), "\(absent) is shown") }
        shows(text, "Test            unpaired DeLong")
        shows(text, "Inputs          1,797 → 1,797")
        shows(text, "left out      1 only A, 0 only B")
        // The curve pane: both AUCs, B's curve solid and A's dotted.
        let compared = try #require(Self.summaries.compared)
        // The first row (ΔAUC ascending: the largest regression) is the one the curve shows.
        let first = try #require(Self.summaries.concepts.indices.min { (compared.changeRow($0).deltaAUC ?? 1) < (compared.changeRow($1).deltaAUC ?? 1) })
        shows(text, "ROC  \(Self.summaries.concepts[first].name)")
        let row = compared.changeRow(first)
        shows(text, "AUC \(Format.metric(row.aucA, ascii: false)) → \(Format.metric(row.aucB, ascii: false))")
        shows(text, "(B ━ ●, A ┈ ○)")
        // o lists the concept only A has.
        let leftOut = try Self.screen(Self.summaries, keys: "o").joined(separator: "\n")
        #expect(leftOut.contains("Concepts only in A (\(LeftOutLines.fileName(Self.a.sourcePath))): 1") && leftOut.contains("  three"))
        #expect(!leftOut.contains("Inputs only in"))
        // 80 × 24: the compact summary line.
        let small = try Self.screen(Self.summaries, keys: "", width: 80, height: 24).joined(separator: "\n")
        shows(small, "summaries of 1,797 and 1,797 inputs: DeLong unpaired")
    }

    /// LANG=C: the header's arrow between the names is "->", not an escaped "\\u2192" (both
    /// comparisons), and a grid's AUC error reads "+/-".
    @Test func theHeaderIsPlainASCIIInTheASCIIFallback() throws {
        let gridded = try SummaryComparison(a: Self.summary(Self.a),
                                            b: SummaryMetrics(summary: SummaryBuilder.summary(of: Self.b, grid: .tenThousandth)))
        for session in [Self.summaries, Self.files, Session(summaryComparison: gridded)] {
            let header = try Self.screen(session, keys: "", ascii: true)[0]
            #expect(header.contains("digits.evalsum -> digits_retrained.evalsum"), "\(header)")
            #expect(!header.contains("\\u"), "\(header)")
        }
        let header = try Self.screen(Session(summaryComparison: gridded), keys: "", ascii: true)[0]
        #expect(header.contains("summaries 1e-4: AUC +/-"), "\(header)")
    }

    @Test func sortingCyclesThroughTheColumnsASummaryHas() throws {
        var key = ConceptSortKey.delta
        var seen: [ConceptSortKey] = []
        repeat {
            seen.append(key)
            key = key.next(comparing: true, pairedInputs: false)
        } while key != .delta
        #expect(seen == [.delta, .pHolm, .aucA, .auc, .f1, .name])
        // ΔAUC ascending (regressions first) by default: the rows come in that order.
        let screen = try Self.screen(Self.summaries, keys: "")
        let compared = try #require(Self.summaries.compared)
        let shown = Self.summaries.concepts.indices.compactMap { index -> (Int, Double)? in
            let name = Self.summaries.concepts[index].name
            guard let position = screen.firstIndex(where: { Self.row([$0], name) != nil }) else { return nil }
            return (position, compared.changeRow(index).deltaAUC ?? .infinity)
        }.sorted { $0.0 < $1.0 }.map(\.1)
        #expect(shown.count >= 5 && shown == shown.sorted())
    }

    @Test func restrictingASummaryKeepsEachConceptsNumbers() {
        let full = SummaryMetrics(summary: SummaryBuilder.summary(of: Self.a, grid: .exact, rows: SummaryRowOptions(extremes: 5, sample: 20)))
        let order = [9, 2, 5]
        let restricted = SummaryMetrics(summary: full.summary.restricted(to: order))
        #expect(restricted.concepts.map(\.name) == order.map { full.concepts[$0].name })
        for (position, original) in order.enumerated() {
            #expect(restricted.curves[position].auc == full.curves[original].auc)
            #expect(restricted.curves[position].averagePrecision == full.curves[original].averagePrecision)
        }
        let confusion = full.confusionCounts()!, kept = restricted.confusionCounts()!
        for (row, originalRow) in order.enumerated() {
            for (column, originalColumn) in order.enumerated() {
                #expect(kept[row, column] == confusion[originalRow, originalColumn])
            }
        }
        #expect(restricted.inputCount == full.inputCount && restricted.top1Accuracy == full.top1Accuracy)
        // The drill-down rows: each kept concept's FN, FP and TP heads are the same inputs with
        // the same scores.
        #expect(!full.summary.rows.isEmpty)
        for (position, original) in order.enumerated() {
            for threshold in [0.05, 0.5, 0.95] {
                let before = SummaryDrillDown(summary: full.summary, concept: original, threshold: threshold)
                let after = SummaryDrillDown(summary: restricted.summary, concept: position, threshold: threshold)
                for (rowsBefore, rowsAfter) in [(before.falseNegatives, after.falseNegatives), (before.falsePositives, after.falsePositives),
                                                (before.truePositives, after.truePositives)] {
                    #expect(rowsAfter.map { restricted.summary.rows[$0].id } == rowsBefore.map { full.summary.rows[$0].id })
                    #expect(rowsAfter.map { restricted.summary.rows[$0].score(of: position) }
                            == rowsBefore.map { full.summary.rows[$0].score(of: original) })
                }
            }
        }
        // The identity keeps the summary as it is.
        #expect(full.summary.restricted(to: Array(0 ..< 10)).concepts.count == 10)
    }
}
