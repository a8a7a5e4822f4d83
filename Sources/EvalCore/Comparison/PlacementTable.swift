import Foundation

/// DeLong's placements of one concept at each of its distinct scores, centred on the AUC, and
/// a constant-time lookup from a score to its distinct-score level.
///
/// For the distinct score at level k (descending, as in `ConceptCurve`), with TPₖ and FPₖ the
/// positives and negatives at or above it (TP₋₁ = FP₋₁ = 0):
/// - a positive there outscores the negatives below it and ties those at it:
///   V₁₀ = (N − (FPₖ + FPₖ₋₁) / 2) / N;
/// - a negative there is outscored by the positives above it and tied by those at it:
///   V₀₁ = ((TPₖ + TPₖ₋₁) / 2) / P.
/// Their means over the positives and over the negatives are both the AUC.
///
/// The lookup: scores in [0, 1] go to bucket ⌊score · 2ʲ⌋ (exact, since 2ʲ is a power of two,
/// and monotone), with at least two buckets per distinct score (up to a cap). A bucket holding
/// exactly one distinct score holds its two placements, so most lookups are one read of one
/// table (the lookups are what the comparison spends its time on: memory latency, measured with
/// perf on 1M × 20). Other buckets list their levels, and a binary search within the bucket finds
/// the level, so crowded buckets cost a logarithm, never a scan. Curves with scores outside
/// [0, 1] (which the loaders reject) search all levels. When every distinct score is a multiple
/// of 1/10,000 (the four decimals Clarifai and most exports write), the bucket is that multiple:
/// 10,001 entries, a third of the table, which keeps the tables of twenty concepts of two files
/// in the caches. Read-only once built, so the workers share it.
struct PlacementTable: @unchecked Sendable {
    /// Indexed by ascending level r (the distinct score `thresholds[count − 1 − r]`).
    let ascendingScores: UnsafeMutableBufferPointer<Double>
    let positivePlacement: UnsafeMutableBufferPointer<Double>
    let negativePlacement: UnsafeMutableBufferPointer<Double>
    /// `bucketStart[j]`: the first ascending level in bucket j; `bucketCount + 1` entries past it.
    let bucketStart: UnsafeMutableBufferPointer<Int32>
    /// Per bucket: the placements of its only distinct score, or NaN when it has none or several.
    let bucketPositivePlacement: UnsafeMutableBufferPointer<Double>
    let bucketNegativePlacement: UnsafeMutableBufferPointer<Double>
    let bucketScale: Double
    let bucketed: Bool
    /// Every distinct score is k / 10,000: the bucket of a score is k.
    let gridded: Bool
    static let gridSteps = 10_000.0

    /// 2¹⁷ buckets: 1 MB per placement table, enough for one bucket per score of a 4-decimal grid.
    static let largestBucketCount = 1 << 17

