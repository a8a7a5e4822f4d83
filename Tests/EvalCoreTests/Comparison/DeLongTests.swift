import Foundation
import Testing
@testable import EvalCore

/// DeLong's paired test on cases worked out by hand, and the zero-variance and undefined rules.
@Suite struct DeLongTests {
    func test(positive: [Bool], a: [Double], b: [Double]) throws -> ConceptComparison {
        let comparison = try Comparison.compare(PairFixture.oneConcept("a.csv", positive: positive, scores: a),
                                                PairFixture.oneConcept("b.csv", positive: positive, scores: b))
        return comparison.concepts[0]
    }

    @Test func tiesAndPerfectSeparationByHand() throws {
        // A: positives 0.9, 0.4; negatives 0.4, 0.1. Placements of the positives 1 and
        // (½ + 1)/2 = ¾, of the negatives (1 + ½)/2 = ¾ and 1: AUC ⅞. B separates perfectly
        // (all placements 1, AUC 1). Centred A placements ±⅛ on both sides: S₁₀ = S₀₁ = 2·(1/64)/1,
        // var = (1/32)/2 + (1/32)/2 = 1/32, so z = ⅛ / √(1/32) = 1/√2 and p = erfc(½).
        let row = try test(positive: [true, true, false, false], a: [0.9, 0.4, 0.4, 0.1], b: [0.8, 0.7, 0.3, 0.6])
        #expect(row.aucA == 0.875)
        #expect(row.aucB == 1)
        let result = try #require(row.deLong)
        #expect(result.delta == 0.125)
        #expect(abs(result.z! - 1 / 2.0.squareRoot()) < 1e-12)
        #expect(abs(result.pValue! - erfc(0.5)) < 1e-12)
        let sd = (1.0 / 32).squareRoot()
        #expect(abs(result.ciLow! - (0.125 - 1.959963984540054 * sd)) < 1e-12)
        #expect(abs(result.ciHigh! - (0.125 + 1.959963984540054 * sd)) < 1e-12)
        #expect(row.pHolm == result.pValue)  // a family of one
    }

    @Test func aConceptIdenticalInBothFilesHasZeroDifferenceAndPOne() throws {
        let scores = [0.9, 0.4, 0.4, 0.1, 0.65, 0.3]
        let row = try test(positive: [true, true, false, false, true, false], a: scores, b: scores)
        #expect(row.deLong == DeLongResult(delta: 0, z: 0, pValue: 1, ciLow: 0, ciHigh: 0, standardError: 0))
    }

    @Test func zeroVarianceWithADifferenceGivesPZeroAndNoZ() throws {
        // A ties everything (every placement ½), B separates perfectly (every placement 1):
        // the placements do not vary, yet the AUCs differ by ½.
        let row = try test(positive: [true, true, false, false], a: [0.5, 0.5, 0.5, 0.5], b: [0.9, 0.8, 0.2, 0.1])
        #expect(row.deLong == DeLongResult(delta: 0.5, z: nil, pValue: 0, ciLow: 0.5, ciHigh: 0.5, standardError: 0))
        #expect(row.change() == .better)
    }

    @Test func perfectSeparationInBothFilesIsNoChange() throws {
        let row = try test(positive: [true, true, false, false], a: [0.9, 0.8, 0.2, 0.1], b: [0.6, 0.55, 0.5, 0.1])
        #expect(row.deLong?.delta == 0)
        #expect(row.deLong?.z == 0)
        #expect(row.deLong?.pValue == 1)
    }

    @Test func aConceptWithoutNegativesHasNoTest() throws {
        let row = try test(positive: [true, true, true], a: [0.9, 0.4, 0.1], b: [0.2, 0.3, 0.4])
        #expect(row.aucA == nil && row.aucB == nil)
        #expect(row.deLong == nil && row.deltaAUC == nil && row.pHolm == nil)
        #expect(row.averagePrecisionA == 1)  // AP is defined: every input is a positive
    }

    @Test func aConceptWithoutPositivesHasNoTest() throws {
        let row = try test(positive: [false, false, false], a: [0.9, 0.4, 0.1], b: [0.2, 0.3, 0.4])
        #expect(row.deLong == nil && row.pHolm == nil && row.averagePrecisionA == nil)
    }

