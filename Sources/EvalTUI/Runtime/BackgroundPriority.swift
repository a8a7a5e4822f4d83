import Foundation

/// Background work yields the CPU to the thread that answers keys. The machine evaltop runs on
/// may have fewer cores than busy threads (2 cores here, with the slices, the suspects and a
/// matrix computing at once): a key's frame then waits for a core although it needs only a
/// few milliseconds of CPU (the key-to-frame benchmark records both, BENCHMARKS.md). Linux
/// keeps a nice value per thread, so raising it on the worker that runs a background job
/// makes the scheduler prefer the main thread; a niced worker still uses any idle core.
/// Unprivileged threads cannot lower it again, so the pool's workers stay niced (only
/// background work runs on them).
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
}
