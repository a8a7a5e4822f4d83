import EvalCore
import TermUI

/// The ROC (or PR) curve of the selected concept with the chance diagonal (or the PR
/// baseline), the operating point at the current threshold (●) and the point the last
/// applied strategy suggests (◆; max-f1 until one is applied with `m` / `M`).
enum CurveView {
    /// Below this width one curve is shown (`p` toggles it); from it on, ROC and PR side by side.
    static let bothCurvesWidth = 110

    static func render(_ state: AppState, area: Rect, into buffer: inout Buffer, context: RenderContext) {
        if area.width >= bothCurvesWidth {
            let left = Rect(x: area.x, y: area.y, width: area.width / 2, height: area.height)
            let right = Rect(x: left.right, y: area.y, width: area.width - left.width, height: area.height)
            render(state, kind: .roc, area: left, into: &buffer, context: context)
            render(state, kind: .pr, area: right, into: &buffer, context: context)
        } else {
            render(state, kind: state.curve, area: area, into: &buffer, context: context)
        }
    }

    static func render(_ state: AppState, kind: CurveKind, area: Rect, into buffer: inout Buffer, context: RenderContext) {
        guard let session = state.session else { return }
        guard let concept = state.selectedConcept else {
            Block.themed("Curve", theme: context.theme).render(into: &buffer, area: area)
            return
        }
        let curve = session.metrics.curves[concept]
        let name = TerminalText.safe(session.name(concept))
        let t = state.thresholds.value(for: concept)
        let counts = curve.counts(at: t)
        let blockTitle: String
        var canvas = Canvas(marker: context.glyphs.plot)
        let pointGlyph = context.ascii ? "o" : "●"
        let operating: (Double, Double)
        let operatingText: String
        switch kind {
        case .roc:
            blockTitle = "ROC  \(name)  AUC \(Format.metric(curve.auc, ascii: context.ascii))"
            canvas.addLayer([.line(from: (0, 0), to: (1, 1), style: context[.diagonal], ascii: ".")])
            canvas.addLayer([.polyline(session.plotPoints(concept: concept, kind: .roc), style: context[.roc_curve], ascii: "*")])
            operating = (counts.fpr, counts.recall)
            operatingText = "FPR \(Format.fixed(counts.fpr, 3)), TPR \(Format.fixed(counts.recall, 3))"
        case .pr:
            blockTitle = "PR  \(name)  AP \(Format.metric(curve.averagePrecision, ascii: context.ascii))"
            let total = curve.positives + curve.negatives
            let baseline = total > 0 ? Double(curve.positives) / Double(total) : 0
            canvas.addLayer([.line(from: (0, baseline), to: (1, baseline), style: context[.diagonal], ascii: ".")])
            canvas.addLayer([.polyline(session.plotPoints(concept: concept, kind: .pr), style: context[.pr_curve], ascii: "*")])
            // With nothing predicted, precision is 0 by convention; the curve starts at (0, 1).
            operating = (counts.recall, counts.predicted == 0 ? 1 : counts.precision)
            operatingText = "R \(Format.fixed(counts.recall, 3)), P \(Format.fixed(counts.precision, 3))"
        }
        // The suggested point first, so that the current one stays visible when they coincide.
        let strategy = state.analysis.markedStrategy
        let suggestion = session.suggestion(strategy, concept: concept)
        let suggestedGlyph = context.ascii ? "x" : "◆"
        var suggestedText = ""
        if let st = suggestion.threshold, let sc = suggestion.counts {
            let point = kind == .roc ? (sc.fpr, sc.recall) : (sc.recall, sc.precision)
            canvas.addLayer([.marker(at: point, glyph: suggestedGlyph, style: context[.suggested_point])])
            suggestedText = "  \(suggestedGlyph) \(strategy) t=\(Format.threshold(st))"
        }
        canvas.addLayer([.marker(at: operating, glyph: pointGlyph, style: context[.operating_point])])
        Block.themed(blockTitle, theme: context.theme).render(into: &buffer, area: area)
        let inner = area.inner(margin: 1)
        guard inner.height >= 5, inner.width >= 16 else { return }
        let chart = Chart.themed(
            title: "\(pointGlyph) t=\(Format.threshold(t)): \(operatingText)\(suggestedText)",
            xTitle: kind == .roc ? "FPR" : "recall", yTitle: kind == .roc ? "TPR" : "prec",
            canvas: canvas, theme: context.theme)
        chart.render(into: &buffer, area: inner)
    }
}

extension Session {
    /// The curve's points thinned for plotting: consecutive kept points are at least 1/500 of
    /// the plot apart, which is finer than any terminal's dots. Computed once per concept and
    /// kind (a million distinct scores must not be walked on every key).
    public func plotPoints(concept: Int, kind: CurveKind) -> [(Double, Double)] {
        plots.get(PlotKey(concept: concept, pr: kind == .pr)) {
            let curve = metrics.curves[concept]
            let raw: [(Double, Double)]
            switch kind {
            case .roc: raw = curve.rocPoints().map { ($0.fpr, $0.tpr) }
            case .pr: raw = curve.prPoints().map { ($0.recall, $0.precision) }
            }
            return CurveThinning.thin(raw, minimumStep: 0.002)
        }
    }
}

enum CurveThinning {
    static func thin(_ points: [(Double, Double)], minimumStep: Double) -> [(Double, Double)] {
        guard points.count > 2 else { return points }
        var kept = [points[0]]
        for p in points.dropFirst().dropLast() {
            let last = kept[kept.count - 1]
            if abs(p.0 - last.0) + abs(p.1 - last.1) >= minimumStep { kept.append(p) }
        }
        kept.append(points[points.count - 1])
        return kept
    }
}
