import EvalCore
import Foundation
import TermUI

extension AppState {
    /// Applies `action` and returns the effects the runtime must carry out.
    /// The only place state changes; everything here is cheap (no scan of the inputs),
    /// so that every key finishes its frame at once even with a million inputs.
    public mutating func reduce(_ action: Action) -> [Effect] {
        let effects = apply(action)
        followSelectionWithDetails()
        syncScrollOffsets()
        return effects
    }

    private mutating func apply(_ action: Action) -> [Effect] {
        if case .promptKey(let key) = action, case .prompt(let prompt) = overlay, prompt.purpose.belongsToFlags {
            return reduceFlagPrompt(key, prompt)
        }
        if case .promptKey(let key) = action, case .prompt(let prompt) = overlay, prompt.purpose.belongsToAnalysis {
            return reduceAnalysisPrompt(key, prompt)
        }
        switch action {
        case .flags(let flagsAction):
            return reduceFlags(flagsAction)
        case .analysis(let analysisAction):
            return reduceAnalysis(analysisAction)
        case .quit:
            quitRequested = true
        case .closeOrQuit:
            // One level back, as Esc goes; only the bare main screen quits (issue 10).
            if overlay != nil { overlay = nil }
            else if screen == .matrix, case .matrixCell? = details?.source { details = nil; focus = .table }
            else if screen == .matrix { leaveMatrix() }
            else if screen == .slices, analysis.slicesView.drill != nil { analysis.slicesView.drill = nil }
            else if screen != .main { screen = .main }
            else if details != nil { details = nil; focus = .table }
            else { quitRequested = true }
        case .back:
            goBack()
        case .resize(let w, let h):
            width = w
            height = h
            clampSelections()
        case .toggleGrid:
            // Thumbnails are drawn from the inputs' rows and images; a summary lists its held
            // rows (or none) and has no grid: say so rather than draw an empty pane.
            guard session?.hasInputRows != false else {
                status = StatusMessage("a summary's rows are listed, not shown as thumbnails (open the file itself for the grid)", kind: .warning)
                return []
            }
            grid.toggle()
            status = StatusMessage(grid ? "grid of thumbnails (v for the list)" : "list (v for the grid of thumbnails)")
        case .gridMove(let dx, let dy):
            // The same selection as the list's: f, r, n and Enter act on the selected thumbnail.
            let delta = dx + dy * GridLayout.columns(width: width)
            switch screen {
            case .flags, .suspects: return reduce(.flags(.moveRow(delta)))
            default: return reduce(.moveSelection(delta))
            }
        case .togglePreview:
            // The pane draws a file's images (url or path) and texts: without either there is
            // nothing to show, and "preview shown" would be a promise the screen does not keep.
            if let session, session.evaluation.map({ $0.urls == nil && $0.texts == nil }) ?? true {
                status = StatusMessage(session.evaluation == nil
                    ? "the preview shows a file's inputs; on a summary, Enter opens a row"
                    : "nothing to preview: these inputs have no url, path or text column")
                return []
            }
            previewChoice = !previewVisible
            status = StatusMessage(previewVisible ? "preview shown (i hides it)" : "preview hidden (i shows it)")
        case .toggleHelp:
            if case .help = overlay { overlay = nil } else { overlay = .help(scroll: 0) }
        case .toggleMessages:
            if case .messages = overlay { overlay = nil } else { overlay = .messages(scroll: 0) }
        case .toggleLeftOut:
            if case .leftOut = overlay {
                overlay = nil
            } else if session?.compared != nil {
                overlay = .leftOut(scroll: 0)
            } else {
                status = StatusMessage("o lists what a comparison (evaltop A B) left out; this is one evaluation")
            }
        case .undo:
            return undo()
        case .redo:
            return redo()
        case .promptKey(let key):
            handlePromptKey(key)
        case .moveSelection(let delta):
            moveSelection(by: delta)
        case .pageDown:
            moveSelection(by: max(1, pageSize - 1))
        case .pageUp:
            moveSelection(by: -max(1, pageSize - 1))
        case .jumpToFirst:
            moveSelection(by: Int.min / 2)
        case .jumpToLast:
            moveSelection(by: Int.max / 2)
        case .moveColumn(let delta):
            let n = session?.conceptCount ?? 0
            if screen == .matrix, matrixLayout == .topConfusions {
                status = StatusMessage("the list has no columns; o shows the grid")
                break
            }
            matrix.column = clamp(matrix.column + delta, 0, n - 1)
        case .focusNext, .focusPrevious:
            cycleFocus()
        case .focus(let pane):
            if pane == .details, details == nil { break }
            focus = pane
        case .drillDown:
            return drillDown()
        case .stepThreshold(let step):
            adjustThreshold(merging: true) { current in ((current + step) * 100).rounded() / 100 }
        case .setThreshold(let value):
            adjustThreshold(merging: true) { _ in value }
        case .resetThreshold:
            resetGlobalThreshold()
        case .promptThreshold:
            overlay = .prompt(PromptInput(purpose: .threshold))
        case .togglePerConceptThreshold:
            togglePerConceptThreshold()
        case .cycleSort:
            table.sortKey = table.sortKey.next(comparing: session?.compared != nil, pairedInputs: session?.comparison != nil)
            table.descending = table.sortKey == .name ? false : table.descending
            table.selectedRow = 0
            status = StatusMessage("sorted by \(table.sortKey.title)\(table.descending ? ", descending" : "")")
        case .reverseSort:
            table.descending.toggle()
            table.selectedRow = 0
            status = StatusMessage("sorted by \(table.sortKey.title)\(table.descending ? ", descending" : ", ascending")")
        case .promptFilter:
            overlay = .prompt(PromptInput(purpose: .filter, text: table.filter))
        case .selectRow(let row):
            focus = .table
            table.selectedRow = clamp(row, 0, conceptRows.count - 1)
        case .toggleCurve:
            curve = curve == .roc ? .pr : .roc
            let layout = MainLayout(width: width, height: height, detailsOpen: details != nil)
            if let area = layout.curve, area.width >= CurveView.bothCurvesWidth {
                status = StatusMessage("ROC and PR are both shown at this width")
            } else {
                status = StatusMessage(curve == .roc ? "ROC curve" : "precision-recall curve")
            }
        case .nextTab:
            if var d = details, case .changes = d.source {
                let all = ChangeKind.allCases
                d.changeTab = all[((all.firstIndex(of: d.changeTab) ?? 0) + 1) % all.count]
                d.selectedRow = 0
                d.scrollOffset = 0
                details = d
                break
            }
            guard var d = details, !d.tabs.isEmpty else { break }
            let i = d.tabs.firstIndex(of: d.tab) ?? 0
            d.tab = d.tabs[(i + 1) % d.tabs.count]
            d.selectedRow = 0
            d.scrollOffset = 0
            details = d
        case .selectTab(let index):
            if var d = details, case .changes = d.source {
                guard ChangeKind.allCases.indices.contains(index) else { break }
                d.changeTab = ChangeKind.allCases[index]
                d.selectedRow = 0
                d.scrollOffset = 0
                details = d
                focus = .details
                break
            }
            guard var d = details, case .concept = d.source else { break }
            if index == 3 { d.showTrueNegatives = true }
            guard d.tabs.indices.contains(index) else { break }
            d.tab = d.tabs[index]
            d.selectedRow = 0
            d.scrollOffset = 0
            details = d
            focus = .details
        case .toggleTrueNegatives:
            guard var d = details else { break }
            d.showTrueNegatives.toggle()
            if !d.showTrueNegatives, d.tab == .trueNegative { d.tab = .falseNegative }
            details = d
        case .selectDetailsRow(let row):
            guard var d = details else { break }
            d.selectedRow = clamp(row, 0, detailsRowCount - 1)
            details = d
            focus = .details
        case .copyURL:
            return copyURL()
        case .openMatrix:
            screen = .matrix
            overlay = nil
            focus = .table
            // The matrix replaces the main screen: a concept's details wait for the return.
            if case .concept? = details?.source { parkedDetails = details; details = nil }
            let available = matrixViews
            if !available.contains(matrix.view) { matrix.view = available[0] }
            if let c = selectedConcept { matrix.row = c; matrix.column = c }
            if let why = Self.countsUnavailable(session?.summary) { status = StatusMessage(why, kind: .warning) }
        case .cycleMatrixView:
            let available = matrixViews
            let i = available.firstIndex(of: matrix.view) ?? -1
            matrix.view = available[(i + 1) % available.count]
            matrix.listRow = 0
            matrix.listOffset = 0
            status = StatusMessage("matrix: \(matrix.view.title)")
        case .selectMatrixCell(let row, let column):
            let n = session?.conceptCount ?? 0
            matrix.row = clamp(row, 0, n - 1)
            matrix.column = clamp(column, 0, n - 1)
            focus = .table
        case .toggleMatrixLayout:
            toggleMatrixLayout()
        case .jumpToLargestConfusion:
            jumpToLargestConfusion()
        case .selectMatrixListRow(let row):
            focus = .table
            moveMatrixListRow(by: row - matrix.listRow)
        }
        return []
    }

