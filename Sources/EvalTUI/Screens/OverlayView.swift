import EvalCore
import TermUI

/// Popups over the current screen: help, the expanded input, and the one-line prompts.
enum OverlayView {
    /// An input's outcome on one concept at its threshold, as the input overlay labels it:
    /// TP, FN, FP, or "" for a true negative.
    static func outcome(labelled: Bool, score: Double, threshold: Double) -> String {
        switch (labelled, score >= threshold) {
        case (true, true): return "TP"
        case (true, false): return "FN"
        case (false, true): return "FP"
        case (false, false): return ""
        }
    }

    static func render(_ state: AppState, into buffer: inout Buffer, context: RenderContext, hits: inout HitMap) {
        switch state.overlay {
        case .help(let scroll)?:
            renderHelp(scroll: scroll, into: &buffer, context: context)
        case .input(let index, let scroll)?:
            renderInput(state, input: index, scroll: scroll, into: &buffer, context: context)
        case .prompt(let prompt)?:
            renderPrompt(state, prompt, into: &buffer, context: context)
        case .picker(let picker)?:
            PickerView.render(state, picker, into: &buffer, context: context)
        case .strategyMenu(let menu)?:
            renderStrategyMenu(state, menu, into: &buffer, context: context)
        case .messages(let scroll)?:
            MessagesView.render(state, scroll: scroll, into: &buffer, context: context)
        case .leftOut(let scroll)?:
            LeftOutView.render(state, scroll: scroll, into: &buffer, context: context)
        case nil:
            break
        }
    }

    /// A bordered popup filling most of the screen; returns its inner area.
    static func popup(_ title: String, width: Int, height: Int, into buffer: inout Buffer, context: RenderContext) -> Rect {
        let screen = Rect(x: 0, y: 0, width: buffer.area.width, height: buffer.area.height)
        // On narrow screens the popup takes the full width rather than leaving slivers of the
        // panes behind it at its edges.
        let boxWidth = screen.width < width + 4 ? screen.width : width
        let box = screen.centered(width: boxWidth, height: min(height, screen.height - 2))
        Block(title: title, titleStyle: context[.title], borders: context.glyphs.border.glyphs,
              borderStyle: context[.overlay_border], background: context[.overlay])
            .render(into: &buffer, area: box)
        return box.inner(margin: 1)
    }

    static func helpOverlay(scroll: Int, context: RenderContext) -> HelpOverlay {
        var sections = KeyBindings.helpSections(ascii: context.ascii).map { section in
            HelpSection(title: section.title, section.lines.map { ($0.keys, $0.description) })
        }
        sections.append(HelpSection(title: "Concept table marks", [
            (context.ascii ? "*" : "•", "the concept has its own threshold (T, m, M); the t column then shows each concept's"),
            (context.ascii ? "^ v" : "▲ ▼", "the sort column, ascending or descending (s, S)"),
        ]))
        let better = ComparisonTableView.mark(.better, ascii: context.ascii)
        let worse = ComparisonTableView.mark(.worse, ascii: context.ascii)
        sections.append(HelpSection(title: "Comparison marks (evaltop A B), before a concept's name", [
            (better, "B is significantly better: AUC up, Holm-adjusted p < 0.05 (DeLong's paired test)"),
            (worse, "B is significantly worse: AUC down, Holm-adjusted p < 0.05"),
            ("blank", "no significant change: the difference may be noise"),
            ("B − A".replacingOccurrences(of: "−", with: context.ascii ? "-" : "−"), "every difference (ΔAUC, its 95% interval, score changes) is B minus A"
                .replacingOccurrences(of: "Δ", with: context.ascii ? "d" : "Δ")),
        ]))
        sections.append(HelpSection(title: "Advice markers (concept table, d)", AdviceKind.allCases.map {
            (String($0.marker), $0.rawValue.replacingOccurrences(of: "_", with: " ") + " (" + $0.rawValue + ")")
        } + [("c12", "a number after a marker: that advice more than once (confused with 12 concepts; d lists them)")]))
        sections.append(HelpSection(title: "Mouse", [
            ("click", "select a row, a cell, a tab or a pane; on the slider, set the threshold"),
            ("wheel", "scroll"),
            ("hint", "a click on a status-bar hint runs its key"),
        ]))
        return HelpOverlay.themed(title: "Help (Esc closes)", sections: sections, scroll: scroll, theme: context.theme)
    }

