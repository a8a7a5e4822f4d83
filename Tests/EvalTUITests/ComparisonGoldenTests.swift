import EvalCore
import EvalTUI
import Foundation
import Testing
import TermUI

/// The comparison UI (`evaltop A B`) on the bundled digits (A) against a retrained copy (B):
/// B's scores are A's with seeded noise that grows with the concept index (so some concepts get
/// significantly worse, some stay), with 20 inputs only in A, 10 only in B, and 5 relabelled.
@Suite struct ComparisonGoldenTests {
    static let session: Session = {
        let a = try! EvaluationLoader.loadBundledExample()
        var generator = SplitMix64(seed: 8)
        let concepts = a.conceptCount
        var ids: [String] = []
        var scores: [Double] = []
        var offsets: [Int32] = [0]
        var labels: [Int32] = []
        for input in 20 ..< a.inputCount {
            ids.append(a.inputIDs[input])
            for concept in 0 ..< concepts {
                let noise = generator.normal() * 0.12 * Double(concept % 5)
                let boost = concept == 8 && a.isLabeled(input: input, concept: concept) ? 0.3 : 0
                scores.append(min(1, max(0, a.score(input: input, concept: concept) + noise + boost)))
            }
            var own = Array(a.labels(of: input))
            if input % 300 == 7 { own = [(own[0] + 1) % Int32(concepts)] }
            labels += own
            offsets.append(Int32(labels.count))
        }
        for extra in 0 ..< 10 {
            ids.append("new-\(extra)")
            for concept in 0 ..< concepts { scores.append(concept == extra ? 0.9 : 0.01) }
            labels.append(Int32(extra))
            offsets.append(Int32(labels.count))
        }
        let b = Evaluation(sourcePath: "digits_retrained.csv", format: .wide, mode: .exclusive, concepts: a.concepts,
                           inputIDs: ids, scores: scores, labelOffsets: offsets, labelConcepts: labels)
        return Session(comparison: try! Comparison.compare(a, b))
    }()

    static func screen(keys: String, width: Int, height: Int, ascii: Bool = false) throws -> String {
        let theme = try Theme.load(nameOrPath: "mono")
        let context = RenderContext(theme: ResolvedTheme(theme: theme, capability: .none, baseGlyphs: ascii ? .ascii : .unicode))
        let state = AppState(fileName: "digits.csv → digits_retrained.csv", threshold: 0.5, width: width, height: height,
                             unicode: !context.ascii, comparing: true)
        return Replay.text(of: Replay.run(state: state, session: session, keys: try KeyScript.parse(keys), context: context))
    }

    static let views: [(name: String, keys: String)] = [
        ("start", ""),
        ("sorted-by-p", "s"),
        ("sorted-by-delta-desc", "S"),
        ("pr-curve", "p"),
        ("threshold-stepped", "]]"),
        ("filter", "/e<Enter>"),
        ("details", "<Enter>"),
        ("details-fixed", "<Enter>2"),
        ("details-still-wrong-next-row", "<Enter><Tab><Tab>j"),
        ("details-input", "<Enter><Enter>"),
        // The views computed on B alone say so in their titles.
        ("matrix", "c"),
        ("diagnosis", "d"),
        ("suspects", "L"),
        ("help-marks", "?" + String(repeating: "<PgDn>", count: 12)),
    ]

    @Test func comparisonViews() throws {
        for size in [(100, 30), (80, 24), (120, 40)] {
            for view in Self.views {
                let text = try Self.screen(keys: view.keys, width: size.0, height: size.1)
                try Golden.check(text, named: "compare-\(size.0)x\(size.1)-\(view.name)")
            }
        }
    }

    @Test func asciiComparison() throws {
        let text = try Self.screen(keys: "", width: 100, height: 30, ascii: true)
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII }, "non-ASCII glyph in the ASCII comparison screen")
        try Golden.check(text, named: "compare-100x30-ascii-start")
    }

    /// What the goldens show, checked against the comparison itself: the default order is ΔAUC
    /// ascending (regressions first) and the significance marks follow Holm's p.
    @Test func regressionsComeFirstAndMarksFollowHolm() throws {
        let comparison = try #require(Self.session.comparison)
        let state = AppState(fileName: "x", width: 100, height: 30, comparing: true)
        var withSession = state
        withSession.session = Self.session
        withSession.phase = .ready
        let order = withSession.conceptRows
        let deltas = order.compactMap { comparison.concepts[$0].deltaAUC }
        #expect(deltas == deltas.sorted())
        #expect(comparison.summary.significantlyWorse > 0)
        let text = try Self.screen(keys: "", width: 100, height: 30)
        for row in comparison.concepts where row.change() == .worse {
            #expect(text.contains("▼ \(row.concept.name)"))
        }
        #expect(comparison.pair.inputsOnlyInA.count == 20 && comparison.pair.inputsOnlyInB.count == 10)
        #expect(comparison.pair.labelMismatches == 5)
    }

    @Test func theSortCycleOfAComparison() {
        var key = ConceptSortKey.delta
        var seen: [ConceptSortKey] = []
        for _ in 0 ..< 8 {
            seen.append(key)
            key = key.next(comparing: true)
        }
        #expect(seen == [.delta, .pHolm, .aucA, .auc, .f1, .fixed, .broken, .name])
        #expect(key == .delta)
        #expect(ConceptSortKey.name.next(comparing: false) == .auc)
    }
}
