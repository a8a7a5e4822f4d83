import EvalCore

/// Everything the UI knows about flags: the store (current flags, undo and redo), where the
/// journal is, which flagged ids the evaluation holds, and the two flag screens.
public struct FlagsState: Sendable {
    /// The journal's path; nil when flagging is off (the bundled example without `--flags`).
    public var journalPath: String?
    /// The current flags. Changes reach it only through `commit`, after the journal saved them.
    public var store: FlagStore
    /// Input index of each flagged id the evaluation holds (resolved by the runtime, off the
    /// keystroke path; the reducer adds the inputs it flags itself).
    public var inputIndex: [String: Int] = [:]
    /// Flagged ids the evaluation does not hold (kept, and reported).
    public var missingIDs: Set<String> = []
    /// Replay warnings (torn line, other evaluation, unknown ids), for the status bar.
    public var warnings: [String] = []
    public var view = FlagsViewState()
    public var suspects = SuspectsViewState()

    public init(journalPath: String? = nil, context: FlagContext = FlagContext(user: "", evaluation: "")) {
        self.journalPath = journalPath
        self.store = FlagStore(context: context)
    }

    public var enabled: Bool { journalPath != nil }

    public func isFlagged(_ inputID: String) -> Bool { store.isFlagged(inputID) }
}

/// The flags view (`F`): every flagged input, filterable.
public struct FlagsViewState: Sendable, Equatable {
    public var selectedRow = 0
    public var scrollOffset = 0
    /// Matches the id, the labels, the note or the user (case-insensitive).
    public var filter = ""
}

/// The suspects view (`L`): the inputs most likely mislabeled, computed once in the background.
public struct SuspectsViewState: Sendable, Equatable {
    public var list: SuspectList?
    public var computing = false
    /// Matches the names of the given and likely labels (case-insensitive).
    public var filter = ""
    public var selectedRow = 0
    public var scrollOffset = 0
}

/// The suspects of the evaluation, most suspicious first.
public struct SuspectList: Sendable, Equatable {
    public let ranking: SuspectRanking
    public let suspects: [Suspect]
    /// Seconds the ranking took (shown in the view's title).
    public let seconds: Double
    /// Confident learning's estimate of the wrong labels (`LabelErrorEstimate`), which the
    /// title states; the list holds more candidates than that, ranked.
    public let estimatedLabelErrors: Int
    /// On a summary: how many suspects the file's ranking has (the list holds its first S),
    /// and per concept those that confidently belong elsewhere (`suspect_labels`). Nil on a file,
    /// whose list is the whole ranking.
    public let candidates: Int?
    public let confidentCounts: [Int]?

    public init(ranking: SuspectRanking, suspects: [Suspect], seconds: Double, estimatedLabelErrors: Int,
                candidates: Int? = nil, confidentCounts: [Int]? = nil) {
        self.ranking = ranking
        self.suspects = suspects
        self.seconds = seconds
        self.estimatedLabelErrors = estimatedLabelErrors
        self.candidates = candidates
        self.confidentCounts = confidentCounts
    }
}
