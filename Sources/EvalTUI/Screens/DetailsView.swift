import EvalCore
import TermUI

/// Selection details: the inputs behind a concept's FN, FP, TP (and TN) counts, or behind a
/// matrix cell, most wrong first. Only the visible rows are ever looked at.
enum DetailsView {
    static func render(_ state: AppState, area: Rect, into buffer: inout Buffer, context: RenderContext, hits: inout HitMap) {
        guard let details = state.details, let session = state.session else { return }
        if case .changes(let concept) = details.source, let comparison = session.comparison {
            ChangesView.render(state, concept: concept, comparison: comparison, area: area, into: &buffer, context: context, hits: &hits)
            return
        }
        if case .concept(let c) = details.source, let summary = session.summary {
            SummaryDetailsView.render(state, concept: c, summary: summary, area: area, into: &buffer, context: context, hits: &hits)
            return
        }
        let focused = state.focus == .details
        guard let evaluation = session.evaluation else { return }
        let title: String
        let scoreConcept: Int
        switch details.source {
        case .concept(let c):
            scoreConcept = c
            title = "Inputs behind \(TerminalText.safe(session.name(c))) at t=\(Format.threshold(state.thresholds.value(for: c)))"
        case .matrixCell(let a, let b, let view):
            scoreConcept = b
            title = "Labelled \(TerminalText.safe(session.name(a))), counted under \(TerminalText.safe(session.name(b))) (\(view.title))"
        case .changes:
            return  // drawn by ChangesView above
        }
        Block.themed(title, theme: context.theme, focused: focused).render(into: &buffer, area: area)
        hits.add(area, .pane(.details))
        let inner = area.inner(margin: 1)
        guard inner.height >= 2, inner.width > 10 else { return }

        // Tabs with their counts.
        var tableArea = inner
        if case .concept(let c) = details.source {
            guard let selection = session.readySelection(for: c) else {
                // A large evaluation: the index is being built in the background (the App
                // redraws when it is ready); say so rather than wait.
                buffer.setString(context.cut(" listing the inputs of \(TerminalText.safe(session.name(c))) (sorting \(Format.count(evaluation.inputCount)) scores)…", inner.width),
                                 x: inner.x, y: inner.y, style: context[.muted], maxWidth: inner.width)
                return
            }
            let t = state.thresholds.value(for: c)
            var x = inner.x + 1
            for (i, tab) in details.tabs.enumerated() {
                let label = " \(i + 1) \(tab.rawValue) \(Format.count(selection.inputs(tab, at: t).count)) "
                let style = tab == details.tab ? context[.tab_active] : context[.tab_inactive]
                let end = buffer.setString(label, x: x, y: inner.y, style: style, maxWidth: inner.right - x)
                hits.add(Rect(x: x, y: inner.y, width: end - x, height: 1), .detailsTab(i))
                x = end + 1
            }
            if !details.showTrueNegatives, x + 12 < inner.right {
                buffer.setString("4 shows TN", x: x + 1, y: inner.y, style: context[.muted], maxWidth: inner.right - x - 1)
            }
            tableArea = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        } else if case .matrixCell(let a, let b, let view) = details.source {
            guard let rows = session.cellInputs(trueConcept: a, predictedConcept: b, view: view, thresholds: state.thresholds) else {
                // Listed in the background (a large evaluation); the App redraws when they are ready.
                buffer.setString(context.cut(" listing the inputs labelled \(TerminalText.safe(session.name(a)))…", inner.width),
                                 x: inner.x, y: inner.y, style: context[.muted], maxWidth: inner.width)
                return
            }
            buffer.setString(context.cut(" \(Format.count(rows.count)) inputs, highest \(TerminalText.safe(session.name(scoreConcept))) score first", inner.width),
                             x: inner.x, y: inner.y, style: context[.muted], maxWidth: inner.width)
            tableArea = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        }

        let count = state.detailsRowCount
        // Column widths come from the rows on screen: the id first, whole whenever it fits,
        // then the labels and the top prediction, and the URL takes what is left. What still
        // does not fit is shortened in the middle (ids and URLs differ at their ends).
        let visibleRows = max(0, tableArea.height - 1)
        let firstRow = Table.scrolledOffset(offset: details.scrollOffset, selected: count == 0 ? nil : details.selectedRow,
                                            visibleRows: visibleRows, rowCount: count)
        let shown = (firstRow ..< min(count, firstRow + visibleRows)).compactMap { state.detailsInput(atRow: $0) }
        let flagColumn = state.flags.store.flaggedCount > 0
        let columns = layoutColumns(shown: shown, scoreConcept: scoreConcept, session: session, width: tableArea.width,
                                    flagGlyph: flagColumn ? context.glyphs.flag : nil, context: context)
        let ellipsis = context.ascii ? "~" : "…"
        let table = Table(
            columns: columns, rowCount: count,
            row: { i in
                guard let input = state.detailsInput(atRow: i) else { return [] }
                let cells = rowCells(input: input, scoreConcept: scoreConcept, session: session, columns: columns, context: context)
                guard flagColumn else { return cells }
                let flagged = state.flags.isFlagged(evaluation.inputIDs[input])
                return [TableCell(flagged ? context.glyphs.flag : "", style: context[.flagged])] + cells
            },
            selected: count == 0 ? nil : details.selectedRow,
            offset: details.scrollOffset,
            headerStyle: context[.header].patched(with: Style(modifiers: .bold)),
            rowStyle: context[.text],
            selectedStyle: focused ? context[.selection] : context[.selection_unfocused],
            ellipsis: ellipsis)
        table.render(into: &buffer, area: tableArea)
        let first = table.effectiveOffset(in: tableArea)
        for i in 0 ..< table.visibleRowCount(in: tableArea) where first + i < count {
            hits.add(Rect(x: tableArea.x, y: tableArea.y + 1 + i, width: tableArea.width, height: 1), .detailsRow(first + i))
        }
        if count == 0 {
            buffer.setString("no inputs here at this threshold", x: tableArea.x + 2, y: tableArea.y + 1,
                             style: context[.muted], maxWidth: tableArea.width - 2)
        }
    }

