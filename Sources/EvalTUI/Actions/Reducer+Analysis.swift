import EvalCore
import Foundation
import TermUI

/// The diagnosis view, the slices view, the threshold strategies and the thresholds export in
/// the reducer. Everything here is cheap: the diagnosis and the slices arrive computed; a
/// strategy is one pass over a concept's distinct scores (cached per concept in the session).
extension AppState {
    mutating func reduceAnalysis(_ action: AnalysisAction) -> [Effect] {
        switch action {
        case .openDiagnosis:
            screen = .diagnosis
            overlay = nil
            if analysis.diagnosis == nil { status = StatusMessage("diagnosing the model...") }
        case .openSlices:
            screen = .slices
            overlay = nil
            if let slices = analysis.slices?.slices, slices.attributes.isEmpty {
                status = StatusMessage("this evaluation has no meta: columns and no fold to break it down by", kind: .warning)
            }
        case .moveRow(let delta):
            moveAnalysisRow(by: delta)
        case .pageRows(let direction):
            moveAnalysisRow(by: direction * max(1, analysisListRows - 1))
        case .drill:
            drillAnalysis()
        case .closeView:
            if screen == .slices, analysis.slicesView.drill != nil {
                analysis.slicesView.drill = nil
            } else {
                screen = .main
            }
        case .openStrategyMenu(let all):
            guard session != nil else { return [] }
            if !all, selectedConcept == nil {
                status = StatusMessage("select a concept first (M applies a strategy to every concept)", kind: .warning)
                return []
            }
            overlay = .strategyMenu(StrategyMenu(cursor: lastChoice.rawValue, allConcepts: all))
        case .menuMove(let delta):
            guard case .strategyMenu(var menu) = overlay else { return [] }
            menu.move(by: delta)
            overlay = .strategyMenu(menu)
        case .menuConfirm:
            guard case .strategyMenu(let menu) = overlay else { return [] }
            let choice = menu.choice
            if let parameter = choice.defaultParameter {
                overlay = .prompt(PromptInput(purpose: .strategyParameter(choice, allConcepts: menu.allConcepts),
                                              text: lastParameter(for: choice) ?? parameter))
            } else {
                overlay = nil
                applyStrategy((try? choice.strategy(parameter: nil)) ?? .maxF1, allConcepts: menu.allConcepts)
            }
        case .menuCancel:
            if case .strategyMenu = overlay { overlay = nil }
        case .promptExport:
            guard session != nil else { return [] }
            overlay = .prompt(PromptInput(purpose: .exportPath, text: defaultExportPath))
        case .diagnosed(let result):
            analysis.diagnosis = result
            clampAnalysisSelections()
        case .slicesReady(let result):
            analysis.slices = result
            clampAnalysisSelections()
            if screen == .slices {
                status = StatusMessage("sliced by \(result.slices.attributes.count) attribute\(result.slices.attributes.count == 1 ? "" : "s") in \(Format.fixed(result.seconds, 2)) s")
            }
        case .exportWouldOverwrite(let path, let text):
            overlay = .prompt(PromptInput(purpose: .confirmOverwrite(path: path, text: text)))
        case .exported(let path):
            status = StatusMessage("saved to \(path)")
        case .exportFailed(let message):
            status = StatusMessage(message, kind: .error)
        }
        return []
    }

    /// Keys typed into the strategy-parameter and export prompts.
    mutating func reduceAnalysisPrompt(_ key: Key, _ prompt: PromptInput) -> [Effect] {
        var prompt = prompt
        if case .confirmOverwrite(let path, let text) = prompt.purpose {
            overlay = nil
            guard key == .char("y") || key == .char("Y") else {
                status = StatusMessage("not saved: \(TerminalText.safe(path)) kept as it was")
                return []
            }
            return [.analysis(.writeThresholds(path: path, text: text, overwrite: true))]
        }
        switch key {
        case .escape:
            overlay = nil
            return []
        case .enter:
            switch prompt.purpose {
            case .strategyParameter(let choice, let all):
                do {
                    let strategy = try choice.strategy(parameter: prompt.text.trimmingCharacters(in: .whitespaces))
                    overlay = nil
                    applyStrategy(strategy, allConcepts: all)
                } catch {
                    status = StatusMessage(error.description, kind: .error)
                }
                return []
            case .exportPath:
                return export(to: prompt.text)
            default:
                overlay = nil
                return []
            }
        default:
            guard prompt.editor.apply(key) else { return [] }
        }
        overlay = .prompt(prompt)
        return []
    }

