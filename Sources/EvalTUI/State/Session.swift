import EvalCore
import Foundation

/// A loaded evaluation and everything derived from it that does not depend on the view:
/// the metrics (one sort per concept) and, lazily, the per-concept selection indexes that
/// back the drill-down lists. Reference type: shared by every state value without copying.
public final class Session: Sendable {
    public let evaluation: Evaluation
    public let metrics: EvaluationMetrics
    private let selections: SelectionCache
    let matrices = MatrixCache()
    let plots = MemoCache<PlotKey, [(Double, Double)]>()
    let countsIndex = CountsMatrixIndexSlot()
    private let warmer = SelectionWarmer()
    let suggestions = MemoCache<SuggestionKey, ThresholdSuggestion>()
    /// When comparing two evaluations (`evaltop A B`): the comparison. `evaluation` and
    /// `metrics` are then B's, aligned to A (A's labels, the shared inputs and concepts), so that
    /// the details, the input overlay and flagging work on B as they do on a single file.
    public let comparison: Comparison?
    /// Fixed and broken at any threshold by binary search (built with the session, in the
    /// background load), so the slider never waits on a pass over the scores.
    private let outcomeIndex: OutcomeIndex?
    private let outcomesCache = LastValueCache<Thresholds, [ConceptOutcomes]>()
    private let changesCache = LastValueCache<ChangesKey, ConceptChanges>()

    public init(evaluation: Evaluation, metrics: EvaluationMetrics) {
        self.evaluation = evaluation
        self.metrics = metrics
        self.selections = SelectionCache(conceptCount: evaluation.conceptCount)
        self.comparison = nil
        self.outcomeIndex = nil
    }

    /// When comparing: `concept`'s broken, fixed and still-wrong inputs at `threshold`, remembered
    /// for the last concept and threshold (one pass over the concept's column of both files).
    public func changes(concept: Int, threshold: Double) -> ConceptChanges? {
        guard let comparison else { return nil }
        return changesCache.get(ChangesKey(concept: concept, threshold: threshold)) {
            comparison.changes(concept: concept, threshold: threshold)
        }
    }

    /// A session comparing two evaluations, showing B against A.
    public init(comparison: Comparison) {
        self.evaluation = comparison.pair.b
        self.metrics = comparison.metricsB
        self.selections = SelectionCache(conceptCount: comparison.pair.b.conceptCount)
        self.comparison = comparison
        self.outcomeIndex = OutcomeIndex(comparison: comparison)
    }

    /// When comparing: F1 of both models, fixed and broken per concept at `thresholds`, by binary
    /// searches (`OutcomeIndex`), remembered for the last thresholds asked for.
    public func outcomes(thresholds: Thresholds) -> [ConceptOutcomes]? {
        guard let comparison, let outcomeIndex else { return nil }
        return outcomesCache.get(thresholds) { outcomeIndex.outcomes(comparison, at: thresholds) }
    }

    public convenience init(evaluation: Evaluation) {
        self.init(evaluation: evaluation, metrics: EvaluationMetrics(evaluation: evaluation))
    }

    /// The selection index of `concept`, built on first use (one sort of that concept's
    /// inputs) and kept.
    public func selection(for concept: Int) -> ConceptSelection {
        selections.get(concept) { ConceptSelection(evaluation: evaluation, concept: concept) }
    }

    /// The selection index of `concept` if it can be had within a frame: already built, or
    /// cheap to build now (a small evaluation); nil while a large one is still being built in
    /// the background. The details pane follows the table's selection with this, so that
    /// moving through concepts with the details open never waits on a sort of a million
    /// scores (140–310 ms, BENCHMARKS.md); it says "listing…" until the index is ready.
    public func readySelection(for concept: Int) -> ConceptSelection? {
        if let built = selections.peek(concept) { return built }
        return evaluation.inputCount <= Self.synchronousSelectionLimit ? selection(for: concept) : nil
    }

    /// Inputs up to which a selection index is built on the spot (a few milliseconds).
    static let synchronousSelectionLimit = 100_000

