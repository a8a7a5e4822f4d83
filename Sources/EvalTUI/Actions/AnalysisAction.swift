import EvalCore

/// The diagnosis, slices and threshold-strategy part of the UI (`Action.analysis`): keys, and
/// what the runtime reports back after background work or file I/O.
public enum AnalysisAction: Sendable, Equatable {
    // Keys
    /// `d`: the diagnosis view.
    case openDiagnosis
    /// `b`: the slices view (breakdown by attribute).
    case openSlices
    /// Movement in the diagnosis and slices views (`Int.min / 2`, `Int.max / 2`: the ends).
    case moveRow(Int)
    case pageRows(Int)
    /// Enter: diagnosis → the concept in the table; slices → the value's per-concept AUCs.
    case drill
    /// Esc: out of the drill-down, or back to the main screen.
    case closeView
    /// `m` (the selected concept) and `M` (every concept).
    case openStrategyMenu(allConcepts: Bool)
    case menuMove(Int)
    case menuConfirm
    case menuCancel
    /// `e`: prompt for the path, then write the thresholds.
    case promptExport

    // Reports from the runtime
    case diagnosed(DiagnosisResult)
    case slicesReady(SlicesResult)
    case exported(path: String)
    /// The export's file exists: ask before overwriting it.
    case exportWouldOverwrite(path: String, text: String)
    case exportFailed(String)
}

/// File I/O the reducer asks of the runtime (the background diagnosis and slices are started
/// by the runtime itself when the state asks for them: see `AnalysisRuntime.sync`).
public enum AnalysisEffect: Sendable, Equatable {
    /// Write `text` to `path` atomically, then report `.exported` or `.exportFailed`; when
    /// the file exists and `overwrite` is false, report `.exportWouldOverwrite` instead.
    case writeThresholds(path: String, text: String, overwrite: Bool)
}
