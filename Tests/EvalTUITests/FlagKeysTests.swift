import EvalCore
import Foundation
import TermUI
import Testing
@testable import EvalTUI

/// `f`, `r`, `n`, `u`, `U` through the real App: the journal on disk, the state and the screen.
@Suite struct FlagKeysTests {
    @Test func flagThenUnflagSavesAndMarksTheInput() throws {
        let h = try FlagsHarness()
        try h.press("<Enter>")  // details of the first concept, focus on its first input
        let id = try #require(h.detailsID(0))
        #expect(!h.header.contains("⚑"))
        try h.press("f")
        #expect(h.state.flags.store.isFlagged(id))
        #expect(h.state.status?.text == "saved: flagged \(id)")
        #expect(h.journalEvents.map(\.action) == [.flag])
        #expect(h.journalEvents.first?.inputID == id)
        #expect(h.journalEvents.first?.user == "tester")
        #expect(h.header.contains("│ ⚑ 1 │"))
        // The details list gains a flag column; the flagged row is marked, the next is not.
        let row = try #require(h.screen.first { $0.contains(id) })
        #expect(row.hasPrefix("│⚑ \(id)"))
        let next = try #require(h.detailsID(1))
        #expect(try #require(h.screen.first { $0.contains(next) }).hasPrefix("│  \(next)"))

        try h.press("f")
        #expect(!h.state.flags.store.isFlagged(id))
        #expect(h.journalEvents.map(\.action) == [.flag, .unflag])
        #expect(h.statusLine.contains("saved: unflagged \(id)"))
        #expect(!h.header.contains("⚑"))
    }

    @Test func asciiMarkerIsAnExclamationMark() throws {
        let h = try FlagsHarness(unicode: false)
        try h.press("<Enter>f")
        let id = try #require(h.detailsID(0))
        #expect(h.header.contains("| ! 1 |"))
        #expect(h.screen.contains { $0.hasPrefix("|! \(id)") })
    }

    @Test func flagWorksInTheInputOverlayAndShowsInItsTitle() throws {
        let h = try FlagsHarness()
        try h.press("<Enter><Enter>")
        guard case .input(let input, _)? = h.state.overlay else { Issue.record("no input overlay"); return }
        let id = h.session.evaluation!.inputIDs[input]
        try h.press("f")
        #expect(h.state.flags.store.isFlagged(id))
        #expect(h.screen.contains { $0.contains("Input \(id) ⚑ flagged") })
        #expect(h.screen.contains { $0.contains("⚑ flagged as mislabeled by tester") })
    }

    @Test func flagWorksInAMatrixDrillDown() throws {
        let h = try FlagsHarness()
        try h.press("c<Enter>")
        guard case .matrixCell? = h.state.details?.source else { Issue.record("no matrix cell details"); return }
        let id = try #require(h.detailsID(0))
        try h.press("f")
        #expect(h.state.flags.store.isFlagged(id))
    }

    @Test func flagKeysNeedASelectedInput() throws {
        let h = try FlagsHarness()
        let before = h.state.status
        try h.press("f")  // the concept table: no input is selected, and f means nothing there
        #expect(h.state.status == before)
        try h.press("Ff")  // the empty flags view
        #expect(h.state.flags.store.flaggedCount == 0)
        #expect(h.state.status?.text.hasPrefix("select an input first") == true)
        #expect(h.journalEvents.isEmpty)
    }

    @Test func relabelPicksTheTopPredictionByDefault() throws {
        let h = try FlagsHarness()
        try h.press("<Enter>")
        let input = try #require(h.state.detailsInput(atRow: 0))
        let id = h.session.evaluation!.inputIDs[input]
        let top = Int(h.session.evaluationMetrics!.top1[input])
        try h.press("r")
        guard case .picker(let picker)? = h.state.overlay else { Issue.record("no picker"); return }
        #expect(picker.conceptUnderCursor == top)
        #expect(h.screen.contains { $0.contains("\(id) should be") })
        try h.press("<Enter>")
        #expect(h.state.overlay == nil)
        let flag = try #require(h.state.flags.store.state(of: id))
        #expect(flag.flagged)
        #expect(flag.suggestedLabels == [h.session.evaluation!.concepts[top].id])
        #expect(h.journalEvents.last?.action == .relabel)
        #expect(h.statusLine.contains("saved: \(id) should be \(h.session.name(top))"))
    }

