import Foundation

/// One piece of work run off the main thread (the evaluation's sha256, the suspects), whose
/// result the event loop picks up when it polls. Headless runs pass `synchronous: true` so
/// that a replay is deterministic.
final class BackgroundJob<Value: Sendable>: @unchecked Sendable {  // `result` is guarded by `lock`
    private let lock = NSLock()
    private var result: Value?

    /// - Parameter lowersPriority: run the work at a lower priority (`BackgroundPriority`), so
    ///   that it yields to the event loop. Tests that wait for the result among many busy test
    ///   threads pass false: at nice 10 beside them, the work waits for the whole suite.
    init(synchronous: Bool, lowersPriority: Bool = true, work: @escaping @Sendable () -> Value) {
        if synchronous {
            result = work()
            return
        }
        let mailbox = Mailbox(job: self)
        // A thread of its own (`BackgroundPriority.detach`), neither `Task.detached` nor a
        // Dispatch worker: the work is long and blocking (seconds of ranking on a large file),
        // which Swift's cooperative pool (one thread per core) must not carry, and a lowered
        // priority must not stay with a pooled thread.
        BackgroundPriority.detach(named: "evaltop background job", lowered: lowersPriority) {
            let value = work()
            mailbox.job?.finish(value)
        }
    }

    /// The result, once there is one; taken once.
    func take() -> Value? {
        lock.lock(); defer { lock.unlock() }
        defer { result = nil }
        return result
    }

    private func finish(_ value: Value) {
        lock.lock(); result = value; lock.unlock()
    }

    /// Lets the task report without keeping a finished-with job alive.
    private final class Mailbox: @unchecked Sendable {
        weak var job: BackgroundJob?
        init(job: BackgroundJob) { self.job = job }
    }
}
