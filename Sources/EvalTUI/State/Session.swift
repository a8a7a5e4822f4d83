import EvalCore
import Foundation
import TermUI

/// A loaded evaluation (or summary) and everything derived from it that does not depend on the
/// view: the metrics (one sort per concept) and, lazily, the per-concept selection indexes that
/// back the drill-down lists. Reference type: shared by every state value without copying.
///
/// Screens read the numbers from `metrics`, which a file (`EvaluationMetrics`) and a summary
/// (`SummaryMetrics`, issue 13) both supply; only what lists inputs (details, the input overlay,
/// flags, suspects, images) reads `evaluation`, which a summary does not have (`hasInputRows`).
public final class Session: Sendable {
    /// The input rows: nil when a summary is open.
    public let evaluation: Evaluation?
    /// The rows' metrics (with each input's argmax): nil when a summary is open.
    public let evaluationMetrics: EvaluationMetrics?
    /// Every number the screens show.
    public let metrics: any EvaluationAggregates
    /// The summary, when one is open (the header states its grid).
    public let summary: EvaluationSummary?
    private let selections: SelectionCache
    /// Matrix views' values and matrix cells' inputs, computed off the main thread.
    let matrices = BackgroundCache<MatrixKey, MatrixEntry>(capacity: 8)
    let cellInputs = BackgroundCache<CellInputsKey, [Int32]>(capacity: 4)
    /// The concept table's order for the last filter, sort and thresholds (see `conceptRows`).
    let conceptOrder = LastValueCache<ConceptOrderKey, [Int]>()
    /// The Adv column's width for a diagnosis (a pass over every concept's advice, once).
    let adviceWidths = LastValueCache<DiagnosisRequest?, Int>(capacity: 2)
    /// The diagnosis view's order and line starts, for the diagnosis shown and the one coming.
    let diagnosisLayouts = LastValueCache<DiagnosisRequest, DiagnosisLayout>(capacity: 2)
    /// The concept names' widths for the matrix headers, by glyph set (ASCII or not).
    let matrixNameWidths = MemoCache<Bool, MatrixNameWidths>()
    /// Concept names in lower case, for the table's filter.
    let conceptNames: ConceptNameIndex
    /// The concept table's order for a sort and (when the sort reads them) thresholds, before
    /// the filter (see `conceptRows`).
    let sortedConcepts = LastValueCache<ConceptOrderKey, [Int]>()
    let plots = MemoCache<PlotKey, [(Double, Double)]>()
    let countsIndex = CountsMatrixIndexSlot()
    private let warmer = SelectionWarmer()
    let suggestions = MemoCache<SuggestionKey, ThresholdSuggestion>()
    /// The curve pane's thinned points and suggestions of large curves, computed off the main
    /// thread (they land in `plots` and `suggestions`; this only schedules and counts them).
    let curveJobs = BackgroundCache<CurveJobKey, Bool>(capacity: 16)
    /// When comparing two evaluations (`evaltop A B`): the comparison. `evaluation` and
    /// `metrics` are then B's, aligned to A (A's labels, the shared inputs and concepts), so that
    /// the details, the input overlay and flagging work on B as they do on a single file.
    public let comparison: Comparison?
    /// When comparing two summaries (`evaltop A.evalsum B.evalsum`): the unpaired comparison.
    /// `metrics` are then B's summary restricted to the shared concepts in A's order.
    public let summaryComparison: SummaryComparison?
    /// Either comparison: what the comparison screens read, row `i` being concept `i` of
    /// `metrics`. Nil for a single evaluation or summary.
    public var compared: (any ComparedModels)? { comparison ?? summaryComparison }
    /// Fixed and broken at any threshold by binary search (built with the session, in the
    /// background load), so the slider never waits on a pass over the scores.
    private let outcomeIndex: OutcomeIndex?
    let outcomesCache = BackgroundCache<Thresholds, [ConceptOutcomes]>(capacity: 2)
    /// When comparing: the Broken / Fixed / Still wrong lists (`changes`), built off the main
    /// thread on a large pair (99 ms on the key at 1M × 20 when they were built inline).
    let changeLists = BackgroundCache<ChangesKey, ConceptChanges>(capacity: 4)
    /// Work below this many scores (inputs × concepts) is done within the frame (`isSmall`).
    let inlineScoreLimit: Int
    /// On a summary: the last drill-downs (`summaryDrillDown`), one per concept and threshold.
    let summaryDrillDowns = LastValueCache<SummaryDrillDownKey, SummaryDrillDown>(capacity: 2)
    /// On a summary: the last concepts' extreme lists, whatever the threshold.
    let summaryExtremeLists = LastValueCache<Int, [[Int]]>(capacity: 4)

