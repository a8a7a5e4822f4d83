import EvalCore
import TermUI

/// The concept-by-concept matrix: rows are true concepts, columns predicted ones. Cells are
/// shaded by value, the diagonal is distinct, headers are abbreviated to fit and frozen while
/// the grid scrolls both ways, and the full names of the selected cell are spelled out above
/// the grid. Beyond 30 concepts it opens on the Top confusions list (`MatrixListView`).
/// Values come from `Session.matrixValues`, which never waits: while they are computed the
/// screen says so (and shows the previous thresholds' values, marked, if it has them).
enum MatrixScreen {
    static func render(_ state: AppState, area: Rect, into buffer: inout Buffer, context: RenderContext, hits: inout HitMap) {
        guard let session = state.session else { return }
        let gridArea = Self.gridArea(width: area.width, height: area.height + 2, detailsOpen: state.details != nil)
        let detailsArea: Rect? = state.details == nil ? nil
            : Rect(x: area.x, y: gridArea.bottom, width: area.width, height: area.bottom - gridArea.bottom)
        defer {
            if let detailsArea { DetailsView.render(state, area: detailsArea, into: &buffer, context: context, hits: &hits) }
        }
        let matrixFocused = state.focus != .details || state.details == nil
        let m = state.matrix
        let readiness = session.matrixValues(m.view, thresholds: state.thresholds)
        let layout = state.matrixLayout
        let updating = readiness.isComputing && readiness.shown != nil ? " (updating…)" : ""
        let title = ComparisonSummaryView.modelBPrefix(state.session) + (layout == .topConfusions
            ? "Top confusions: \(m.view.title)\(updating)"
            : "Matrix: \(m.view.title) (\(axes(m.view)))\(updating)")
        Block.themed(context.ascii ? title.replacingOccurrences(of: "…", with: "~") : title,
                     theme: context.theme, focused: matrixFocused).render(into: &buffer, area: gridArea)
        let inner = gridArea.inner(margin: 1)
        guard inner.height >= 3, inner.width >= 20 else { return }
        guard let values = readiness.shown else {
            let message: String
            if readiness.isComputing {
                message = "computing the \(m.view.title) matrix: \(Format.count(session.inputCount)) inputs × "
                    + "\(Format.count(session.conceptCount)) concepts… (keys keep working)"
            } else if !session.hasInputRows, m.view == .countsAtThreshold || (m.view == .meanScore && session.conceptCount <= SummaryFormat.maximumDenseConcepts) {
                if m.view == .countsAtThreshold, let summary = session.metrics as? SummaryMetrics {
                    message = SummaryCountsNote.text(summary: summary)
                } else {
                    message = m.view == .countsAtThreshold
                        ? "this summary holds no counts at the threshold; v cycles the views"
                        : "this summary holds no score sums; v cycles the views"
                }
            } else if m.view == .meanScore, !session.hasInputRows {
                message = "a summary keeps the mean scores up to \(SummaryFormat.maximumDenseConcepts) concepts; v cycles the views"
            } else if m.view == .meanScore {
                message = MatrixLimits.omittedNote(conceptCount: session.conceptCount)
                    .replacingOccurrences(of: "; the non-zero cells are listed instead", with: "") + "; v cycles the views"
            } else {
                message = "this view does not apply in \(session.mode.rawValue) mode; v cycles the views"
            }
            // Wrapped, not cut: at 80 columns the note on where a summary holds its counts
            // lost its second half (the way to get there).
            for (row, line) in LoadingScreen.wrap(message, width: inner.width - 1).prefix(inner.height).enumerated() {
                buffer.setString(context.cut(" " + line, inner.width), x: inner.x, y: inner.y + row, style: context[.muted], maxWidth: inner.width)
            }
            return
        }
        if layout == .topConfusions {
            MatrixListView.render(state, values: values, session: session, inner: inner, into: &buffer, context: context, hits: &hits)
        } else {
            renderGrid(state, values: values, session: session, inner: inner, into: &buffer, context: context, hits: &hits)
        }
    }

