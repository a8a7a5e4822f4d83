import Foundation

/// Builds `ConceptCurve`s: per concept, the positives and negatives at every distinct score,
/// cumulated from the highest score down. Columns with few distinct scores are counted
/// without sorting (`ScoreCounter`); the others are radix sorted and swept.
///
/// The sort key of an input is `scoreBits << 1 | isPositive`. For a score in [0, 1] the IEEE 754
/// bit pattern orders exactly like the value and is below 2^62, so the keys are exact (no
/// rounding to Float, distinct scores never merge) and a radix sort orders them. Scores outside
/// [0, 1] (which the loaders reject, but callers can construct) take a comparison sort instead.
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
        return sortedCurve(keys: keys, scratch: &scratch)
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
            histograms = .allocate(capacity: RadixSort.passCount * RadixSort.bucketCount)
        }

        func deallocate() {
            keys.deallocate()
            histograms.deallocate()
        }
    }

    /// Sorts the keys (in place or into the scratch buffer) and sweeps them into a curve.
    static func sortedCurve(keys: UnsafeMutableBufferPointer<UInt64>, scratch: inout SortScratch) -> ConceptCurve {
        let sorted = RadixSort.sort(keys, scratch: scratch.keys, histograms: scratch.histograms)
        return sweep(sortedKeys: UnsafeBufferPointer(sorted))
    }

    /// Builds the curve from keys sorted ascending, walking from the highest score down.
    static func sweep(sortedKeys keys: UnsafeBufferPointer<UInt64>) -> ConceptCurve {
        let count = keys.count
        guard count > 0 else { return finish(thresholds: [], cumulativeTP: [], cumulativeFP: []) }
        // First count the distinct scores, so the arrays are allocated at their exact size.
        var distinct = 1
        for index in 1 ..< count where keys[index] >> 1 != keys[index - 1] >> 1 { distinct += 1 }

        var tpArray = [Int32](repeating: 0, count: distinct)
        var fpArray = [Int32](repeating: 0, count: distinct)
        let thresholds = [Double](unsafeUninitializedCapacity: distinct) { values, initialized in
            tpArray.withUnsafeMutableBufferPointer { tps in
                fpArray.withUnsafeMutableBufferPointer { fps in
                    var slot = -1
                    var previousBits = UInt64.max
                    var tp: Int32 = 0
                    var fp: Int32 = 0
                    var index = count - 1
                    while index >= 0 {
                        let key = keys[index]
                        let bits = key >> 1
                        if bits != previousBits {
                            if slot >= 0 { tps[slot] = tp; fps[slot] = fp }
                            slot += 1
                            values[slot] = Double(bitPattern: bits)
                            previousBits = bits
                        }
                        let positive = Int32(truncatingIfNeeded: key & 1)
                        tp &+= positive
                        fp &+= 1 &- positive
                        index -= 1
                    }
                    tps[slot] = tp
                    fps[slot] = fp
                }
            }
            initialized = distinct
        }
        return finish(thresholds: thresholds, cumulativeTP: tpArray, cumulativeFP: fpArray)
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
        // Trapezoids under the ROC step between consecutive thresholds, in integers (twice the
        // area in units of 1/(P·N)): a tie of positives and negatives contributes the diagonal,
        // which is exactly Mann–Whitney's ½ per tied pair.
        var twiceArea = 0
        var averagePrecisionSum = 0.0
        var previousTP = 0
        var previousFP = 0
        for k in thresholds.indices {
            let tp = Int(cumulativeTP[k])
            let fp = Int(cumulativeFP[k])
            twiceArea &+= (fp - previousFP) &* (tp + previousTP)
            if tp != previousTP {
                averagePrecisionSum += Double(tp - previousTP) * (Double(tp) / Double(tp + fp))
            }
            previousTP = tp
            previousFP = fp
        }
        let auc: Double? = positives > 0 && negatives > 0
            ? Double(twiceArea) / (2 * Double(positives) * Double(negatives)) : nil
        let averagePrecision: Double? = positives > 0 ? averagePrecisionSum / Double(positives) : nil
        let counts = cumulativeTP.withUnsafeBufferPointer { tps in
            cumulativeFP.withUnsafeBufferPointer { fps in CumulativeCounts(cumulativeTP: tps, cumulativeFP: fps) }
        }
        return ConceptCurve(
            positives: positives, negatives: negatives, thresholds: thresholds, counts: counts,
            auc: auc, averagePrecision: averagePrecision)
    }
}
