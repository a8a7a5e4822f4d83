import Foundation

/// DeLong's test for two correlated ROC AUCs of one concept (DeLong, DeLong & Clarke-Pearson
/// 1988), as R's pROC computes it (`roc.test(method = "delong", paired = TRUE)`), with the
/// difference taken B − A.
public struct DeLongResult: Sendable, Equatable {
    /// AUC(B) − AUC(A).
    public let delta: Double
    /// delta / sd. Nil when the variance cannot be estimated (fewer than two positives or two
    /// negatives) and when it is 0 while delta is not (z would be infinite).
    public let z: Double?
    /// Two-sided, from the normal distribution. Nil when the variance cannot be estimated.
    public let pValue: Double?
    /// delta ± 1.959963984540054 · sd. Nil when the variance cannot be estimated.
    public let ciLow: Double?
    public let ciHigh: Double?
    /// The standard deviation of delta. Nil when it cannot be estimated.
    public let standardError: Double?
}

/// The paired DeLong test for every concept of two aligned evaluations (same inputs, same
/// concepts, same labels: see `EvaluationPair`).
///
/// DeLong's variance needs each input's *placement* in both rankings: for a positive, the share
/// of negatives it outscores (ties ½), and for a negative, the share of positives that outscore
/// it. Sun & Xu (2014) get these from midranks in O(n log n); here the sort is the one the ROC
/// curves already did. An input's placement depends only on which distinct score it has, and a
/// `ConceptCurve` holds the positives and negatives at or above every distinct score, so the
/// placement of every distinct score is computed once from the curve; each input then only
/// looks its score up (`PlacementTable`). One pass over the rows of both files accumulates the
/// variances and the covariance: O(n · concepts) after the curves, with no sort of its own.
public enum DeLong {
    /// The 97.5 % quantile of the standard normal distribution.
    public static let z975 = 1.959963984540054

    /// Rows per unit of parallel work.
    static let inputsPerChunk = 65_536

