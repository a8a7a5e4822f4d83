import EvalCore

/// The input a flag key acts on, and the rows of the flags and suspects views. Cheap: no scan
/// of the inputs (the flags view sorts the flagged ids only).
extension AppState {
    /// The selected input, wherever one is selected: the input overlay, the flags or suspects
    /// view's row, or the focused details row. `input` is nil for a flagged id the evaluation
    /// does not hold.
    public var flagTarget: (id: String, input: Int?)? {
        guard let session, session.hasInputRows || session.hasSummaryRows else { return nil }
        switch overlay {
        case .input(let index, _)?: return session.inputID(at: index).map { ($0, index) }
        case .picker(let picker)?: return (picker.inputID, picker.input)
        case .prompt, .help, .strategyMenu, .messages, .leftOut: return nil
        case nil: break
        }
        switch screen {
        case .flags:
            let rows = flagRows
            guard rows.indices.contains(flags.view.selectedRow) else { return nil }
            let id = rows[flags.view.selectedRow]
            return (id, flags.inputIndex[id])
        case .suspects:
            guard let suspect = selectedSuspect, let id = session.inputID(at: suspect.input) else { return nil }
            return (id, suspect.input)
        case .diagnosis, .slices:
            return nil
        case .main, .matrix:
            guard focus == .details, let details, let input = detailsInput(atRow: details.selectedRow),
                  let id = session.inputID(at: input) else { return nil }
            return (id, input)
        }
    }

    /// The flags view's rows: flagged ids, most recently changed first, filtered by
    /// `flags.view.filter` (id, current and suggested labels by id or name, note or user,
    /// case-insensitive).
    public var flagRows: [String] {
        let filter = flags.view.filter.lowercased()
        var rows: [(id: String, state: FlagState)] = []
        for (id, state) in flags.store.states where state.flagged {
            if !filter.isEmpty {
                let names = conceptNamesByID
                let suggestedNames = state.suggestedLabels.compactMap { names[$0] }
                let haystack = ([id, state.note, state.user] + state.suggestedLabels + suggestedNames + currentLabelNames(of: id))
                    .joined(separator: "\u{1}").lowercased()
                guard haystack.contains(filter) else { continue }
            }
            rows.append((id, state))
        }
        rows.sort { a, b in a.state.time != b.state.time ? a.state.time > b.state.time : a.id < b.id }
        return rows.map(\.id)
    }

    /// The suspects view's rows, as indices into the ranked list: the suspects not yet
    /// reviewed as right (`x`), whose given or likely labels match `flags.suspects.filter` by
    /// concept name (case-insensitive). One pass over the list, comparing concept indices:
    /// the names are matched once per concept.
    public var suspectRows: [Int] {
        guard let list = flags.suspects.list, let session else { return [] }
        let reviewed = Set(flags.store.reviewedIDs.compactMap { flags.inputIndex[$0] })
        let filter = flags.suspects.filter.lowercased()
        if reviewed.isEmpty && filter.isEmpty { return Array(list.suspects.indices) }
        let matching: [Bool] = filter.isEmpty ? [] : session.concepts.map { $0.name.lowercased().contains(filter) }
        return list.suspects.indices.filter { row in
            let suspect = list.suspects[row]
            if reviewed.contains(suspect.input) { return false }
            guard !filter.isEmpty else { return true }
            return suspect.givenLabels.contains { matching[$0] } || suspect.likelyLabels.contains { matching[$0] }
                || matching[suspect.concept]
        }
    }

    /// The suspect under the suspects view's selection.
    public var selectedSuspect: Suspect? {
        guard let list = flags.suspects.list else { return nil }
        let rows = suspectRows
        guard rows.indices.contains(flags.suspects.selectedRow) else { return nil }
        return list.suspects[rows[flags.suspects.selectedRow]]
    }

    /// The names of the labels the evaluation gives an input (empty when it is not there).
    func currentLabelNames(of inputID: String) -> [String] {
        guard let session, let evaluation = session.evaluation, let input = flags.inputIndex[inputID] else { return [] }
        return evaluation.labels(of: input).map { session.name(Int($0)) }
    }
}
