import EvalCore
import TermUI

/// The concept table: every concept with its numbers at its threshold, sorted (AUC, worst
/// first, by default). Columns drop out from least to most important as the width shrinks;
/// Concept, AUC, Precision, Recall and F1 always stay.
enum ConceptTableView {
    struct Column: Sendable {
        let key: ConceptSortKey?
        let title: String
        let width: Int
        /// Lower drops first when the terminal is narrow.
        let priority: Int
        let value: @Sendable (ConceptRow, Bool) -> String
    }

    static let columns: [Column] = [
        Column(key: .auc, title: "AUC", width: 6, priority: 10) { r, a in Format.metric(r.auc, ascii: a) },
        Column(key: .ap, title: "AP", width: 6, priority: 6) { r, a in Format.metric(r.averagePrecision, ascii: a) },
        Column(key: .labeled, title: "Labeled", width: 7, priority: 5) { r, _ in String(r.counts.labeled) },
        Column(key: .predicted, title: "Predicted", width: 9, priority: 3) { r, _ in String(r.counts.predicted) },
        Column(key: .tp, title: "TP", width: 6, priority: 4) { r, _ in String(r.counts.tp) },
        // FN and FP are what the details tabs list: kept down to 80 columns.
        Column(key: .fn, title: "FN", width: 6, priority: 8) { r, _ in String(r.counts.fn) },
        Column(key: .fp, title: "FP", width: 6, priority: 8) { r, _ in String(r.counts.fp) },
        Column(key: .precision, title: "Precision", width: 9, priority: 9) { r, a in Format.metric(r.counts.precision, ascii: a) },
        Column(key: .recall, title: "Recall", width: 6, priority: 9) { r, a in Format.metric(r.counts.recall, ascii: a) },
        Column(key: .f1, title: "F1", width: 6, priority: 9) { r, a in Format.metric(r.counts.f1, ascii: a) },
        // The diagnosis's advice, one letter per code (legend in help); kept down to 80 columns.
        Column(key: nil, title: "Adv", width: 4, priority: 7) { r, _ in r.advice },
    ]

    /// The threshold each concept uses, shown whenever one has its own (its exact value).
    static let thresholdColumn = Column(key: nil, title: "t", width: 4, priority: 9) { r, _ in Format.threshold(r.threshold) }

    /// The cells a column takes: its values' width, and its title with room for the sort
    /// arrow whether or not it is the sorted one, so sorting never moves a column.
    static func cellWidth(_ column: Column) -> Int { max(column.width, CellWidth.of(column.title) + 1) }

    /// The numeric columns that fit beside a concept column of at least 12 cells.
    /// `adviceWidth` and `thresholdWidth` are what those columns' values need (0: no column).
    /// `countWidth` is the digits of the largest possible count (the number of inputs): the
    /// count columns take that, not a fixed six, so that small evaluations keep more columns.
    static func visibleColumns(width: Int, adviceWidth: Int = 4, thresholdWidth: Int = 0, countWidth: Int = 6) -> [Column] {
        let countKeys: Set<ConceptSortKey> = [.labeled, .predicted, .tp, .fn, .fp]
        var chosen = columns.map { c in
            if c.title == "Adv" { return Column(key: nil, title: c.title, width: max(3, adviceWidth), priority: c.priority, value: c.value) }
            if let key = c.key, countKeys.contains(key) {
                return Column(key: key, title: c.title, width: max(1, countWidth), priority: c.priority, value: c.value)
            }
            return c
        }
        if thresholdWidth > 0 {
            let t = thresholdColumn
            chosen.insert(Column(key: nil, title: t.title, width: max(t.width, thresholdWidth), priority: t.priority, value: t.value), at: 0)
        }
        func needed(_ cols: [Column]) -> Int { 2 + 12 + cols.reduce(0) { $0 + cellWidth($1) + 1 } }
        // A long advice string gives way before the columns it would push out.
        if needed(chosen) > width, let i = chosen.firstIndex(where: { $0.title == "Adv" }), chosen[i].width > 4 {
            let c = chosen[i]
            chosen[i] = Column(key: nil, title: c.title, width: max(4, c.width - (needed(chosen) - width)), priority: c.priority, value: c.value)
        }
        while needed(chosen) > width, let drop = chosen.enumerated().min(by: { $0.element.priority < $1.element.priority || ($0.element.priority == $1.element.priority && $0.offset > $1.offset) }) {
            if drop.element.priority >= 9 { break }
            chosen.remove(at: drop.offset)
        }
        // Narrow abbreviations keep the essential columns readable at 60 columns.
        if needed(chosen) > width {
            chosen = chosen.map { c in
                switch c.key {
                case .precision?: return Column(key: c.key, title: "P", width: 6, priority: c.priority, value: c.value)
                case .recall?: return Column(key: c.key, title: "R", width: 6, priority: c.priority, value: c.value)
                default: return c
                }
            }
        }
        return chosen
    }