    /// One result per concept; nil for a concept without positives or without negatives.
    public static func pairedTests(a: Evaluation, b: Evaluation, curvesA: [ConceptCurve], curvesB: [ConceptCurve]) -> [DeLongResult?] {
        precondition(a.inputCount == b.inputCount && a.conceptCount == b.conceptCount, "aligned evaluations")
        let conceptCount = a.conceptCount
        let inputCount = a.inputCount
        guard conceptCount > 0 else { return [] }
        // Both tables of a concept side by side, in a buffer the workers read without
        // reference counting.
        let tables = UnsafeMutableBufferPointer<(a: PlacementTable, b: PlacementTable)>.allocate(capacity: conceptCount)
        for concept in 0 ..< conceptCount {
            (tables.baseAddress! + concept).initialize(to: (PlacementTable(curve: curvesA[concept]), PlacementTable(curve: curvesB[concept])))
        }
        defer {
            for pair in tables {
                pair.a.deallocate()
                pair.b.deallocate()
            }
            tables.deinitialize().deallocate()
        }
        let sharedTables = DisjointWrites(tables)
        let chunkCount = max(1, (inputCount + inputsPerChunk - 1) / inputsPerChunk)
        let sums = UnsafeMutableBufferPointer<CovarianceSums>.allocate(capacity: chunkCount * conceptCount)
        sums.initialize(repeating: CovarianceSums())
        defer { sums.deallocate() }
        let shared = DisjointWrites(sums)
        a.scores.withUnsafeBufferPointer { scoresA in
            b.scores.withUnsafeBufferPointer { scoresB in
                a.labelOffsets.withUnsafeBufferPointer { offsets in
                    a.labelConcepts.withUnsafeBufferPointer { labels in
                        let inputs = DisjointWrites((scoresA, scoresB, offsets, labels))
                        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                            let (scoresA, scoresB, offsets, labels) = inputs.pointer
                            let tables = sharedTables.pointer
                            let sums = shared.pointer.baseAddress! + chunk * conceptCount
                            let positive = UnsafeMutablePointer<Bool>.allocate(capacity: conceptCount)
                            positive.initialize(repeating: false, count: conceptCount)
                            defer { positive.deallocate() }
                            for input in chunk * inputsPerChunk ..< min(inputCount, (chunk + 1) * inputsPerChunk) {
                                let labelRange = Int(offsets[input]) ..< Int(offsets[input + 1])
                                for label in labelRange { positive[Int(labels[label])] = true }
                                let row = input &* conceptCount
                                for concept in 0 ..< conceptCount {
                                    let scoreA = scoresA[row &+ concept]
                                    let scoreB = scoresB[row &+ concept]
                                    if positive[concept] {
                                        sums[concept].addPositive(tables[concept].a.positivePlacement(of: scoreA),
                                                                  tables[concept].b.positivePlacement(of: scoreB))
                                    } else {
                                        sums[concept].addNegative(tables[concept].a.negativePlacement(of: scoreA),
                                                                  tables[concept].b.negativePlacement(of: scoreB))
                                    }
                                }
                                for label in labelRange { positive[Int(labels[label])] = false }
                            }
                        }
                    }
                }
            }
        }
        return (0 ..< conceptCount).map { concept in
            var total = CovarianceSums()
            for chunk in 0 ..< chunkCount { total.add(sums[chunk * conceptCount + concept]) }
            return result(curveA: curvesA[concept], curveB: curvesB[concept], sums: total)
        }
    }

    /// The test from the summed products of the centred placements.
    static func result(curveA: ConceptCurve, curveB: ConceptCurve, sums: CovarianceSums) -> DeLongResult? {
        guard let aucA = curveA.auc, let aucB = curveB.auc else { return nil }
        let delta = aucB - aucA
        let positives = Double(curveA.positives)
        let negatives = Double(curveA.negatives)
        // pROC divides by (m − 1) and (n − 1): with one positive or one negative the variance
        // is NaN there, and the test undefined.
        guard curveA.positives >= 2, curveA.negatives >= 2 else {
            return DeLongResult(delta: delta, z: nil, pValue: nil, ciLow: nil, ciHigh: nil, standardError: nil)
        }
        let positiveTerm = (sums.positiveAA + sums.positiveBB - 2 * sums.positiveAB) / ((positives - 1) * positives)
        let negativeTerm = (sums.negativeAA + sums.negativeBB - 2 * sums.negativeAB) / ((negatives - 1) * negatives)
        let variance = positiveTerm + negativeTerm
        guard variance > 0 else {
            // Both rankings place every input alike (or rounding took a zero below it).
            if delta == 0 {
                return DeLongResult(delta: 0, z: 0, pValue: 1, ciLow: 0, ciHigh: 0, standardError: 0)
            }
            return DeLongResult(delta: delta, z: nil, pValue: 0, ciLow: delta, ciHigh: delta, standardError: 0)
        }
        let sd = variance.squareRoot()
        let z = delta / sd
        return DeLongResult(
            delta: delta, z: z, pValue: twoSidedNormalP(z),
            ciLow: delta - z975 * sd, ciHigh: delta + z975 * sd, standardError: sd)
    }

    /// 2 · (1 − Φ(|z|)) = erfc(|z| / √2), accurate far into the tail.
    public static func twoSidedNormalP(_ z: Double) -> Double {
        erfc(abs(z) / 2.0.squareRoot())
    }
}

/// Σ of the products of the centred placements over the positives and over the negatives.
struct CovarianceSums {
    var positiveAA = 0.0, positiveBB = 0.0, positiveAB = 0.0
    var negativeAA = 0.0, negativeBB = 0.0, negativeAB = 0.0

    @inline(__always)
    mutating func addPositive(_ a: Double, _ b: Double) {
        positiveAA += a * a
        positiveBB += b * b
        positiveAB += a * b
    }

    @inline(__always)
    mutating func addNegative(_ a: Double, _ b: Double) {
        negativeAA += a * a
        negativeBB += b * b
        negativeAB += a * b
    }

    mutating func add(_ other: CovarianceSums) {
        positiveAA += other.positiveAA
        positiveBB += other.positiveBB
        positiveAB += other.positiveAB
        negativeAA += other.negativeAA
        negativeBB += other.negativeBB
        negativeAB += other.negativeAB
    }
}
