import Foundation

/// Who is acting on which evaluation, stamped onto every event this process writes.
public struct FlagContext: Sendable, Equatable {
    public var user: String
    /// The evaluation's file name (no folder).
    public var evaluation: String
    /// Empty until the background hash is done; set it when it is (`FlagStore.context`).
    public var evaluationSHA256: String

    public init(user: String, evaluation: String, evaluationSHA256: String = "") {
        self.user = user
        self.evaluation = evaluation
        self.evaluationSHA256 = evaluationSHA256
    }

    /// `$USER` (or `$LOGNAME`, or the account name of the process's user, or "unknown") on the
    /// evaluation at `evaluationPath`. Shells started by tmux or cron often lack `$USER`.
    public static func current(
        evaluationPath: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> FlagContext {
        let user = environment["USER"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["LOGNAME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? accountName() ?? "unknown"
        return FlagContext(user: user, evaluation: (evaluationPath as NSString).lastPathComponent)
    }

    private static func accountName() -> String? {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return nil }
        let text = String(cString: name)
        return text.isEmpty ? nil : text
    }
}

/// A proposed change: the event to append, and how it moves the undo history once saved.
public struct FlagChange: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case edit, undo, redo }
    public let event: FlagEvent
    public let kind: Kind
    /// The input's state before the change (nil when it had no events).
    public let before: FlagState?
}

/// The current flags, derived from journal events, with undo and redo.
///
/// A value type with no I/O. The caller proposes a change (`toggleFlag`, `relabel`, `note`,
/// `undo`, `redo`), appends `change.event` to the journal, and only when that succeeded calls
/// `commit(change)`; a failed save leaves the store, and so the screen, unchanged. Events read
/// from other processes go through `absorb`, which is not undoable.
public struct FlagStore: Sendable {
    private struct HistoryEntry: Sendable {
        let inputID: String
        let before: FlagState?
        let after: FlagState
    }

    public private(set) var states: [String: FlagState] = [:]
    public var context: FlagContext
    private var undoHistory: [HistoryEntry] = []
    private var redoHistory: [HistoryEntry] = []

    public init(context: FlagContext, events: [FlagEvent] = []) {
        self.context = context
        absorb(events)
    }

    public func state(of inputID: String) -> FlagState? { states[inputID] }
    public func isFlagged(_ inputID: String) -> Bool { states[inputID]?.flagged ?? false }
    /// The flagged input ids, in no particular order.
    public var flaggedIDs: [String] { states.compactMap { $0.value.flagged ? $0.key : nil } }
    public var flaggedCount: Int { states.values.reduce(0) { $0 + ($1.flagged ? 1 : 0) } }
    public func isReviewed(_ inputID: String) -> Bool { states[inputID]?.reviewed ?? false }
    /// The input ids reviewed and found right, in no particular order.
    public var reviewedIDs: [String] { states.compactMap { $0.value.reviewed ? $0.key : nil } }
    public var canUndo: Bool { !undoHistory.isEmpty }
    public var canRedo: Bool { !redoHistory.isEmpty }

    /// Applies events in journal order (replay, or a refresh that read other processes' events).
    public mutating func absorb(_ events: [FlagEvent]) {
        for event in events { states[event.inputID] = event.resultingState }
    }

    /// Flags an unflagged input (keeping an earlier suggestion and note), or unflags a flagged one.
    public func toggleFlag(_ inputID: String, at date: Date = Date()) -> FlagChange {
        let current = states[inputID]
        let action: FlagAction = (current?.flagged ?? false) ? .unflag : .flag
        return edit(inputID, action: action, labels: current?.suggestedLabels ?? [], note: current?.note ?? "", at: date)
    }

    /// Flags the input with the labels it should have (concept ids).
    public func relabel(_ inputID: String, labels: [String], at date: Date = Date()) -> FlagChange {
        edit(inputID, action: .relabel, labels: labels, note: states[inputID]?.note ?? "", at: date)
    }

    /// Marks the input "reviewed, label is right" (clearing a flag and its suggestion), or
    /// clears that mark when it is already there.
    public func toggleReviewed(_ inputID: String, at date: Date = Date()) -> FlagChange {
        let reviewed = states[inputID]?.reviewed ?? false
        return edit(inputID, action: reviewed ? .unflag : .reviewed, labels: [], note: states[inputID]?.note ?? "", at: date)
    }

    /// Attaches a note (replacing an earlier one); this flags the input too.
    public func note(_ inputID: String, text: String, at date: Date = Date()) -> FlagChange {
        edit(inputID, action: .note, labels: states[inputID]?.suggestedLabels ?? [], note: text, at: date)
    }

    /// The change that takes back the last saved edit (or redo), or nil when there is none.
    public func undo(at date: Date = Date()) -> FlagChange? {
        guard let entry = undoHistory.last else { return nil }
        return restore(entry.inputID, to: entry.before, kind: .undo, at: date)
    }

    /// The change that re-applies the last undone edit, or nil when there is none.
    public func redo(at date: Date = Date()) -> FlagChange? {
        guard let entry = redoHistory.last else { return nil }
        return restore(entry.inputID, to: entry.after, kind: .redo, at: date)
    }

    /// Records a change after its event was saved.
    public mutating func commit(_ change: FlagChange) {
        let after = change.event.resultingState
        states[change.event.inputID] = after
        switch change.kind {
        case .edit:
            undoHistory.append(HistoryEntry(inputID: change.event.inputID, before: change.before, after: after))
            redoHistory.removeAll()
        case .undo:
            if let entry = undoHistory.popLast() { redoHistory.append(entry) }
        case .redo:
            if let entry = redoHistory.popLast() { undoHistory.append(entry) }
        }
    }

    private func edit(_ inputID: String, action: FlagAction, labels: [String], note: String, at date: Date) -> FlagChange {
        FlagChange(event: makeEvent(inputID, action: action, labels: labels, note: note, at: date),
                   kind: .edit, before: states[inputID])
    }

    private func restore(_ inputID: String, to target: FlagState?, kind: FlagChange.Kind, at date: Date) -> FlagChange {
        let action: FlagAction
        if let target, target.flagged {
            action = target.suggestedLabels.isEmpty ? (target.note.isEmpty ? .flag : .note) : .relabel
        } else if let target, target.reviewed {
            action = .reviewed
        } else {
            action = .unflag
        }
        let event = makeEvent(inputID, action: action, labels: target?.suggestedLabels ?? [],
                              note: target?.note ?? "", at: date)
        return FlagChange(event: event, kind: kind, before: states[inputID])
    }

    private func makeEvent(_ inputID: String, action: FlagAction, labels: [String], note: String, at date: Date) -> FlagEvent {
        FlagEvent(time: FlagEvent.timestamp(date), user: context.user, inputID: inputID, action: action,
                  labels: labels, note: note, evaluation: context.evaluation,
                  evaluationSHA256: context.evaluationSHA256)
    }
}
