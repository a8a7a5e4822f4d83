import Foundation

/// DeLong's test for two *unpaired* ROC AUCs, as R's pROC computes it (`roc.test(roc_b, roc_a,
/// method = "delong", paired = FALSE)`, its `delong.unpaired.test`): each AUC's variance from its
/// own placements, D = (AUC_B − AUC_A) / √(S_A + S_B), and a two-sided p from Student's t with
/// Welch–Satterthwaite degrees of freedom.
///
/// This is the test for two *summaries* (issue 13): a summary keeps each concept's distinct
/// scores with their counts, not which input had which score, so the covariance the paired test
/// needs is gone. The placements are still exact: an input's placement depends only on its
/// distinct score, so the sums run over the score table with multiplicities. Ignoring the
/// covariance of two models scored on the same inputs usually overstates the variance of the
/// difference (the two AUCs are positively correlated), so this test is conservative there.
public struct UnpairedDeLongResult: Sendable, Equatable {
    /// AUC(B) − AUC(A).
    public let delta: Double
    /// pROC's D statistic: delta / √(S_A + S_B). Nil when it is undefined (no variance).
    public let statistic: Double?
    /// The Welch–Satterthwaite degrees of freedom of pROC's t reference.
    public let degreesOfFreedom: Double?
    /// Two-sided, 2 · P(T ≥ |D|). Nil when the statistic is.
    public let pValue: Double?
}

public enum UnpairedDeLong {
    /// Nil when either table lacks two positives or two negatives (pROC cannot estimate a
    /// variance from one).
    public static func test(a: ScoreTable, b: ScoreTable) -> UnpairedDeLongResult? {
        guard let varianceA = Components(a), let varianceB = Components(b) else { return nil }
        let delta = varianceB.auc - varianceA.auc
        let sum = varianceA.variance + varianceB.variance
        guard sum > 0 else {
            // Both curves separate perfectly (or not at all): pROC's D is 0/0 or ±∞ there.
            return UnpairedDeLongResult(delta: delta, statistic: nil, degreesOfFreedom: nil, pValue: nil)
        }
        let statistic = delta / sum.squareRoot()
        let df = sum * sum / (varianceA.variance * varianceA.variance / Double(varianceA.inputs - 1)
            + varianceB.variance * varianceB.variance / Double(varianceB.inputs - 1))
        return UnpairedDeLongResult(delta: delta, statistic: statistic, degreesOfFreedom: df,
                                    pValue: StudentT.twoSidedP(statistic, degreesOfFreedom: df))
    }

    /// One curve's AUC (θ) and the variance S = S_X / m + S_Y / n of pROC's
    /// `delong.unpaired.test`, with S_X the sample variance of the positives' placements (the
    /// share of negatives each outscores, ties ½) and S_Y that of the negatives' (the share of
    /// positives that outscore each).
    struct Components {
        let auc: Double
        let variance: Double
        let inputs: Int

        init?(_ table: ScoreTable) {
            let m = table.positiveCount, n = table.negativeCount
            guard m >= 2, n >= 2 else { return nil }
            // Scores are descending: the negatives below index k are those after it, the
            // positives above it those before it.
            var negativesAfter = [Int](repeating: 0, count: table.scores.count)
            var running = 0
            for k in table.scores.indices.reversed() {
                negativesAfter[k] = running
                running += table.negatives[k]
            }
            var positivesBefore = 0
            var placementSum = 0.0
            var positivePlacements: [(value: Double, count: Int)] = []
            var negativePlacements: [(value: Double, count: Int)] = []
            for k in table.scores.indices {
                let positives = table.positives[k], negatives = table.negatives[k]
                if positives > 0 {
                    let value = (Double(negativesAfter[k]) + Double(negatives) / 2) / Double(n)
                    positivePlacements.append((value, positives))
                    placementSum += value * Double(positives)
                }
                if negatives > 0 {
                    negativePlacements.append(((Double(positivesBefore) + Double(positives) / 2) / Double(m), negatives))
                }
                positivesBefore += positives
            }
            let theta = placementSum / Double(m)
            func sumOfSquares(_ placements: [(value: Double, count: Int)]) -> Double {
                placements.reduce(0) { $0 + Double($1.count) * ($1.value - theta) * ($1.value - theta) }
            }
            let sx = sumOfSquares(positivePlacements) / Double(m - 1)
            let sy = sumOfSquares(negativePlacements) / Double(n - 1)
            auc = theta
            variance = sx / Double(m) + sy / Double(n)
            inputs = m + n
        }
    }
}