    /// What the load has to tell once the screen is up (images whose size could not be read
    /// from their files), shown in the status bar and kept in the messages log.
    public let loadNote: String?

    public init(evaluation: Evaluation, metrics: EvaluationMetrics, loadNote: String? = nil) {
        self.evaluation = evaluation
        self.evaluationMetrics = metrics
        self.metrics = metrics
        self.loadNote = loadNote
        self.summary = nil
        self.selections = SelectionCache(conceptCount: evaluation.conceptCount)
        self.comparison = nil
        self.summaryComparison = nil
        self.outcomeIndex = nil
        self.conceptNames = ConceptNameIndex(names: evaluation.concepts.map(\.name))
        self.inlineScoreLimit = Self.inlineScoreLimit
    }

    /// A session on a summary (`evaltop SUMMARY.evalsum`): every number, no input rows.
    public init(summary metrics: SummaryMetrics) {
        self.evaluation = nil
        self.evaluationMetrics = nil
        self.metrics = metrics
        self.summary = metrics.summary
        self.loadNote = nil
        self.selections = SelectionCache(conceptCount: 0)
        self.comparison = nil
        self.summaryComparison = nil
        self.outcomeIndex = nil
        self.conceptNames = ConceptNameIndex(names: metrics.concepts.map(\.name))
        self.inlineScoreLimit = Self.inlineScoreLimit
    }

    public convenience init(summary: EvaluationSummary) {
        self.init(summary: SummaryMetrics(summary: summary))
    }

    /// Whether the inputs themselves are here (a file), or only their aggregates (a summary).
    public var hasInputRows: Bool { evaluation != nil }

    /// What a view that lists inputs says on a summary, in one line.
    public static let noInputRowsMessage = "a summary holds no input rows (open the file itself to list or flag inputs)"
    /// What a view that needs every input says on a summary that holds some rows.
    public static let onlyExtremeRowsMessage = "a summary holds only the drill-down's extreme rows (open the file itself for this)"

    public var concepts: [Concept] { metrics.concepts }
    public var conceptCount: Int { metrics.concepts.count }
    public var mode: EvaluationMode { metrics.mode }
    public var inputCount: Int { metrics.inputCount }

    /// When comparing: `concept`'s broken, fixed and still-wrong inputs at `threshold` (one pass
    /// over the concept's column of both files and a sort of the listed inputs), never waiting:
    /// nil while they are built in the background (a large pair); the pane says "listing…" and
    /// the `App` redraws when they land. The last few concepts and thresholds are kept.
    public func changes(concept: Int, threshold: Double) -> ConceptChanges? {
        guard let comparison else { return nil }
        return changeLists.value(for: ChangesKey(concept: concept, threshold: threshold), inline: isSmall) {
            comparison.changes(concept: concept, threshold: threshold)
        }
    }

    /// A session comparing two evaluations, showing B against A. `inlineScoreLimit`: scores
    /// (inputs × concepts) up to which derived lists are built within the frame (tests lower it
    /// to exercise the background path on a small pair).
    public init(comparison: Comparison, inlineScoreLimit: Int = Session.inlineScoreLimit) {
        self.evaluation = comparison.pair.b
        self.evaluationMetrics = comparison.metricsB
        self.metrics = comparison.metricsB
        self.loadNote = nil
        self.summary = nil
        self.selections = SelectionCache(conceptCount: comparison.pair.b.conceptCount)
        self.comparison = comparison
        self.summaryComparison = nil
        self.inlineScoreLimit = inlineScoreLimit
        self.outcomeIndex = OutcomeIndex(comparison: comparison)
        self.conceptNames = ConceptNameIndex(names: comparison.pair.b.concepts.map(\.name))
    }

    /// A session comparing two summaries, showing B against A concept for concept (the shared
    /// concepts, in A's order). No input rows: the comparison's drill-down lists need the files.
    public init(summaryComparison comparison: SummaryComparison) {
        let metricsB = SummaryMetrics(summary: comparison.alignedSummaryB())
        self.evaluation = nil
        self.evaluationMetrics = nil
        self.metrics = metricsB
        self.summary = metricsB.summary
        self.loadNote = nil
        self.selections = SelectionCache(conceptCount: 0)
        self.comparison = nil
        self.summaryComparison = comparison
        self.outcomeIndex = nil
        self.conceptNames = ConceptNameIndex(names: metricsB.concepts.map(\.name))
        self.inlineScoreLimit = Self.inlineScoreLimit
    }

