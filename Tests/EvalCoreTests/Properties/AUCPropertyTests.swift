import PropertyBased
import Testing
@testable import EvalCore

/// The AUC properties of the contract, checked on generated data with PropertyBased
/// (shrinking to the smallest failing case). Scores on a 1/20 grid make ties common.
@Suite struct AUCPropertyTests {
    static let rows = zip(Gen.int(in: 0 ... 20), Gen.bool).array(of: 2 ... 60)

    static func curve(_ rows: [(Int, Bool)], transform: (Double) -> Double = { $0 }) -> ConceptCurve {
        ConceptCurve(scores: rows.map { transform(Double($0.0) / 20) }, isPositive: rows.map(\.1))
    }

    @Test func strictlyIncreasingTransformsLeaveAUCAndAPUnchanged() async {
        await propertyCheck(input: Self.rows) { rows in
            let base = Self.curve(rows)
            for transform: (Double) -> Double in [{ $0 * $0 * $0 }, { ($0 + 1).squareRoot() / 2 }, { $0 / 3 + 0.5 }] {
                let moved = Self.curve(rows, transform: transform)
                #expect(moved.auc == base.auc)
                #expect(moved.averagePrecision == base.averagePrecision)
            }
        }
    }

    @Test func flippingTheScoresFlipsTheAUC() async {
        await propertyCheck(input: Self.rows) { rows in
            let auc = Self.curve(rows).auc
            let flipped = Self.curve(rows, transform: { 1 - $0 }).auc
            #expect((auc == nil) == (flipped == nil))
            if let auc, let flipped { #expect(abs(auc + flipped - 1) < 1e-12) }
        }
    }

    @Test func rowOrderChangesNothing() async {
        await propertyCheck(input: Self.rows) { rows in
            let base = Self.curve(rows)
            let reordered = Self.curve(rows.reversed() + [])
            #expect(reordered.auc == base.auc)
            #expect(reordered.averagePrecision == base.averagePrecision)
            #expect(reordered.thresholds == base.thresholds)
            for t in [0.0, 0.25, 0.5, 0.75, 1.0] { #expect(reordered.counts(at: t) == base.counts(at: t)) }
        }
    }

    @Test func countsAtAThresholdMatchABruteForceCount() async {
        await propertyCheck(input: Self.rows, Gen.int(in: 0 ... 21)) { rows, step in
            let t = Double(step) / 20
            let counts = Self.curve(rows).counts(at: t)
            let predicted = rows.filter { Double($0.0) / 20 >= t }
            #expect(counts.tp == predicted.filter(\.1).count)
            #expect(counts.fp == predicted.filter { !$0.1 }.count)
            #expect(counts.fn == rows.filter(\.1).count - counts.tp)
            #expect(counts.tn == rows.filter { !$0.1 }.count - counts.fp)
        }
    }
}