    static func render(_ state: AppState, area: Rect, into buffer: inout Buffer, context: RenderContext, hits: inout HitMap) {
        let focused = state.focus == .table && state.screen == .main
        var title = "Concepts"
        if !state.table.filter.isEmpty { title += " matching '\(TerminalText.safe(state.table.filter))'" }
        let order = state.conceptRows
        title += " (\(order.count))"
        Block.themed(title, theme: context.theme, focused: focused).render(into: &buffer, area: area)
        hits.add(area, .pane(.table))
        let inner = area.inner(margin: 1)
        guard inner.width > 4, inner.height > 1 else { return }
        // Only the visible rows are built (`row(for:)` per row drawn); the column widths come
        // from what is known without building every row (20,000 concepts, issue 11).
        guard let session = state.session else { return }
        let adviceWidth = session.adviceWidth(state.analysis.diagnosis)
        let thresholdWidth = state.thresholds.perConcept.isEmpty ? 0
            : (([state.thresholds.global] + state.thresholds.perConcept.values).map { CellWidth.of(Format.threshold($0)) }.max() ?? 4)
        let countWidth = String(state.session?.inputCount ?? 0).count
        let numeric = visibleColumns(width: inner.width, adviceWidth: adviceWidth, thresholdWidth: thresholdWidth,
                                     countWidth: countWidth)
        let arrow = state.table.descending ? (context.ascii ? "v" : "▼") : (context.ascii ? "^" : "▲")
        // The concept column takes what the names need (up to 40 cells) and gives the rest
        // back, so that wide terminals don't push the numbers far from the names.
        let numericWidth = numeric.reduce(0) { $0 + cellWidth($1) + 1 }
        // Unfiltered, the widest name is measured once per session; a filter measures its matches.
        let longestName = session.matrixNames().longest(of: order)
        let nameWidth = min(max(12, longestName + 1, 0), max(12, min(40, inner.width - numericWidth - 3)))
        var tableColumns = [TableColumn(" ", width: .length(1)),
                            TableColumn(state.table.sortKey == .name ? "Concept" + arrow : "Concept", width: .length(nameWidth))]
        for column in numeric {
            let title = column.key == state.table.sortKey ? column.title + arrow : column.title
            tableColumns.append(TableColumn(title, width: .length(cellWidth(column)), alignment: column.title == "Adv" ? .left : .right))
        }
        tableColumns.append(TableColumn("", width: .fill(1)))
        let ownMarker = context.ascii ? "*" : "•"
        let table = Table(
            columns: tableColumns, rowCount: order.count,
            row: { i in
                guard let r = state.row(for: order[i]) else { return [] }
                var cells: [TableCell] = [TableCell(r.hasOwnThreshold ? ownMarker : " ", style: context[.changed_threshold]),
                                          TableCell(TerminalText.safe(r.name))]
                for column in numeric {
                    var style: Style? = nil
                    if column.key == .auc, let auc = r.auc { style = auc < 0.85 ? context[.bad] : (auc >= 0.95 ? context[.good] : nil) }
                    if column.title == "Adv" { style = context[.warning] }
                    if column.title == "t", r.hasOwnThreshold { style = context[.changed_threshold] }
                    cells.append(TableCell(column.value(r, context.ascii), style: style))
                }
                cells.append(TableCell(""))
                return cells
            },
            selected: order.isEmpty ? nil : state.table.selectedRow,
            offset: state.table.scrollOffset,
            headerStyle: context[.header].patched(with: Style(modifiers: .bold)),
            rowStyle: context[.text],
            selectedStyle: focused ? context[.selection] : context[.selection_unfocused],
            ellipsis: context.ascii ? "~" : "…")
        table.render(into: &buffer, area: inner)
        let first = table.effectiveOffset(in: inner)
        for i in 0 ..< table.visibleRowCount(in: inner) where first + i < order.count {
            hits.add(Rect(x: inner.x, y: inner.y + 1 + i, width: inner.width, height: 1), .tableRow(first + i))
        }
        if order.isEmpty {
            buffer.setString(state.table.filter.isEmpty ? "no concepts" : "no concept matches; Esc clears the filter",
                             x: inner.x + 2, y: inner.y + 1, style: context[.muted], maxWidth: inner.width - 2)
        }
    }
}
