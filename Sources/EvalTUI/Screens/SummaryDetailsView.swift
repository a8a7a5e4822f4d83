import EvalCore
import TermUI

/// Selection details on a summary (issue 13): the FN, FP and TP lists of a concept from the
/// rows the summary holds, which are exactly the first K of each full list at any threshold
/// (`SummaryDrillDown`). The line above the table says how many of how many are shown, so the
/// list never passes for the whole one.
enum SummaryDetailsView {
    static func render(_ state: AppState, concept c: Int, summary: EvaluationSummary, area: Rect,
                       into buffer: inout Buffer, context: RenderContext, hits: inout HitMap) {
        guard let details = state.details, let session = state.session else { return }
        let t = state.thresholds.value(for: c)
        let held = details.tab == .trueNegative ? "its sample" : "its extremes"
        let title = "Inputs behind \(TerminalText.safe(session.name(c))) at t=\(Format.threshold(t)) (summary: \(held))"
        Block.themed(title, theme: context.theme, focused: state.focus == .details).render(into: &buffer, area: area)
        hits.add(area, .pane(.details))
        let inner = area.inner(margin: 1)
        guard inner.height >= 3, inner.width > 10 else { return }
        var x = inner.x + 1
        for (i, tab) in details.tabs.enumerated() {
            let label = " \(i + 1) \(tab.rawValue) \(Format.count(session.summaryListCount(concept: c, tab: tab, threshold: t))) "
            let style = tab == details.tab ? context[.tab_active] : context[.tab_inactive]
            let end = buffer.setString(label, x: x, y: inner.y, style: style, maxWidth: inner.right - x)
            hits.add(Rect(x: x, y: inner.y, width: end - x, height: 1), .detailsTab(i))
            x = end + 1
        }
        let rows = session.summaryRows(concept: c, tab: details.tab, threshold: t)
        let total = session.summaryListCount(concept: c, tab: details.tab, threshold: t)
        let sample = details.tab == .trueNegative
            // The rows lacking the score are counted only to explain an empty list (a pass over
            // the rows, not one per frame of a listed sample).
            ? (size: summary.sampleSize, withoutScore: summary.sampleSize > 0 && rows.isEmpty ? summary.sampledNegativesWithoutScore(of: c) : 0)
            : nil
        buffer.setString(context.cut(" " + note(tab: details.tab, held: rows.count, total: total, sample: sample), inner.width),
                         x: inner.x, y: inner.y + 1, style: context[.muted], maxWidth: inner.width)
        let tableArea = Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2)
        let hasFold = summary.fold != nil
        let hasURL = rows.contains { summary.rows[$0].url != nil }
        var columns = [
            TableColumn("Input", width: .length(min(28, max(12, inner.width / 4))), cutInMiddle: true),
            TableColumn("Score", width: .length(6), alignment: .right),
            TableColumn("Labels", width: .length(min(24, max(6, inner.width / 6)))),
            TableColumn("Top prediction", width: .length(min(22, max(6, inner.width / 6)))),
        ]
        if hasFold { columns.append(TableColumn("Fold", width: .length(4), alignment: .right)) }
        columns.append(TableColumn(hasURL ? "URL" : "", width: .fill(1), cutInMiddle: true))
        let flagColumn = state.flags.store.flaggedCount > 0
        if flagColumn { columns.insert(TableColumn(context.glyphs.flag, width: .length(CellWidth.of(context.glyphs.flag))), at: 0) }
        let table = Table(
            columns: columns, rowCount: rows.count,
            row: { i in
                let row = summary.rows[rows[i]]
                let rowCells = cells(row, concept: c, session: session, fold: hasFold, context: context)
                guard flagColumn else { return rowCells }
                return [TableCell(state.flags.isFlagged(row.id) ? context.glyphs.flag : "", style: context[.flagged])] + rowCells
            },
            selected: rows.isEmpty ? nil : details.selectedRow,
            offset: details.scrollOffset,
            headerStyle: context[.header].patched(with: Style(modifiers: .bold)),
            rowStyle: context[.text],
            selectedStyle: state.focus == .details ? context[.selection] : context[.selection_unfocused],
            ellipsis: context.ascii ? "~" : "…")
        table.render(into: &buffer, area: tableArea)
        let first = table.effectiveOffset(in: tableArea)
        for i in 0 ..< table.visibleRowCount(in: tableArea) where first + i < rows.count {
            hits.add(Rect(x: tableArea.x, y: tableArea.y + 1 + i, width: tableArea.width, height: 1), .detailsRow(first + i))
        }
    }

    /// "100 most extreme of 4,812, lowest score first", "all 12, …", what the sample holds of
    /// the true negatives, or why a list is empty.
    static func note(tab: Outcome, held: Int, total: Int, sample: (size: Int, withoutScore: Int)? = nil) -> String {
        if tab == .trueNegative {
            guard let sample, sample.size > 0 else {
                return "a summary keeps no true-negative rows but a sample's (summarize with --sample N), or open the file itself"
            }
            if held == 0, sample.withoutScore > 0 {
                return "the sample's rows do not carry this concept's score (every score is kept up to \(SummaryFormat.maximumDenseConcepts) concepts)"
            }
            return "\(Format.count(held)) in a uniform sample of \(Format.count(sample.size)) inputs, highest score first"
        }
        if total == 0 { return "no inputs here at this threshold" }
        let order = tab == .falseNegative ? "lowest score first" : "highest score first"
        let count = held >= total ? "all \(Format.count(total))" : "\(Format.count(held)) most extreme of \(Format.count(total))"
        return "\(count), \(order)"
    }

    static func cells(_ row: SummaryRow, concept c: Int, session: Session, fold: Bool, context: RenderContext) -> [TableCell] {
        let labels = row.labels.map { session.name(Int($0)) }.joined(separator: ";")
        // The top prediction among the scores the row carries (all of them up to 100 concepts).
        var top: (concept: Int, score: Double)?
        for concept in 0 ..< session.conceptCount {
            if let score = row.score(of: concept), top == nil || score > top!.score { top = (concept, score) }
        }
        var cells: [TableCell] = [
            TableCell(TerminalText.safe(row.id)),
            TableCell(row.score(of: c).map { Format.fixed($0, 4) } ?? ""),
            TableCell(labels.isEmpty ? (context.ascii ? "(none)" : "∅") : TerminalText.safe(labels)),
            TableCell(top.map { "\(TerminalText.safe(session.name($0.concept))) \(Format.fixed($0.score, 2))" } ?? ""),
        ]
        if fold { cells.append(TableCell(row.fold.map(TerminalText.safe) ?? "")) }
        cells.append(TableCell(row.url.map(TerminalText.safe) ?? "", style: context[.url]))
        return cells
    }
}
