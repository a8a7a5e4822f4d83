import EvalCore
import Foundation

extension Session {
    /// A strategy's threshold for one concept, computed once (one pass over the concept's
    /// distinct scores) and kept: the curve pane asks for it on every frame.
    public func suggestion(_ strategy: ThresholdStrategy, concept: Int) -> ThresholdSuggestion {
        suggestions.get(strategy: strategy, concept: concept) {
            strategy.suggestion(metrics: metrics, concept: concept)
        }
    }
}

/// Suggestions per (strategy, concept). Strategies are few (the ones the user applied), so
/// the cache stays small.
final class SuggestionCache: @unchecked Sendable {  // `entries` is guarded by `lock`
    private struct Key: Hashable {
        let strategy: String
        let concept: Int
    }

    private let lock = NSLock()
    private var entries: [Key: ThresholdSuggestion] = [:]

    func get(strategy: ThresholdStrategy, concept: Int, compute: () -> ThresholdSuggestion) -> ThresholdSuggestion {
        let key = Key(strategy: strategy.description, concept: concept)
        lock.lock()
        if let hit = entries[key] { lock.unlock(); return hit }
        lock.unlock()
        let value = compute()
        lock.lock()
        entries[key] = value
        lock.unlock()
        return value
    }
}
