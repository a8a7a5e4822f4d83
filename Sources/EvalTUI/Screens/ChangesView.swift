import EvalCore
import TermUI

/// `Enter` on a concept of the comparison: its inputs in tabs Broken (right in A, wrong in B),
/// Fixed (wrong in A, right in B) and Still wrong, at the concept's threshold, each with both
/// scores, the change, the labels and both top predictions, biggest change first. Rows are
/// B's inputs, so `Enter` opens B's input and flags go to B's journal.
enum ChangesView {
    static func render(_ state: AppState, concept: Int, comparison: Comparison, area: Rect, into buffer: inout Buffer,
                       context: RenderContext, hits: inout HitMap) {
        guard let details = state.details, let session = state.session else { return }
        let focused = state.focus == .details
        let t = state.thresholds.value(for: concept)
        let ascii = context.ascii
        let title = "What B changed on \(TerminalText.safe(session.name(concept))) at t=\(Format.threshold(t))"
        Block.themed(title, theme: context.theme, focused: focused).render(into: &buffer, area: area)
        hits.add(area, .pane(.details))
        let inner = area.inner(margin: 1)
        guard inner.height >= 2, inner.width > 10 else { return }
        guard let changes = session.changes(concept: concept, threshold: t) else {
            // A large pair: the lists are built in the background (the App redraws when they
            // land); say so rather than wait.
            let inputs = Format.count(session.inputCount)
            buffer.setString(context.cut(" listing what B changed (comparing \(inputs) inputs' scores)\(context.glyphs.ellipsis)", inner.width),
                             x: inner.x, y: inner.y, style: context[.muted], maxWidth: inner.width)
            return
        }

        var x = inner.x + 1
        for (i, kind) in ChangeKind.allCases.enumerated() {
            let label = " \(i + 1) \(kind.rawValue) \(Format.count(changes.inputs(kind).count)) "
            let style = kind == details.changeTab ? context[.tab_active] : context[.tab_inactive]
            let end = buffer.setString(label, x: x, y: inner.y, style: style, maxWidth: inner.right - x)
            hits.add(Rect(x: x, y: inner.y, width: end - x, height: 1), .detailsTab(i))
            x = end + 1
        }
        let tableArea = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        let a = comparison.pair.a
        // A comparison always has B's rows (only a summary lacks them).
        let b = comparison.pair.b
        let flagColumn = state.flags.store.flaggedCount > 0
        var columns = [
            TableColumn("Input", width: .length(min(28, max(12, tableArea.width / 6)))),
            TableColumn("A", width: .length(6), alignment: .right),
            TableColumn("B", width: .length(6), alignment: .right),
            TableColumn(ascii ? "change" : "Δ", width: .length(7), alignment: .right),
            TableColumn("Labels", width: .length(min(20, max(8, tableArea.width / 7)))),
            TableColumn("Top A", width: .length(min(20, max(10, tableArea.width / 7)))),
            TableColumn("Top B", width: .length(min(20, max(10, tableArea.width / 7)))),
        ]
        if flagColumn { columns.insert(TableColumn(context.glyphs.flag, width: .length(CellWidth.of(context.glyphs.flag))), at: 0) }
        let list = changes.inputs(details.changeTab)
        func top(_ evaluation: Evaluation, _ metrics: EvaluationMetrics, _ input: Int) -> String {
            let best = Int(metrics.top1[input])
            return "\(TerminalText.safe(evaluation.concepts[best].name)) \(Format.fixed(evaluation.score(input: input, concept: best), 2))"
        }
        let table = Table(
            columns: columns, rowCount: list.count,
            row: { i in
                let input = Int(list[i])
                let scoreA = a.score(input: input, concept: concept)
                let scoreB = b.score(input: input, concept: concept)
                let labels = b.labels(of: input).map { session.name(Int($0)) }.joined(separator: ";")
                var cells: [TableCell] = [
                    TableCell(TerminalText.safe(b.inputIDs[input])),
                    TableCell(Format.fixed(scoreA, 4)),
                    TableCell(Format.fixed(scoreB, 4)),
                    TableCell(ComparisonTableView.signed(scoreB - scoreA, ascii: ascii)),
                    TableCell(labels.isEmpty ? (ascii ? "(none)" : "∅") : TerminalText.safe(labels)),
                    TableCell(top(a, comparison.metricsA, input)),
                    TableCell(top(b, comparison.metricsB, input)),
                ]
                if flagColumn {
                    let flagged = state.flags.isFlagged(b.inputIDs[input])
                    cells.insert(TableCell(flagged ? context.glyphs.flag : "", style: context[.flagged]), at: 0)
                }
                return cells
            },
            selected: list.isEmpty ? nil : details.selectedRow,
            offset: details.scrollOffset,
            headerStyle: context[.header].patched(with: Style(modifiers: .bold)),
            rowStyle: context[.text],
            selectedStyle: focused ? context[.selection] : context[.selection_unfocused],
            ellipsis: ascii ? "~" : "…")
        table.render(into: &buffer, area: tableArea)
        let first = table.effectiveOffset(in: tableArea)
        for i in 0 ..< table.visibleRowCount(in: tableArea) where first + i < list.count {
            hits.add(Rect(x: tableArea.x, y: tableArea.y + 1 + i, width: tableArea.width, height: 1), .detailsRow(first + i))
        }
        if list.isEmpty {
            buffer.setString("no inputs here at this threshold", x: tableArea.x + 2, y: tableArea.y + 1,
                             style: context[.muted], maxWidth: tableArea.width - 2)
        }
    }
}