    /// The matrix's box (the details, when open, take the lower part of the screen).
    static func gridArea(width: Int, height: Int, detailsOpen: Bool) -> Rect {
        let area = Rect(x: 0, y: 1, width: width, height: max(0, height - 2))
        guard detailsOpen else { return area }
        return Rect(x: area.x, y: area.y, width: area.width, height: max(8, area.height / 2))
    }

    /// How the grid is laid out in a box: the row headers' width, a column's width and how
    /// many rows and columns are visible (shared by the screen and the reducer's scrolling).
    struct Geometry {
        let rowHeaderWidth: Int
        let cellWidth: Int
        let visibleRows: Int
        let visibleColumns: Int
    }

    static func geometry(session: Session, values: MatrixValues?, view: MatrixView, inner: Rect) -> Geometry {
        let names = session.matrixNames()
        let valueWidth = view == .meanScore ? 4 : max(4, String(Int(values?.maxValue ?? 0)).count)
        let rowHeaderWidth = min(18, max(6, names.longest)) + 1
        let cellWidth = columnWidth(names: names, count: session.conceptCount, valueWidth: valueWidth,
                                    available: inner.width - rowHeaderWidth)
        return Geometry(rowHeaderWidth: rowHeaderWidth, cellWidth: cellWidth,
                        visibleRows: max(1, inner.height - 2), visibleColumns: max(1, (inner.width - rowHeaderWidth) / cellWidth))
    }

