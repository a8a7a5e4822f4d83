import EvalCore

/// The threshold strategies that `m` and `M` offer, in menu order.
public enum StrategyChoice: Int, Sendable, CaseIterable {
    case maxF1, youden, cost, precision, recall

    /// The menu line (ASCII, so that it reads the same with `--ascii`).
    public var label: String {
        switch self {
        case .maxF1: return "max-f1        the highest F1"
        case .youden: return "youden        the highest TPR - FPR"
        case .cost: return "cost:R        the lowest R*FP + FN (R = cost of a FP)"
        case .precision: return "precision:P   the best recall with precision >= P"
        case .recall: return "recall:R      the best precision with recall >= R"
        }
    }

    /// The strategy's name as the command line spells it.
    public var name: String {
        switch self {
        case .maxF1: return "max-f1"
        case .youden: return "youden"
        case .cost: return "cost"
        case .precision: return "precision"
        case .recall: return "recall"
        }
    }

    /// The value the parameter prompt starts with; nil for the strategies without one.
    public var defaultParameter: String? {
        switch self {
        case .maxF1, .youden: return nil
        case .cost: return "5"
        case .precision, .recall: return "0.9"
        }
    }

    /// The prompt's question for the parameter.
    public var parameterQuestion: String {
        switch self {
        case .cost: return "cost of a false positive relative to a false negative (R >= 0):"
        case .precision: return "minimum precision (0 to 1):"
        case .recall: return "minimum recall (0 to 1):"
        case .maxF1, .youden: return ""
        }
    }

    /// The strategy with `parameter` (ignored by max-f1 and youden), checked by
    /// `ThresholdStrategy(parsing:)` so that the UI accepts exactly what the CLI accepts.
    public func strategy(parameter: String?) throws(ThresholdStrategyError) -> ThresholdStrategy {
        guard defaultParameter != nil else { return try ThresholdStrategy(parsing: name) }
        return try ThresholdStrategy(parsing: name + ":" + (parameter ?? ""))
    }
}

/// The open strategy menu: the cursor, and whether the choice applies to every concept (`M`)
/// or to the selected one (`m`).
public struct StrategyMenu: Sendable, Equatable {
    public var cursor: Int
    public let allConcepts: Bool

    public init(cursor: Int = 0, allConcepts: Bool) {
        self.cursor = cursor
        self.allConcepts = allConcepts
    }

    public var choice: StrategyChoice { StrategyChoice(rawValue: cursor) ?? .maxF1 }

    public mutating func move(by delta: Int) {
        cursor = clamp(cursor.addingReportingOverflow(delta).partialValue, 0, StrategyChoice.allCases.count - 1)
    }
}
