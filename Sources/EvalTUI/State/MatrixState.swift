import EvalCore

/// The views of the concept-by-concept matrix that `v` cycles through.
public enum MatrixView: String, Sendable, CaseIterable {
    /// [A][B] = inputs labelled A scoring ≥ t on B (both modes).
    case countsAtThreshold
    /// [A][B] = inputs labelled A whose argmax is B (exclusive only).
    case confusion
    /// [A][B] = mean score for B over inputs labelled A.
    case meanScore
    /// [A][B] = inputs labelled both A and B (multilabel only).
    case cooccurrence

    public var title: String {
        switch self {
        case .countsAtThreshold: return "counts at threshold"
        case .confusion: return "confusion (argmax)"
        case .meanScore: return "mean score"
        case .cooccurrence: return "label co-occurrence"
        }
    }

    /// The views that make sense in `mode`, in cycling order.
    public static func available(in mode: EvaluationMode) -> [MatrixView] {
        switch mode {
        case .exclusive: return [.countsAtThreshold, .confusion, .meanScore]
        case .multilabel: return [.countsAtThreshold, .meanScore, .cooccurrence]
        }
    }
}

public struct MatrixState: Sendable, Equatable {
    public var view: MatrixView = .countsAtThreshold
    public var row = 0
    public var column = 0
    public var rowOffset = 0
    public var columnOffset = 0

    public init(view: MatrixView = .countsAtThreshold) {
        self.view = view
    }
}
