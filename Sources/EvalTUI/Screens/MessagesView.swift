import EvalCore
import TermUI

/// The `!` overlay: this session's status messages, newest first, each in full (wrapped), so
/// that a message cut on the status line or gone from it can still be read.
enum MessagesView {
    static func render(_ state: AppState, scroll: Int, into buffer: inout Buffer, context: RenderContext) {
        let inner = OverlayView.popup("Messages, newest first (\(state.messageLog.count) of the last \(AppState.messageLogLimit); Esc closes)",
                                      width: 110, height: buffer.area.height - 2, into: &buffer, context: context)
        guard inner.width > 6, inner.height > 0 else { return }
        let lines = self.lines(state.messageLog, width: inner.width - 1, context: context)
        if lines.isEmpty {
            buffer.setString("no messages yet", x: inner.x + 1, y: inner.y, style: context[.muted], maxWidth: inner.width - 1)
            return
        }
        // `scroll` counts messages: the list starts at that message.
        let start = lines.firstIndex { $0.message >= scroll } ?? 0
        for (i, line) in lines[start...].prefix(inner.height).enumerated() {
            buffer.setString(line.text, x: inner.x + 1, y: inner.y + i, style: line.style, maxWidth: inner.width - 1)
        }
    }

    /// The wrapped lines of every message, newest first; continuation lines are indented.
    static func lines(_ log: [StatusMessage], width: Int, context: RenderContext) -> [(message: Int, text: String, style: Style)] {
        var out: [(message: Int, text: String, style: Style)] = []
        for (index, message) in log.reversed().enumerated() {
            let (mark, style): (String, Style)
            switch message.kind {
            case .info: (mark, style) = ("  ", context[.overlay])
            case .warning: (mark, style) = ("! ", context[.warning])
            case .error: (mark, style) = ("x ", context[.bad])
            }
            let wrapped = LoadingScreen.wrap(TerminalText.safe(message.text), width: max(1, width - 2))
            for (k, piece) in wrapped.enumerated() {
                out.append((index, (k == 0 ? mark : "  ") + piece, style))
            }
        }
        return out
    }
}
