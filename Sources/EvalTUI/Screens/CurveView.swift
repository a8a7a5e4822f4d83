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
        // A curve of many distinct scores is thinned in the background on its first visit
        // (13 ms at a million); the title says so until it is drawn.
        var drawing = false
        switch kind {
        case .roc:
            blockTitle = "ROC  \(name)  AUC \(aucTitle(session, concept: concept, ascii: context.ascii))"
            canvas.addLayer([.line(from: (0, 0), to: (1, 1), style: context[.diagonal], ascii: ".")])
            drawing = !addComparedCurve(session, concept: concept, kind: .roc, threshold: t, to: &canvas, context: context)
            if let points = session.readyPlotPoints(concept: concept, kind: .roc) {
                canvas.addLayer([.polyline(points, style: context[.roc_curve], ascii: "*")])
            } else {
                drawing = true
            }
            operating = (counts.fpr, counts.recall)
            operatingText = "FPR \(Format.fixed(counts.fpr, 3)), TPR \(Format.fixed(counts.recall, 3))"
        case .pr:
            blockTitle = "PR  \(name)  AP \(apTitle(session, concept: concept, ascii: context.ascii))"
            let total = curve.positives + curve.negatives
            let baseline = total > 0 ? Double(curve.positives) / Double(total) : 0
            canvas.addLayer([.line(from: (0, baseline), to: (1, baseline), style: context[.diagonal], ascii: ".")])
            drawing = !addComparedCurve(session, concept: concept, kind: .pr, threshold: t, to: &canvas, context: context)
            if let points = session.readyPlotPoints(concept: concept, kind: .pr) {
                canvas.addLayer([.polyline(points, style: context[.pr_curve], ascii: "*")])
            } else {
                drawing = true
            }
            // With nothing predicted, precision is 0 by convention; the curve starts at (0, 1).
            operating = (counts.recall, counts.predicted == 0 ? 1 : counts.precision)
            operatingText = "R \(Format.fixed(counts.recall, 3)), P \(Format.fixed(counts.precision, 3))"
        }
        // The suggested point first, so that the current one stays visible when they coincide.
        let strategy = state.analysis.markedStrategy
        // When comparing, the plot already holds two curves and two points; no suggestion.
        let suggestion = session.compared != nil
            ? nil : session.readySuggestion(strategy, concept: concept)
        let suggestedGlyph = context.ascii ? "x" : "◆"
        var suggestedText = ""
        if let st = suggestion?.threshold, let sc = suggestion?.counts {
            let point = kind == .roc ? (sc.fpr, sc.recall) : (sc.recall, sc.precision)
            canvas.addLayer([.marker(at: point, glyph: suggestedGlyph, style: context[.suggested_point])])
            suggestedText = "  \(suggestedGlyph) \(strategy) t=\(Format.threshold(st))"
        }
        canvas.addLayer([.marker(at: operating, glyph: pointGlyph, style: context[.operating_point])])
        let ellipsis = context.glyphs.ellipsis
        Block.themed(drawing ? blockTitle + "  (drawing\(ellipsis))" : blockTitle, theme: context.theme)
            .render(into: &buffer, area: area)
        let inner = area.inner(margin: 1)
        guard inner.height >= 5, inner.width >= 16 else { return }
        let legend = session.compared == nil ? ""
            : context.ascii ? "  (B: * and o, A: : and +)" : "  (B ━ ●, A ┈ ○)"
        let chart = Chart.themed(
            title: "\(pointGlyph) t=\(Format.threshold(t)): \(operatingText)\(suggestedText)\(legend)",
            xTitle: kind == .roc ? "FPR" : "recall", yTitle: kind == .roc ? "TPR" : "prec",
            canvas: canvas, theme: context.theme)
        chart.render(into: &buffer, area: inner)
    }
}

extension CurveView {
    static func aucTitle(_ session: Session, concept: Int, ascii: Bool) -> String {
        guard let row = session.compared?.changeRow(concept) else {
            return Format.metric(session.metrics.curves[concept].auc, ascii: ascii)
        }
        return Format.metric(row.aucA, ascii: ascii) + (ascii ? " -> " : " → ") + Format.metric(row.aucB, ascii: ascii)
    }

    static func apTitle(_ session: Session, concept: Int, ascii: Bool) -> String {
        guard let row = session.compared?.changeRow(concept) else {
            return Format.metric(session.metrics.curves[concept].averagePrecision, ascii: ascii)
        }
        return Format.metric(row.averagePrecisionA, ascii: ascii) + (ascii ? " -> " : " → ")
            + Format.metric(row.averagePrecisionB, ascii: ascii)
    }

