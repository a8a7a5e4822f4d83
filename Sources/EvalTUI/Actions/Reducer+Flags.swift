import EvalCore
import Foundation
import TermUI

/// Flags and suspects in the reducer. A flag key proposes a `FlagChange` and asks the runtime
/// to save it (`Effect.flags(.save)`); the store changes only when the runtime reports
/// `.saved`, so a failed save never shows the input as flagged.
extension AppState {
    mutating func reduceFlags(_ action: FlagsAction) -> [Effect] {
        if let session, !session.hasInputRows, action.needsInputRows,
           !(session.hasSummaryRows && action.worksOnSummaryRows),
           !(session.summary?.suspects != nil && action.worksOnSummarySuspects) { return sayNoInputRows() }
        switch action {
        case .toggle:
            guard let target = requireTarget() else { return [] }
            remember(target)
            return [.flags(.save(flags.store.toggleFlag(target.id)))]
        case .relabel:
            openPicker()
        case .note:
            guard let target = requireTarget() else { return [] }
            remember(target)
            overlay = .prompt(PromptInput(purpose: .note(inputID: target.id), text: flags.store.state(of: target.id)?.note ?? ""))
        case .undo:
            guard requireJournal() else { return [] }
            guard let change = flags.store.undo() else { status = StatusMessage("nothing to undo"); return [] }
            return [.flags(.save(change))]
        case .redo:
            guard requireJournal() else { return [] }
            guard let change = flags.store.redo() else { status = StatusMessage("nothing to redo"); return [] }
            return [.flags(.save(change))]
        case .openFlagsView:
            screen = .flags
            overlay = nil
            flags.view.selectedRow = clamp(flags.view.selectedRow, 0, flagRows.count - 1)
            if !flags.enabled { status = StatusMessage(Self.flagsOffMessage, kind: .warning) }
        case .openSuspectsView:
            screen = .suspects
            overlay = nil
            if flags.suspects.list == nil, !flags.suspects.computing {
                flags.suspects.computing = true
                return [.flags(.computeSuspects)]
            }
        case .refresh:
            guard requireJournal() else { return [] }
            return [.flags(.refresh(manual: true))]
        case .moveRow(let delta):
            moveFlagRow(by: delta)
        case .pageRows(let direction):
            moveFlagRow(by: direction * max(1, flagViewVisibleRows - 1))
        case .openInput:
            guard let target = flagTarget else { return [] }
            guard let input = target.input else {
                status = StatusMessage("\(TerminalText.safe(target.id)) is not in this evaluation", kind: .warning)
                return []
            }
            overlay = .input(index: input, scroll: 0)
        case .acceptSuggestion:
            guard screen == .suspects, let target = requireTarget(), let suspect = selectedSuspect, let session else { return [] }
            remember(target)
            let ids = suspect.likelyLabels.map { session.concepts[$0].id }
            guard !ids.isEmpty else { status = StatusMessage("no suggested label for this input", kind: .warning); return [] }
            moveFlagRow(by: 1)
            return [.flags(.save(flags.store.relabel(target.id, labels: ids)))]
        case .markReviewed:
            guard let target = requireTarget() else { return [] }
            remember(target)
            // The suspects list hides the row once it is saved; the selection then sits on the next one.
            return [.flags(.save(flags.store.toggleReviewed(target.id)))]
        case .promptFilter:
            overlay = screen == .suspects
                ? .prompt(PromptInput(purpose: .suspectsFilter, text: flags.suspects.filter))
                : .prompt(PromptInput(purpose: .flagsFilter, text: flags.view.filter))
        case .closeView:
            if screen == .flags, !flags.view.filter.isEmpty {
                flags.view.filter = ""
                flags.view.selectedRow = 0
                status = StatusMessage("filter cleared")
            } else if screen == .suspects, !flags.suspects.filter.isEmpty {
                flags.suspects.filter = ""
                flags.suspects.selectedRow = 0
                status = StatusMessage("filter cleared")
            } else {
                screen = .main
            }
        case .pickerMove(let delta):
            guard case .picker(var picker) = overlay else { return [] }
            picker.move(by: delta)
            overlay = .picker(picker)
        case .pickerToggle:
            guard case .picker(var picker) = overlay else { return [] }
            picker.toggleUnderCursor()
            overlay = .picker(picker)
        case .pickerConfirm:
            return confirmPicker()
        case .pickerCancel:
            if case .picker = overlay { overlay = nil }
        case .configured(let configuration):
            configure(configuration)
        case .absorbed(let absorbed):
            absorb(absorbed)
        case .saved(let change):
            flags.store.commit(change)
            switch change.kind {
            case .edit: history.recordFlagEdit()
            case .undo: history.flagUndone()
            case .redo: history.flagRedone()
            }
            status = StatusMessage("saved: " + Self.describe(change, names: conceptNamesByID))
            // A reviewed input leaves the suspects list (and comes back on undo).
            if screen == .suspects, change.event.action == .reviewed || change.before?.reviewed == true {
                flags.suspects.selectedRow = clamp(flags.suspects.selectedRow, 0, suspectRows.count - 1)
            }
        case .saveFailed(_, let message):
            status = StatusMessage("not saved: " + message, kind: .error)
        case .hashed(let sha, let warnings):
            flags.store.context.evaluationSHA256 = sha
            if !warnings.isEmpty {
                flags.warnings += warnings
                status = StatusMessage(warnings[0] + (warnings.count > 1 ? " (+\(warnings.count - 1) more)" : ""), kind: .warning)
            }
        case .suspectsReady(let list):
            flags.suspects.list = list
            // The diagnosis judges `suspect_labels` from now on (recomputed in the background).
            if let session {
                // A summary's list is the file's first S: its counts are of them all.
                analysis.suspectCounts = list.confidentCounts ?? Diagnoser.suspectCounts(of: list.suspects, conceptCount: session.conceptCount)
                analysis.estimatedLabelErrors = list.estimatedLabelErrors
            }
            flags.suspects.computing = false
            flags.suspects.selectedRow = 0
            if screen == .suspects {
                // The time only when it is worth saying (and so golden screens stay deterministic).
                let time = list.seconds >= 0.1 ? " in \(Format.fixed(list.seconds, 2)) s" : ""
                let held = list.candidates.map { "the first \(Format.count(list.suspects.count)) of \(Format.count($0))" } ?? Format.count(list.suspects.count)
                status = StatusMessage("\(held) suspects ranked by \(list.ranking.rawValue)\(time)")
            }
        case .readFailed(let message):
            status = StatusMessage(message, kind: .error)
        }
        return []
    }

