@testable import EvalCore
import Foundation
import Testing

/// pROC's unpaired DeLong test (`roc.test(paired = FALSE)`), which compares two summaries, and
/// the Student's t it takes its p-value from, against R.
@Suite struct UnpairedDeLongTests {
    /// The score table of labelled scores: distinct scores descending with their counts.
    static func table(labels: [Int], scores: [Double]) -> ScoreTable {
        let distinct = Array(Set(scores)).sorted(by: >)
        return ScoreTable(
            scores: distinct,
            positives: distinct.map { s in zip(labels, scores).count { $0.0 == 1 && $0.1 == s } },
            negatives: distinct.map { s in zip(labels, scores).count { $0.0 == 0 && $0.1 == s } })
    }

    static let a = table(labels: [1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0],
                         scores: [0.9, 0.8, 0.8, 0.8, 0.3, 0.5, 0.1, 0.4, 0.4, 0.7, 0.2, 0.6])
    static let b = table(labels: [1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0],
                         scores: [0.95, 0.2, 0.7, 0.7, 0.7, 0.1, 0.6, 0.3, 0.65, 0.9, 0.5, 0.3, 0.05, 0.5])

    /// R: ra <- roc(ya, sa, levels = c(0, 1), direction = "<"); rb likewise;
    /// roc.test(rb, ra, method = "delong", paired = FALSE) on the data above (ties included).
    @Test func equalsPROCsUnpairedTestWithTies() throws {
        let result = try #require(UnpairedDeLong.test(a: Self.a, b: Self.b))
        #expect(abs(result.delta - (0.88541666666666663 - 0.84285714285714286)) < 1e-15)
        #expect(abs(try #require(result.statistic) - 0.28612019572861158) < 1e-12)
        #expect(abs(try #require(result.degreesOfFreedom) - 20.81187191273612) < 1e-10)
        #expect(abs(try #require(result.pValue) - 0.77761473908360434) < 1e-12)
        // The components' AUCs are scikit-learn's (ties count ½).
        #expect(abs(try #require(UnpairedDeLong.Components(Self.a)).auc - 0.84285714285714286) < 1e-15)
    }

    @Test func swappingTheSummariesNegatesTheStatistic() throws {
        let forward = try #require(UnpairedDeLong.test(a: Self.a, b: Self.b))
        let backward = try #require(UnpairedDeLong.test(a: Self.b, b: Self.a))
        #expect(backward.statistic == forward.statistic.map { -$0 })
        #expect(backward.pValue == forward.pValue)
        #expect(backward.degreesOfFreedom == forward.degreesOfFreedom)
    }

    @Test func needsTwoPositivesAndTwoNegativesOnEachSide() {
        let onePositive = Self.table(labels: [1, 0, 0, 0], scores: [0.9, 0.1, 0.2, 0.3])
        #expect(UnpairedDeLong.test(a: onePositive, b: Self.b) == nil)
        #expect(UnpairedDeLong.test(a: Self.a, b: onePositive) == nil)
    }

    @Test func perfectSeparationOnBothSidesHasNoStatistic() throws {
        let perfect = Self.table(labels: [1, 1, 0, 0], scores: [0.9, 0.8, 0.2, 0.1])
        let result = try #require(UnpairedDeLong.test(a: perfect, b: perfect))
        #expect(result.delta == 0 && result.statistic == nil && result.pValue == nil)
    }

    /// R's pt(-x, df) (R 4.2.2), printed with %.17g.
    static let rReference: [(x: Double, df: Double, p: Double)] = [
        (0.5, 1, 0.35241638234956679), (2, 1, 0.14758361765043321), (40, 1, 0.007956089912025812),
        (0.5, 2.5, 0.32884895993485741), (5, 2.5, 0.011725594985430922), (40, 2.5, 7.0978171452466926e-05),
        (2, 10, 0.036694017385370196), (10, 10, 7.9477658779820508e-07), (40, 10, 1.1404288715428737e-12),
        (0.5, 101.33, 0.30907958504909011), (5, 101.33, 1.2050327497317952e-06), (10, 101.33, 4.3446683677347478e-17),
        (40, 101.33, 3.4902265319827994e-64),
        (2, 1000, 0.022885173246625829), (10, 1000, 8.3353514793000405e-23), (40, 1000, 5.2394260775864375e-210),
        (0.5, 3e5, 0.30853772209325009), (5, 3e5, 2.8681266961963875e-07), (10, 3e5, 7.6848774533925151e-24),
        (2, 5e5, 0.022750401903268241), (10, 5e5, 7.6588048123730295e-24),
        (0.5, 4e6, 0.30853755247853842), (5, 4e6, 2.8666365168031374e-07),
    ]

    @Test func studentTMatchesR() {
        for (x, df, p) in Self.rReference {
            let ours = StudentT.cdf(-x, degreesOfFreedom: df)
            #expect(abs(ours - p) <= 1e-10 * p, "pt(-\(x), \(df)) = \(p), got \(ours)")
            #expect(abs(StudentT.cdf(x, degreesOfFreedom: df) - (1 - p)) < 1e-13)
        }
        #expect(StudentT.cdf(0, degreesOfFreedom: 7) == 0.5)
        #expect(StudentT.cdf(-40, degreesOfFreedom: 3e5) == 0)  // R: 0 (below the smallest Double)
        #expect(abs(StudentT.twoSidedP(-2, degreesOfFreedom: 10) - 2 * 0.036694017385370196) < 1e-15)
        #expect(StudentT.twoSidedP(2, degreesOfFreedom: 10) == StudentT.twoSidedP(-2, degreesOfFreedom: 10))
    }
}
