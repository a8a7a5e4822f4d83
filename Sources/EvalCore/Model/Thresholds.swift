/// The thresholds in force: one global value, with optional per-concept overrides
/// (set by `T` in the UI, by a threshold strategy, or by `--thresholds FILE`).
/// A prediction is positive for a concept when its score is ≥ that concept's threshold.
public struct Thresholds: Sendable, Equatable {
    public var global: Double
    /// Concept index → its own threshold.
    public var perConcept: [Int: Double]

    public init(global: Double, perConcept: [Int: Double] = [:]) {
        self.global = global
        self.perConcept = perConcept
    }

    public func value(for concept: Int) -> Double {
        perConcept[concept] ?? global
    }

    public func hasOverride(_ concept: Int) -> Bool {
        perConcept[concept] != nil
    }
}
