import Foundation

/// One piece of work run off the main thread (the evaluation's sha256, the suspects), whose
/// result the event loop picks up when it polls. Headless runs pass `synchronous: true` so
/// that a replay is deterministic.
final class BackgroundJob<Value: Sendable>: @unchecked Sendable {  // `result` is guarded by `lock`
    private let lock = NSLock()
    private var result: Value?

    init(synchronous: Bool, work: @escaping @Sendable () -> Value) {
        if synchronous {
            result = work()
            return
        }
        let mailbox = Mailbox(job: self)
        // A Dispatch worker, not `Task.detached`: the work is long and blocking (seconds of
        // ranking on a large file), which Swift's cooperative pool (one thread per core) must
        // not carry, and a `.utility` task there waits behind every higher-priority task. Under
        // the test runner, whose tests keep that pool busy, the suspects job waited for the
        // whole suite (260 s under AddressSanitizer) before it ran.
        DispatchQueue.global(qos: .utility).async {
            BackgroundPriority.lowerCurrentThread()
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