    private static func renderGrid(_ state: AppState, values: MatrixValues, session: Session, inner: Rect,
                                   into buffer: inout Buffer, context: RenderContext, hits: inout HitMap) {
        let m = state.matrix
        let n = session.conceptCount
        guard n > 0 else { return }
        // The selected cell, in words: the full names of its row and column.
        let a = min(m.row, n - 1), b = min(m.column, n - 1)
        let arrow = context.ascii ? "->" : "→"
        let cellValue = values.value(row: a, column: b)
        var cellText = matrixValueText(cellValue, view: m.view)
        if let share = values.share(row: a, count: cellValue) { cellText += " (\(Format.fixed(share * 100, 1)) % of \(TerminalText.safe(session.name(a))))" }
        buffer.setString(context.cut(" true \(TerminalText.safe(session.name(a))) \(arrow) \(TerminalText.safe(session.name(b))): \(cellText)", inner.width),
                         x: inner.x, y: inner.y, style: context[.title], maxWidth: inner.width)

        let geometry = geometry(session: session, values: values, view: m.view, inner: inner)
        let (rowHeaderWidth, cellWidth) = (geometry.rowHeaderWidth, geometry.cellWidth)
        let (visibleRows, visibleColumns) = (geometry.visibleRows, geometry.visibleColumns)
        // The reducer keeps the offsets; clamped again here in case the values' width moved.
        let firstRow = Table.scrolledOffset(offset: m.rowOffset, selected: a, visibleRows: visibleRows, rowCount: n)
        let firstColumn = Table.scrolledOffset(offset: m.columnOffset, selected: b, visibleRows: visibleColumns, rowCount: n)
        let ellipsis = context.ascii ? "~" : "…"
        let name = { (c: Int) in TerminalText.safe(session.name(c)) }

        // Column headers, abbreviated, frozen above the rows.
        let headerY = inner.y + 1
        for j in 0 ..< min(visibleColumns, n - firstColumn) {
            let c = firstColumn + j
            let x = inner.x + rowHeaderWidth + j * cellWidth
            let style = c == b ? context[.matrix_selected] : context[.header]
            buffer.setString(CellWidth.fit(name(c), width: cellWidth - 1, alignment: .right, ellipsis: ellipsis, middle: true),
                             x: x, y: headerY, style: style, maxWidth: cellWidth - 1)
        }
        // Where the grid continues: the visible columns' numbers among all, in the header's
        // corner when they fit, else at the end of the top line.
        if firstColumn > 0 || firstColumn + visibleColumns < n {
            let where_ = "\(firstColumn + 1)-\(min(n, firstColumn + visibleColumns))/\(n)"
            if CellWidth.of(where_) < rowHeaderWidth {
                buffer.setString(where_, x: inner.x, y: headerY, style: context[.muted], maxWidth: rowHeaderWidth - 1)
            } else {
                let text = "columns \(where_), rows \(firstRow + 1)-\(min(n, firstRow + visibleRows)) "
                let x = inner.right - CellWidth.of(text)
                if x > inner.x + CellWidth.of(" true \(name(a)) -> \(name(b)): \(cellText)") + 2 {
                    buffer.setString(text, x: x, y: inner.y, style: context[.muted], maxWidth: inner.right - x)
                }
            }
        }
        for i in 0 ..< min(visibleRows, n - firstRow) {
            let r = firstRow + i
            let y = inner.y + 2 + i
            buffer.setString(CellWidth.fit(name(r), width: rowHeaderWidth - 1, ellipsis: ellipsis, middle: true),
                             x: inner.x, y: y, style: r == a ? context[.matrix_selected] : context[.header], maxWidth: rowHeaderWidth - 1)
            for j in 0 ..< min(visibleColumns, n - firstColumn) {
                let c = firstColumn + j
                let value = values.value(row: r, column: c)
                let text = m.view == .meanScore ? Format.fixed(value, 2).replacingOccurrences(of: "0.", with: ".") : String(Int(value))
                let x = inner.x + rowHeaderWidth + j * cellWidth
                var style = shade(value, max: values.maxValue, context: context)
                if r == c { style = style.patched(with: context[.matrix_diagonal]) }
                if r == a && c == b { style = context[.selection] }
                buffer.setString(CellWidth.fit(text, width: cellWidth - 1, alignment: .right), x: x, y: y, style: style, maxWidth: cellWidth - 1)
                hits.add(Rect(x: x, y: y, width: cellWidth, height: 1), .matrixCell(row: r, column: c))
            }
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
    static func columnWidth(names: MatrixNameWidths, count: Int, valueWidth: Int, available: Int) -> Int {
        let whole = max(valueWidth, min(14, names.longest)) + 1
        if whole * count <= available { return whole }
        let fitting = available / max(1, count)
        return max(valueWidth, names.distinctPrefix, fitting - 1) + 1
    }

    /// `columnWidth` for a list of names measured on the spot.
    static func columnWidth(names: [String], valueWidth: Int, available: Int) -> Int {
        let widths = names.map { Int32(CellWidth.of($0)) }
        return columnWidth(names: MatrixNameWidths(longest: widths.max().map(Int.init) ?? valueWidth,
                                                   distinctPrefix: distinctPrefixLength(names), widths: widths),
                    count: names.count, valueWidth: valueWidth, available: available)
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

/// What the grid's headers need to know of the names, measured once per session (a pass
/// over every name: milliseconds at 1,000 concepts, too slow for every frame).
struct MatrixNameWidths: Sendable {
    /// The widest name's width.
    let longest: Int
    /// See `MatrixScreen.distinctPrefixLength`.
    let distinctPrefix: Int
    /// Each concept's name width (the tables' name column fits the rows shown without measuring
    /// their names each frame: 20,000 names cost 20–30 ms).
    let widths: [Int32]

    /// The widest of `concepts`' names.
    func longest(of concepts: [Int]) -> Int {
        concepts.count == widths.count ? longest : Int(concepts.reduce(Int32(0)) { max($0, widths[$1]) })
    }
}

extension Session {
    /// The names' widths for the grid, in the current glyph set (escaped in ASCII).
    func matrixNames() -> MatrixNameWidths {
        matrixNameWidths.get(CellWidth.asciiOnly) {
            let names = (0 ..< conceptCount).map { TerminalText.safe(name($0)) }
            let widths = names.map { Int32(CellWidth.of($0)) }
            return MatrixNameWidths(longest: widths.max().map(Int.init) ?? 6,
                                    distinctPrefix: MatrixScreen.distinctPrefixLength(names), widths: widths)
        }
    }
}
