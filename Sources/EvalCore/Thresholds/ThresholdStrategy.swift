import Foundation

/// A rule for choosing a concept's threshold from its curve (issue 5, "Strategies").
///
/// For every strategy the candidates are the concept's distinct scores, an input is predicted
/// positive iff its score ≥ the candidate, and among equally good candidates the highest wins.
/// A concept without positives, or without a candidate that satisfies the strategy, gets none.
public enum ThresholdStrategy: Sendable, Equatable, CustomStringConvertible {
    /// The highest F1.
    case maxF1
    /// The highest TPR − FPR (Youden's J).
    case youden
    /// The lowest `ratio`·FP + FN: `ratio` is the cost of a false positive relative to a
    /// false negative (the What-If Tool's cost ratio).
    case cost(ratio: Double)
    /// The highest recall among the candidates with precision ≥ `minimum`.
    case precision(minimum: Double)
    /// The highest precision among the candidates with recall ≥ `minimum`.
    case recall(minimum: Double)

    /// The strategy names as the command line spells them, for help and error texts.
    public static let syntax = "max-f1, youden, cost:R (R ≥ 0), precision:P or recall:R (0 ≤ P, R ≤ 1)"

    /// Parses "max-f1", "youden", "cost:5", "precision:0.9" or "recall:0.8".
    public init(parsing text: String) throws(ThresholdStrategyError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let name = parts[0].lowercased()
        let argument = parts.count > 1 ? parts[1] : nil

        func number(_ what: String, in range: ClosedRange<Double>?) throws(ThresholdStrategyError) -> Double {
            guard let argument, !argument.isEmpty else {
                throw ThresholdStrategyError(text: text, reason: "\(name) needs a value, as in \(name):\(what)")
            }
            // Plain decimals only: Double("0x10") would read a hex float.
            guard let value = DecimalText.parse(argument.trimmingCharacters(in: .whitespaces)), value.isFinite else {
                throw ThresholdStrategyError(text: text, reason: "'\(argument)' is not a number (write a plain decimal, such as 0.9)")
            }
            if let range, !range.contains(value) {
                throw ThresholdStrategyError(text: text, reason: "\(name) must be between \(Self.plain(range.lowerBound)) and \(Self.plain(range.upperBound))")
            }
            if range == nil, value < 0 {
                throw ThresholdStrategyError(text: text, reason: "the cost ratio must be ≥ 0")
            }
            return value
        }
        func noArgument() throws(ThresholdStrategyError) {
            if argument != nil { throw ThresholdStrategyError(text: text, reason: "\(name) takes no value") }
        }

        switch name {
        case "max-f1", "maxf1", "f1":
            try noArgument()
            self = .maxF1
        case "youden":
            try noArgument()
            self = .youden
        case "cost": self = .cost(ratio: try number("5", in: nil))
        case "precision": self = .precision(minimum: try number("0.9", in: 0 ... 1))
        case "recall": self = .recall(minimum: try number("0.8", in: 0 ... 1))
        default: throw ThresholdStrategyError(text: text, reason: "unknown strategy")
        }
    }

    /// The canonical spelling, which `init(parsing:)` reads back.
    public var description: String {
        switch self {
        case .maxF1: return "max-f1"
        case .youden: return "youden"
        case .cost(let ratio): return "cost:\(Self.plain(ratio))"
        case .precision(let minimum): return "precision:\(Self.plain(minimum))"
        case .recall(let minimum): return "recall:\(Self.plain(minimum))"
        }
    }

    private static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}

/// A strategy string that cannot be used; `description` says why and lists the valid forms.
public struct ThresholdStrategyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The strategy as given.
    public let text: String
    /// What is wrong with it ("unknown strategy", "precision must be between 0 and 1").
    public let reason: String

    public var description: String {
        "invalid strategy '\(text)': \(reason) (expected \(ThresholdStrategy.syntax))"
    }
}
