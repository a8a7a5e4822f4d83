import EvalCore
import TermUI

/// The concept-by-concept matrix: rows are true concepts, columns predicted ones. Cells are
/// shaded by value, the diagonal is distinct, headers are abbreviated to fit and the full
/// names of the selected cell are spelled out above the grid.
enum MatrixScreen {
    static func render(_ state: AppState, area: Rect, into buffer: inout Buffer, context: RenderContext, hits: inout HitMap) {
        guard let session = state.session else { return }
        var gridArea = area
        var detailsArea: Rect?
        if state.details != nil {
            let top = max(8, area.height / 2)
            gridArea = Rect(x: area.x, y: area.y, width: area.width, height: top)
            detailsArea = Rect(x: area.x, y: area.y + top, width: area.width, height: area.height - top)
        }
        let matrixFocused = state.focus != .details || state.details == nil
        let m = state.matrix
        Block.themed("Matrix: \(m.view.title) (\(axes(m.view)))",
                     theme: context.theme, focused: matrixFocused).render(into: &buffer, area: gridArea)
        let inner = gridArea.inner(margin: 1)
        guard inner.height >= 3, inner.width >= 20 else { return }
        guard session.metrics.denseMatricesFit else {
            // concepts² cells would not fit in memory (or on any screen): say what is left out.
            let note = MatrixLimits.omittedNote(conceptCount: session.evaluation.conceptCount)
                .replacingOccurrences(of: "; the non-zero cells are listed instead", with: "")
            buffer.setString(note + "; the diagnosis lists each concept's confusions (d)",
                             x: inner.x + 1, y: inner.y, style: context[.muted], maxWidth: inner.width - 1)
            return
        }
        let values = session.matrix(m.view, thresholds: state.thresholds)
        let n = session.evaluation.conceptCount
        guard n > 0, values.count == n else {
            buffer.setString("this view does not apply in \(session.evaluation.mode.rawValue) mode; v cycles the views",
                             x: inner.x + 1, y: inner.y, style: context[.muted], maxWidth: inner.width - 1)
            return
        }
        let isCount = m.view != .meanScore

        // The selected cell, in words.
        let a = min(m.row, n - 1), b = min(m.column, n - 1)
        let cellText = isCount ? Format.count(Int(values[a][b])) : Format.fixed(values[a][b], 4)
        let arrow = context.ascii ? "->" : "→"
        buffer.setString(context.cut(" true \(TerminalText.safe(session.name(a))) \(arrow) \(TerminalText.safe(session.name(b))): \(cellText)", inner.width),
                         x: inner.x, y: inner.y, style: context[.title], maxWidth: inner.width)

        let maxValue = values.joined().max() ?? 0
        let names = (0 ..< n).map { TerminalText.safe(session.name($0)) }
        let rowHeaderWidthGuess = min(18, max(6, names.map(CellWidth.of).max() ?? 6)) + 1
        let cellWidth = columnWidth(names: names, valueWidth: isCount ? max(4, String(Int(maxValue)).count) : 4,
                                    available: inner.width - rowHeaderWidthGuess)
        let rowHeaderWidth = min(18, max(6, names.map(CellWidth.of).max() ?? 6)) + 1
        let visibleColumns = max(1, (inner.width - rowHeaderWidth) / cellWidth)
        let visibleRows = max(1, inner.height - 2)
        let firstColumn = b >= visibleColumns ? b - visibleColumns + 1 : 0
        let firstRow = a >= visibleRows ? a - visibleRows + 1 : 0

        // Column headers, abbreviated.
        let headerY = inner.y + 1
        for j in 0 ..< min(visibleColumns, n - firstColumn) {
            let c = firstColumn + j
            let x = inner.x + rowHeaderWidth + j * cellWidth
            let style = c == b ? context[.matrix_selected] : context[.header]
            buffer.setString(CellWidth.fit(names[c], width: cellWidth - 1, alignment: .right, ellipsis: context.ascii ? "~" : "…", middle: true),
                             x: x, y: headerY, style: style, maxWidth: cellWidth - 1)
        }
        for i in 0 ..< min(visibleRows, n - firstRow) {
            let r = firstRow + i
            let y = inner.y + 2 + i
            buffer.setString(CellWidth.fit(names[r], width: rowHeaderWidth - 1, ellipsis: context.ascii ? "~" : "…", middle: true),
                             x: inner.x, y: y, style: r == a ? context[.matrix_selected] : context[.header], maxWidth: rowHeaderWidth - 1)
            for j in 0 ..< min(visibleColumns, n - firstColumn) {
                let c = firstColumn + j
                let value = values[r][c]
                let text = isCount ? String(Int(value)) : Format.fixed(value, 2).replacingOccurrences(of: "0.", with: ".")
                let x = inner.x + rowHeaderWidth + j * cellWidth
                var style = shade(value, max: maxValue, context: context)
                if r == c { style = style.patched(with: context[.matrix_diagonal]) }
                if r == a && c == b { style = context[.selection] }
                buffer.setString(CellWidth.fit(text, width: cellWidth - 1, alignment: .right), x: x, y: y, style: style, maxWidth: cellWidth - 1)
                hits.add(Rect(x: x, y: y, width: cellWidth, height: 1), .matrixCell(row: r, column: c))
            }
        }
        if let detailsArea {
            DetailsView.render(state, area: detailsArea, into: &buffer, context: context, hits: &hits)
        }
    }

    /// What the rows and columns of a view are: only the counts and the confusion matrix
    /// count predictions; the mean scores are the model's scores, co-occurrence the labels.
    static func axes(_ view: MatrixView) -> String {
        switch view {
        case .countsAtThreshold, .confusion: return "rows true, columns predicted"
        case .meanScore: return "rows true, columns the concept scored"
        case .cooccurrence: return "rows labelled, columns also labelled"
        }
    }

    /// Cells per matrix column (with its gap): the whole names when every column fits with
    /// them, otherwise as many cells as fit, but never fewer than keep the names apart (cut in
    /// the middle, `con…_07`, where names that share a prefix differ; the grid then scrolls
    /// sideways) and never fewer than the values need. The selected cell's names are spelled
    /// out above the grid in any case.
    static func columnWidth(names: [String], valueWidth: Int, available: Int) -> Int {
        let longest = min(14, names.map(CellWidth.of).max() ?? valueWidth)
        let whole = max(valueWidth, longest) + 1
        if whole * names.count <= available { return whole }
        let fitting = available / max(1, names.count)
        return max(valueWidth, distinctPrefixLength(names), fitting - 1) + 1
    }

    /// The fewest cells in which the names, cut in the middle, stay distinct (up to 14).
    static func distinctPrefixLength(_ names: [String]) -> Int {
        let distinct = Set(names).count
        for length in 1 ... 14 where Set(names.map { CellWidth.truncateMiddle($0, toWidth: length) }).count == distinct {
            return length
        }
        return 14
    }

    /// Shaded by the value relative to the largest cell (the theme's heat ramp); zero stays quiet.
    static func shade(_ value: Double, max: Double, context: RenderContext) -> Style {
        guard max > 0, value > 0 else { return context[.muted] }
        return HeatShading.shade(value / max, theme: context.theme).style
    }
}