    /// Keys typed into a flags prompt (the note, the flags view's filter).
    mutating func reduceFlagPrompt(_ key: Key, _ prompt: PromptInput) -> [Effect] {
        var prompt = prompt
        switch key {
        case .escape:
            if prompt.purpose == .flagsFilter { flags.view.filter = ""; flags.view.selectedRow = 0 }
            if prompt.purpose == .suspectsFilter { flags.suspects.filter = ""; flags.suspects.selectedRow = 0 }
            overlay = nil
            return []
        case .enter:
            overlay = nil
            switch prompt.purpose {
            case .note(let inputID):
                guard requireJournal() else { return [] }
                return [.flags(.save(flags.store.note(inputID, text: prompt.text)))]
            case .suspectsFilter:
                flags.suspects.filter = prompt.text
                flags.suspects.selectedRow = 0
                return []
            default:
                flags.view.filter = prompt.text
                flags.view.selectedRow = 0
                return []
            }
        default:
            guard prompt.editor.apply(key) else { return [] }
        }
        if prompt.purpose == .flagsFilter {
            flags.view.filter = prompt.text
            flags.view.selectedRow = 0
        }
        if prompt.purpose == .suspectsFilter {
            flags.suspects.filter = prompt.text
            flags.suspects.selectedRow = 0
        }
        overlay = .prompt(prompt)
        return []
    }

    static let flagsOffMessage = "flagging is off for the bundled example (open a file, or give --flags PATH)"

    // MARK: - Helpers

    private mutating func requireJournal() -> Bool {
        if flags.enabled { return true }
        status = StatusMessage(Self.flagsOffMessage, kind: .warning)
        return false
    }

    private mutating func requireTarget() -> (id: String, input: Int?)? {
        guard requireJournal() else { return nil }
        guard let target = flagTarget else {
            status = StatusMessage("select an input first (Enter on a concept lists its inputs; F flags, L suspects)", kind: .warning)
            return nil
        }
        return target
    }

    /// The reducer knows the index of inputs it flags; keep it for the flags view.
    private mutating func remember(_ target: (id: String, input: Int?)) {
        if let input = target.input { flags.inputIndex[target.id] = input; flags.missingIDs.remove(target.id) }
    }

    private mutating func openPicker() {
        guard let target = requireTarget() else { return }
        guard let session, let evaluation = session.evaluation, let rowMetrics = session.evaluationMetrics,
              let input = target.input else {
            status = StatusMessage("\(TerminalText.safe(target.id)) is not in this evaluation; f and n still work", kind: .warning)
            return
        }
        remember(target)
        let order = (0 ..< evaluation.conceptCount).sorted {
            let (a, b) = (evaluation.score(input: input, concept: $0), evaluation.score(input: input, concept: $1))
            return a > b || (a == b && $0 < $1)
        }
        let top = Int(rowMetrics.top1[input])
        let multilabel = evaluation.mode == .multilabel
        var preselected: [Int]
        let indexByID = conceptIndexByID
        if let earlier = flags.store.state(of: target.id), earlier.flagged, !earlier.suggestedLabels.isEmpty {
            preselected = earlier.suggestedLabels.compactMap { indexByID[$0] }
        } else if overlay == nil, screen == .suspects, let suspect = selectedSuspect, suspect.input == input {
            preselected = suspect.likelyLabels
        } else if multilabel {
            preselected = order.filter { evaluation.score(input: input, concept: $0) >= thresholds.value(for: $0) }
        } else {
            preselected = [top]
        }
        if preselected.isEmpty { preselected = [top] }
        if !multilabel { preselected = [preselected[0]] }
        // Keep the cursor on the strongest preselected concept.
        preselected.sort { (order.firstIndex(of: $0) ?? 0) < (order.firstIndex(of: $1) ?? 0) }
        overlay = .picker(ConceptPicker(inputID: target.id, input: input, order: order,
                                        preselected: preselected, multilabel: multilabel))
    }

