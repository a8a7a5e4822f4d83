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

/// How the matrix is shown: the whole grid, or its off-diagonal cells as a list, largest
/// first (the default beyond `MatrixState.listFromConcepts` concepts, where a grid is a sea
/// of zeros).
public enum MatrixLayout: String, Sendable {
    case grid
    case topConfusions
}

public struct MatrixState: Sendable, Equatable {
    public var view: MatrixView = .countsAtThreshold
    /// The grid's selected cell (the list's selection is mirrored here, so that `o` keeps
    /// the pair in view when it switches).
    public var row = 0
    public var column = 0
    /// The grid's first visible row and column (the headers stay frozen).
    public var rowOffset = 0
    public var columnOffset = 0
    /// Nil until the user chooses with `o`: then the list beyond `listFromConcepts` concepts.
    public var chosenLayout: MatrixLayout?
    /// The Top confusions list's selected row and first visible row.
    public var listRow = 0
    public var listOffset = 0

    /// More concepts than this open on the Top confusions list.
    public static let listFromConcepts = 30

    public func layout(conceptCount: Int) -> MatrixLayout {
        chosenLayout ?? (conceptCount > Self.listFromConcepts ? .topConfusions : .grid)
    }

    public init(view: MatrixView = .countsAtThreshold) {
        self.view = view
    }
}