    static func renderHelp(scroll: Int, into buffer: inout Buffer, context: RenderContext) {
        helpOverlay(scroll: scroll, context: context)
            .render(into: &buffer, area: Rect(x: 0, y: 0, width: buffer.area.width, height: buffer.area.height))
    }

    /// How far the help can scroll at a screen size (the reducer clamps to it).
    static func helpMaxScroll(width: Int, height: Int, ascii: Bool) -> Int {
        let theme = ResolvedTheme(theme: .default, capability: .none, baseGlyphs: ascii ? .ascii : .unicode)
        return helpOverlay(scroll: 0, context: RenderContext(theme: theme))
            .maxScroll(in: Rect(x: 0, y: 0, width: width, height: height))
    }

    /// The input overlay (Clarifai's expanded view): every concept's score, high to low, with
    /// ● for labelled concepts and ○ for the rest, then the metadata.
    static func renderInput(_ state: AppState, input: Int, scroll: Int, into buffer: inout Buffer, context: RenderContext) {
        if let session = state.session, session.evaluation == nil, let summary = session.summary, summary.rows.indices.contains(input) {
            renderSummaryInput(state, row: summary.rows[input], scroll: scroll, into: &buffer, context: context)
            return
        }
        guard let session = state.session, let evaluation = session.evaluation else { return }
        let flag = state.flags.store.state(of: evaluation.inputIDs[input]).flatMap { $0.flagged ? $0 : nil }
        let inner = popup("Input \(TerminalText.safe(evaluation.inputIDs[input]))" + (flag == nil ? "" : " \(context.glyphs.flag) flagged"),
                          width: 100, height: buffer.area.height - 2, into: &buffer, context: context)
        var text = inner
        if let picture = imageArea(session: session, input: input, inner: inner, context: context) {
            ImagePane.render(reference: evaluation.urls?[input], in: picture.image, into: &buffer, context: context)
            text = picture.text
        }
        let lines = inputLines(state, session: session, input: input, context: context, width: text.width - 1)
        let first = min(scroll, max(0, lines.count - text.height))
        for (i, line) in lines.dropFirst(first).prefix(text.height).enumerated() {
            buffer.setString(context.cut(line.0, text.width - 1), x: text.x + 1, y: text.y + i, style: line.1, maxWidth: text.width - 1)
        }
    }

