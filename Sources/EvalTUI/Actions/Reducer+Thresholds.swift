import EvalCore
import TermUI

/// Threshold changes in the reducer, and the one undo history they share with flag actions.
/// Every change goes through `changeThresholds`, which records it (see `EditHistory`).
extension AppState {
    /// Applies `change` to the thresholds; when they really changed, records it for `u`,
    /// refreshes what depends on them and says what happened unless `quiet`.
    mutating func changeThresholds(label: String? = nil, mergeKey: String? = nil, quiet: Bool = false,
                                   _ change: (inout Thresholds) -> Void) {
        let before = thresholds
        change(&thresholds)
        guard thresholds != before else { return }
        let entry = ThresholdChange(before: before, after: thresholds, label: label, mergeKey: mergeKey)
        history.recordThresholds(entry)
        refreshCellRows()
        clampSelections()
        if !quiet { status = StatusMessage(entry.describe(name: conceptName) + " (u undoes)") }
    }

    /// Changes the threshold that the selected concept uses: its own when it has one,
    /// otherwise the global one. Clamped to [0, 1]. Slider steps merge into one undo entry.
    mutating func adjustThreshold(merging: Bool, _ change: (Double) -> Double) {
        let own = selectedConcept.flatMap { c in thresholds.perConcept[c].map { (c, $0) } }
        let key = merging ? "slider:\(own.map { String($0.0) } ?? "global")" : nil
        // Slider moves show on the slider itself; the status line stays for other news.
        changeThresholds(mergeKey: key, quiet: merging) { t in
            if let (c, value) = own { t.perConcept[c] = clamp(change(value), 0, 1) }
            else { t.global = clamp(change(t.global), 0, 1) }
        }
    }

    /// `=`: the global threshold back to its start value. Per-concept thresholds stay (they
    /// were set on purpose, one by one or by a strategy), and the status line says so.
    mutating func resetGlobalThreshold() {
        let own = thresholds.perConcept.count
        let keep = own == 0 ? "" : "; \(own) concept\(own == 1 ? " keeps its" : "s keep their") own (T on one drops it)"
        guard thresholds.global != startThreshold else {
            status = StatusMessage("the global threshold is at its start value \(Format.threshold(startThreshold))\(keep)")
            return
        }
        let old = thresholds.global
        let start = startThreshold
        changeThresholds(quiet: true) { $0.global = start }
        status = StatusMessage("global threshold reset to \(Format.threshold(startThreshold)) (was \(Format.threshold(old)))\(keep); u undoes")
    }

    /// `T`: the selected concept gets its own threshold (the global one, to start from), or
    /// follows the global one again.
    mutating func togglePerConceptThreshold() {
        guard let c = selectedConcept, let session else { return }
        let name = TerminalText.safe(session.name(c))
        if thresholds.perConcept[c] != nil {
            changeThresholds(quiet: true) { $0.perConcept[c] = nil }
            status = StatusMessage("\(name) follows the global threshold again (u undoes)")
        } else {
            changeThresholds(quiet: true) { $0.perConcept[c] = $0.global }
            status = StatusMessage("\(name) has its own threshold now (T drops it, u undoes)")
        }
    }

    // MARK: - Undo and redo

    /// `u`: takes back the last change, a threshold change or a flag action.
    mutating func undo() -> [Effect] {
        switch history.undoStack.last {
        case nil:
            status = StatusMessage("nothing to undo")
            return []
        case .flag?:
            guard flags.store.canUndo else { history.discardLastUndo(); return undo() }
            return reduceFlags(.undo)
        case .thresholds?:
            guard let change = history.undoThresholds() else { return [] }
            thresholds = change.before
            refreshCellRows()
            clampSelections()
            status = StatusMessage("undone: " + change.describe(name: conceptName) + " (U redoes)")
            return []
        }
    }

    /// `U`: re-applies the change undone last.
    mutating func redo() -> [Effect] {
        switch history.redoStack.last {
        case nil:
            status = StatusMessage("nothing to redo")
            return []
        case .flag?:
            guard flags.store.canRedo else { history.discardLastRedo(); return redo() }
            return reduceFlags(.redo)
        case .thresholds?:
            guard let change = history.redoThresholds() else { return [] }
            thresholds = change.after
            refreshCellRows()
            clampSelections()
            status = StatusMessage("redone: " + change.describe(name: conceptName))
            return []
        }
    }

    /// A concept's name, safe for the terminal.
    func conceptName(_ concept: Int) -> String {
        session.map { TerminalText.safe($0.name(concept)) } ?? "concept \(concept)"
    }
}
