import EvalCore
import Foundation
import TermUI
import Testing
@testable import EvalTUI

/// The flags view (`F`), the suspects view (`L`), replay on start, refresh and help.
@Suite struct FlagViewsTests {
    @Test func flagsViewListsEveryFlagWithLabelsNoteAndUser() throws {
        let h = try FlagsHarness()
        try h.press("<Enter>fjr<Enter>jnsmudged<Enter>")
        let (a, b, c) = (try #require(h.detailsID(0)), try #require(h.detailsID(1)), try #require(h.detailsID(2)))
        try h.press("F")
        #expect(h.state.screen == .flags)
        let screen = h.screen
        #expect(screen[1].contains("Flags (3)"))
        let rowB = try #require(screen.first { $0.contains(b) })
        let input = try #require(h.session.evaluation!.inputIDs.firstIndex(of: b))
        let top = h.session.name(Int(h.session.evaluationMetrics!.top1[input]))
        #expect(rowB.hasPrefix("│⚑ \(b)"))
        #expect(rowB.contains(" \(top) "))
        #expect(rowB.contains("tester"))
        #expect(try #require(screen.first { $0.contains(c) }).contains("smudged"))
        #expect(screen.contains { $0.contains(a) })
        // The current labels of an input come from the evaluation.
        let labelA = h.session.evaluation!.labels(of: h.session.evaluation!.inputIDs.firstIndex(of: a)!).map { h.session.name(Int($0)) }
        #expect(try #require(screen.first { $0.contains(a) }).contains(labelA.joined(separator: ";")))
    }

    @Test func flagsViewFiltersAndActsOnItsRows() throws {
        let h = try FlagsHarness()
        try h.press("<Enter>fjnsmudged<Enter>")
        let (a, b) = (try #require(h.detailsID(0)), try #require(h.detailsID(1)))
        try h.press("F/smud")
        #expect(h.state.flagRows == [b])
        try h.press("<Enter>")
        #expect(h.screen[1].contains("Flags (1 matching 'smud')"))
        // f on the row unflags it; the row leaves the list.
        try h.press("f")
        #expect(!h.state.flags.store.isFlagged(b))
        #expect(h.state.flagRows.isEmpty)
        #expect(h.screen.contains { $0.contains("no flag matches the filter") })
        try h.press("<Esc>")
        #expect(h.state.flags.view.filter.isEmpty && h.state.screen == .flags)
        #expect(h.state.flagRows == [a])
        try h.press("<Enter>")
        guard case .input(let input, _)? = h.state.overlay else { Issue.record("no overlay"); return }
        #expect(h.session.evaluation!.inputIDs[input] == a)
        try h.press("<Esc><Esc>")
        #expect(h.state.screen == .main)
    }

    @Test func suspectsViewRanksAndFlags() throws {
        let h = try FlagsHarness()
        let expected = SuspectFinder.find(in: h.session.evaluation!).suspects
        try h.press("L")
        #expect(h.state.screen == .suspects)
        let list = try #require(h.state.flags.suspects.list)
        #expect(list.suspects == expected)
        let first = expected[0]
        let id = h.session.evaluation!.inputIDs[first.input]
        let row = try #require(h.screen.first { $0.contains(id) })
        #expect(row.contains(h.session.name(first.givenLabels[0])))
        #expect(row.contains(h.session.name(try #require(first.likelyConcept))))
        #expect(row.contains(String(format: "%.4f", first.givenScore)))
        #expect(row.contains(String(format: "%.3f", first.margin)))
        #expect(row.hasPrefix("│    1 "))
        try h.press("f")
        #expect(h.state.flags.store.isFlagged(id))
        #expect(try #require(h.screen.first { $0.contains(id) }).hasPrefix("│⚑   1 "))
        // r preselects the likely label; Enter records it.
        try h.press("jr<Enter>")
        let second = expected[1]
        let secondID = h.session.evaluation!.inputIDs[second.input]
        #expect(h.state.flags.store.state(of: secondID)?.suggestedLabels
            == second.likelyLabels.map { h.session.evaluation!.concepts[$0].id })
        try h.press("<Enter>")
        guard case .input(let input, _)? = h.state.overlay else { Issue.record("no overlay"); return }
        #expect(input == second.input)
    }

    /// Synchronous on purpose: its polling loop sleeps on its own thread (`Thread.sleep`), so it
    /// keeps looking even when the suite's other tests hold Swift's cooperative pool. An async
    /// loop with `Task.sleep` resumed only every few minutes under the sanitizers' slowed,
    /// parallel suite (seen at 260–889 s), past its deadline.
    @Test func suspectsAreRankedOffTheMainThread() throws {
        let h = try FlagsHarness()
        // At the usual lowered priority the ranking would wait for every other test of the
        // (parallel) suite to finish first: nice 10 beside busy threads gets almost no CPU.
        let runtime = FlagsRuntime(location: nil, evaluationPath: nil, context: FlagContext(user: "me", evaluation: "digits.csv"),
                                   synchronous: false, lowersBackgroundPriority: false)
        let app = Replay.makeApp(state: AppState(fileName: "digits.csv"), session: h.session, context: h.context, flags: runtime)
        app.handle(.key(.char("L")))
        #expect(app.state.flags.suspects.computing)
        var buffer = Buffer(width: 120, height: 40)
        app.render(into: &buffer)
        #expect(Replay.text(of: buffer).contains("ranking the inputs by confident learning…"))
        // The event loop polls; the result arrives without blocking it. The deadline is generous
        // because sanitizer builds on a loaded machine are many times slower.
        let deadline = Date().addingTimeInterval(180)
        while app.state.flags.suspects.list == nil, Date() < deadline {
            _ = app.poll()
            Thread.sleep(forTimeInterval: 0.005)
        }
        let expected = SuspectFinder.find(in: h.session.evaluation!).suspects
        #expect(app.state.flags.suspects.list?.suspects == expected)
        #expect(!app.state.flags.suspects.computing)
        #expect(app.state.status?.text.hasPrefix("\(expected.count) suspects ranked by self_confidence") == true)
    }

    @Test func replayOnStartRestoresFlagsAndWarns() throws {
        let folder = NSTemporaryDirectory() + "evaltop-flagsui-replay-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/flags.jsonl"
        func event(_ id: String, _ action: FlagAction, sha: String = "") -> String {
            FlagEvent(time: "2026-11-27T10:00:00Z", user: "ana", inputID: id, action: action,
                      evaluation: "digits.csv", evaluationSHA256: sha).jsonLine
        }
        let journal = event("digits_0001", .flag) + event("digits_0002", .flag) + event("digits_0002", .unflag)
            + event("no_such_input", .flag) + event("digits_0003", .flag, sha: "0123") + "{\"v\":1,\"ti"
        try journal.write(toFile: path, atomically: true, encoding: .utf8)
        let h = try FlagsHarness(example: "digits.csv", journalPath: path, hashFile: true)
        let store = h.state.flags.store
        #expect(store.isFlagged("digits_0001") && !store.isFlagged("digits_0002") && store.isFlagged("digits_0003"))
        #expect(store.isFlagged("no_such_input"))
        #expect(h.state.flags.missingIDs == ["no_such_input"])
        #expect(h.state.flags.inputIndex["digits_0001"] == h.session.evaluation!.inputIDs.firstIndex(of: "digits_0001"))
        let warnings = h.state.flags.warnings.joined(separator: "\n")
        #expect(warnings.contains("incomplete last line"))
        #expect(warnings.contains("1 flagged input is not in the evaluation (no_such_input)"))
        #expect(warnings.contains("recorded against a different version of the evaluation (digits.csv"))
        #expect(h.state.status?.kind == .warning)
        #expect(h.state.flags.store.context.evaluationSHA256.count == 64)
        #expect(h.header.contains("│ ⚑ 3 │"))
        // The flags view lists the unknown id, marked.
        try h.press("F")
        #expect(try #require(h.screen.first { $0.contains("no_such_input") }).contains("not in evaluation"))
    }

    @Test func refreshPicksUpAnotherReviewersFlags() throws {
        let h = try FlagsHarness()
        let other = FlagJournal(path: h.journalPath)
        try other.append(FlagEvent(time: "2026-11-27T10:00:00Z", user: "bob", inputID: "digits_0042", action: .flag,
                                   evaluation: "digits.csv", evaluationSHA256: ""))
        #expect(!h.state.flags.store.isFlagged("digits_0042"))
        try h.press("R")
        #expect(h.state.flags.store.isFlagged("digits_0042"))
        #expect(h.state.status?.text == "journal re-read: 1 change from other sessions")
        #expect(h.state.flags.inputIndex["digits_0042"] == 42)
        // Our own saves read back by the next refresh change nothing.
        try h.press("<Enter>fR")
        #expect(h.state.status?.text == "journal re-read: 0 changes from other sessions")
    }

    @Test func periodicRefreshRunsFromPoll() throws {
        let h = try FlagsHarness()
        let session = h.session
        let runtime = FlagsRuntime(location: FlagJournalLocation(path: h.journalPath, reason: .explicit), evaluationPath: nil,
                                   context: FlagContext(user: "me", evaluation: "digits.csv"), synchronous: true,
                                   refreshInterval: 0)
        let app = Replay.makeApp(state: AppState(fileName: "digits.csv"), session: session, context: h.context, flags: runtime)
        try FlagJournal(path: h.journalPath).append(FlagEvent(time: "2026-11-27T10:00:00Z", user: "bob", inputID: "digits_0007",
                                                              action: .flag, evaluation: "digits.csv", evaluationSHA256: ""))
        #expect(app.poll())
        #expect(app.state.flags.store.isFlagged("digits_0007"))
        #expect(app.state.status?.text == "1 flag change from another session")
        #expect(!app.poll())  // nothing new: no redraw
    }

    @Test func theStatusBarSaysWhereTheJournalIsWhenNotBesideTheFile() throws {
        let h = try FlagsHarness()
        let location = FlagJournalLocation(path: h.journalPath, reason: .stateDirectory(unwritableFolder: "/ro"))
        let runtime = FlagsRuntime(location: location, evaluationPath: nil, context: FlagContext(user: "me", evaluation: "digits.csv"),
                                   synchronous: true, refreshInterval: .infinity)
        let app = Replay.makeApp(state: AppState(fileName: "digits.csv"), session: h.session, context: h.context, flags: runtime)
        #expect(app.state.status?.text == "flags: \(h.journalPath) (/ro is not writable)")
        let beside = FlagsRuntime(location: FlagJournalLocation(path: h.journalPath, reason: .besideEvaluation), evaluationPath: nil,
                                  context: FlagContext(user: "me", evaluation: "digits.csv"), synchronous: true)
        #expect(Replay.makeApp(state: AppState(fileName: "digits.csv"), session: h.session, context: h.context, flags: beside)
            .state.status == nil)
    }