    /// When comparing: F1 of both models, fixed and broken per concept at `thresholds`, by binary
    /// searches (`OutcomeIndex`: three per concept), remembered for the last thresholds asked
    /// for. Within the frame up to `inlineOutcomeConcepts` concepts (microseconds); beyond, in
    /// the background: nil meanwhile, and the table shows the previous thresholds' values
    /// (`staleOutcomes`) or blanks.
    public func outcomes(thresholds: Thresholds) -> [ConceptOutcomes]? {
        guard let comparison, let outcomeIndex else { return nil }
        return outcomesCache.value(for: thresholds, inline: comparison.concepts.count <= Self.inlineOutcomeConcepts) {
            outcomeIndex.outcomes(comparison, at: thresholds)
        }
    }

    /// The outcomes last computed, whatever their thresholds (shown while the current ones are).
    func staleOutcomes() -> [ConceptOutcomes]? { outcomesCache.latest { _ in true } }

    /// Concepts up to which the comparison's outcomes are computed within the frame.
    static let inlineOutcomeConcepts = 2_000

    public convenience init(evaluation: Evaluation, loadNote: String? = nil) {
        self.init(evaluation: evaluation, metrics: EvaluationMetrics(evaluation: evaluation), loadNote: loadNote)
    }

    /// The selection index of `concept`, built on first use (one sort of that concept's
    /// inputs) and kept.
    public func selection(for concept: Int) -> ConceptSelection? {
        guard let evaluation else { return nil }
        return selections.get(concept) { ConceptSelection(evaluation: evaluation, concept: concept) }
    }

    /// The selection index of `concept` if it can be had within a frame: already built, or
    /// cheap to build now (a small evaluation); nil while a large one is still being built in
    /// the background. The details pane follows the table's selection with this, so that
    /// moving through concepts with the details open never waits on a sort of a million
    /// scores (140–310 ms, BENCHMARKS.md); it says "listing…" until the index is ready.
    public func readySelection(for concept: Int) -> ConceptSelection? {
        guard let evaluation else { return nil }
        if let built = selections.peek(concept) { return built }
        return evaluation.inputCount <= Self.synchronousSelectionLimit ? selection(for: concept) : nil
    }

    /// Inputs up to which a selection index is built on the spot (a few milliseconds).
    static let synchronousSelectionLimit = 100_000

    /// Starts building `concept`'s selection index in the background (see `SelectionWarmer`).
    public func prepareSelection(for concept: Int) {
        guard hasInputRows else { return }
        warmer.request(concept) { [self] in _ = selection(for: $0) }
    }

    /// When comparing: starts building `concept`'s Broken / Fixed / Still wrong lists at
    /// `threshold` in the background, so that Enter on a row the selection rests on finds them
    /// ready (B's selection index, which `Enter` does not open here, is not built).
    func prepareChanges(for concept: Int, threshold: Double) {
        _ = changes(concept: concept, threshold: threshold)
    }

    /// The display name of a concept.
    public func name(_ concept: Int) -> String { metrics.concepts[concept].name }
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
    /// Work below this many scores (inputs × concepts) is done within the frame: a few
    /// milliseconds, and headless replays of small files stay deterministic.
    public static let inlineScoreLimit = 2_000_000

    /// A summary's work is on its tables, never on inputs × concepts: always within the frame.
    var isSmall: Bool {
        guard hasInputRows else { return true }
        return inputCount.multipliedReportingOverflow(by: max(1, conceptCount)).partialValue <= inlineScoreLimit
    }

    /// A matrix view's values at `thresholds`, never waiting: `.computing` (with the values
    /// last shown for this view, if any) while they are computed in the background. The
    /// counts view depends on the thresholds (O(labels × concepts) directly, or
    /// O(concepts² · log n) from `CountsMatrixIndex` once built); the others are computed once.
    public func matrixValues(_ view: MatrixView, thresholds: Thresholds) -> MatrixReadiness {
        let key = MatrixKey(view: view, thresholds: thresholds)
        let entry = matrices.value(for: key, inline: isSmall) { [self] in
            MatrixValues.compute(view, session: self, thresholds: thresholds).map(MatrixEntry.values) ?? .notApplicable
        }
        switch entry {
        case .values(let values)?: return .ready(values)
        case .notApplicable?: return .notApplicable
        case nil:
            if case .values(let stale)? = matrices.latest(where: { $0.view == view }) { return .computing(previous: stale) }
            return .computing(previous: nil)
        }
    }