    /// The columns for the rows `shown` in `width` cells (see `render`).
    static func layoutColumns(shown: [Int], scoreConcept: Int, session: Session, width: Int, flagGlyph: String?,
                              context: RenderContext) -> [TableColumn] {
        guard let evaluation = session.evaluation else { return [] }
        let cells = shown.map { rowCells(input: $0, scoreConcept: scoreConcept, session: session, fold: true, url: true, context: context) }
        func need(_ index: Int, title: String) -> Int {
            max(CellWidth.of(title), cells.map { $0.indices.contains(index) ? CellWidth.of($0[index].text) : 0 }.max() ?? 0)
        }
        let hasFold = evaluation.fold != nil
        let urlIndex = hasFold ? 5 : 4
        var fixed = 6 + 1  // Score and its gap
        if hasFold { fixed += 4 + 1 }
        if let flagGlyph { fixed += CellWidth.of(flagGlyph) + 1 }
        var left = max(0, width - fixed - 2)  // minus the gaps after Input and Labels
        let idNeed = need(0, title: "Input"), labelsNeed = need(2, title: "Labels"), topNeed = need(3, title: "Top prediction")
        let idWidth = min(idNeed, max(12, left - 8 - 10))
        left -= idWidth
        var labelsWidth = min(labelsNeed, max(6, left - min(topNeed, 14)))
        left -= labelsWidth
        var topWidth = min(topNeed, max(6, left))
        left -= topWidth
        // Without a URL to take the rest, the labels and the top prediction get some air.
        if evaluation.urls == nil {
            let extraLabels = min(max(0, left), max(0, min(24, width / 6) - labelsWidth))
            labelsWidth += extraLabels
            left -= extraLabels
            let extraTop = min(max(0, left), max(0, min(26, width / 5) - topWidth))
            topWidth += extraTop
            left -= extraTop
        }
        var columns = [
            TableColumn("Input", width: .length(idWidth), cutInMiddle: true),
            TableColumn("Score", width: .length(6), alignment: .right),
            TableColumn("Labels", width: .length(labelsWidth)),
            TableColumn("Top prediction", width: .length(topWidth)),
        ]
        if hasFold { columns.append(TableColumn("Fold", width: .length(4), alignment: .right)) }
        // The URL gets the rest when a useful part of it fits (12 cells); otherwise the input
        // overlay (Enter) shows it whole.
        if evaluation.urls != nil, left - 1 >= 12 {
            _ = urlIndex
            columns.append(TableColumn("URL", width: .fill(1), cutInMiddle: true))
        } else {
            columns.append(TableColumn("", width: .fill(1)))
        }
        if let flagGlyph { columns.insert(TableColumn(flagGlyph, width: .length(CellWidth.of(flagGlyph))), at: 0) }
        return columns
    }

    static func rowCells(input: Int, scoreConcept: Int, session: Session, columns: [TableColumn], context: RenderContext) -> [TableCell] {
        rowCells(input: input, scoreConcept: scoreConcept, session: session, fold: columns.contains { $0.title == "Fold" },
                 url: columns.contains { $0.title == "URL" }, context: context)
    }

    static func rowCells(input: Int, scoreConcept: Int, session: Session, fold: Bool, url: Bool, context: RenderContext) -> [TableCell] {
        guard let evaluation = session.evaluation, let metrics = session.evaluationMetrics else { return [] }
        let labels = evaluation.labels(of: input).map { session.name(Int($0)) }.joined(separator: ";")
        let top = Int(metrics.top1[input])
        var cells: [TableCell] = [
            TableCell(TerminalText.safe(evaluation.inputIDs[input])),
            TableCell(Format.fixed(evaluation.score(input: input, concept: scoreConcept), 4)),
            TableCell(labels.isEmpty ? (context.ascii ? "(none)" : "∅") : TerminalText.safe(labels)),
            TableCell("\(TerminalText.safe(session.name(top))) \(Format.fixed(evaluation.score(input: input, concept: top), 2))"),
        ]
        if fold, let fold = evaluation.fold {
            let code = Int(fold.codes[input])
            cells.append(TableCell(code >= 0 ? TerminalText.safe(fold.values[code]) : ""))
        }
        if url, let urls = evaluation.urls {
            cells.append(TableCell(TerminalText.safe(urls[input]), style: context[.url]))
        }
        return cells
    }
}
