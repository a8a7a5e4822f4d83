import EvalCore
import TermUI

/// The slices view (`b`): for each `meta:` attribute and the fold, each value's inputs, macro
/// AUC and macro precision, recall and F1 at the thresholds, with the attribute's largest
/// macro-AUC gap highlighted (`.bad` beyond the bias cut-off, `.warning` below it or for the
/// fold, whose gaps are variance). Enter shows one value's per-concept AUC.
enum SlicesScreen {
    static func render(_ state: AppState, area: Rect, into buffer: inout Buffer, context: RenderContext) {
        guard let session = state.session else { return }
        guard let result = state.analysis.slices else {
            Block.themed(ComparisonSummaryView.modelBPrefix(state.session) + "Slices", theme: context.theme, focused: true).render(into: &buffer, area: area)
            let inner = area.inner(margin: 1)
            buffer.setString("computing the slices... (one sort of the scores per attribute)", x: inner.x + 1, y: inner.y,
                             style: context[.muted], maxWidth: inner.width - 1)
            return
        }
        if let drill = state.analysis.slicesView.drill {
            renderConcepts(state, slices: result.slices, ref: drill, session: session, area: area, into: &buffer, context: context)
        } else {
            renderValues(state, slices: result.slices, area: area, into: &buffer, context: context)
        }
    }

    /// The role of a value's macro AUC: the low end of the attribute's largest gap is `.bad`
    /// when the gap reaches the bias cut-off (a `meta:` attribute), `.warning` otherwise.
    static func role(_ attribute: SliceAttribute, value: Int) -> ThemeRole? {
        guard let gap = attribute.macroAUCGap else { return nil }
        if value == gap.low {
            return !attribute.isFold && gap.gap >= DiagnosisRules.biasMinimumGap ? .bad : .warning
        }
        return value == gap.high ? .good : nil
    }

    static func renderValues(_ state: AppState, slices: Slices, area: Rect, into buffer: inout Buffer, context: RenderContext) {
        let ascii = context.ascii
        Block.themed(ComparisonSummaryView.modelBPrefix(state.session) + "Slices: each attribute value's metrics at the thresholds", theme: context.theme, focused: true)
            .render(into: &buffer, area: area)
        let inner = area.inner(margin: 1)
        guard inner.height >= 2, inner.width > 20 else { return }
        guard !slices.attributes.isEmpty else {
            buffer.setString("no meta: columns and no fold: nothing to break down by", x: inner.x + 1, y: inner.y,
                             style: context[.muted], maxWidth: inner.width - 1)
            return
        }
        let rows = SliceRows.rows(slices)
        let values = SliceRows.valueRows(rows)
        let selectedRow = values.indices.contains(state.analysis.slicesView.selectedValue) ? values[state.analysis.slicesView.selectedValue] : nil
        let nameWidth = min(28, max(18, inner.width / 4))
        var notes: [Int: (String, Style)] = [:]
        let columns = [
            TableColumn("Attribute / value", width: .length(nameWidth)),
            TableColumn("Inputs", width: .length(9), alignment: .right),
            TableColumn("Macro AUC", width: .length(9), alignment: .right),
            TableColumn("Precision", width: .length(9), alignment: .right),
            TableColumn("Recall", width: .length(6), alignment: .right),
            TableColumn("F1", width: .length(6), alignment: .right),
            TableColumn("", width: .fill(1)),
        ]
        let thresholds = state.thresholds
        let foldVariance = state.analysis.diagnosis?.diagnosis.concepts.filter { $0.has(.foldVariance) }.count ?? 0
        let table = Table(
            columns: columns, rowCount: rows.count,
            row: { i in
                switch rows[i] {
                case .attribute(let a):
                    let attribute = slices.attributes[a]
                    let name = attribute.isFold ? "fold" : "meta:" + TerminalText.safe(attribute.name)
                    var note: String
                    var style: Style? = context[.muted]
                    if let reason = attribute.skippedReason {
                        note = "not broken down: " + reason
                    } else if let gap = attribute.macroAUCGap {
                        note = "largest gap \(Format.fixed(gap.gap, 4)): \(TerminalText.safe(gap.highValue)) \(Format.fixed(gap.highAUC, 4))"
                            + " vs \(TerminalText.safe(gap.lowValue)) \(Format.fixed(gap.lowAUC, 4))"
                        // "variance" is the fold_variance rule's word: said only when it fires.
                        if attribute.isFold, foldVariance > 0 {
                            note += " (fold_variance on \(foldVariance) concept\(foldVariance == 1 ? "" : "s"))"
                        }
                        else if gap.gap >= DiagnosisRules.biasMinimumGap { note += " (possible bias)"; style = context[.bad] }
                    } else {
                        note = "no two values with \(DiagnosisRules.sliceMinimumInputs)+ inputs to compare"
                    }
                    // Drawn across the number columns after the table (an attribute row has no numbers).
                    notes[i] = (note, style ?? context[.muted])
                    return [TableCell(name, style: context[.title]), "", "", "", "", "", ""]
                case .value(let ref):
                    let attribute = slices.attributes[ref.attribute]
                    let value = attribute.values[ref.value]
                    let metrics = value.macroMetrics(thresholds: thresholds)
                    let role = role(attribute, value: ref.value)
                    var note = ""
                    if value.inputs < DiagnosisRules.sliceMinimumInputs { note = "too few inputs to compare" }
                    else if let gap = attribute.macroAUCGap, gap.low == ref.value { note = "lowest" }
                    else if let gap = attribute.macroAUCGap, gap.high == ref.value { note = "highest" }
                    return [
                        TableCell("  " + TerminalText.safe(value.value)),
                        TableCell(Format.count(value.inputs)),
                        TableCell(Format.metric(value.macroAUC, ascii: ascii), style: role.map { context[$0] }),
                        TableCell(Format.metric(metrics?.precision, ascii: ascii)),
                        TableCell(Format.metric(metrics?.recall, ascii: ascii)),
                        TableCell(Format.metric(metrics?.f1, ascii: ascii)),
                        TableCell(note, style: role.map { context[$0] } ?? context[.muted]),
                    ]
                }
            },
            selected: selectedRow, offset: state.analysis.slicesView.scrollOffset,
            headerStyle: context[.header].patched(with: Style(modifiers: .bold)),
            rowStyle: context[.text], selectedStyle: context[.selection], ellipsis: context.glyphs.ellipsis)
        table.render(into: &buffer, area: inner)
        let first = table.effectiveOffset(in: inner)
        for i in 0 ..< table.visibleRowCount(in: inner) {
            guard let (note, style) = notes[first + i] else { continue }
            let x = inner.x + nameWidth + 1
            let selected = first + i == selectedRow
            buffer.setString(CellWidth.truncate(note, toWidth: max(0, inner.right - x), ellipsis: context.glyphs.ellipsis),
                             x: x, y: inner.y + 1 + i, style: selected ? context[.selection] : style, maxWidth: inner.right - x)
        }
    }

