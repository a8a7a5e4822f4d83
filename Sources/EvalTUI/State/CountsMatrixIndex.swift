import EvalCore
import Foundation

/// The counts-at-threshold matrix without a pass over the inputs for each threshold.
///
/// Cell [A][B] counts the inputs labelled A whose score for B is ≥ B's threshold. Computed
/// directly that is O(labels × concepts) per threshold: about 100 ms on a 1,000,000 × 20
/// evaluation, too slow for a threshold key. This index keeps, for every pair (A, B), the
/// scores for B of the inputs labelled A, sorted and stored as ranks among B's distinct
/// scores (`ConceptCurve.thresholds`, descending, so a rank below k means "score ≥ the
/// k-th distinct score"). A cell is then one binary search: O(concepts² · log n) per
/// threshold, exact. Built once (a sort of labels × concepts values, on both cores) the
/// first time the matrix is shown, in the background.
final class CountsMatrixIndex: Sendable {
    private let conceptCount: Int
    /// `ranks[A * conceptCount + B]`, ascending.
    private let ranks: [[Int32]]
    private let metrics: EvaluationMetrics

    init(metrics: EvaluationMetrics) {
        let evaluation = metrics.evaluation
        let conceptCount = evaluation.conceptCount
        var labelled = [[Int32]](repeating: [], count: conceptCount)
        for input in 0 ..< evaluation.inputCount {
            for label in evaluation.labels(of: input) { labelled[Int(label)].append(Int32(input)) }
        }
        let members = labelled
        let cells = conceptCount * conceptCount
        let output = RankSlots(count: cells)
        evaluation.scores.withUnsafeBufferPointer { scoresPointer in
            nonisolated(unsafe) let scores = scoresPointer
            // One task per predicted concept B: its distinct scores are read once (curves keep
            // input indices into the scores, so a walk over `thresholds` would read the matrix
            // at every step), then each true concept's inputs are ranked among them.
            DispatchQueue.concurrentPerform(iterations: conceptCount) { column in
                let distinct = metrics.curves[column].thresholds.allValues()
                var values: [Double] = []
                for row in 0 ..< conceptCount {
                    values.removeAll(keepingCapacity: true)
                    for input in members[row] { values.append(scores[Int(input) * conceptCount + column]) }
                    output.store(Self.ranks(of: &values, among: distinct), at: row * conceptCount + column)
                }
            }
        }
        self.conceptCount = conceptCount
        self.ranks = output.values
        self.metrics = metrics
    }

    /// Each value's position among `distinct` (descending distinct scores), ascending.
    /// Sorts `values` ascending, then walks both lists once.
    private static func ranks(of values: inout [Double], among distinct: [Double]) -> [Int32] {
        values.sort()
        var ranks = [Int32](repeating: 0, count: values.count)
        var rank = distinct.count - 1
        // The smallest value has the largest rank: fill from the end so ranks ascend.
        for (offset, value) in values.enumerated() {
            while rank > 0, distinct[rank] < value { rank -= 1 }
            ranks[values.count - 1 - offset] = Int32(rank)
        }
        return ranks
    }

    /// The counts at `thresholds`, equal to `EvaluationMetrics.countsAtThresholdMatrix`.
    func counts(thresholds: Thresholds) -> [[Int]] {
        let above = (0 ..< conceptCount).map { metrics.curves[$0].thresholdCount(atOrAbove: thresholds.value(for: $0)) }
        return (0 ..< conceptCount).map { row in
            (0 ..< conceptCount).map { column in
                Self.countBelow(Int32(clamping: above[column]), in: ranks[row * conceptCount + column])
            }
        }
    }

    /// The counts at `thresholds` as non-zero cells (what `MatrixValues` keeps).
    func sparseCounts(thresholds: Thresholds) -> ConceptPairCounts {
        let dense = counts(thresholds: thresholds)
        var cells: [Int: Int] = [:]
        for (row, values) in dense.enumerated() {
            for (column, count) in values.enumerated() where count != 0 { cells[row * conceptCount + column] = count }
        }
        return ConceptPairCounts(conceptCount: conceptCount, cells: cells)
    }

    /// Whether the index pays for itself: concepts² lists of ranks and 4 bytes per label and
    /// concept (80 MB at 1,000,000 × 20) buy threshold steps of microseconds instead of a
    /// pass over every label (~100 ms there). Beyond 64 concepts (concepts² lists) or 40
    /// million label-concept pairs (160 MB) the direct pass, in the background, is used.
    static func worthBuilding(_ evaluation: Evaluation) -> Bool {
        let pairs = evaluation.labelConcepts.count.multipliedReportingOverflow(by: evaluation.conceptCount)
        return evaluation.conceptCount <= 64 && !pairs.overflow && pairs.partialValue <= 40_000_000
    }

    /// How many of the ascending `ranks` are below `limit`.
    private static func countBelow(_ limit: Int32, in ranks: [Int32]) -> Int {
        var low = 0
        var high = ranks.count
        while low < high {
            let middle = (low + high) >> 1
            if ranks[middle] < limit { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// One slot per cell, written once each from concurrent workers (distinct indices).
private final class RankSlots: @unchecked Sendable {
    private(set) var values: [[Int32]]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: [], count: count) }

    func store(_ ranks: [Int32], at index: Int) {
        lock.lock()
        values[index] = ranks
        lock.unlock()
    }
}

/// Builds the index once, in the background, and hands it out when it is ready; until then
/// the caller computes the matrix directly.
final class CountsMatrixIndexSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var index: CountsMatrixIndex?
    private var started = false

    /// The index if it is built; otherwise starts building it (once) and returns nil.
    func readyIndex(metrics: EvaluationMetrics) -> CountsMatrixIndex? {
        lock.lock()
        defer { lock.unlock() }
        if let index { return index }
        if !started, CountsMatrixIndex.worthBuilding(metrics.evaluation) {
            started = true
            BackgroundPriority.detach(named: "evaltop matrix counts index") { [self] in
                let built = CountsMatrixIndex(metrics: metrics)
                lock.lock()
                index = built
                lock.unlock()
            }
        }
        return nil
    }

    /// Builds the index now if it is not there yet (tests and benchmarks).
    func build(metrics: EvaluationMetrics) -> CountsMatrixIndex {
        lock.lock()
        if let index { lock.unlock(); return index }
        lock.unlock()
        let built = CountsMatrixIndex(metrics: metrics)
        lock.lock()
        defer { lock.unlock() }
        if index == nil { index = built }
        return index!
    }
}
