import TermUI

/// The bottom line: the current message (info or error), or the hints of the active
/// contexts from the binding registry. Clicking a hint runs its key.
enum StatusView {
    static func render(_ state: AppState, area: Rect, into buffer: inout Buffer, context: RenderContext, hits: inout HitMap) {
        buffer.fill(area, cell: Cell(symbol: " ", style: context[.status_bar]))
        var x = area.x
        if let message = state.status {
            let style = message.kind == .error ? context[.error] : context[.status_message]
            x = buffer.setString(" " + TerminalText.safe(message.text) + " ", x: x, y: area.y, style: style, maxWidth: area.width)
            x += 1
        }
        for hint in KeyBindings.hints(state, ascii: context.ascii) {
            let needed = CellWidth.of(hint.key) + CellWidth.of(hint.label) + 2
            guard x + needed <= area.right else { break }
            let start = x
            x = buffer.setString(" " + hint.key, x: x, y: area.y, style: context[.status_key], maxWidth: area.right - x)
            x = buffer.setString(" " + hint.label, x: x, y: area.y, style: context[.status_bar], maxWidth: area.right - x)
            hits.add(Rect(x: start, y: area.y, width: x - start, height: 1), .key(hint.firstKey))
        }
    }
}
