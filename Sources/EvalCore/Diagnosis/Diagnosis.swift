/// The model's category in the sense of Clarifai's guide.
public enum Verdict: String, Sendable, CaseIterable {
    /// Every assessed concept is strong.
    case good
    /// A few concepts are not strong.
    case ok
    /// Many concepts are weak, or the macro AUC is low.
    case bad
    /// The model predicts inconsistently across folds.
    case variance
    /// The model does much better on some slices of a `meta:` attribute than on others.
    case biased

    /// The words that open the summary.
    public var title: String {
        switch self {
        case .good: return "Good model"
        case .ok: return "OK model"
        case .bad: return "Bad model"
        case .variance: return "Model with variance"
        case .biased: return "Possibly biased model"
        }
    }
}

/// How well one concept is separated, judged on AUC, AP and best F1 together (`DiagnosisRules`).
public enum ConceptStrength: String, Sendable {
    case strong, fair, weak
    /// No AUC: the concept lacks positives or negatives.
    case unassessed
}

/// Everything the diagnosis says about one concept.
public struct ConceptDiagnosis: Sendable, Equatable {
    public let concept: Int
    public let strength: ConceptStrength
    public let auc: Double?
    public let averagePrecision: Double?
    /// The F1 at the concept's max-F1 threshold; nil without positives.
    public let bestF1: Double?
    /// The F1 at the thresholds the diagnosis was made with.
    public let f1: Double
    /// Empty for a healthy concept.
    public let advice: [Advice]

    /// The advice codes in order (`few_inputs`, `confused_with:wolf`, …).
    public var codes: [String] { advice.map(\.code) }
    /// One letter per advice kind, for a marker column ("" when healthy).
    public var markers: String { String(advice.map(\.kind.marker)) }
    public func has(_ kind: AdviceKind) -> Bool { advice.contains { $0.kind == kind } }
}

/// The verdict on a model, with its evidence, and the advice for each concept.
public struct Diagnosis: Sendable, Equatable {
    public let verdict: Verdict
    /// One line: "OK model: 2 weak concepts (husky, wolf; confused with each other)".
    public let summary: String
    /// The model-level numbers the verdict rests on.
    public let evidence: Evidence
    /// One entry per concept, in concept order.
    public let concepts: [ConceptDiagnosis]
    /// The largest macro-AUC gap between slices of a `meta:` attribute, when there is one.
    public let largestSliceGap: SliceGap?
    /// The attribute of `largestSliceGap`.
    public let largestSliceGapAttribute: String?
    /// Model-level advice: `suspect_labels` when confident learning estimates that at least
    /// `DiagnosisRules.labelNoiseMinimumShare` of the inputs are mislabeled.
    public var advice: [Advice] = []

    /// Concepts with at least one piece of advice.
    public var conceptsWithAdvice: [ConceptDiagnosis] { concepts.filter { !$0.advice.isEmpty } }
}
