/// How suspects are ordered (both come from confident learning; see `SuspectFinder`).
public enum SuspectRanking: String, Sendable, CaseIterable {
    /// Lowest model score for the given label first (cleanlab's "self_confidence").
    case selfConfidence = "self_confidence"
    /// Lowest p[given] − max p[other] first (cleanlab's "normalized_margin").
    case normalizedMargin = "normalized_margin"
}

/// One input whose label looks wrong.
public struct Suspect: Sendable, Equatable {
    /// Index of the input in the evaluation.
    public let input: Int
    /// The labels the evaluation gives it (concept indices, ascending).
    public let givenLabels: [Int]
    /// The labels confident learning believes it has (concept indices, ascending).
    public let likelyLabels: [Int]
    /// The concept whose label is in doubt. Exclusive: the given label. Multilabel: the concept
    /// whose presence or absence looks wrong (the most doubtful one when there are several).
    public let concept: Int
    /// Exclusive: the likely label. Multilabel: nil (the likely state of `concept` is the
    /// opposite of the given one).
    public let likelyConcept: Int?
    /// The model's confidence in the given label: exclusive p[given]; multilabel p[concept]
    /// when it is labelled, 1 − p[concept] when it is not.
    public let givenScore: Double
    /// The model's confidence in the likely label: exclusive p[likely]; multilabel 1 − givenScore.
    public let likelyScore: Double
    /// givenScore − the strongest alternative (exclusive: max p over the other concepts;
    /// multilabel: 1 − givenScore). Negative when the model prefers another label.
    public let margin: Double
    /// How suspicious, in [0, 1]; the list is sorted by it, highest first.
    public let suspicion: Double

    public init(input: Int, givenLabels: [Int], likelyLabels: [Int], concept: Int, likelyConcept: Int?,
                givenScore: Double, likelyScore: Double, margin: Double, suspicion: Double) {
        self.input = input
        self.givenLabels = givenLabels
        self.likelyLabels = likelyLabels
        self.concept = concept
        self.likelyConcept = likelyConcept
        self.givenScore = givenScore
        self.likelyScore = likelyScore
        self.margin = margin
        self.suspicion = suspicion
    }
}

/// The suspects of an evaluation and the confident-learning statistics behind them.
public struct SuspectReport: Sendable {
    public let ranking: SuspectRanking
    /// Most suspicious first.
    public let suspects: [Suspect]
    /// Exclusive: the per-class thresholds t_j (mean p[j] over inputs labelled j; +∞ for a
    /// class no input is labelled with). Multilabel: the per-concept positive thresholds.
    public let thresholds: [Double]
    /// Exclusive only: the confident joint, `[given][likely]` counts (its non-zero cells).
    public let confidentJoint: ConceptPairCounts?
    /// How many labels are likely wrong (`LabelErrorEstimate`): the number to state, while
    /// `suspects` is the longer list of candidates ranked for review.
    public let estimatedLabelErrors: Int
}