    private mutating func confirmPicker() -> [Effect] {
        guard case .picker(let picker) = overlay, let session else { return [] }
        let chosen = picker.chosen
        guard !chosen.isEmpty else {
            // An empty suggestion reads as "no suggestion" in the journal and the exports, so
            // "should have no labels" is said with `f` and a note (`n`) instead.
            status = StatusMessage(picker.multilabel
                ? "choose at least one label (Space toggles); for \"no labels\", use f and a note (n)"
                : "no label chosen (Space toggles a label)", kind: .warning)
            return []
        }
        overlay = nil
        let ids = chosen.map { session.concepts[$0].id }
        return [.flags(.save(flags.store.relabel(picker.inputID, labels: ids)))]
    }

    private mutating func configure(_ configuration: FlagsConfiguration) {
        flags.journalPath = configuration.location.path
        flags.store.context = configuration.context
        if configuration.location.reason != .besideEvaluation {
            status = StatusMessage(configuration.location.explanation)
        }
    }

    private mutating func absorb(_ absorbed: FlagsAbsorbed) {
        var changed = 0
        for event in absorbed.events where flags.store.state(of: event.inputID) != event.resultingState { changed += 1 }
        flags.store.absorb(absorbed.events)
        flags.inputIndex.merge(absorbed.resolved) { _, new in new }
        flags.missingIDs.formUnion(absorbed.missing)
        flags.missingIDs.subtract(absorbed.resolved.keys)
        flags.view.selectedRow = clamp(flags.view.selectedRow, 0, flagRows.count - 1)
        var warnings = absorbed.warnings
        if absorbed.origin == .replay, let path = flags.journalPath {
            let check = FlagReplayCheck(events: [], store: flags.store, inputIDs: Set(flags.inputIndex.keys), evaluationSHA256: nil)
            warnings += check.warnings(journalPath: path)
        }
        flags.warnings += warnings
        if !warnings.isEmpty {
            let location = status.map { $0.text + "; " } ?? ""
            status = StatusMessage(location + warnings[0] + (warnings.count > 1 ? " (+\(warnings.count - 1) more)" : ""), kind: .warning)
        } else if absorbed.origin == .manualRefresh {
            status = StatusMessage("journal re-read: \(changed) change\(changed == 1 ? "" : "s") from other sessions")
        } else if absorbed.origin == .periodicRefresh, changed > 0 {
            status = StatusMessage("\(changed) flag change\(changed == 1 ? "" : "s") from another session")
        }
    }

    mutating func moveFlagRow(by delta: Int) {
        switch screen {
        case .flags:
            flags.view.selectedRow = clamp(flags.view.selectedRow.addingReportingOverflow(delta).partialValue, 0, flagRows.count - 1)
            flags.view.scrollOffset = Table.scrolledOffset(offset: flags.view.scrollOffset, selected: flags.view.selectedRow,
                                                           visibleRows: flagViewVisibleRows, rowCount: flagRows.count)
        case .suspects:
            let count = suspectRows.count
            flags.suspects.selectedRow = clamp(flags.suspects.selectedRow.addingReportingOverflow(delta).partialValue, 0, count - 1)
            flags.suspects.scrollOffset = Table.scrolledOffset(offset: flags.suspects.scrollOffset, selected: flags.suspects.selectedRow,
                                                               visibleRows: flagViewVisibleRows, rowCount: count)
        case .main, .matrix, .diagnosis, .slices:
            break
        }
    }

    /// Rows the flags and suspects views show at once (header, border, title, status).
    var flagViewVisibleRows: Int { max(1, height - 6) }

    var conceptIndexByID: [String: Int] {
        guard let session else { return [:] }
        var map: [String: Int] = [:]
        for (i, concept) in session.concepts.enumerated() { map[concept.id] = i }
        return map
    }

    var conceptNamesByID: [String: String] {
        guard let session else { return [:] }
        var map: [String: String] = [:]
        for concept in session.concepts { map[concept.id] = concept.name }
        return map
    }

    /// "flagged digits_0042", "digits_0042 → seven", … for the status bar.
    static func describe(_ change: FlagChange, names: [String: String]) -> String {
        let event = change.event
        let id = TerminalText.safe(event.inputID)
        let labels = event.labels.map { TerminalText.safe(names[$0] ?? $0) }.joined(separator: ", ")
        let what: String
        switch event.action {
        case .flag: what = "flagged \(id)"
        case .unflag: what = "unflagged \(id)"
        case .relabel: what = "\(id) should be \(labels)"
        case .note: what = event.note.isEmpty ? "note removed from \(id)" : "note on \(id)"
        case .reviewed: what = "\(id) reviewed: label is right"
        }
        switch change.kind {
        case .edit: return what
        case .undo: return "undone (\(what))"
        case .redo: return "redone (\(what))"
        }
    }
}
