import Foundation

/// Builds `ConceptCurve`s: per concept, the positives and negatives at every distinct score,
/// cumulated from the highest score down. Columns with few distinct scores are counted
/// without sorting (`ScoreCounter`); the others are radix sorted and swept.
///
/// The sort key of an input is `scoreBits << 1 | isPositive`, or for the curves of a whole
/// evaluation, which keep input indices (`DistinctScores`), the score's bit pattern without
/// its lowest bits, the label and the input index (`SortKeyLayout`). For a score in [0, 1] the
/// IEEE 754 bit pattern orders exactly like the value and is below 2^62, so the keys are exact
/// or exactly resolved by the sweep (no rounding to Float, distinct scores never merge) and a
/// radix sort orders them. Scores outside [0, 1] (which the loaders reject, but callers can
/// construct) take a comparison sort instead.
enum CurveBuilder {
    /// Bit pattern of 1.0: every score in [0, 1] has a bit pattern at most this.
    static let maximumKeyableBits: UInt64 = (1.0 as Double).bitPattern

    /// Exact bit pattern of a score, with -0 read as +0 (adding +0 turns -0 into +0 and
    /// leaves every other value unchanged).
    @inline(__always)
    static func scoreBits(_ score: Double) -> UInt64 {
        (score + 0.0).bitPattern
    }

    /// The curve of one column given as arrays, by the same methods as whole evaluations.
    static func curve(scores: [Double], isPositive: [Bool]) -> ConceptCurve {
        let count = scores.count
        var counter = ScoreCounter()
        defer { counter.deallocate() }
        counter.reset(distinctLimit: max(16, count / inputsPerDistinctScore), inputCount: count)
        for index in 0 ..< count {
            let bits = scoreBits(scores[index])
            guard bits <= maximumKeyableBits else {
                return comparisonSortedCurve(scores: scores, isPositive: isPositive)
            }
            counter.add(score: scores[index], bits: bits, isPositive: isPositive[index])
        }
        if let curve = counter.curve() { return curve }
        let keys = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: count)
        defer { keys.deallocate() }
        for index in 0 ..< count {
            keys[index] = scoreBits(scores[index]) << 1 | (isPositive[index] ? 1 : 0)
        }
        var scratch = SortScratch(capacity: count)
        defer { scratch.deallocate() }
        return sortedCurve(keys: keys, scratch: &scratch, keying: .values)
    }

    /// A column is counted (`ScoreCounter`) while it has at most one distinct score per this
    /// many inputs; beyond that a radix sort is cheaper.
    static let inputsPerDistinctScore = 8

    /// Reusable buffers for sorting columns of up to `capacity` keys.
    struct SortScratch {
        let keys: UnsafeMutableBufferPointer<UInt64>
        let histograms: UnsafeMutablePointer<Int>

        init(capacity: Int) {
            keys = .allocate(capacity: max(capacity, 1))
            histograms = .allocate(capacity: RadixSort.histogramCapacity)
        }

        func deallocate() {
            keys.deallocate()
            histograms.deallocate()
        }
    }

    /// Sorts the keys (in place or into the scratch buffer) and sweeps them into a curve.
    /// Keys with an input index (`keying.layout`) must be in input order: the sort then skips
    /// the index bits, which its stability leaves in that order.
    /// Keys written with a layout `keying.layout` was `fitted` from say how many more score
    /// bits it drops (`extraDroppedBits`): the sort refits them as it reads them.
    static func sortedCurve(keys: UnsafeMutableBufferPointer<UInt64>, scratch: inout SortScratch,
                            keying: CurveKeying, extraDroppedBits: Int = 0) -> ConceptCurve {
        let sorted = RadixSort.sort(keys, scratch: scratch.keys, histograms: scratch.histograms,
                                    fromBit: keying.layout.indexBits, toBit: keying.layout.keyEnd,
                                    refitting: extraDroppedBits)
        // The sweep writes its distinct scores and fingerprints into whichever buffer the
        // sorted keys are not in.
        let spare = sorted.baseAddress == keys.baseAddress ? scratch.keys : keys
        return sweep(sortedKeys: sorted, spare: spare, keying: keying)
    }

    /// The slow path for scores outside [0, 1]: a comparison sort, descending. NaN sorts lowest.
    static func comparisonSortedCurve(scores: [Double], isPositive: [Bool]) -> ConceptCurve {
        func sortable(_ score: Double) -> Double { score.isNaN ? -.infinity : score }
        let order = scores.indices.sorted { sortable(scores[$0]) > sortable(scores[$1]) }
        var thresholds: [Double] = []
        var tps: [Int32] = []
        var fps: [Int32] = []
        var tp: Int32 = 0
        var fp: Int32 = 0
        for (position, index) in order.enumerated() {
            if isPositive[index] { tp += 1 } else { fp += 1 }
            let score = sortable(scores[index])
            let isLastOfGroup = position == order.count - 1 || sortable(scores[order[position + 1]]) != score
            if isLastOfGroup {
                thresholds.append(score)
                tps.append(tp)
                fps.append(fp)
            }
        }
        return finish(thresholds: thresholds, cumulativeTP: tps, cumulativeFP: fps)
    }

    /// AUC and AP from the cumulative counts at the distinct thresholds, descending.
    static func finish(thresholds: [Double], cumulativeTP: [Int32], cumulativeFP: [Int32]) -> ConceptCurve {
        let positives = Int(cumulativeTP.last ?? 0)
        let negatives = Int(cumulativeFP.last ?? 0)
        var areas = CurveAreas()
        for k in thresholds.indices {
            areas.add(tp: Int(cumulativeTP[k]), fp: Int(cumulativeFP[k]))
        }
        let counts = cumulativeTP.withUnsafeBufferPointer { tps in
            cumulativeFP.withUnsafeBufferPointer { fps in CumulativeCounts(cumulativeTP: tps, cumulativeFP: fps) }
        }
        return ConceptCurve(
            positives: positives, negatives: negatives, thresholds: DistinctScores(values: thresholds), counts: counts,
            auc: areas.auc(positives: positives, negatives: negatives),
            averagePrecision: areas.averagePrecision(positives: positives))
    }
}

/// AUC and AP accumulated over a curve's distinct thresholds, descending (shared by `finish`
/// and the fused `sweep`, so both sum in the same order and give the same bits).
struct CurveAreas {
    /// Trapezoids under the ROC step between consecutive thresholds, in integers (twice the
    /// area in units of 1/(P·N)): a tie of positives and negatives contributes the diagonal,
    /// which is exactly Mann–Whitney's ½ per tied pair.
    private var twiceArea = 0
    private var averagePrecisionSum = 0.0
    private(set) var previousTP = 0
    private(set) var previousFP = 0

    /// The cumulative TP and FP at the next distinct threshold.
    @inline(__always)
    mutating func add(tp: Int, fp: Int) {
        twiceArea &+= (fp &- previousFP) &* (tp &+ previousTP)
        if tp != previousTP {
            averagePrecisionSum += Double(tp &- previousTP) * (Double(tp) / Double(tp &+ fp))
        }
        previousTP = tp
        previousFP = fp
    }

    func auc(positives: Int, negatives: Int) -> Double? {
        positives > 0 && negatives > 0 ? Double(twiceArea) / (2 * Double(positives) * Double(negatives)) : nil
    }

    func averagePrecision(positives: Int) -> Double? {
        positives > 0 ? averagePrecisionSum / Double(positives) : nil
    }
}