    // MARK: - Navigation

    /// Rows in the focused list that one page holds (from the layout of the current size).
    var pageSize: Int {
        let layout = MainLayout(width: width, height: height, detailsOpen: details != nil)
        switch (overlay, focus) {
        case (.help, _), (.input, _), (.messages, _), (.leftOut, _): return max(1, height - 6)
        case (_, .details): return max(1, layout.detailsVisibleRows)
        default: return max(1, layout.tableVisibleRows)
        }
    }

    /// Rows of the open details list at the current threshold.
    public var detailsRowCount: Int {
        guard let details, let session else { return 0 }
        switch details.source {
        case .concept(let c) where session.summary != nil:
            return session.summaryRows(concept: c, tab: details.tab, threshold: thresholds.value(for: c)).count
        case .concept(let c):
            return session.readySelection(for: c)?.inputs(details.tab, at: thresholds.value(for: c)).count ?? 0
        case .matrixCell(let a, let b, let view):
            return session.cellInputs(trueConcept: a, predictedConcept: b, view: view, thresholds: thresholds)?.count ?? 0
        case .changes(let c):
            return session.changes(concept: c, threshold: thresholds.value(for: c))?.inputs(details.changeTab).count ?? 0
        }
    }

    /// The input a details row shows.
    public func detailsInput(atRow row: Int) -> Int? {
        guard let details, let session else { return nil }
        switch details.source {
        case .concept(let c) where session.summary != nil:
            // On a summary: an index into its rows (`EvaluationSummary.rows`).
            let rows = session.summaryRows(concept: c, tab: details.tab, threshold: thresholds.value(for: c))
            return rows.indices.contains(row) ? rows[row] : nil
        case .concept(let c):
            guard let list = session.readySelection(for: c)?.inputs(details.tab, at: thresholds.value(for: c)) else { return nil }
            guard row >= 0, row < list.count else { return nil }
            return Int(list[list.startIndex + row])
        case .matrixCell(let a, let b, let view):
            guard let rows = session.cellInputs(trueConcept: a, predictedConcept: b, view: view, thresholds: thresholds),
                  rows.indices.contains(row) else { return nil }
            return Int(rows[row])
        case .changes(let c):
            guard let list = session.changes(concept: c, threshold: thresholds.value(for: c))?.inputs(details.changeTab),
                  list.indices.contains(row) else { return nil }
            return Int(list[row])
        }
    }