    @Test func aClickSelectsASuspectRow() throws {
        let h = try FlagsHarness()
        try h.press("L")
        var buffer = Buffer(width: h.state.width, height: h.state.height)
        h.app.render(into: &buffer)  // the frame the click lands on
        // Header line at y 0, the view's border at y 1, its column titles at y 2: row 2 is at y 5.
        h.app.handle(.mouse(MouseEvent(kind: .press, x: 10, y: 5)))
        #expect(h.state.flags.suspects.selectedRow == 2)
        #expect(h.state.screen == .suspects)
    }

    @Test func mouseWheelScrollsTheSuspects() throws {
        let h = try FlagsHarness()
        try h.press("L")
        h.app.handle(.mouse(MouseEvent(kind: .wheelDown, x: 10, y: 10)))
        #expect(h.state.flags.suspects.selectedRow == 3)
        #expect(h.state.table.selectedRow == 0)
    }

    @Test func helpAndHintsListTheFlagKeys() throws {
        let sections = KeyBindings.helpSections(ascii: false)
        let lines = sections.map(\.title) + sections.flatMap { $0.lines.map { "\($0.keys) \($0.description)" } }
        for description in ["flag / unflag the input as mislabeled", "flag it and pick the labels it should have",
                            "flag it with a note", "undo the last change (threshold or flag)", "redo the change undone",
                            "flags view: every flagged input", "suspects view: likely label errors",
                            "re-read the flags journal (other reviewers' flags)", "toggle the label (multilabel)"] {
            #expect(lines.contains { $0.hasSuffix(description) }, "help lacks \(description)")
        }
        #expect(lines.contains("Flags view (F)") && lines.contains("Suspects view (L)") && lines.contains("Concept picker (r)"))
        let h = try FlagsHarness()
        try h.press("F")
        let labels = KeyBindings.hints(h.state).map(\.label)
        #expect(labels.starts(with: ["open", "flag", "relabel", "note", "label ok", "filter", "back"]))
    }
}
