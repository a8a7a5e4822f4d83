import Foundation
import Testing
@testable import EvalCore

/// Issue 9: for a model too weak for the noise weights (the label-error estimate is at least half
/// of the suspects), the exclusive self-confidence ranking puts cleanlab's confident issues
/// (`prune_by_noise_rate`) first, by self-confidence, then the other suspects.
@Suite struct NoiseRatePruningTests {
    static func load(_ name: String) throws -> Evaluation { try EvaluationLoader.load(path: FixtureCSV.url(name).path) }

    /// cleanlab 2.9's `find_label_issues(labels, pred_probs, return_indices_ranked_by="self_confidence")`
    /// on the weak fixture (label_issues_weak.expected.json, scripts/make_label_error_cases.py).
    static let cleanlabIssues: [Int] = {
        let data = try! Data(contentsOf: FixtureCSV.url("label_issues_weak.expected.json"))
        let json = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
        return json["ranked_issues"] as! [Int]
    }()

    @Test func aWeakModelRanksCleanlabsIssuesFirstInCleanlabsOrder() throws {
        let evaluation = try Self.load("label_errors_weak.csv")
        let report = SuspectFinder.find(in: evaluation)
        #expect(NoiseRatePruning.applies(estimatedLabelErrors: report.estimatedLabelErrors, candidates: report.suspects.count))
        let issues = Self.cleanlabIssues
        #expect(report.suspects.prefix(issues.count).map(\.input) == issues)
        // The list itself is unchanged: the other suspects follow, lowest self-confidence first.
        let rest = report.suspects.dropFirst(issues.count).map(\.givenScore)
        #expect(!rest.isEmpty && rest == rest.sorted())
        #expect(Set(report.suspects.map(\.input)).isSuperset(of: issues))
        // The weighted order would differ: the quotas do change the ranking here.
        let calibration = LabelErrorEstimate.exclusiveCalibration(evaluation)
        #expect(NoiseWeights(calibratedRows: calibration.rows).strength > 0)
    }

    @Test func aGoodModelKeepsTheWeightedRanking() throws {
        let report = SuspectFinder.find(in: try Self.load("label_errors_digits.csv"))
        #expect(!NoiseRatePruning.applies(estimatedLabelErrors: report.estimatedLabelErrors, candidates: report.suspects.count))
        #expect(!NoiseRatePruning.applies(estimatedLabelErrors: 0, candidates: 0))
        #expect(NoiseRatePruning.applies(estimatedLabelErrors: 5, candidates: 10))
        #expect(!NoiseRatePruning.applies(estimatedLabelErrors: 4, candidates: 9))
    }

    /// cleanlab's `_keep_at_least_n_per_class(n=1)`: a diagonal rounded to 0 is raised to 1, taken
    /// evenly from the row's other non-zero cells, and the quotas truncated.
    @Test func quotasAreTheCalibratedCellsAsCleanlabPrunesThem() {
        let rows: [[(column: Int, count: Int)]] = [
            [(0, 10), (1, 3), (2, 0)],
            [(0, 2), (1, 0), (2, 5)],  // diagonal 0: 1 taken, 0.5 from each of the 2 other cells
            [(2, 1)],
        ]
        let quotas = NoiseRatePruning.quotas(calibratedRows: rows)
        #expect(quotas[0].map(\.column) == [1] && quotas[0].map(\.count) == [3])
        #expect(quotas[1].map(\.column) == [0, 2] && quotas[1].map(\.count) == [1, 4])
        #expect(quotas[2].isEmpty)
    }

    /// Rows of two classes, every input labelled 0.
    static func cutoffs(quota: Int, rows: [[Double]]) -> (NoiseRatePruning.Cutoffs, [Bool]) {
        let pruning = NoiseRatePruning(calibratedRows: [[(0, 10), (1, quota)], [(1, 10)]])
        var finder = NoiseRatePruning.CutoffFinder(pruning)
        for row in rows { row.withUnsafeBufferPointer { finder.add($0, label: 0) } }
        let cutoffs = finder.cutoffs()
        var seen = cutoffs.seenAtCutoff()
        let issues = rows.map { row in row.withUnsafeBufferPointer { cutoffs.isIssue($0, label: 0, seen: &seen) } }
        return (cutoffs, issues)
    }

    @Test func aQuotaSharedAtItsCutoffTakesTheFirstInputs() {
        // Quota 2: the margin 0.8 (last input), then one of three inputs at 0.4: the first.
        let (cutoffs, issues) = Self.cutoffs(quota: 2, rows: [[0.9, 0.1], [0.3, 0.7], [0.3, 0.7], [0.3, 0.7], [0.1, 0.9]])
        #expect(cutoffs.cells[0][0].margin == 0.7 - 0.3 && cutoffs.cells[0][0].atCutoff == 1)
        #expect(issues == [false, true, false, false, true])
    }

    @Test func anInputWhoseLabelStaysTheArgmaxIsNoIssue() {
        // Within 1e-6 of the other class's score (2^-20 < 1e-6): the label stays the argmax.
        let close = [0.25, 0.25 + 0x1p-20], far = [0.25, 0.25 + 0x1p-19]
        let (_, issues) = Self.cutoffs(quota: 3, rows: [close, far, [0.9, 0.1]])
        #expect(issues == [false, true, false])
        close.withUnsafeBufferPointer { #expect(NoiseRatePruning.Cutoffs.keepsItsLabel($0, label: 0)) }
        // A tie goes to the first class: labelled 1 with p[0] = p[1] + 1e-6 exactly is not kept.
        [0.5 + 1e-6, 0.5].withUnsafeBufferPointer { #expect(!NoiseRatePruning.Cutoffs.keepsItsLabel($0, label: 1)) }
    }
}