    @Test func relabelPickerMovesAndCancels() throws {
        let h = try FlagsHarness()
        try h.press("<Enter>r<Down>")
        guard case .picker(let picker)? = h.state.overlay else { Issue.record("no picker"); return }
        let second = try #require(picker.conceptUnderCursor)
        #expect(second == picker.order[1])
        try h.press("<Enter>")
        let id = try #require(h.detailsID(0))
        #expect(h.state.flags.store.state(of: id)?.suggestedLabels == [h.session.evaluation!.concepts[second].id])
        // Esc cancels without saving anything.
        try h.press("r<Esc>")
        #expect(h.state.overlay == nil)
        #expect(h.journalEvents.count == 1)
    }

    @Test func multilabelPickerTogglesLabels() throws {
        let h = try FlagsHarness(example: "digits_ml.csv")
        try h.press("<Enter>")
        let input = try #require(h.state.detailsInput(atRow: 0))
        let evaluation = h.session.evaluation!
        let id = evaluation.inputIDs[input]
        try h.press("r")
        guard case .picker(let picker)? = h.state.overlay else { Issue.record("no picker"); return }
        #expect(picker.multilabel)
        // Preselected: what the model predicts at the threshold.
        let predicted = (0 ..< evaluation.conceptCount).filter { evaluation.score(input: input, concept: $0) >= 0.5 }
        #expect(picker.checked == Set(predicted))
        // Toggle the lowest-scoring concept on, and the strongest off.
        try h.press("<End>")
        try h.press("G")  // not a picker key: ignored
        for _ in 0 ..< picker.order.count { try h.press("j") }
        try h.press(" ")
        for _ in 0 ..< picker.order.count { try h.press("k") }
        try h.press(" ")
        #expect(h.screen.contains { $0.contains("[x] \(h.session.name(picker.order.last!))") })
        try h.press("<Enter>")
        var expected = Set(predicted)
        expected.insert(picker.order.last!)
        if expected.contains(picker.order[0]) { expected.remove(picker.order[0]) } else { expected.insert(picker.order[0]) }
        let saved = try #require(h.state.flags.store.state(of: id))
        #expect(Set(saved.suggestedLabels) == Set(expected.map { evaluation.concepts[$0].id }))
    }

    @Test func noteIsSavedAndFlags() throws {
        let h = try FlagsHarness()
        try h.press("<Enter>n")
        let id = try #require(h.detailsID(0))
        #expect(h.screen[h.state.height - 2].hasPrefix(" note for \(id):"))
        try h.press("blurry 7<Enter>")
        let flag = try #require(h.state.flags.store.state(of: id))
        #expect(flag.flagged && flag.note == "blurry 7")
        #expect(h.journalEvents.last?.note == "blurry 7")
        // The prompt starts from the earlier note; Esc leaves it alone.
        try h.press("n")
        guard case .prompt(let prompt)? = h.state.overlay else { Issue.record("no prompt"); return }
        #expect(prompt.text == "blurry 7")
        try h.press("<Esc>")
        #expect(h.journalEvents.count == 1)
    }

    @Test func undoAndRedoAreSavedToo() throws {
        let h = try FlagsHarness()
        try h.press("<Enter>f")
        let id = try #require(h.detailsID(0))
        try h.press("u")
        #expect(!h.state.flags.store.isFlagged(id))
        #expect(h.state.status?.text == "saved: undone (unflagged \(id))")
        try h.press("U")
        #expect(h.state.flags.store.isFlagged(id))
        #expect(h.journalEvents.map(\.action) == [.flag, .unflag, .flag])
        try h.press("uu")
        #expect(h.state.status?.text == "nothing to undo")
        // Replaying the journal gives the same state as the session ended with.
        let replayed = FlagStore(context: h.state.flags.store.context, events: h.journalEvents)
        #expect(replayed.states == h.state.flags.store.states)
    }

    @Test func aFailedSaveLeavesTheInputUnflaggedAndSaysSo() throws {
        let h = try FlagsHarness(journalPath: "/dev/full")
        try h.press("<Enter>f")
        let id = try #require(h.detailsID(0))
        #expect(!h.state.flags.store.isFlagged(id))
        #expect(h.state.status?.kind == .error)
        #expect(h.statusLine.contains("not saved: cannot write flags journal /dev/full: disk full (ENOSPC)"))
        #expect(!h.header.contains("⚑"))
        #expect(!h.screen.contains { $0.contains("⚑ \(id)") })
        // The UI keeps working.
        try h.press("j")
        #expect(h.state.details?.selectedRow == 1)
    }

    @Test func flagKeysSayWhenFlaggingIsOff() throws {
        let h = try FlagsHarness()
        let app = Replay.makeApp(state: AppState(fileName: "digits.csv"), session: h.session, context: h.context)
        app.handle(.key(.enter))
        app.handle(.key(.char("f")))
        #expect(app.state.flags.store.flaggedCount == 0)
        #expect(app.state.status?.text == AppState.flagsOffMessage)
    }
}
