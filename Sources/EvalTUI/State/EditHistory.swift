import EvalCore

/// One undo history for the two kinds of change a reviewer makes, so that `u` always takes
/// back the last one, whichever it was.
///
/// Flag actions keep their own undo data in `FlagStore` (it knows the event that reverses each
/// one in the journal); here they are only a marker saying "the next step back is a flag".
/// Threshold changes (the slider, `t`, `=`, `T`, the strategies) are kept here in full.
/// A flag marker moves between the stacks when the journal confirms the undo or redo
/// (`.saved`), so that a failed write leaves the history as it was.
public struct EditHistory: Sendable, Equatable {
    public enum Entry: Sendable, Equatable {
        case flag
        case thresholds(ThresholdChange)
    }

    public private(set) var undoStack: [Entry] = []
    public private(set) var redoStack: [Entry] = []

    public init() {}

    /// A new flag edit was saved: it is the latest change, and nothing is left to redo.
    mutating func recordFlagEdit() {
        undoStack.append(.flag)
        redoStack.removeAll()
    }

    /// A flag undo was saved: its marker moves to the redo stack.
    mutating func flagUndone() {
        if let i = undoStack.lastIndex(of: .flag) { undoStack.remove(at: i) }
        redoStack.append(.flag)
    }

    /// A flag redo was saved: its marker moves back.
    mutating func flagRedone() {
        if let i = redoStack.lastIndex(of: .flag) { redoStack.remove(at: i) }
        undoStack.append(.flag)
    }

    /// Drops a flag marker the store has nothing behind (its history was cleared): the
    /// changes under it must stay reachable.
    mutating func discardLastUndo() { if !undoStack.isEmpty { undoStack.removeLast() } }
    mutating func discardLastRedo() { if !redoStack.isEmpty { redoStack.removeLast() } }

    /// Records a threshold change. Consecutive steps of the slider on the same target merge
    /// into one entry (as an editor merges typed characters), so `u` undoes a whole drag.
    mutating func recordThresholds(_ change: ThresholdChange) {
        redoStack.removeAll()
        if let key = change.mergeKey, case .thresholds(let last)? = undoStack.last, last.mergeKey == key {
            undoStack[undoStack.count - 1] = .thresholds(ThresholdChange(before: last.before, after: change.after,
                                                                         label: change.label, mergeKey: key))
            if last.before == change.after { undoStack.removeLast() }  // stepped back to where it started
            return
        }
        undoStack.append(.thresholds(change))
        if undoStack.count > Self.limit { undoStack.removeFirst(undoStack.count - Self.limit) }
    }

    /// Pops the last threshold change for undo (the caller restores `before`).
    mutating func undoThresholds() -> ThresholdChange? {
        guard case .thresholds(let change)? = undoStack.last else { return nil }
        undoStack.removeLast()
        redoStack.append(.thresholds(change))
        return change
    }

    /// Pops the last undone threshold change for redo (the caller restores `after`).
    mutating func redoThresholds() -> ThresholdChange? {
        guard case .thresholds(let change)? = redoStack.last else { return nil }
        redoStack.removeLast()
        undoStack.append(.thresholds(change))
        return change
    }

    /// Threshold entries kept (each holds two `Thresholds`, small even with many concepts).
    static let limit = 1000
}

/// One change of the thresholds in force, with what the status line says about it.
public struct ThresholdChange: Sendable, Equatable {
    public var before: Thresholds
    public var after: Thresholds
    /// Set by changes that have their own name ("max-f1 on every concept"); otherwise the
    /// change describes itself from the difference.
    public var label: String?
    /// Slider steps on one target share a key, and merge.
    var mergeKey: String?

    init(before: Thresholds, after: Thresholds, label: String? = nil, mergeKey: String? = nil) {
        self.before = before
        self.after = after
        self.label = label
        self.mergeKey = mergeKey
    }

    /// "global threshold 0.50 → 0.60", "eight's threshold 0.50 → 0.44", … for the status line.
    func describe(name: (Int) -> String, arrow: String = "→") -> String {
        if let label { return label }
        let changedConcepts = Set(before.perConcept.keys).union(after.perConcept.keys)
            .filter { before.perConcept[$0] != after.perConcept[$0] }.sorted()
        var parts: [String] = []
        if before.global != after.global {
            parts.append("global threshold \(Format.threshold(before.global)) \(arrow) \(Format.threshold(after.global))")
        }
        if changedConcepts.count == 1, let c = changedConcepts.first {
            switch (before.perConcept[c], after.perConcept[c]) {
            case (nil, let new?): parts.append("\(name(c)) given its own threshold \(Format.threshold(new))")
            case (let old?, nil): parts.append("\(name(c)) back on the global threshold (was \(Format.threshold(old)))")
            case (let old?, let new?): parts.append("\(name(c))'s threshold \(Format.threshold(old)) \(arrow) \(Format.threshold(new))")
            case (nil, nil): break
            }
        } else if changedConcepts.count > 1 {
            parts.append("the thresholds of \(changedConcepts.count) concepts")
        }
        return parts.isEmpty ? "no threshold change" : parts.joined(separator: ", ")
    }
}