    // MARK: - Strategies

    /// Sets the selected concept's threshold (or every concept's) to the strategy's choice.
    /// A concept for which the strategy has no threshold keeps its own, and the status says so.
    mutating func applyStrategy(_ strategy: ThresholdStrategy, allConcepts: Bool) {
        guard let session else { return }
        analysis.strategy = strategy
        if allConcepts {
            let suggestions = (0 ..< session.conceptCount).map { session.suggestion(strategy, concept: $0) }
            changeThresholds(label: "\(strategy) on every concept", quiet: true) { $0 = $0.applying(suggestions) }
            let kept = suggestions.filter { $0.threshold == nil }.map { TerminalText.safe(session.name($0.concept)) }
            var text = "\(strategy): \(suggestions.count - kept.count) concept\(suggestions.count - kept.count == 1 ? "" : "s") set"
            if !kept.isEmpty {
                text += "; no threshold for \(kept.prefix(3).joined(separator: ", "))\(kept.count > 3 ? " (+\(kept.count - 3))" : ""), kept as they were"
            }
            status = StatusMessage(text + " (u undoes)", kind: kept.isEmpty ? .info : .warning)
        } else {
            guard let c = selectedConcept else { return }
            let name = TerminalText.safe(session.name(c))
            let suggestion = session.suggestion(strategy, concept: c)
            guard let t = suggestion.threshold, let counts = suggestion.counts else {
                status = StatusMessage("\(strategy) gives no threshold for \(name) (no positives, or none satisfies it); kept \(Format.threshold(thresholds.value(for: c)))", kind: .warning)
                return
            }
            changeThresholds(label: "\(strategy) on \(name)", quiet: true) { $0.perConcept[c] = t }
            status = StatusMessage("\(name): \(strategy) sets t=\(Format.threshold(t))  P \(Format.fixed(counts.precision, 3))  R \(Format.fixed(counts.recall, 3))  F1 \(Format.fixed(counts.f1, 3))  (T: back to the global, u undoes)")
        }
    }

    /// The menu opens on the strategy used last.
    private var lastChoice: StrategyChoice {
        switch analysis.strategy {
        case .maxF1?, nil: return .maxF1
        case .youden?: return .youden
        case .cost?: return .cost
        case .precision?: return .precision
        case .recall?: return .recall
        }
    }

    /// The parameter used last with this strategy, so that repeating it is one Enter.
    private func lastParameter(for choice: StrategyChoice) -> String? {
        guard let strategy = analysis.strategy, let colon = strategy.description.firstIndex(of: ":"),
              strategy.description.hasPrefix(choice.name + ":") else { return nil }
        return String(strategy.description[strategy.description.index(after: colon)...])
    }

    // MARK: - Export

    /// `<evaluation without extension>.thresholds.json`, or what the command line set.
    public var defaultExportPath: String {
        if let path = analysis.exportPath { return path }
        let source = session?.metrics.sourcePath ?? fileName
        return (source as NSString).deletingPathExtension + ".thresholds.json"
    }

    private mutating func export(to path: String) -> [Effect] {
        let trimmed = path.trimmingCharacters(in: .whitespaces)
        guard let session, !trimmed.isEmpty else {
            status = StatusMessage("type a path to write the thresholds to", kind: .error)
            return []
        }
        overlay = nil
        analysis.exportPath = trimmed
        let text = ThresholdsFile.plain(thresholds, concepts: session.concepts)
        return [.analysis(.writeThresholds(path: trimmed, text: text, overwrite: false))]
    }

    // MARK: - Views

    /// Rows the diagnosis and slices lists show at once.
    var analysisListRows: Int {
        switch screen {
        case .diagnosis: return DiagnosisScreen.listHeight(self)
        default: return max(1, height - 7)
        }
    }

