import EvalTUI
import Foundation
import TermUI

/// Finds out, before ncurses takes the screen, which image protocol the terminal speaks and
/// how big a cell is in pixels (yazi's `emulator.rs` and timg's `term-query.cc` do the same).
/// Every reply is read here, up to the DA1 answer that all terminals give last, so none
/// reaches the key stream.
enum TerminalProbe {
    struct Outcome {
        var graphics: GraphicsProtocol?
        var passthrough = false
        var cellPixels: (width: Int, height: Int) = (10, 20)
    }

    /// The protocol for `--images` (nil: half blocks): `GraphicsNegotiation` decides, with this
    /// terminal's window size, tmux's options and replies. A forced protocol sends no query.
    static func detect(mode: InputImages.Mode, environment: [String: String], deadline: TimeInterval = 0.2) -> Outcome {
        let decided = GraphicsNegotiation.decide(
            mode: mode, environment: environment, winsizeCell: cellPixelsFromWinsize(),
            tmuxAllowsPassthrough: tmuxAllowsPassthrough, ask: { ask($0, deadline: deadline) })
        return Outcome(graphics: decided.graphics, passthrough: decided.passthrough,
                       cellPixels: (decided.cellWidth, decided.cellHeight))
    }

    /// The cell size from TIOCGWINSZ, when the terminal fills in the pixel fields.
    static func cellPixelsFromWinsize() -> (width: Int, height: Int)? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0,
              size.ws_xpixel > 0, size.ws_ypixel > 0 else { return nil }
        return (Int(size.ws_xpixel) / Int(size.ws_col), Int(size.ws_ypixel) / Int(size.ws_row))
    }

    /// `tmux show -gv allow-passthrough` is on (or all).
    static func tmuxAllowsPassthrough() -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux", "show", "-gv", "allow-passthrough"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && (text == "on" || text == "all")
    }

    /// Writes `query` with the terminal in non-canonical, no-echo mode and reads the replies
    /// until the DA1 answer or the deadline. The terminal's settings are put back after.
    static func ask(_ query: String, deadline: TimeInterval) -> TerminalReplies {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return TerminalReplies() }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        let bytes = Array(query.utf8)
        _ = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        var received: [UInt8] = []
        let end = Date().addingTimeInterval(deadline)
        var buffer = [UInt8](repeating: 0, count: 512)
        while true {
            let replies = TerminalReplies.parse(received)
            if replies.complete { return replies }
            let left = end.timeIntervalSinceNow
            if left <= 0 { return replies }
            var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            guard poll(&fds, 1, Int32(left * 1000) + 1) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if n > 0 { received += buffer.prefix(n) }
        }
    }
}
