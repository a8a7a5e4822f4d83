import EvalCore

/// What the user can do with flags and suspects (`Action.flags`), and what the runtime
/// reports back after doing the I/O the reducer asked for (`Effect.flags`).
public enum FlagsAction: Sendable, Equatable {
    // Keys
    /// `f`: toggle "mislabeled" on the selected input.
    case toggle
    /// `r`: open the concept picker to record what the label should be.
    case relabel
    /// `n`: prompt for a note.
    case note
    /// `u` / `U`.
    case undo
    case redo
    /// `F` / `L`: the flags view and the suspects view.
    case openFlagsView
    case openSuspectsView
    /// `R`: read what other reviewers appended to the journal.
    case refresh
    /// Movement in the flags and suspects views (`Int.min / 2` and `Int.max / 2` jump to the ends).
    case moveRow(Int)
    case pageRows(Int)
    /// Enter in the flags and suspects views: the input overlay.
    case openInput
    /// `a` in the suspects view: record the suggested (likely) labels, then the next suspect.
    case acceptSuggestion
    /// `x` in the suspects and flags views: "reviewed, label is right" (again: clears it).
    case markReviewed
    /// `/` in the flags and suspects views.
    case promptFilter
    /// Esc in the flags and suspects views: clear the filter, or go back.
    case closeView

    // Concept picker
    case pickerMove(Int)
    case pickerToggle
    case pickerConfirm
    case pickerCancel

    // Reports from the runtime
    /// The journal is open: where it is and what replay found.
    case configured(FlagsConfiguration)
    /// Events read from the journal (replay or refresh), with the inputs they name resolved.
    case absorbed(FlagsAbsorbed)
    /// The change's event is on disk: commit it.
    case saved(FlagChange)
    /// The save failed; the message says why. Nothing changes on screen but the status.
    case saveFailed(FlagChange, String)
    /// The evaluation's sha256, computed in the background, with the journal's events that
    /// were recorded against another version of the file (as warnings).
    case hashed(String, warnings: [String])
    /// The suspects, computed in the background.
    case suspectsReady(SuspectList)
    /// Reading the journal failed (refresh); the message says why.
    case readFailed(String)
}

/// Where the journal is, as the status bar states it at start.
public struct FlagsConfiguration: Sendable, Equatable {
    public var location: FlagJournalLocation
    public var context: FlagContext

    public init(location: FlagJournalLocation, context: FlagContext) {
        self.location = location
        self.context = context
    }
}

/// Events read from the journal, and what the runtime learned about the ids they name.
public struct FlagsAbsorbed: Sendable, Equatable {
    public var events: [FlagEvent]
    /// Input index of each id found in the evaluation.
    public var resolved: [String: Int]
    /// Ids the evaluation does not hold.
    public var missing: Set<String>
    /// Journal warnings (torn line, corrupt lines).
    public var warnings: [String]
    public var origin: Origin

    public enum Origin: Sendable, Equatable {
        /// The replay on start: its warnings are shown.
        case replay
        /// The periodic refresh: quiet unless something changed.
        case periodicRefresh
        /// `R`: always says what it found.
        case manualRefresh
    }

    public init(events: [FlagEvent], resolved: [String: Int], missing: Set<String>, warnings: [String], origin: Origin) {
        self.events = events
        self.resolved = resolved
        self.missing = missing
        self.warnings = warnings
        self.origin = origin
    }
}

/// I/O on the journal that the reducer asks of the runtime.
public enum FlagsEffect: Sendable, Equatable {
    /// Append the change's event (write + fsync), then report `.saved` or `.saveFailed`.
    case save(FlagChange)
    /// Read the journal's new events, then report `.absorbed` (`manual` for `R`).
    case refresh(manual: Bool)
    /// Rank the suspects off the main thread, then report `.suspectsReady`.
    case computeSuspects
}

extension FlagsAction {
    /// The keys that act on inputs (flag, open the flags or suspects view), which a summary
    /// does not have; the runtime's reports and the picker's keys are not among them.
    /// What works on the rows a summary holds (flag, note, the flags view): keyed by input id,
    /// it needs no more of an input. Relabelling (its picker ranks every score of the input) and
    /// the suspects (they rank every input) need the file.
    var worksOnSummaryRows: Bool {
        switch self {
        case .toggle, .note, .openFlagsView, .refresh, .openInput: return true
        default: return false
        }
    }

    /// What a summary that holds suspects (`summarize --suspects`) answers: the suspects view
    /// and the keys that act on its rows.
    var worksOnSummarySuspects: Bool {
        switch self {
        case .openSuspectsView, .acceptSuggestion, .markReviewed: return true
        default: return false
        }
    }

    var needsInputRows: Bool {
        switch self {
        case .toggle, .relabel, .note, .openFlagsView, .openSuspectsView, .refresh, .openInput, .acceptSuggestion,
             .markReviewed:
            return true
        default:
            return false
        }
    }
}
