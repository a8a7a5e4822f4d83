import Foundation

/// Background work yields the CPU to the thread that answers keys. The machine evaltop runs on
/// may have fewer cores than busy threads (2 cores here, with the slices, the suspects and a
/// matrix computing at once): a key's frame then waits for a core although it needs only a
/// few milliseconds of CPU (the key-to-frame benchmark records both, BENCHMARKS.md). Linux
/// keeps a nice value per thread, so raising it on the worker that runs a background job
/// makes the scheduler prefer the main thread; a niced worker still uses any idle core.
/// Unprivileged threads cannot raise it back, so background work runs on a thread of its own
/// (`detach`), never on a Dispatch or Swift-concurrency worker: a niced pooled worker would
/// later run foreground work at the lower priority too (`concurrentPerform` in the loaders, the
/// curves and the comparison shares Dispatch's pool).
enum BackgroundPriority {
    static let niceness: Int32 = 10

    static func lowerCurrentThread() {
        #if os(Linux)
        let thread: id_t = 0  // on Linux, PRIO_PROCESS with 0 is the calling thread (nice is per thread)
        errno = 0
        let current = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread)
        if errno == 0, current < niceness { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread, niceness) }
        #endif
    }

    /// Runs `work` on a new thread of its own, at the background priority unless `lowered` is
    /// false. The thread ends with the work, and its priority with it. The jobs that use it are
    /// few and long next to a thread's start (tens of microseconds): a hash, a ranking, a
    /// diagnosis, a concept's selection index, a curve's thinning, the matrix counts index.
    static func detach(named name: String, lowered: Bool = true, _ work: @escaping @Sendable () -> Void) {
        let thread = Thread {
            if lowered { lowerCurrentThread() }
            work()
        }
        thread.name = name
        thread.start()
    }
}
