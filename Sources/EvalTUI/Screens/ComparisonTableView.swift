import EvalCore
import TermUI

/// The concept table when comparing two evaluations: AUC A, AUC B, ΔAUC with its 95 % interval,
/// the Holm-adjusted p, F1 A → B at the threshold, fixed and broken. A significant change
/// (Holm p < 0.05) is marked by a glyph (▲ better, ▼ worse; `+`/`-` in ASCII) as well as by
/// colour, so that it reads in the mono and 8-colour themes too. The selection, sorting (`s`,
/// `S`) and filter (`/`) are the main table's. Two summaries (`evaltop A.evalsum B.evalsum`)
/// have no inputs to pair: their p is pROC's unpaired test, and the interval, fixed and broken
/// columns, which need each input's two scores, are not shown.
enum ComparisonTableView {
    /// What one row's cells are made of.
    struct RowValues {
        let row: any ConceptChangeRow
        /// DeLong's paired test (two files only): the interval.
        let deLong: DeLongResult?
        /// Both models' counts at the concept's threshold, nil while they are being counted.
        let counts: (a: ConfusionCounts, b: ConfusionCounts)?
        let fixed: Int?
        let broken: Int?
    }

    struct Column: Sendable {
        let key: ConceptSortKey?
        let title: String
        let width: Int
        /// Lower drops first when the terminal is narrow.
        let priority: Int
        /// Shown only when the inputs are paired (two files).
        var pairedOnly = false
        let value: @Sendable (RowValues, Bool) -> String
    }

    static let columns: [Column] = [
        Column(key: .aucA, title: "AUC A", width: 6, priority: 8) { v, a in Format.metric(v.row.aucA, ascii: a) },
        Column(key: .auc, title: "AUC B", width: 6, priority: 10) { v, a in Format.metric(v.row.aucB, ascii: a) },
        Column(key: .delta, title: "ΔAUC", width: 7, priority: 10) { v, a in signed(v.row.deltaAUC, ascii: a) },
        Column(key: nil, title: "95% CI", width: 17, priority: 5, pairedOnly: true) { v, a in interval(v.deLong, ascii: a) },
        Column(key: .pHolm, title: "p Holm", width: 7, priority: 9) { v, a in pValue(v.row.pHolm, ascii: a) },
        Column(key: .f1, title: "F1 A→B", width: 13, priority: 7) { v, a in
            guard let counts = v.counts else { return a ? "-" : "—" }
            return Format.fixed(counts.a.f1, 4) + (a ? ">" : "→") + Format.fixed(counts.b.f1, 4)
        },
        Column(key: .fixed, title: "Fixed", width: 6, priority: 6, pairedOnly: true) { v, _ in v.fixed.map { Format.count($0) } ?? "" },
        Column(key: .broken, title: "Broken", width: 6, priority: 6, pairedOnly: true) { v, _ in v.broken.map { Format.count($0) } ?? "" },
    ]

    static func visibleColumns(width: Int, ascii: Bool, paired: Bool = true) -> [Column] {
        var chosen = columns.filter { paired || !$0.pairedOnly }.map { column -> Column in
            guard ascii else { return column }
            let title = column.title.replacingOccurrences(of: "Δ", with: "d").replacingOccurrences(of: "→", with: ">")
            return Column(key: column.key, title: title, width: column.width, priority: column.priority,
                          pairedOnly: column.pairedOnly, value: column.value)
        }
        func needed(_ cols: [Column]) -> Int { 4 + 12 + cols.reduce(0) { $0 + $1.width + 1 } }
        while needed(chosen) > width,
              let drop = chosen.enumerated().min(by: { $0.element.priority < $1.element.priority
                  || ($0.element.priority == $1.element.priority && $0.offset > $1.offset) }),
              drop.element.priority < 9 {
            chosen.remove(at: drop.offset)
        }
        return chosen
    }