    /// Starts building `concept`'s selection index in the background (see `SelectionWarmer`).
    public func prepareSelection(for concept: Int) {
        warmer.request(concept) { [self] in _ = selection(for: $0) }
    }

    /// The display name of a concept.
    public func name(_ concept: Int) -> String { evaluation.concepts[concept].name }
}

/// A lock-protected lazy cache, so that a background task may warm it while the UI reads it.
/// A reader that asks for an entry being built waits for that build instead of repeating it.
final class SelectionCache: @unchecked Sendable {
    private let condition = NSCondition()
    private var entries: [ConceptSelection?]
    private var building: Set<Int> = []

    init(conceptCount: Int) {
        entries = Array(repeating: nil, count: conceptCount)
    }

    /// The entry if it is built; never waits.
    func peek(_ concept: Int) -> ConceptSelection? {
        condition.lock()
        defer { condition.unlock() }
        return entries[concept]
    }

    func get(_ concept: Int, build: () -> ConceptSelection) -> ConceptSelection {
        condition.lock()
        while true {
            if let hit = entries[concept] { condition.unlock(); return hit }
            if !building.contains(concept) { break }
            condition.wait()
        }
        building.insert(concept)
        condition.unlock()
        let built = build()
        condition.lock()
        entries[concept] = built
        building.remove(concept)
        condition.broadcast()
        condition.unlock()
        return built
    }
}

extension Session {
    /// The values of a matrix view. The counts view depends on the thresholds and is
    /// recomputed for each new set (from `CountsMatrixIndex`, O(concepts² · log n), once it
    /// is built; directly, O(labels × concepts), before); the others are computed once.
    /// Empty when the dense matrices would not fit (`EvaluationMetrics.denseMatricesFit`).
    public func matrix(_ view: MatrixView, thresholds: Thresholds) -> [[Double]] {
        guard metrics.denseMatricesFit else { return [] }
        return matrices.get(view: view, thresholds: thresholds) {
            switch view {
            case .countsAtThreshold:
                // A pass over every label only until the index is ready (see CountsMatrixIndex).
                let counts = countsIndex.readyIndex(metrics: metrics)?.counts(thresholds: thresholds)
                    ?? metrics.countsAtThresholdMatrix(thresholds: thresholds)
                return counts.map { $0.map(Double.init) }
            case .confusion:
                return metrics.confusionMatrix()?.map { $0.map(Double.init) } ?? []
            case .meanScore:
                return metrics.meanScoreMatrix()
            case .cooccurrence:
                return metrics.cooccurrenceMatrix()?.map { $0.map(Double.init) } ?? []
            }
        }
    }
}

struct ChangesKey: Equatable, Sendable {
    let concept: Int
    let threshold: Double
}

/// Remembers the value for the last key asked for.
final class LastValueCache<Key: Equatable & Sendable, Value: Sendable>: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var last: (Key, Value)?

    func get(_ key: Key, compute: () -> Value) -> Value {
        lock.lock()
        if let last, last.0 == key { lock.unlock(); return last.1 }
        lock.unlock()
        let value = compute()
        lock.lock()
        last = (key, value)
        lock.unlock()
        return value
    }
}

/// Remembers each matrix view, and the counts view for the last thresholds it was asked for.
final class MatrixCache: @unchecked Sendable {
    private let lock = NSLock()
    private var fixed: [MatrixView: [[Double]]] = [:]
    private var counts: (Thresholds, [[Double]])?

    func get(view: MatrixView, thresholds: Thresholds, compute: () -> [[Double]]) -> [[Double]] {
        lock.lock()
        if view == .countsAtThreshold, let counts, counts.0 == thresholds { lock.unlock(); return counts.1 }
        if view != .countsAtThreshold, let hit = fixed[view] { lock.unlock(); return hit }
        lock.unlock()
        let value = compute()
        lock.lock()
        if view == .countsAtThreshold { counts = (thresholds, value) } else { fixed[view] = value }
        lock.unlock()
        return value
    }
}

/// The key of a thinned curve: the concept and whether it is the PR curve.
struct PlotKey: Hashable {
    let concept: Int
    let pr: Bool
    /// Model A's curve, when comparing two evaluations.
    var modelA = false
}