    private mutating func moveSelection(by delta: Int) {
        switch overlay {
        case .help(let scroll):
            let limit = OverlayView.helpMaxScroll(width: width, height: height, ascii: !unicode)
            overlay = .help(scroll: clamp(scroll.addingReportingOverflow(delta).partialValue, 0, limit))
            return
        case .messages(let scroll):
            overlay = .messages(scroll: clamp(scroll.addingReportingOverflow(delta).partialValue, 0, max(0, messageLog.count - 1)))
            return
        case .leftOut(let scroll):
            let total = LeftOutLines.of(session)?.count ?? 0
            overlay = .leftOut(scroll: clamp(scroll.addingReportingOverflow(delta).partialValue, 0, max(0, total - (height - 4))))
            return
        case .input(let index, let scroll):
            // The popup shows height − 4 lines; metadata + labels + one line per concept.
            let total = (session?.conceptCount ?? 0) + 8
            overlay = .input(index: index, scroll: clamp(scroll.addingReportingOverflow(delta).partialValue, 0, max(0, total - (height - 4))))
            return
        case .strategyMenu(var menu):
            menu.move(by: delta)
            overlay = .strategyMenu(menu)
            return
        case .prompt, .picker: return
        case nil: break
        }
        if screen == .flags || screen == .suspects { moveFlagRow(by: delta); return }  // the mouse wheel
        if screen == .diagnosis || screen == .slices { moveAnalysisRow(by: delta); return }
        if focus == .details, var d = details {
            d.selectedRow = clamp(d.selectedRow.addingReportingOverflow(delta).partialValue, 0, detailsRowCount - 1)
            details = d
        } else if screen == .matrix, matrixLayout == .topConfusions {
            moveMatrixListRow(by: delta)
        } else if screen == .matrix {
            let n = session?.conceptCount ?? 0
            matrix.row = clamp(matrix.row.addingReportingOverflow(delta).partialValue, 0, n - 1)
        } else {
            table.selectedRow = clamp(table.selectedRow.addingReportingOverflow(delta).partialValue, 0, conceptRows.count - 1)
        }
    }

