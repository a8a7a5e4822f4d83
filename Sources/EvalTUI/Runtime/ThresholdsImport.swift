import EvalCore
import TermUI

/// `evaltop FILE --thresholds PATH`: the per-concept thresholds the UI starts with.
///
/// The file is checked twice: before the UI starts, as far as it can be without the
/// evaluation (readable, JSON, either form of `ThresholdsFile`); then against the evaluation's
/// concepts once it is loaded (`App` calls `load`; an unknown concept ends the run with the
/// error, naming the file).
public enum ThresholdsImport {
    /// Reads and checks `path` without the evaluation.
    public static func check(path: String) throws(LoadError) {
        try ThresholdsFile.check(path: path)
    }

    /// The thresholds of `path` as overrides on top of `global`.
    public static func load(path: String, concepts: [Concept], global: Double) throws(LoadError) -> Thresholds {
        let bytes = try SmallFile.read(path: path, what: "a thresholds file")
        return try ThresholdsFile.parse(bytes: bytes, path: path, concepts: concepts, global: global)
    }

    /// `state` with the thresholds of `path` (the replay mode, where the evaluation is loaded
    /// before the UI, and tests).
    public static func apply(path: String, to state: AppState, concepts: [Concept]) throws(LoadError) -> AppState {
        var state = state
        state.thresholds = try load(path: path, concepts: concepts, global: state.thresholds.global)
        state.status = StatusMessage(importedMessage(path: path, thresholds: state.thresholds))
        return state
    }

    static func importedMessage(path: String, thresholds: Thresholds) -> String {
        "\(thresholds.perConcept.count) per-concept threshold\(thresholds.perConcept.count == 1 ? "" : "s") from \(TerminalText.safe(path))"
    }
}
