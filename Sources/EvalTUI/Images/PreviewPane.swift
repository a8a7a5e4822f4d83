import EvalCore
import TermUI

/// The pane beside the details, flags and suspects lists that shows the selected input's image
/// and text (`i` toggles it; on by default from 100 columns). Shown only when there is
/// something to preview: images drawn (not off) for an evaluation with urls, or text inputs.
enum PreviewPane {
    /// How many inputs after the selected one are decoded ahead.
    static let prefetchCount = 5

    /// `area` cut into the list and, when shown, the preview on its right.
    static func split(_ area: Rect, state: AppState, context: RenderContext) -> (list: Rect, preview: Rect?) {
        guard state.previewVisible, area.width >= 60, let evaluation = state.session?.evaluation ?? nil else { return (area, nil) }
        let hasImages = context.images != nil && evaluation.urls != nil
        guard hasImages || evaluation.texts != nil else { return (area, nil) }
        let width = min(50, max(24, area.width / 3))
        return (Rect(x: area.x, y: area.y, width: area.width - width, height: area.height),
                Rect(x: area.right - width, y: area.y, width: width, height: area.height))
    }

    /// Draws the preview of `input` (nil: nothing selected) and prefetches the next inputs.
    static func render(_ state: AppState, input: Int?, next: [Int], area: Rect, into buffer: inout Buffer, context: RenderContext) {
        guard let session = state.session, let evaluation = session.evaluation else { return }
        let title = input.map { "Preview " + TerminalText.safe(evaluation.inputIDs[$0]) } ?? "Preview"
        Block.themed(title, theme: context.theme, focused: false).render(into: &buffer, area: area)
        let inner = area.inner(margin: 1)
        guard let input, inner.height >= 2, inner.width >= 4 else { return }
        var textTop = inner.y
        if context.images != nil, let urls = evaluation.urls {
            let imageArea = Rect(x: inner.x, y: inner.y, width: inner.width,
                                 height: min(inner.height, inner.width / 2 + 1))
            ImagePane.render(reference: urls[input], in: imageArea, into: &buffer, context: context)
            ImagePane.prefetch(next.prefix(prefetchCount).map { urls[$0] }, columns: imageArea.width, rows: imageArea.height, context: context)
            textTop = imageArea.bottom + 1
        }
        if let text = evaluation.texts?[input], !text.isEmpty, textTop < inner.bottom {
            let lines = OverlayView.textLines(text, width: inner.width).map { String($0.dropFirst(8)) }
            for (i, line) in lines.prefix(inner.bottom - textTop).enumerated() {
                buffer.setString(line, x: inner.x, y: textTop + i, style: context[.text], maxWidth: inner.width)
            }
        }
    }

    /// The selected input of the details list and the ones after it.
    static func detailsInputs(_ state: AppState) -> (Int?, [Int]) {
        guard let details = state.details else { return (nil, []) }
        let row = details.selectedRow
        let next = (1 ... prefetchCount).compactMap { state.detailsInput(atRow: row + $0) }
        return (state.detailsInput(atRow: row), next)
    }

    /// The suspects view's selected input and the ones after it, among the rows the view shows
    /// (reviewed suspects hidden, the `/` filter applied): the selection is an index into those.
    static func suspectInputs(_ state: AppState) -> (Int?, [Int]) {
        guard let list = state.flags.suspects.list else { return (nil, []) }
        let rows = state.suspectRows
        let row = state.flags.suspects.selectedRow
        guard rows.indices.contains(row) else { return (nil, []) }
        let next = rows[(row + 1) ..< min(rows.count, row + 1 + prefetchCount)].map { list.suspects[$0].input }
        return (list.suspects[rows[row]].input, next)
    }

    /// The flags view's selected input (nil for an id the evaluation lacks) and the next ones.
    static func flagInputs(_ state: AppState) -> (Int?, [Int]) {
        let rows = state.flagRows
        let row = state.flags.view.selectedRow
        guard rows.indices.contains(row) else { return (nil, []) }
        let next = (row + 1 ..< min(rows.count, row + 1 + prefetchCount)).compactMap { state.flags.inputIndex[rows[$0]] }
        return (state.flags.inputIndex[rows[row]], next)
    }
}