    private mutating func cycleFocus() {
        guard details != nil else { focus = .table; return }
        focus = focus == .table ? .details : .table
    }

    private mutating func goBack() {
        if let overlay {
            if case .prompt(let prompt) = overlay, prompt.purpose == .filter { table.filter = "" }
            self.overlay = nil
            return
        }
        if focus == .details, details != nil {
            details = nil
            focus = .table
            return
        }
        if screen == .matrix { leaveMatrix(); return }
        if !table.filter.isEmpty {
            table.filter = ""
            table.selectedRow = 0
            status = StatusMessage("filter cleared")
        }
    }

    private mutating func leaveMatrix() {
        screen = .main
        if case .matrixCell = details?.source { details = nil }
        if details == nil, let parked = parkedDetails { details = parked }
        parkedDetails = nil
        focus = .table
    }

    /// The details of a concept follow the table's selection: moving to another concept (keys,
    /// mouse, sort, filter) lists that concept's inputs on the same tab, from the top.
    private mutating func followSelectionWithDetails() {
        guard screen == .main, case .concept(let shown)? = details?.source, var d = details else { return }
        guard let concept = selectedConcept else {
            details = nil
            focus = .table
            return
        }
        guard concept != shown else { return }
        d.source = .concept(concept)
        d.selectedRow = 0
        d.scrollOffset = 0
        details = d
    }

    /// Moves the scroll offsets just enough to keep the selections visible, so that the
    /// view scrolls stably (the renderer draws from these offsets).
    private mutating func syncScrollOffsets() {
        let layout = MainLayout(width: width, height: height, detailsOpen: details != nil)
        table.scrollOffset = Table.scrolledOffset(offset: table.scrollOffset, selected: table.selectedRow,
                                                  visibleRows: layout.tableVisibleRows - 0, rowCount: conceptRows.count)
        if var d = details {
            let visible = screen == .matrix ? max(1, (height - 2) - max(8, (height - 2) / 2) - 4) : layout.detailsVisibleRows
            d.scrollOffset = Table.scrolledOffset(offset: d.scrollOffset, selected: d.selectedRow,
                                                  visibleRows: visible, rowCount: detailsRowCount)
            details = d
        }
        syncMatrixOffsets()
    }

    mutating func clampSelections() {
        table.selectedRow = clamp(table.selectedRow, 0, conceptRows.count - 1)
        if var d = details {
            d.selectedRow = clamp(d.selectedRow, 0, detailsRowCount - 1)
            details = d
        }
    }

    // MARK: - Drill-down

    private mutating func drillDown() -> [Effect] {
        guard let session else { return [] }
        // A summary with rows lists a concept's extremes (not a matrix cell's inputs).
        guard session.hasInputRows || (session.hasSummaryRows && screen != .matrix) else { return sayNoInputRows() }
        if focus == .details, details != nil {
            if let input = detailsInput(atRow: details!.selectedRow) { overlay = .input(index: input, scroll: 0) }
            return []
        }
        if screen == .matrix {
            guard let cell = matrixDrillCell else {
                status = StatusMessage("no confusion selected (the list is empty or still being counted)")
                return []
            }
            // The inputs are listed in the background when the evaluation is large
            // (`Session.cellInputs`); the pane says "listing…" until then.
            details = DetailsState(source: .matrixCell(trueConcept: cell.row, predictedConcept: cell.column, view: matrix.view))
            focus = .details
            return []
        }
        guard let c = selectedConcept else { return [] }
        // Comparing: what B fixed and broke; a single evaluation: the inputs behind the counts.
        details = DetailsState(source: session.comparison != nil ? .changes(c) : .concept(c))
        focus = .details
        return []
    }

    /// The matrix views there are values for: a summary without pair tables (format version 1,
    /// or more than 100 concepts) has no counts at the threshold, unless it holds them at the
    /// thresholds `--count-thresholds` asked for (the view then says where when they differ
    /// from those in force, `SummaryCountsNote`).
    var matrixViews: [MatrixView] {
        let all = MatrixView.available(in: session?.mode ?? .exclusive)
        guard session?.hasInputRows == false, let summary = session?.summary,
              summary.pairTables == nil, summary.countsAt.isEmpty else { return all }
        return all.filter { $0 != .countsAtThreshold }
    }

