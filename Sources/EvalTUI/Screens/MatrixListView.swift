import EvalCore
import TermUI

/// Top confusions: a matrix view's off-diagonal cells as a list, largest first, one row per
/// pair: "true concept → predicted concept, count, share of the true concept". What a grid of
/// 1,000 concepts cannot show: where the model goes wrong, worst first. Only the visible rows
/// are looked at; the order was sorted once, in the background (`MatrixValues.confusions`).
enum MatrixListView {
    /// Rows of pairs the list shows in the box's inner area (a summary line and the header).
    static func visibleRows(in inner: Rect) -> Int { max(1, inner.height - 2) }

    static func render(_ state: AppState, values: MatrixValues, session: Session, inner: Rect,
                       into buffer: inout Buffer, context: RenderContext, hits: inout HitMap) {
        let m = state.matrix
        let pairs = values.confusions
        let arrow = context.ascii ? "->" : "→"
        let what: String
        switch m.view {
        case .countsAtThreshold: what = "inputs labelled the first scoring ≥ t on the second"
        case .confusion: what = "inputs labelled the first whose top prediction is the second"
        case .meanScore: what = "mean score for the second over the inputs labelled the first"
        case .cooccurrence: what = "inputs labelled both"
        }
        let summary = pairs.isEmpty
            ? " no off-diagonal cell is non-zero: nothing is confused in this view (v cycles the views, o shows the grid)"
            : " \(Format.count(pairs.count)) pairs, largest first: \(what)"
        buffer.setString(context.cut(summary, inner.width), x: inner.x, y: inner.y, style: context[.muted], maxWidth: inner.width)
        guard !pairs.isEmpty else { return }

        // Columns: rank, true concept, arrow, predicted concept, value, share.
        let rankWidth = max(2, String(pairs.count).count)
        let valueWidth = max(5, m.view == .meanScore ? 6 : Format.count(Int(values.maxValue)).count)
        let shareWidth = m.view == .meanScore ? 0 : 9
        let fixed = 1 + rankWidth + 2 + CellWidth.of(arrow) + 2 + 2 + valueWidth + (shareWidth > 0 ? 2 + shareWidth : 0)
        // Names take what they need (up to half the room each), so that short ids stay near their counts.
        let nameWidth = max(4, min((inner.width - fixed) / 2, max(12, session.matrixNames().longest)))
        let header = " " + CellWidth.fit("#", width: rankWidth, alignment: .right) + "  "
            + CellWidth.fit(m.view == .cooccurrence ? "Labelled" : "True concept", width: nameWidth)
            + " " + String(repeating: " ", count: CellWidth.of(arrow)) + " "
            + CellWidth.fit(m.view == .cooccurrence ? "Also labelled" : (m.view == .meanScore ? "Scored concept" : "Predicted"), width: nameWidth)
            + "  " + CellWidth.fit(m.view == .meanScore ? "Mean" : "Count", width: valueWidth, alignment: .right)
            + (shareWidth > 0 ? "  " + CellWidth.fit("Share", width: shareWidth, alignment: .right) : "")
        buffer.setString(header, x: inner.x, y: inner.y + 1, style: context[.header], maxWidth: inner.width)

        let visible = visibleRows(in: inner)
        let first = Table.scrolledOffset(offset: m.listOffset, selected: m.listRow, visibleRows: visible, rowCount: pairs.count)
        let ellipsis = context.ascii ? "~" : "…"
        for i in 0 ..< min(visible, pairs.count - first) {
            let index = first + i
            let pair = pairs[index]
            let y = inner.y + 2 + i
            let share = values.share(row: pair.row, count: pair.value).map { Format.fixed($0 * 100, 1) + " %" } ?? ""
            let line = " " + CellWidth.fit(String(index + 1), width: rankWidth, alignment: .right) + "  "
                + CellWidth.fit(TerminalText.safe(session.name(pair.row)), width: nameWidth, ellipsis: ellipsis, middle: true)
                + " " + arrow + " "
                + CellWidth.fit(TerminalText.safe(session.name(pair.column)), width: nameWidth, ellipsis: ellipsis, middle: true)
                + "  " + CellWidth.fit(matrixValueText(pair.value, view: m.view), width: valueWidth, alignment: .right)
                + (shareWidth > 0 ? "  " + CellWidth.fit(share, width: shareWidth, alignment: .right) : "")
            let selected = index == m.listRow
            let style = selected ? context[.selection] : MatrixScreen.shade(pair.value, max: values.maxValue, context: context)
            buffer.setString(CellWidth.fit(line, width: inner.width), x: inner.x, y: y, style: style, maxWidth: inner.width)
            hits.add(Rect(x: inner.x, y: y, width: inner.width, height: 1), .matrixListRow(index))
        }
    }
}
