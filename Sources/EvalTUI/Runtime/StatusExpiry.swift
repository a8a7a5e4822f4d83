import Foundation
import TermUI

/// Clears the status line once its message has been shown long enough to read: a few seconds
/// for news, longer for warnings and errors. Every message stays in the `!` log. Kept out of
/// the reducer, which has no clock: the `App` calls it on its idle tick.
struct StatusExpiry {
    /// The serial of the message being timed (`AppState.statusSerial`).
    private var shown: Int?
    private var since = Date.distantPast

    /// Seconds a message of each kind stays.
    static func lifetime(_ kind: StatusMessage.Kind) -> TimeInterval {
        switch kind {
        case .info: return 6
        case .warning, .error: return 15
        }
    }

    /// Clears `state.status` when it is stale; true when it did.
    mutating func expire(_ state: inout AppState, now: Date) -> Bool {
        guard let status = state.status else { shown = nil; return false }
        if state.statusSerial != shown {
            shown = state.statusSerial
            since = now
            return false
        }
        guard now.timeIntervalSince(since) >= Self.lifetime(status.kind) else { return false }
        state.status = nil
        shown = nil
        return true
    }
}