    /// Why a summary has no counts-at-threshold view, nil when it has one (or is not a summary).
    static func countsUnavailable(_ summary: EvaluationSummary?) -> String? {
        guard let summary, summary.pairTables == nil, summary.countsAt.isEmpty else { return nil }
        if summary.pairsLeftOut {
            return "no counts at threshold: the summary was written without pair tables (--pairs off or over its limit) or --count-thresholds"
        }
        if summary.concepts.count > SummaryFormat.maximumDenseConcepts {
            return "no counts at threshold: a summary holds pair tables up to \(SummaryFormat.maximumDenseConcepts) concepts (summarize with --count-thresholds T for the counts at T)"
        }
        return "no counts at threshold: this summary predates pair tables (format version 1; summarize again)"
    }

    /// A summary (`evaltop SUMMARY.evalsum`) has every number but no inputs to list, show or flag.
    mutating func sayNoInputRows() -> [Effect] {
        status = StatusMessage(session?.hasSummaryRows == true ? Session.onlyExtremeRowsMessage : Session.noInputRowsMessage, kind: .warning)
        return []
    }

    private mutating func copyURL() -> [Effect] {
        let input: Int?
        if case .input(let index, _) = overlay { input = index }
        else if screen == .flags || screen == .suspects { input = flagTarget?.input }
        else if focus == .details, let d = details { input = detailsInput(atRow: d.selectedRow) }
        else { input = nil }
        guard let input else { return [] }
        let summaryURL = session?.summary.flatMap { $0.rows.indices.contains(input) ? $0.rows[input].url : nil }
        guard let url = session?.evaluation == nil ? summaryURL : session?.evaluation?.urls?[input], !url.isEmpty else {
            status = StatusMessage("this input has no URL", kind: .error)
            return []
        }
        status = StatusMessage("copied the URL to the clipboard (OSC 52)")
        return [.copyToClipboard(url)]
    }

    /// Matrix-cell lists depend on the threshold in the counts view (`Session.cellInputs`
    /// lists them anew for it); keep the selection on a row.
    mutating func refreshCellRows() {
        guard var d = details, case .matrixCell(_, _, let view) = d.source, view == .countsAtThreshold else { return }
        d.selectedRow = clamp(d.selectedRow, 0, detailsRowCount - 1)
        details = d
    }

    // MARK: - Prompts

    private mutating func handlePromptKey(_ key: Key) {
        guard case .prompt(var prompt) = overlay else { return }
        switch key {
        case .escape:
            if prompt.purpose == .filter { table.filter = ""; table.selectedRow = 0 }
            overlay = nil
            return
        case .enter:
            submit(prompt)
            return
        case .char(let c) where prompt.purpose == .threshold && !(c.isASCII && (c.isNumber || c == ".")):
            status = StatusMessage("a threshold is digits and '.', from 0 to 1", kind: .error)
            return
        default:
            guard prompt.editor.apply(key) else { return }
        }
        if prompt.purpose == .filter {
            table.filter = prompt.text
            table.selectedRow = 0
        }
        overlay = .prompt(prompt)
    }

    private mutating func submit(_ prompt: PromptInput) {
        switch prompt.purpose {
        case .filter:
            table.filter = prompt.text
            table.selectedRow = 0
            overlay = nil
        case .note, .flagsFilter, .suspectsFilter, .strategyParameter, .exportPath, .confirmOverwrite:
            overlay = nil  // handled by reduceFlagPrompt and reduceAnalysisPrompt
        case .threshold:
            guard let value = ThresholdText.parse(prompt.text) else {
                status = StatusMessage("not a threshold: '\(TerminalText.safe(prompt.text))' (type a number from 0 to 1)", kind: .error)
                return
            }
            overlay = nil
            adjustThreshold(merging: false) { _ in value }
        }
    }
}

/// Parses what the user types at the `t` prompt: digits with at most one '.', in [0, 1].
public enum ThresholdText {
    public static func parse(_ text: String) -> Double? {
        guard !text.isEmpty, text != ".",
              text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              text.filter({ $0 == "." }).count <= 1,
              let value = Double(text.hasPrefix(".") ? "0" + text : text),
              (0 ... 1).contains(value) else { return nil }
        return value
    }
}

func clamp<T: Comparable>(_ value: T, _ low: T, _ high: T) -> T {
    guard high >= low else { return low }
    return min(max(value, low), high)
}