    /// Where the input overlay puts the image and the text: the image to the left of the scores
    /// when the popup is wide enough, else above them; nil when images are off or the
    /// evaluation has no urls.
    static func imageArea(session: Session, input: Int, inner: Rect, context: RenderContext) -> (image: Rect, text: Rect)? {
        guard context.images != nil, let urls = session.evaluation?.urls, !urls[input].isEmpty else { return nil }
        if inner.width >= 70 {
            let w = min(48, inner.width * 2 / 5)
            let image = Rect(x: inner.x + 1, y: inner.y, width: w, height: min(inner.height, w / 2 + 1))
            return (image, Rect(x: inner.x + w + 2, y: inner.y, width: inner.width - w - 2, height: inner.height))
        }
        let h = min(12, inner.height / 2)
        guard h >= 4 else { return nil }
        let image = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: h)
        return (image, Rect(x: inner.x, y: inner.y + h + 1, width: inner.width, height: inner.height - h - 1))
    }

    /// The rows of the input overlay: the flag, metadata, labels, then every concept's score.
    static func inputLines(_ state: AppState, session: Session, input: Int, context: RenderContext, width: Int = 90) -> [(String, Style)] {
        guard let evaluation = session.evaluation else { return [] }
        let flag = state.flags.store.state(of: evaluation.inputIDs[input]).flatMap { $0.flagged ? $0 : nil }
        var lines: [(String, Style)] = FlagLines.lines(flag, state: state, context: context)
        if let url = evaluation.urls?[input] { lines.append(("url     " + TerminalText.safe(url), context[.url])) }
        if let w = evaluation.widths?[input], let h = evaluation.heights?[input], w >= 0, h >= 0 {
            lines.append(("size    \(w)\(context.ascii ? "x" : "×")\(h)", context[.overlay]))
        }
        if let fold = evaluation.fold, fold.codes[input] >= 0 {
            lines.append(("fold    " + TerminalText.safe(fold.values[Int(fold.codes[input])]), context[.overlay]))
        }
        for attribute in evaluation.attributes where attribute.codes[input] >= 0 {
            lines.append(("meta:\(TerminalText.safe(attribute.name)) = \(TerminalText.safe(attribute.values[Int(attribute.codes[input])]))", context[.overlay]))
        }
        if let text = evaluation.texts?[input], !text.isEmpty {
            lines.append(("", context[.overlay]))
            lines += textLines(text, width: width).map { ($0, context[.overlay]) }
        }
        let labels = Set(evaluation.labels(of: input).map(Int.init))
        lines.append(("", context[.overlay]))
        lines.append(("labels  " + (labels.isEmpty ? "(none)" : labels.sorted().map { TerminalText.safe(session.name($0)) }.joined(separator: "; ")), context[.overlay]))
        lines.append(("", context[.overlay]))
        let on = context.ascii ? "*" : "●", off = context.ascii ? "o" : "○"
        let order = (0 ..< evaluation.conceptCount).sorted {
            let (a, b) = (evaluation.score(input: input, concept: $0), evaluation.score(input: input, concept: $1))
            return a > b || (a == b && $0 < $1)
        }
        let nameWidth = min(30, order.map { CellWidth.of(TerminalText.safe(session.name($0))) }.max() ?? 10)
        for c in order {
            let score = evaluation.score(input: input, concept: c)
            let t = state.thresholds.value(for: c)
            let marker = labels.contains(c) ? on : off
            let verdict = outcome(labelled: labels.contains(c), score: score, threshold: t)
            let barCells = Int((score * 20).rounded())
            let bar = String(repeating: context.ascii ? "#" : "▇", count: barCells)
            let text = "\(marker) \(CellWidth.fit(TerminalText.safe(session.name(c)), width: nameWidth)) \(Format.fixed(score, 4)) \(CellWidth.fit(bar, width: 20)) \(verdict)"
            lines.append((text, labels.contains(c) ? context[.labeled] : context[.overlay]))
        }
        return lines
    }

    /// A text input, wrapped to `width` under a "text" label: each line of the text is a
    /// paragraph; control characters and escape sequences are shown escaped, never sent.
    static func textLines(_ text: String, width: Int) -> [String] {
        let indent = "        "
        let room = max(10, width - indent.count)
        var out: [String] = []
        for paragraph in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let wrapped = LoadingScreen.wrap(TerminalText.safe(String(paragraph)), width: room)
            out += (wrapped.isEmpty ? [""] : wrapped).map { indent + $0 }
        }
        if let first = out.first { out[0] = "text    " + first.dropFirst(indent.count) }
        return out
    }

    static func renderPrompt(_ state: AppState, _ prompt: PromptInput, into buffer: inout Buffer, context: RenderContext) {
        let label: String
        switch prompt.purpose {
        case .threshold: label = " threshold (0 to 1): "
        case .filter: label = " filter concepts: "
        case .note(let inputID): label = " note for \(TerminalText.safe(inputID)): "
        case .flagsFilter: label = " filter flags: "
        case .suspectsFilter: label = " filter suspects by concept: "
        case .strategyParameter(let choice, let all):
            label = " \(choice.name) for \(all ? "every concept" : "the selected concept"): \(choice.parameterQuestion) "
        case .exportPath: label = " write the thresholds to: "
        case .confirmOverwrite(let path, _): label = " \(TerminalText.safe(path)) exists. Overwrite it? (y/n) "
        }
        let row = Rect(x: 0, y: max(0, buffer.area.height - 2), width: buffer.area.width, height: 1)
        buffer.fill(row, cell: Cell(symbol: " ", style: context[.prompt]))
        _ = Prompt.themed(label: label, state: prompt.editor, theme: context.theme).render(into: &buffer, area: row)
    }
}


extension OverlayView {
    /// The menu of `m` / `M`: the strategies, the last one used under the cursor.
    static func renderStrategyMenu(_ state: AppState, _ menu: StrategyMenu, into buffer: inout Buffer, context: RenderContext) {
        var title = "Threshold strategy for every concept"
        if !menu.allConcepts, let c = state.selectedConcept, let session = state.session {
            title = "Threshold strategy for \(TerminalText.safe(session.name(c)))"
        }
        let items = StrategyChoice.allCases.map { choice in
            choice.label + (choice.defaultParameter.map { "  [\($0)]" } ?? "")
        }
        ListPopup.themed(title: title, items: items, selected: menu.cursor, theme: context.theme)
            .render(into: &buffer, area: Rect(x: 0, y: 0, width: buffer.area.width, height: buffer.area.height))
    }
}
