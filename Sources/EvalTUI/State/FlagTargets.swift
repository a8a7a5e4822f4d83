import EvalCore

/// The input a flag key acts on, and the rows of the flags and suspects views. Cheap: no scan
/// of the inputs (the flags view sorts the flagged ids only).
extension AppState {
    /// The selected input, wherever one is selected: the input overlay, the flags or suspects
    /// view's row, or the focused details row. `input` is nil for a flagged id the evaluation
    /// does not hold.
    public var flagTarget: (id: String, input: Int?)? {
        guard let session else { return nil }
        let ids = session.evaluation.inputIDs
        switch overlay {
        case .input(let index, _)?: return (ids[index], index)
        case .picker(let picker)?: return (picker.inputID, picker.input)
        case .prompt, .help, .strategyMenu, .messages: return nil
        case nil: break
        }
        switch screen {
        case .flags:
            let rows = flagRows
            guard rows.indices.contains(flags.view.selectedRow) else { return nil }
            let id = rows[flags.view.selectedRow]
            return (id, flags.inputIndex[id])
        case .suspects:
            guard let suspect = selectedSuspect else { return nil }
            return (ids[suspect.input], suspect.input)
        case .diagnosis, .slices:
            return nil
        case .main, .matrix:
            guard focus == .details, let details, let input = detailsInput(atRow: details.selectedRow) else { return nil }
            return (ids[input], input)
        }
    }

    /// The flags view's rows: flagged ids, most recently changed first, filtered by
    /// `flags.view.filter` (id, suggested labels, note or user, case-insensitive).
    public var flagRows: [String] {
        let filter = flags.view.filter.lowercased()
        var rows: [(id: String, state: FlagState)] = []
        for (id, state) in flags.store.states where state.flagged {
            if !filter.isEmpty {
                let haystack = ([id, state.note, state.user] + state.suggestedLabels + currentLabelNames(of: id))
                    .joined(separator: "\u{1}").lowercased()
                guard haystack.contains(filter) else { continue }
            }
            rows.append((id, state))
        }
        rows.sort { a, b in a.state.time != b.state.time ? a.state.time > b.state.time : a.id < b.id }
        return rows.map(\.id)
    }

    /// The suspect under the suspects view's selection.
    public var selectedSuspect: Suspect? {
        guard let list = flags.suspects.list, list.suspects.indices.contains(flags.suspects.selectedRow) else { return nil }
        return list.suspects[flags.suspects.selectedRow]
    }

    /// The names of the labels the evaluation gives an input (empty when it is not there).
    func currentLabelNames(of inputID: String) -> [String] {
        guard let session, let input = flags.inputIndex[inputID] else { return [] }
        return session.evaluation.labels(of: input).map { session.name(Int($0)) }
    }
}
