/// What a summary holds of confident learning (format version 3, `--suspects S`): the
/// first S suspects of the file's ranking (`SuspectFinder` by self-confidence, on the scores
/// rounded to the summary's grid), with the numbers the diagnosis reads of all of them: the
/// label-error estimate and per concept the suspects that confidently belong elsewhere.
public struct SummarySuspects: Sendable, Equatable {
    /// Always `SuspectFinder.defaultRanking` (the one the view and the diagnosis use).
    public let ranking: SuspectRanking
    /// The S asked for (`--suspects`); `ranked` holds min(S, candidates).
    public let limit: Int
    /// `SuspectReport.estimatedLabelErrors` of the file.
    public let estimatedLabelErrors: Int
    /// How many suspects the file's ranking has in all.
    public let candidates: Int
    /// Per concept, `SuspectFinder.confidentSuspectCounts` (what `suspect_labels` judges).
    public let confidentCounts: [Int]
    /// The first min(S, candidates) suspects, most suspicious first; `Suspect.input` is an
    /// index into `EvaluationSummary.rows`.
    public let ranked: [Suspect]

    public init(ranking: SuspectRanking, limit: Int, estimatedLabelErrors: Int, candidates: Int, confidentCounts: [Int], ranked: [Suspect]) {
        self.ranking = ranking
        self.limit = limit
        self.estimatedLabelErrors = estimatedLabelErrors
        self.candidates = candidates
        self.confidentCounts = confidentCounts
        self.ranked = ranked
    }
}

/// What `SummaryBuilder` and the suspects' passes take from a summarizer, one input at a time in
/// the file's order: the summarizers read a file for either.
public protocol SummaryInputSink {
    /// Inputs added so far.
    var inputCount: Int { get }
    mutating func add<Labels: Collection<Int32>>(
        scores: UnsafeBufferPointer<Double>, labels: Labels, fold: String?,
        attributeValues: [String?], width: Int32, height: Int32,
        id: String, url: String?, text: String?)
    /// JSON Lines finds the fold and attributes as it reads (see `SummaryBuilder.addFold`).
    mutating func addFold()
    mutating func addAttribute(named name: String)
}
