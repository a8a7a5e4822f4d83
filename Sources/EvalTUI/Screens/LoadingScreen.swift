import EvalCore
import Foundation
import TermUI

/// The first frame, shown at once whatever the file's size: a progress bar with bytes,
/// inputs, percent and the time left, then the error if the load fails.
enum LoadingScreen {
    /// `now` is a parameter so that tests draw a given moment (the wall clock made them flaky
    /// on a loaded machine).
    static func render(_ state: AppState, progress: LoadProgress?, startedAt: Date, now: Date = Date(),
                       into buffer: inout Buffer, context: RenderContext) {
        let width = buffer.area.width
        let box = Rect(x: 0, y: 0, width: width, height: buffer.area.height).centered(width: min(70, width - 2), height: 7)
        Block.themed("Loading \(TerminalText.safe(state.fileName))", theme: context.theme, focused: true)
            .render(into: &buffer, area: box)
        let inner = box.inner(margin: 1)
        let fraction: Double
        let elapsed = now.timeIntervalSince(startedAt)
        var line = elapsed >= 0.3 ? String(format: "reading… %.1f s", elapsed) : "reading…"
        if let p = progress, p.totalBytes > 0, p.bytesRead >= p.totalBytes {
            // Every byte is parsed; the curves and the summary are being computed.
            fraction = 1
            line = "\(megabytes(p.totalBytes)) · \(Format.count(p.inputs)) inputs read · computing the metrics…"
        } else if let p = progress, p.totalBytes > 0 {
            fraction = min(1, Double(p.bytesRead) / Double(p.totalBytes))
            line = "\(megabytes(p.bytesRead)) of \(megabytes(p.totalBytes)) · \(Format.count(p.inputs)) inputs · \(Int(fraction * 100))%"
            if fraction > 0.02, elapsed > 0.5 {
                let left = elapsed / fraction - elapsed
                line += String(format: left < 10 ? " · %.1f s left" : " · %.0f s left", max(0, left))
            }
        } else {
            fraction = 0
        }
        if context.ascii { line = line.replacingOccurrences(of: "·", with: "-").replacingOccurrences(of: "…", with: "...") }
        let barWidth = max(1, inner.width - 2)
        let filled = Int((Double(barWidth) * fraction).rounded(.down))
        let bar = String(repeating: context.ascii ? "#" : "█", count: filled) + String(repeating: context.ascii ? "." : "░", count: barWidth - filled)
        buffer.setString(bar, x: inner.x + 1, y: inner.y + 1, style: context[.progress_bar], maxWidth: barWidth)
        buffer.setString(line, x: inner.x + 1, y: inner.y + 2, style: context[.text], maxWidth: inner.width - 1)
        buffer.setString("Esc or q cancels", x: inner.x + 1, y: inner.y + 4, style: context[.muted], maxWidth: inner.width - 1)
    }

    static func renderFailure(_ message: String, into buffer: inout Buffer, context: RenderContext) {
        let width = buffer.area.width
        let box = Rect(x: 0, y: 0, width: width, height: buffer.area.height).centered(width: min(90, width - 2), height: 8)
        Block(title: "Could not load the evaluation", titleStyle: context[.error], borders: context.glyphs.border.glyphs,
              borderStyle: context[.error])
            .render(into: &buffer, area: box)
        let inner = box.inner(margin: 1)
        let wrapped = wrap(TerminalText.safe(message), width: inner.width - 2)
        for (i, line) in wrapped.prefix(inner.height - 2).enumerated() {
            buffer.setString(line, x: inner.x + 1, y: inner.y + i, style: context[.text], maxWidth: inner.width - 2)
        }
        buffer.setString("press any key to quit", x: inner.x + 1, y: inner.y + inner.height - 1, style: context[.muted], maxWidth: inner.width - 2)
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes >= 1_000_000 ? String(format: "%.1f MB", Double(bytes) / 1e6) : String(format: "%.0f kB", Double(bytes) / 1e3)
    }

    /// Greedy word wrap by display width.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if CellWidth.of(candidate) <= width { current = candidate; continue }
            if !current.isEmpty { lines.append(current) }
            current = String(word)
            while CellWidth.of(current) > width {
                let head = CellWidth.truncate(current, toWidth: width, ellipsis: "")
                lines.append(head)
                current = String(current.dropFirst(head.count))
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
