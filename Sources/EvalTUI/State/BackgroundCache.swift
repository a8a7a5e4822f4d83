import Foundation

/// Values that may take longer than a frame, computed one at a time on a background queue
/// and kept for the last few keys. A reader never waits: it gets the value if it is there,
/// otherwise the computation is scheduled and the screen says "computing…" until the `App`
/// notices `completions` move and redraws. A request made while another computation runs
/// replaces any request still waiting (only the latest matters: holding → asks for one
/// threshold after another).
final class BackgroundCache<Key: Equatable & Sendable, Value: Sendable>: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    /// Most recently computed last; at most `capacity`.
    private var entries: [(key: Key, value: Value)] = []
    private let capacity: Int
    private var running: Key?
    private var waiting: (key: Key, compute: @Sendable () -> Value)?
    private var finished = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// How many computations have finished in the background (the `App` redraws on a change).
    var completions: Int {
        lock.lock(); defer { lock.unlock() }
        return finished
    }

    /// The value for `key` if it is computed; never waits and never computes.
    func peek(_ key: Key) -> Value? {
        lock.lock(); defer { lock.unlock() }
        return entries.last { $0.key == key }?.value
    }

    /// The most recently computed value whose key passes `matching` (what to show, marked
    /// stale, while the current one is computed).
    func latest(where matching: (Key) -> Bool) -> Value? {
        lock.lock(); defer { lock.unlock() }
        return entries.last { matching($0.key) }?.value
    }

    /// The value for `key`: at once when it is cached or `inline` (cheap enough to compute
    /// within the frame); otherwise nil, with the computation scheduled in the background.
    func value(for key: Key, inline: Bool, compute: @escaping @Sendable () -> Value) -> Value? {
        if let hit = peek(key) { return hit }
        if inline {
            let value = compute()
            store(key, value)
            return value
        }
        lock.lock()
        defer { lock.unlock() }
        guard running != key, waiting?.key != key else { return nil }
        if running != nil {
            waiting = (key, compute)
            return nil
        }
        running = key
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            BackgroundPriority.lowerCurrentThread()
            var job: (key: Key, compute: @Sendable () -> Value)? = (key, compute)
            while let current = job {
                let value = current.compute()
                store(current.key, value)
                lock.lock()
                finished &+= 1
                job = waiting
                waiting = nil
                running = job?.key
                lock.unlock()
            }
        }
        return nil
    }

    private func store(_ key: Key, _ value: Value) {
        lock.lock(); defer { lock.unlock() }
        entries.removeAll { $0.key == key }
        entries.append((key, value))
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }
}
