import EvalCore
import Foundation

/// Loads an evaluation and computes its metrics off the main thread, reporting progress
/// through a lock-protected mailbox that the event loop polls between keys. The UI never
/// waits on it: the first frame shows the progress bar at once.
public final class LoadJob: @unchecked Sendable {
    public enum Outcome: Sendable {
        case loaded(Session)
        case failed(String)
        case cancelled
    }

    private let lock = NSLock()
    private var progress: LoadProgress?
    private var outcome: Outcome?
    private var task: Task<Void, Never>?
    public let startedAt = Date()

    /// Starts `work` on a background task. `work` gets a progress callback.
    public init(work: @escaping @Sendable (@escaping @Sendable (LoadProgress) -> Void) throws -> Session) {
        let mailbox = Mailbox(job: self)
        task = Task.detached(priority: .userInitiated) {
            let result: Outcome
            do {
                let session = try work { p in mailbox.job?.report(p) }
                result = Task.isCancelled ? .cancelled : .loaded(session)
            } catch is CancellationError {
                result = .cancelled
            } catch {
                result = .failed("\(error)")
            }
            mailbox.job?.finish(result)
        }
    }

    /// A weak reference the background task can hold without capturing `self` while it is
    /// still being initialised.
    private final class Mailbox: @unchecked Sendable {
        weak var job: LoadJob?
        init(job: LoadJob) { self.job = job }
    }

    /// A job that is already done (the replay mode and tests load synchronously).
    public init(finished: Outcome) {
        outcome = finished
    }

    public func cancel() { task?.cancel() }

    public var latestProgress: LoadProgress? {
        lock.lock(); defer { lock.unlock() }
        return progress
    }

    /// The result, once there is one; taken once.
    public func takeOutcome() -> Outcome? {
        lock.lock(); defer { lock.unlock() }
        let o = outcome
        outcome = nil
        return o
    }

    /// Blocks until the job ends (replay mode only; never the interactive loop).
    public func wait() async {
        await task?.value
    }

    private func report(_ p: LoadProgress) {
        lock.lock(); progress = p; lock.unlock()
    }

    private func finish(_ o: Outcome) {
        lock.lock(); outcome = o; lock.unlock()
    }
}
