import EvalCore
import Foundation

extension Session {
    /// A strategy's threshold for one concept, computed once (one pass over the concept's
    /// distinct scores) and kept: the curve pane asks for it on every frame.
    public func suggestion(_ strategy: ThresholdStrategy, concept: Int) -> ThresholdSuggestion {
        // Keyed by the strategy's text ("cost:5"): strategies are few (the ones the user applied).
        suggestions.get(SuggestionKey(strategy: strategy.description, concept: concept)) {
            strategy.suggestion(metrics: metrics, concept: concept)
        }
    }
}

struct SuggestionKey: Hashable, Sendable {
    let strategy: String
    let concept: Int
}