    /// When comparing: model A's curve as a dotted line (`:` in ASCII) under B's solid one, and
    /// A's operating point at the same threshold as a hollow ○ (`+`), so the two read apart by
    /// shape in every theme, colour or not. False while A's curve is still being thinned.
    static func addComparedCurve(_ session: Session, concept: Int, kind: CurveKind, threshold: Double,
                                 to canvas: inout Canvas, context: RenderContext) -> Bool {
        guard let compared = session.compared else { return true }
        let style = context[.muted]
        let points = session.readyPlotPointsOfA(concept: concept, kind: kind)
        if let points { canvas.addLayer([.points(points, style: style, ascii: ":")]) }
        let counts = compared.curveA(concept).counts(at: threshold)
        let point = kind == .roc ? (counts.fpr, counts.recall) : (counts.recall, counts.predicted == 0 ? 1 : counts.precision)
        canvas.addLayer([.marker(at: point, glyph: context.ascii ? "+" : "○", style: context[.operating_point])])
        return points != nil
    }
}

/// What the curve pane computes on a concept's first visit: thinned points, a suggestion.
enum CurveJobKey: Equatable, Sendable {
    case plot(PlotKey)
    case suggestion(SuggestionKey)
}

extension Session {
    /// Distinct scores up to which a concept's plot and suggestion are computed within the frame
    /// (about 1.3 ms per 100,000); above, in the background.
    static let inlineCurveLimit = 100_000

    /// `plotPoints`, or nil while a large curve is thinned in the background (the `App`
    /// redraws when it lands): the first visit to a concept never walks a million scores on
    /// the key.
    func readyPlotPoints(concept: Int, kind: CurveKind) -> [(Double, Double)]? {
        let key = PlotKey(concept: concept, pr: kind == .pr)
        if let hit = plots.peek(key) { return hit }
        if metrics.curves[concept].thresholds.count <= Self.inlineCurveLimit { return plotPoints(concept: concept, kind: kind) }
        _ = curveJobs.value(for: .plot(key), inline: false) { [self] in !plotPoints(concept: concept, kind: kind).isEmpty }
        return nil
    }

    /// `plotPointsOfA`, or nil while it is computed in the background.
    func readyPlotPointsOfA(concept: Int, kind: CurveKind) -> [(Double, Double)]? {
        let key = PlotKey(concept: concept, pr: kind == .pr, modelA: true)
        if let hit = plots.peek(key) { return hit }
        let distinct = compared?.curveA(concept).thresholds.count ?? 0
        if distinct <= Self.inlineCurveLimit { return plotPointsOfA(concept: concept, kind: kind) }
        _ = curveJobs.value(for: .plot(key), inline: false) { [self] in !plotPointsOfA(concept: concept, kind: kind).isEmpty }
        return nil
    }

    /// `suggestion`, or nil while it is computed in the background (one pass over the
    /// concept's distinct scores).
    func readySuggestion(_ strategy: ThresholdStrategy, concept: Int) -> ThresholdSuggestion? {
        let key = SuggestionKey(strategy: strategy.description, concept: concept)
        if let hit = suggestions.peek(key) { return hit }
        if metrics.curves[concept].thresholds.count <= Self.inlineCurveLimit { return suggestion(strategy, concept: concept) }
        _ = curveJobs.value(for: .suggestion(key), inline: false) { [self] in suggestion(strategy, concept: concept).threshold != nil }
        return nil
    }

    /// Model A's curve for the comparison plot, as dots spaced along the line (a dotted curve).
    func plotPointsOfA(concept: Int, kind: CurveKind) -> [(Double, Double)] {
        plots.get(PlotKey(concept: concept, pr: kind == .pr, modelA: true)) {
            guard let compared else { return [] }
            let curve = compared.curveA(concept)
            let raw: [(Double, Double)]
            switch kind {
            case .roc: raw = curve.rocPoints().map { ($0.fpr, $0.tpr) }
            case .pr: raw = curve.prPoints().map { ($0.recall, $0.precision) }
            }
            return CurveThinning.dotted(CurveThinning.thin(raw, minimumStep: 0.002), spacing: 0.025)
        }
    }

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
    /// Points every `spacing` (in plot units, along the line) of the polyline through `points`.
    static func dotted(_ points: [(Double, Double)], spacing: Double) -> [(Double, Double)] {
        guard var previous = points.first else { return [] }
        var dots = [previous]
        var carried = 0.0
        for point in points.dropFirst() {
            let dx = point.0 - previous.0, dy = point.1 - previous.1
            let length = (dx * dx + dy * dy).squareRoot()
            guard length.isFinite, length > 0 else { previous = point; continue }
            var along = spacing - carried
            while along <= length {
                dots.append((previous.0 + dx * along / length, previous.1 + dy * along / length))
                along += spacing
            }
            carried = length - (along - spacing)
            previous = point
        }
        return dots
    }

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