    static func render(_ state: AppState, compared: any ComparedModels, area: Rect, into buffer: inout Buffer,
                       context: RenderContext, hits: inout HitMap) {
        let paired = compared is Comparison
        let focused = state.focus == .table && state.screen == .main
        var title = "Concepts A → B"
        if context.ascii { title = "Concepts A -> B" }
        if !state.table.filter.isEmpty { title += " matching '\(TerminalText.safe(state.table.filter))'" }
        let order = state.conceptRows
        title += " (\(order.count))"
        if paired, state.session?.outcomes(thresholds: state.thresholds) == nil { title += " (counting fixed and broken\(context.glyphs.ellipsis))" }
        // The marks' legend where the marks are, when it fits (help has it too).
        let legend = "  \(mark(.better, ascii: context.ascii)) better \(mark(.worse, ascii: context.ascii)) worse: Holm p < 0.05"
        if CellWidth.of(title) + CellWidth.of(legend) + 6 <= area.width { title += legend }
        Block.themed(title, theme: context.theme, focused: focused).render(into: &buffer, area: area)
        hits.add(area, .pane(.table))
        let inner = area.inner(margin: 1)
        guard inner.width > 4, inner.height > 1 else { return }
        // Many concepts: the outcomes at new thresholds come from the background; the last ones
        // are shown meanwhile and the title says so.
        let current = state.session?.outcomes(thresholds: state.thresholds)
        let outcomes = current ?? state.session?.staleOutcomes()
        let numeric = visibleColumns(width: inner.width, ascii: context.ascii, paired: paired)
        let arrow = state.table.descending ? (context.ascii ? "v" : "▼") : (context.ascii ? "^" : "▲")
        let numericWidth = numeric.reduce(0) { $0 + max($1.width, CellWidth.of($1.title) + 1) + 1 }
        let longestName = state.session?.matrixNames().longest(of: order) ?? 0
        let nameWidth = min(max(12, longestName + 1), max(12, min(40, inner.width - numericWidth - 5)))
        var tableColumns = [TableColumn(" ", width: .length(1)), TableColumn(" ", width: .length(1)),
                            TableColumn(state.table.sortKey == .name ? "Concept" + arrow : "Concept", width: .length(nameWidth))]
        for column in numeric {
            let title = column.key == state.table.sortKey ? column.title + arrow : column.title
            tableColumns.append(TableColumn(title, width: .length(max(column.width, CellWidth.of(title))), alignment: .right))
        }
        tableColumns.append(TableColumn("", width: .fill(1)))
        let ownMarker = context.ascii ? "*" : "•"
        let table = Table(
            columns: tableColumns, rowCount: order.count,
            row: { i in
                let concept = order[i]
                let row = compared.changeRow(concept)
                let change = row.change()
                let values = Self.values(row, concept: concept, compared: compared, outcomes: outcomes, state: state)
                let changeStyle: Style? = change == .better ? context[.good] : (change == .worse ? context[.bad] : nil)
                var cells: [TableCell] = [
                    TableCell(state.thresholds.hasOverride(concept) ? ownMarker : " ", style: context[.changed_threshold]),
                    TableCell(mark(change, ascii: context.ascii), style: changeStyle),
                    TableCell(TerminalText.safe(row.concept.name)),
                ]
                for column in numeric {
                    let style = column.key == .delta || column.key == .pHolm ? changeStyle : nil
                    cells.append(TableCell(column.value(values, context.ascii), style: style))
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

    /// A row's values: from the outcomes for two files (counted for every concept at once, in
    /// the background when there are many), from both curves at the threshold for two summaries
    /// (two binary searches per visible row).
    static func values(_ row: any ConceptChangeRow, concept: Int, compared: any ComparedModels,
                       outcomes: [ConceptOutcomes]?, state: AppState) -> RowValues {
        if let comparison = compared as? Comparison {
            let outcome = outcomes?[concept]
            return RowValues(row: row, deLong: comparison.concepts[concept].deLong,
                             counts: outcome.map { ($0.countsA, $0.countsB) }, fixed: outcome?.fixed, broken: outcome?.broken)
        }
        let threshold = state.thresholds.value(for: concept)
        let countsB = state.session?.metrics.curves[concept].counts(at: threshold)
        return RowValues(row: row, deLong: nil, counts: countsB.map { (compared.curveA(concept).counts(at: threshold), $0) },
                         fixed: nil, broken: nil)
    }

    /// ▲ significantly better, ▼ significantly worse (Holm p < 0.05); `+` / `-` in ASCII.
    static func mark(_ change: SignificantChange, ascii: Bool) -> String {
        switch change {
        case .better: return ascii ? "+" : "▲"
        case .worse: return ascii ? "-" : "▼"
        case .none: return " "
        }
    }

    /// "+0.0123", "−0.0040" (U+2212 minus, "-" in ASCII); a dash when undefined.
    static func signed(_ value: Double?, ascii: Bool) -> String {
        guard let value, value.isFinite else { return ascii ? "-" : "—" }
        let magnitude = Format.fixed(abs(value), 4)
        if magnitude == Format.fixed(0, 4) { return " " + magnitude }
        return (value < 0 ? (ascii ? "-" : "−") : "+") + magnitude
    }

    static func interval(_ test: DeLongResult?, ascii: Bool) -> String {
        guard let low = test?.ciLow, let high = test?.ciHigh else { return ascii ? "-" : "—" }
        return "[" + signed(low, ascii: ascii) + "," + signed(high, ascii: ascii) + "]"
    }

    /// Four decimals, or "<0.0001".
    static func pValue(_ value: Double?, ascii: Bool) -> String {
        guard let value, value.isFinite else { return ascii ? "-" : "—" }
        return value < 0.0001 ? "<0.0001" : Format.fixed(value, 4)
    }
}