    init(curve: ConceptCurve) {
        // Read once: curves of whole evaluations keep input indices, not values.
        let thresholds = curve.thresholds.allValues()
        let count = thresholds.count
        ascendingScores = .allocate(capacity: max(count, 1))
        positivePlacement = .allocate(capacity: max(count, 1))
        negativePlacement = .allocate(capacity: max(count, 1))
        positivePlacement.initialize(repeating: 0)
        negativePlacement.initialize(repeating: 0)
        let auc = curve.auc ?? 0
        let positives = Double(curve.positives)
        let negatives = Double(curve.negatives)
        var previousTP = 0.0
        var previousFP = 0.0
        // Locals, since a closure may not capture `self` before every property is set.
        let scoresOut = ascendingScores, positiveOut = positivePlacement, negativeOut = negativePlacement
        curve.counts.forEach { k, tpCount, fpCount in
            let tp = Double(tpCount)
            let fp = Double(fpCount)
            let r = count - 1 - k
            scoresOut[r] = thresholds[k]
            if negatives > 0 { positiveOut[r] = (negatives - (fp + previousFP) / 2) / negatives - auc }
            if positives > 0 { negativeOut[r] = (tp + previousTP) / 2 / positives - auc }
            previousTP = tp
            previousFP = fp
        }
        bucketed = count > 0 && thresholds.last! >= 0 && thresholds.first! <= 1
        gridded = bucketed && thresholds.allSatisfy { ($0 * Self.gridSteps).rounded() / Self.gridSteps == $0 }
        var buckets = 1
        while buckets < 2 * count && buckets < Self.largestBucketCount { buckets <<= 1 }
        if gridded { buckets = Int(Self.gridSteps) }
        bucketScale = Double(buckets)
        // Bucket of 1.0 is `buckets`, hence buckets + 1 real buckets and one end marker.
        bucketStart = .allocate(capacity: buckets + 2)
        bucketPositivePlacement = .allocate(capacity: buckets + 1)
        bucketNegativePlacement = .allocate(capacity: buckets + 1)
        bucketPositivePlacement.initialize(repeating: .nan)
        bucketNegativePlacement.initialize(repeating: .nan)
        if gridded {
            bucketStart.initialize(repeating: 0)
            for level in 0 ..< count {
                let bucket = Self.gridBucket(ascendingScores[level])
                bucketPositivePlacement[bucket] = positivePlacement[level]
                bucketNegativePlacement[bucket] = negativePlacement[level]
            }
        } else if bucketed {
            var level = 0
            for bucket in 0 ... buckets + 1 {
                while level < count && Int(ascendingScores[level] * bucketScale) < bucket { level += 1 }
                bucketStart[bucket] = Int32(level)
            }
            for bucket in 0 ... buckets where bucketStart[bucket + 1] - bucketStart[bucket] == 1 {
                bucketPositivePlacement[bucket] = positivePlacement[Int(bucketStart[bucket])]
                bucketNegativePlacement[bucket] = negativePlacement[Int(bucketStart[bucket])]
            }
        } else {
            bucketStart.initialize(repeating: 0)
        }
    }

    /// k for a score k / 10,000: the product is within an ulp of k.
    @inline(__always)
    static func gridBucket(_ score: Double) -> Int {
        Int(score * gridSteps + 0.5)
    }

    /// The placement of a positive with `score` (one of the curve's scores).
    @inline(__always)
    func positivePlacement(of score: Double) -> Double {
        if gridded { return bucketPositivePlacement[Self.gridBucket(score)] }
        if bucketed {
            let placement = bucketPositivePlacement[Int(score * bucketScale)]
            if !placement.isNaN { return placement }
        }
        return positivePlacement[level(of: score)]
    }

    /// The placement of a negative with `score` (one of the curve's scores).
    @inline(__always)
    func negativePlacement(of score: Double) -> Double {
        if gridded { return bucketNegativePlacement[Self.gridBucket(score)] }
        if bucketed {
            let placement = bucketNegativePlacement[Int(score * bucketScale)]
            if !placement.isNaN { return placement }
        }
        return negativePlacement[level(of: score)]
    }

    func deallocate() {
        ascendingScores.deallocate()
        positivePlacement.deallocate()
        negativePlacement.deallocate()
        bucketStart.deallocate()
        bucketPositivePlacement.deallocate()
        bucketNegativePlacement.deallocate()
    }

    /// The ascending level of `score`, which must be one of the curve's scores.
    @inline(__always)
    func level(of score: Double) -> Int {
        var low: Int
        var high: Int
        if bucketed {
            let bucket = Int(score * bucketScale)
            low = Int(bucketStart[bucket])
            high = Int(bucketStart[bucket &+ 1])
        } else {
            low = 0
            high = ascendingScores.count
        }
        // The first level whose score is ≥ `score` (NaN is kept as −∞ in the curves).
        let wanted = score.isNaN ? -Double.infinity : score
        while low < high {
            let middle = (low &+ high) >> 1
            if ascendingScores[middle] < wanted { low = middle &+ 1 } else { high = middle }
        }
        return low
    }
}