    @Test func onePositiveGivesTheDifferenceButNoVariance() throws {
        // pROC divides by m − 1: with one positive its variance is NaN and the test undefined.
        let row = try test(positive: [true, false, false, false], a: [0.9, 0.4, 0.95, 0.1], b: [0.9, 0.4, 0.3, 0.1])
        let result = try #require(row.deLong)
        #expect(abs(result.delta - (1 - 2.0 / 3.0)) < 1e-15)
        #expect(result.z == nil && result.pValue == nil && result.ciLow == nil && result.ciHigh == nil)
        #expect(row.pHolm == nil)
    }

    @Test func matchesTheDefinitionOnAWorkedExampleWithManyTies() throws {
        let positive = [true, false, true, true, false, false, true, false, false, true, false, true]
        let a = [0.7, 0.7, 0.2, 0.9, 0.1, 0.4, 0.4, 0.4, 0.0, 1.0, 0.3, 0.5]
        let b = [0.6, 0.2, 0.6, 0.9, 0.6, 0.1, 0.8, 0.3, 0.0, 0.7, 0.3, 0.2]
        let row = try test(positive: positive, a: a, b: b)
        let oracle = PairFixture.definitionalDeLong(positive: positive, a: a, b: b)
        let result = try #require(row.deLong)
        #expect(abs(result.delta - oracle.delta) < 1e-12)
        #expect(abs(result.standardError! - oracle.variance.squareRoot()) < 1e-12)
        #expect(abs(result.z! - oracle.delta / oracle.variance.squareRoot()) < 1e-9)
    }

    @Test func scoresOutsideTheUnitIntervalTakeTheSearchPath() throws {
        // Loaders reject these, but the metrics accept them; the placements must still be right.
        let positive = [true, false, true, false, true, false]
        let a = [2.5, -1.0, 0.3, 0.3, 7.0, 1.5]
        let b = [0.9, 0.1, 0.2, 0.4, 0.8, 0.3]
        let row = try test(positive: positive, a: a, b: b)
        let oracle = PairFixture.definitionalDeLong(positive: positive, a: a, b: b)
        #expect(abs(row.deLong!.delta - oracle.delta) < 1e-12)
        #expect(abs(row.deLong!.standardError! - oracle.variance.squareRoot()) < 1e-12)
    }
}

/// Holm and McNemar against the values statsmodels returns (computed with statsmodels 0.14:
/// `multipletests(p, method="holm")[1]`, `mcnemar([[0, b], [c, 0]], exact=True).pvalue`).
@Suite struct SignificanceTests {
    @Test func holmMatchesStatsmodels() {
        let adjusted = HolmAdjustment.adjust([0.01, 0.04, nil, 0.03, 0.005, 0.2, 0.04])
        let expected: [Double?] = [0.05, 0.12, nil, 0.12, 0.03, 0.2, 0.12]
        for (got, want) in zip(adjusted, expected) {
            #expect((got == nil) == (want == nil))
            if let got, let want { #expect(abs(got - want) < 1e-12) }
        }
        #expect(HolmAdjustment.adjust([]) == [])
        #expect(HolmAdjustment.adjust([0.6, 0.7]) == [1, 1])  // capped at 1
    }

    @Test(arguments: [
        (0, 0, 1.0), (0, 5, 0.0625), (5, 5, 1.0), (3, 11, 0.057373046875), (412, 380, 0.2706523132293573),
        (4000, 4200, 0.027972423571324654), (100_000, 101_000, 0.02586239243973295), (1, 250_000, 0.0),
    ])
    func mcNemarMatchesStatsmodels(b: Int, c: Int, p: Double) {
        let test = McNemarTest(b: b, c: c)
        #expect(abs(test.pValue - p) < 1e-9)
        #expect(McNemarTest(b: c, c: b).pValue == test.pValue)
    }

    @Test func binomialCDFAgreesWithExactSumsForSmallN() {
        for n in 0 ... 40 {
            var total = 0.0
            var coefficient = 1.0  // C(n, k)
            for k in 0 ... n {
                total += coefficient / pow(2, Double(n))
                #expect(abs(BinomialHalf.cdf(k, trials: n) - total) < 1e-12)
                coefficient = coefficient * Double(n - k) / Double(k + 1)
            }
        }
    }
}
