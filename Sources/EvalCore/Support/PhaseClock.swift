import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall and process CPU time between named points of a command, printed to stderr when the
/// environment has `EVALTOP_PHASES=1` (for BENCHMARKS.md: a phase whose CPU time is about twice
/// its wall time ran on both cores, one whose CPU equals its wall ran on one). Off, a mark costs
/// one load of a constant.
public enum PhaseClock {
    public static let isOn = ProcessInfo.processInfo.environment["EVALTOP_PHASES"] == "1"

    private struct Instant: Sendable {
        let wall: Double
        let cpu: Double
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var last = now()  // guarded by `lock`

    /// Prints the time since the previous mark (or since the process read its first mark) as
    /// `phase NAME: W ms wall, C ms CPU`.
    public static func mark(_ name: @autoclosure () -> String) {
        guard isOn else { return }
        let instant = now()
        let previous = lock.withLock {
            defer { last = instant }
            return last
        }
        let line = String(format: "phase %@: %.1f ms wall, %.1f ms CPU\n", name(),
                          (instant.wall - previous.wall) * 1000, (instant.cpu - previous.cpu) * 1000)
        FileHandle.standardError.write(Data(line.utf8))
    }

    private static func now() -> Instant {
        var wall = timespec()
        var cpu = timespec()
        clock_gettime(CLOCK_MONOTONIC, &wall)
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu)
        return Instant(wall: Double(wall.tv_sec) + Double(wall.tv_nsec) * 1e-9,
                       cpu: Double(cpu.tv_sec) + Double(cpu.tv_nsec) * 1e-9)
    }
}