    static func renderConcepts(_ state: AppState, slices: Slices, ref: SliceRef, session: Session, area: Rect,
                               into buffer: inout Buffer, context: RenderContext) {
        let ascii = context.ascii
        let attribute = slices.attributes[ref.attribute]
        let value = attribute.values[ref.value]
        let name = (attribute.isFold ? "fold" : "meta:" + TerminalText.safe(attribute.name)) + " = " + TerminalText.safe(value.value)
        Block.themed(ComparisonSummaryView.modelBPrefix(state.session) + "\(name): per-concept AUC (\(Format.count(value.inputs)) inputs)", theme: context.theme, focused: true)
            .render(into: &buffer, area: area)
        let inner = area.inner(margin: 1)
        guard inner.height >= 2, inner.width > 20 else { return }
        let overall = session.metrics.curves.map(\.auc)
        let order = SliceRows.drillOrder(slices, ref, overall: overall)
        let gaps = Dictionary(attribute.conceptAUCGaps.map { ($0.concept, $0.gap) }, uniquingKeysWith: { a, _ in a })
        let columns = [
            TableColumn("Concept", width: .length(min(28, max(12, inner.width / 4)))),
            TableColumn("Labeled", width: .length(8), alignment: .right),
            TableColumn("AUC here", width: .length(8), alignment: .right),
            TableColumn("AUC all", width: .length(8), alignment: .right),
            TableColumn("Diff", width: .length(8), alignment: .right),
            TableColumn("", width: .fill(1)),
        ]
        let table = Table(
            columns: columns, rowCount: order.count,
            row: { i in
                let c = order[i]
                let curve = value.curves[c]
                let here = curve.auc
                let diff = here.flatMap { h in overall[c].map { h - $0 } }
                var role: ThemeRole? = nil
                if let diff { role = diff <= -DiagnosisRules.biasMinimumGap ? .bad : (diff <= -DiagnosisRules.biasMinimumGap / 2 ? .warning : nil) }
                var note = ""
                if let gap = gaps[c], gap.low == ref.value || gap.high == ref.value {
                    note = (gap.low == ref.value ? "lowest" : "highest") + " of this attribute (gap \(Format.fixed(gap.gap, 4)))"
                }
                if here == nil { note = curve.positives == 0 ? "no positives here" : "no negatives here" }
                return [
                    TableCell(TerminalText.safe(session.name(c))),
                    TableCell(Format.count(curve.positives)),
                    TableCell(Format.metric(here, ascii: ascii), style: role.map { context[$0] }),
                    TableCell(Format.metric(overall[c], ascii: ascii)),
                    TableCell(diff.map { ($0 >= 0 ? "+" : "") + Format.fixed($0, 4) } ?? (ascii ? "-" : "—"), style: role.map { context[$0] }),
                    TableCell(note, style: context[.muted]),
                ]
            },
            selected: order.isEmpty ? nil : state.analysis.slicesView.drillRow, offset: state.analysis.slicesView.drillOffset,
            headerStyle: context[.header].patched(with: Style(modifiers: .bold)),
            rowStyle: context[.text], selectedStyle: context[.selection], ellipsis: context.glyphs.ellipsis)
        table.render(into: &buffer, area: inner)
    }
}