    mutating func moveAnalysisRow(by delta: Int) {
        switch screen {
        case .diagnosis:
            guard let result = analysis.diagnosis, let session else { return }
            let order = session.diagnosisLayout(result).order
            var view = analysis.diagnosisView
            view.selectedEntry = clamp(view.selectedEntry.addingReportingOverflow(delta).partialValue, 0, order.count - 1)
            analysis.diagnosisView = view
            scrollDiagnosisToSelection()
        case .slices:
            guard let slices = analysis.slices?.slices else { return }
            var view = analysis.slicesView
            if let drill = view.drill {
                let count = slices.attributes[drill.attribute].values[drill.value].curves.count
                view.drillRow = clamp(view.drillRow.addingReportingOverflow(delta).partialValue, 0, count - 1)
                view.drillOffset = Table.scrolledOffset(offset: view.drillOffset, selected: view.drillRow,
                                                        visibleRows: analysisListRows, rowCount: count)
            } else {
                let rows = SliceRows.rows(slices)
                let values = SliceRows.valueRows(rows)
                view.selectedValue = clamp(view.selectedValue.addingReportingOverflow(delta).partialValue, 0, values.count - 1)
                if values.indices.contains(view.selectedValue) {
                    // Keep the attribute's title in view above its first value.
                    let row = values[view.selectedValue]
                    view.scrollOffset = Table.scrolledOffset(offset: min(view.scrollOffset, max(0, row - 1)), selected: row,
                                                             visibleRows: analysisListRows, rowCount: rows.count)
                }
            }
            analysis.slicesView = view
        default:
            break
        }
    }

    /// Keeps the selected entry's lines on screen (its title at least).
    private mutating func scrollDiagnosisToSelection() {
        guard let result = analysis.diagnosis, let session else { return }
        let layout = session.diagnosisLayout(result)
        let order = layout.order
        let starts = layout.starts
        let entry = analysis.diagnosisView.selectedEntry
        guard order.indices.contains(entry) else { return }
        let visible = analysisListRows
        var offset = analysis.diagnosisView.scrollOffset
        let first = starts[entry], end = starts[entry + 1]
        if first < offset { offset = first }
        if end > offset + visible { offset = max(first - max(0, visible - (end - first)), min(first, end - visible)) }
        offset = max(0, min(offset, first))
        analysis.diagnosisView.scrollOffset = offset
    }

    private mutating func drillAnalysis() {
        switch screen {
        case .diagnosis:
            guard let result = analysis.diagnosis, let session else { return }
            let order = session.diagnosisLayout(result).order
            guard order.indices.contains(analysis.diagnosisView.selectedEntry) else { return }
            let concept = order[analysis.diagnosisView.selectedEntry]
            if !conceptRows.contains(concept) { table.filter = "" }
            table.selectedRow = conceptRows.firstIndex(of: concept) ?? 0
            screen = .main
            focus = .table
            if case .concept = details?.source { details = nil }
            status = StatusMessage("\(TerminalText.safe(session.name(concept))) in the concept table (Enter lists its inputs, d goes back)")
        case .slices:
            guard let slices = analysis.slices?.slices, analysis.slicesView.drill == nil else { return }
            let rows = SliceRows.rows(slices)
            let values = SliceRows.valueRows(rows)
            guard values.indices.contains(analysis.slicesView.selectedValue),
                  case .value(let ref) = rows[values[analysis.slicesView.selectedValue]] else { return }
            analysis.slicesView.drill = ref
            analysis.slicesView.drillRow = 0
            analysis.slicesView.drillOffset = 0
        default:
            break
        }
    }

    private mutating func clampAnalysisSelections() {
        if let diagnosis = analysis.diagnosis?.diagnosis {
            analysis.diagnosisView.selectedEntry = clamp(analysis.diagnosisView.selectedEntry, 0, diagnosis.concepts.count - 1)
        }
        if let slices = analysis.slices?.slices {
            let values = SliceRows.valueRows(SliceRows.rows(slices))
            analysis.slicesView.selectedValue = clamp(analysis.slicesView.selectedValue, 0, values.count - 1)
        }
    }
}
