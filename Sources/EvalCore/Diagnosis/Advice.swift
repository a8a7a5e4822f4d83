/// The kinds of per-concept advice (issue 5). The codes are exactly these strings, with
/// `confused_with` followed by `:OTHER`.
public enum AdviceKind: String, Sendable, CaseIterable {
    case fewInputs = "few_inputs"
    case smallImages = "small_images"
    case lowAUC = "low_auc"
    case confusedWith = "confused_with"
    case foldVariance = "fold_variance"
    case suspectLabels = "suspect_labels"
    case tooEasy = "too_easy"
    case multilabelInExclusive = "multilabel_in_exclusive"

    /// A one-letter marker for the concept table's advice column.
    public var marker: Character {
        switch self {
        case .fewInputs: return "n"
        case .smallImages: return "s"
        case .lowAUC: return "w"
        case .confusedWith: return "c"
        case .foldVariance: return "v"
        case .suspectLabels: return "l"
        case .tooEasy: return "e"
        case .multilabelInExclusive: return "m"
        }
    }
}

/// One piece of advice about a concept, with the numbers behind it.
public struct Advice: Sendable, Equatable {
    public let kind: AdviceKind
    /// For `confused_with`: the other concept's index.
    public let other: Int?
    /// The code as the report prints it: `few_inputs`, `confused_with:wolf`, …
    public let code: String
    /// A short phrase for people: "few inputs (12 < 50)", "confused with wolf (14%)".
    public let phrase: String
    public let evidence: Evidence

    public init(kind: AdviceKind, other: (index: Int, name: String)? = nil, phrase: String, evidence: Evidence) {
        self.kind = kind
        self.other = other?.index
        self.code = other.map { "\(kind.rawValue):\($0.name)" } ?? kind.rawValue
        self.phrase = phrase
        self.evidence = evidence
    }
}
