import TermUI

/// The bottom line: the hints of the active contexts from the binding registry, and the
/// current message (info or error). Clicking a hint runs its key.
enum StatusView {
    static func render(_ state: AppState, area: Rect, into buffer: inout Buffer, context: RenderContext, hits: inout HitMap) {
        let hints = KeyBindings.hintsWithPriority(state, ascii: context.ascii)
        var message = state.status
        if let text = message?.text { message?.text = TerminalText.safe(text) }
        let bar = StatusBar.themed(hints: hints.map { StatusHint(key: $0.key, label: $0.label, essential: $0.essential) }, message: message, theme: context.theme)
        let ranges = bar.render(into: &buffer, area: area)
        for (hint, range) in zip(hints, ranges) {
            guard let range else { continue }
            hits.add(Rect(x: range.lowerBound, y: area.y, width: range.count, height: 1), .key(hint.firstKey))
        }
    }
}
