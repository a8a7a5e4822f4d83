import EvalCore
import TermUI

/// The threshold slider, with the selected concept's precision, recall and F1 and the macro
/// values beside it. A click on the bar sets the threshold.
enum SliderView {
    /// Cells kept for the threshold: "0.998255" (six significant digits, as the export writes).
    static let exactWidth = 8

    /// The threshold as it is, not rounded to 2 decimals: 0.50, 0.998255.
    static func exactText(_ value: Double) -> String {
        let text = Format.threshold(value)
        return text.count <= exactWidth ? text : String(format: "%.6f", value)
    }

    /// Cells for the value: the widest of the thresholds in force, so that the bar keeps its
    /// length as the selection moves between concepts (it changes only when the thresholds do).
    static func valueWidth(_ thresholds: Thresholds) -> Int {
        ([thresholds.global] + thresholds.perConcept.values).map { exactText($0).count }.max() ?? 4
    }

    /// The cells the concept's name gets beside the slider: the longest name, up to 14.
    static func nameWidth(_ session: Session) -> Int {
        min(14, max(1, session.matrixNames().longest))  // measured once per session (20,000 names: 20 ms a frame)
    }

    static func render(_ state: AppState, area: Rect, boxed: Bool, into buffer: inout Buffer, context: RenderContext, hits: inout HitMap) {
        guard let session = state.session else { return }
        var line = area
        if boxed {
            let own = state.selectedConcept.map { state.thresholds.hasOverride($0) } ?? false
            Block.themed(own ? "Threshold (own for this concept; T returns to the global one)" : "Threshold",
                         theme: context.theme).render(into: &buffer, area: area)
            line = Rect(x: area.x + 1, y: area.y + 1, width: area.width - 2, height: 1)
        }
        let summary = session.metrics.summary(thresholds: state.thresholds)
        var conceptStats = ""
        if let c = state.selectedConcept {
            let counts = session.metrics.curves[c].counts(at: state.thresholds.value(for: c))
            // The name takes the same cells whichever concept is selected, so the bar keeps its length.
            let name = CellWidth.fit(TerminalText.safe(session.name(c)), width: nameWidth(session), ellipsis: context.ascii ? "~" : "…")
            conceptStats = "\(name) P \(Format.fixed(counts.precision, 2)) R \(Format.fixed(counts.recall, 2)) F1 \(Format.fixed(counts.f1, 2))"
        }
        let sep = context.ascii ? " | " : " │ "
        let macroStats = "macro P \(Format.fixed(summary.macroPrecision ?? 0, 2)) R \(Format.fixed(summary.macroRecall ?? 0, 2)) F1 \(Format.fixed(summary.macroF1 ?? 0, 2))"
        // The bar keeps at least 24 columns; the macro values go first when space is short
        // (the summary above shows them too).
        let both = conceptStats.isEmpty ? macroStats : conceptStats + sep + macroStats
        let stats = CellWidth.of(both) + 1 <= line.width - 24 ? both : conceptStats
        let statsWidth = min(CellWidth.of(stats) + 1, max(0, line.width - 24))
        let sliderArea = Rect(x: line.x, y: line.y, width: line.width - statsWidth, height: 1)
        var slider = Slider.themed(value: state.selectedThreshold, label: "t", theme: context.theme)
        slider.exactText = (exactText(state.selectedThreshold), valueWidth(state.thresholds))
        slider.render(into: &buffer, area: sliderArea)
        buffer.setString(" " + stats, x: sliderArea.right, y: line.y, style: context[.text], maxWidth: statsWidth)
        let bar = slider.barColumns(in: sliderArea)
        if !bar.isEmpty {
            hits.add(Rect(x: bar.lowerBound, y: line.y, width: bar.count, height: 1),
                     .slider(minX: bar.lowerBound, maxX: bar.upperBound - 1))
        }
    }
}