    /// The inputs behind a matrix cell (see `MatrixCellInputs`), nil while they are listed in
    /// the background (a large evaluation: the row concept's inputs are sorted first).
    public func cellInputs(trueConcept a: Int, predictedConcept b: Int, view: MatrixView, thresholds: Thresholds) -> [Int32]? {
        let key = CellInputsKey(row: a, column: b, view: view,
                                threshold: view == .countsAtThreshold ? thresholds.value(for: b) : nil)
        return cellInputs.value(for: key, inline: isSmall) { [self] in
            MatrixCellInputs.rows(session: self, trueConcept: a, predictedConcept: b, view: view, thresholds: thresholds)
        }
    }

    /// The diagnosis view's order, line starts and code width for `result` (see `DiagnosisLayout`).
    public func diagnosisLayout(_ result: DiagnosisResult) -> DiagnosisLayout {
        diagnosisLayouts.get(result.request) { DiagnosisLayout(result.diagnosis) }
    }

    /// The widest Adv text (`AdviceMarkers.compact`) of `diagnosis`, 0 without one.
    func adviceWidth(_ diagnosis: DiagnosisResult?) -> Int {
        adviceWidths.get(diagnosis?.request) {
            diagnosis?.diagnosis.concepts.map { CellWidth.of(AdviceMarkers.compact($0.markers)) }.max() ?? 0
        }
    }

    /// Whether no background cache has work running or waiting (a headless replay waits for
    /// this before its last frame, so that its screen does not depend on timing).
    var backgroundIdle: Bool {
        matrices.isIdle && cellInputs.isIdle && changeLists.isIdle && curveJobs.isIdle && outcomesCache.isIdle
    }

    /// Counts background results (matrix values, cell inputs) as they land: the `App` redraws
    /// and re-clamps the selections when it moves.
    var backgroundCompletions: Int {
        matrices.completions &+ cellInputs.completions &+ changeLists.completions &+ curveJobs.completions
            &+ outcomesCache.completions
    }
}

/// A matrix view's values as the screen finds them.
public enum MatrixReadiness: Sendable {
    case ready(MatrixValues)
    /// Not in this mode (confusion in multilabel, co-occurrence in exclusive), or the mean
    /// scores of more concepts than a dense matrix may hold.
    case notApplicable
    /// Being computed; `previous` is the same view at other thresholds, shown meanwhile.
    case computing(previous: MatrixValues?)

    /// The values to draw: the current ones or, while computing, the previous ones.
    public var shown: MatrixValues? {
        switch self {
        case .ready(let values): return values
        case .computing(let previous): return previous
        case .notApplicable: return nil
        }
    }

    public var isComputing: Bool { if case .computing = self { return true } else { return false } }
}

enum MatrixEntry: Sendable {
    case values(MatrixValues)
    case notApplicable
}

struct CellInputsKey: Equatable, Sendable {
    let row: Int
    let column: Int
    let view: MatrixView
    /// The column concept's threshold, for the counts view (the only one it changes).
    let threshold: Double?
}

struct ConceptOrderKey: Equatable, Sendable {
    var filter: String
    let sortKey: ConceptSortKey
    let descending: Bool
    /// Only when the sort depends on them (counts at the threshold).
    let thresholds: Thresholds?
}

struct ChangesKey: Equatable, Sendable {
    let concept: Int
    let threshold: Double
}

/// Remembers the values for the last `capacity` keys asked for (one by default).
final class LastValueCache<Key: Equatable & Sendable, Value: Sendable>: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    /// Most recently used last.
    private var entries: [(key: Key, value: Value)] = []
    private let capacity: Int

    init(capacity: Int = 1) {
        self.capacity = max(1, capacity)
    }

    func get(_ key: Key, compute: () -> Value) -> Value {
        lock.lock()
        if let index = entries.lastIndex(where: { $0.key == key }) {
            let hit = entries.remove(at: index)
            entries.append(hit)
            lock.unlock()
            return hit.value
        }
        lock.unlock()
        let value = compute()
        lock.lock()
        entries.removeAll { $0.key == key }
        entries.append((key, value))
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        lock.unlock()
        return value
    }
}

/// The key of a thinned curve: the concept and whether it is the PR curve.
struct PlotKey: Hashable, Sendable {
    let concept: Int
    let pr: Bool
    /// Model A's curve, when comparing two evaluations.
    var modelA = false
}
