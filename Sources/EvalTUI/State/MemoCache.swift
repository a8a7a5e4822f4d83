import Foundation

/// A lock-protected memo: each key's value is computed once and kept, so a background task
/// may warm it while the UI reads it. Two callers racing on a missing key may both compute it;
/// the values are equal, so the second simply wins.
final class MemoCache<Key: Hashable, Value>: @unchecked Sendable {  // `entries` is guarded by `lock`
    private let lock = NSLock()
    private var entries: [Key: Value] = [:]

    /// The value if it is computed; never computes.
    func peek(_ key: Key) -> Value? {
        lock.lock(); defer { lock.unlock() }
        return entries[key]
    }

    func get(_ key: Key, compute: () -> Value) -> Value {
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
