import PropertyBased
import Testing
@testable import EvalCore

/// The properties of the comparison, on generated pairs (PropertyBased shrinks failures).
/// Scores on a 1/20 grid make ties common.
@Suite struct ComparisonPropertyTests {
    /// Rows of (label, score in A, score in B).
    static let rows = zip(Gen.bool, Gen.int(in: 0 ... 20), Gen.int(in: 0 ... 20)).array(of: 2 ... 50)

    static func compare(_ rows: [(Bool, Int, Int)], transformB: (Double) -> Double = { $0 }, swap: Bool = false) throws -> ConceptComparison {
        let positive = rows.map(\.0)
        let a = PairFixture.oneConcept("a.csv", positive: positive, scores: rows.map { Double($0.1) / 20 })
        let b = PairFixture.oneConcept("b.csv", positive: positive, scores: rows.map { transformB(Double($0.2) / 20) })
        return try (swap ? Comparison.compare(b, a) : Comparison.compare(a, b)).concepts[0]
    }

    @Test func swappingAAndBNegatesDeltaAndZAndKeepsP() async {
        await propertyCheck(input: Self.rows) { rows in
            let forward = try Self.compare(rows)
            let backward = try Self.compare(rows, swap: true)
            #expect((forward.deLong == nil) == (backward.deLong == nil))
            guard let f = forward.deLong, let b = backward.deLong else { return }
            #expect(f.delta == -b.delta)
            #expect(f.z.map { -$0 } == b.z)
            #expect(f.pValue == b.pValue)
            #expect(f.standardError == b.standardError)
            #expect(forward.pHolm == backward.pHolm)
        }
    }

    @Test func aStrictlyIncreasingTransformOfOneFileChangesNothing() async {
        await propertyCheck(input: Self.rows) { rows in
            let base = try Self.compare(rows)
            for transform: (Double) -> Double in [{ $0 * $0 * $0 }, { ($0 + 1).squareRoot() / 2 }, { $0 / 3 + 0.5 }] {
                let moved = try Self.compare(rows, transformB: transform)
                #expect(moved.aucA == base.aucA && moved.aucB == base.aucB)
                #expect(moved.deLong == base.deLong)
                #expect(moved.pHolm == base.pHolm)
            }
        }
    }

    @Test func agreesWithTheDefinition() async {
        await propertyCheck(input: Self.rows) { rows in
            let result = try Self.compare(rows)
            guard let test = result.deLong, let sd = test.standardError else { return }
            let oracle = PairFixture.definitionalDeLong(
                positive: rows.map(\.0), a: rows.map { Double($0.1) / 20 }, b: rows.map { Double($0.2) / 20 })
            #expect(abs(test.delta - oracle.delta) < 1e-12)
            #expect(abs(sd * sd - max(0, oracle.variance)) < 1e-12)
        }
    }

    @Test func inputOrderChangesNothing() async {
        await propertyCheck(input: Self.rows) { rows in
            let positive = rows.map(\.0)
            let a = PairFixture.oneConcept("a.csv", positive: positive, scores: rows.map { Double($0.1) / 20 })
            // B lists the same inputs in reverse order.
            let b = PairFixture.evaluation("b.csv", concepts: ["x"], rows: rows.indices.reversed().map {
                (id: "i\($0)", labels: positive[$0] ? ["x"] : [], scores: [Double(rows[$0].2) / 20])
            })
            let shuffled = try Comparison.compare(a, b).concepts[0]
            let ordered = try Self.compare(rows)
            #expect(shuffled.aucB == ordered.aucB)
            #expect(shuffled.deLong?.delta == ordered.deLong?.delta)
            if let s = shuffled.deLong?.standardError, let o = ordered.deLong?.standardError { #expect(abs(s - o) < 1e-12) }
        }
    }
}

/// The slider's O(log n) fixed/broken counts against the direct pass over the scores.
@Suite struct OutcomeIndexTests {
    static let rows = zip(Gen.int(in: 0 ... 3), Gen.int(in: 0 ... 20), Gen.int(in: 0 ... 20)).array(of: 1 ... 60)

    @Test func theIndexAgreesWithTheDirectCount() async {
        await propertyCheck(input: Self.rows, Gen.int(in: 0 ... 21)) { rows, step in
            // Two concepts; the first number picks the labels (multilabel, possibly none or both).
            let a = PairFixture.evaluation("a.csv", concepts: ["x", "y"], rows: rows.enumerated().map { i, r in
                (id: "i\(i)", labels: [r.0 & 1 == 1 ? "x" : nil, r.0 & 2 == 2 ? "y" : nil].compactMap { $0 },
                 scores: [Double(r.1) / 20, Double(r.2) / 20])
            })
            let b = PairFixture.evaluation("b.csv", concepts: ["x", "y"], rows: rows.enumerated().map { i, r in
                (id: "i\(i)", labels: [], scores: [Double(r.2) / 20, Double((r.1 + r.2) % 21) / 20])
            })
            let comparison = try Comparison.compare(a, b)
            let thresholds = Thresholds(global: Double(step) / 20, perConcept: [1: Double(21 - step) / 20])
            #expect(OutcomeIndex(comparison: comparison).outcomes(comparison, at: thresholds) == comparison.outcomes(at: thresholds))
        }
    }
}
