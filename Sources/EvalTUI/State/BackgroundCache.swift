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
    /// Tests hold the work back to see the screen while a value is still being computed.
    private var held = false

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Tests: `true` keeps scheduled work waiting (the latest request only) until `false`.
    func hold(_ hold: Bool) {
        lock.lock()
        held = hold
        let start = !hold && running == nil ? waiting : nil
        if start != nil { waiting = nil; running = start?.key }
        lock.unlock()
        if let start { run(start) }
    }

    /// How many computations have finished in the background (the `App` redraws on a change).
    var completions: Int {
        lock.lock(); defer { lock.unlock() }
        return finished
    }

    /// Whether nothing is being computed or waiting to be (a held request counts as waiting).
    var isIdle: Bool {
        lock.lock(); defer { lock.unlock() }
        return running == nil && waiting == nil
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
        guard running != key, waiting?.key != key else { lock.unlock(); return nil }
        if running != nil || held {
            waiting = (key, compute)
            lock.unlock()
            return nil
        }
        running = key
        lock.unlock()
        run((key, compute))
        return nil
    }

    /// Computes `first`, then whatever request waits, until none does (`running` is set).
    private func run(_ first: (key: Key, compute: @Sendable () -> Value)) {
        BackgroundPriority.detach(named: "evaltop background cache") { [self] in
            var job: (key: Key, compute: @Sendable () -> Value)? = first
            while let current = job {
                let value = current.compute()
                store(current.key, value)
                lock.lock()
                finished &+= 1
                job = held ? nil : waiting
                if !held { waiting = nil }
                running = job?.key
                lock.unlock()
            }
        }
    }

    private func store(_ key: Key, _ value: Value) {
        lock.lock(); defer { lock.unlock() }
        entries.removeAll { $0.key == key }
        entries.append((key, value))
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }
}
