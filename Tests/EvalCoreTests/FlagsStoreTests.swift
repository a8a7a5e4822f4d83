import Foundation
import Testing
@testable import EvalCore

@Suite struct FlagsStoreTests {
    let context = FlagContext(user: "rev", evaluation: "eval.csv", evaluationSHA256: "s")

    @Test func toggleRelabelNoteProduceStateCarryingEvents() {
        var store = FlagStore(context: context)
        let flag = store.toggleFlag("x")
        #expect(flag.event.action == .flag && flag.event.user == "rev" && flag.event.evaluationSHA256 == "s")
        #expect(!store.isFlagged("x"))  // nothing changes before commit (the save may fail)
        store.commit(flag)
        #expect(store.isFlagged("x"))
        store.commit(store.relabel("x", labels: ["dog"]))
        let note = store.note("x", text: "ear looks like a cat")
        #expect(note.event.labels == ["dog"])  // the note keeps the suggestion
        store.commit(note)
        let unflag = store.toggleFlag("x")
        #expect(unflag.event.action == .unflag)
        store.commit(unflag)
        #expect(!store.isFlagged("x"))
        let reflag = store.toggleFlag("x")
        #expect(reflag.event.action == .flag && reflag.event.labels == ["dog"] && reflag.event.note == "ear looks like a cat")
    }

    @Test func undoAndRedoWriteCompensatingEventsThatReplayToTheSameState() {
        var store = FlagStore(context: context)
        var journal: [FlagEvent] = []
        func save(_ change: FlagChange?) {
            guard let change else { return }
            journal.append(change.event)
            store.commit(change)
        }
        save(store.toggleFlag("a"))
        save(store.relabel("a", labels: ["cat"]))
        save(store.toggleFlag("b"))
        #expect(store.flaggedCount == 2)
        save(store.undo())  // b unflagged
        #expect(!store.isFlagged("b"))
        save(store.undo())  // a back to plain flag
        #expect(store.state(of: "a")?.suggestedLabels == [])
        #expect(store.isFlagged("a"))
        save(store.undo())  // a unflagged
        #expect(!store.isFlagged("a"))
        #expect(store.undo() == nil && store.canRedo)
        save(store.redo())
        save(store.redo())
        #expect(store.state(of: "a")?.suggestedLabels == ["cat"])
        // A new edit clears the redo history.
        save(store.note("c", text: "n"))
        #expect(store.redo() == nil)
        // Replaying what was written gives exactly the in-memory state.
        let replayed = FlagStore(context: context, events: journal)
        #expect(replayed.states.mapValues(\.flagged) == store.states.mapValues(\.flagged))
        #expect(replayed.states.mapValues(\.suggestedLabels) == store.states.mapValues(\.suggestedLabels))
    }

    @Test func aFailedSaveLeavesTheStoreUnchanged() throws {
        var store = FlagStore(context: context)
        let journal = FlagJournal(path: "/dev/full")
        let change = store.toggleFlag("a")
        do {
            try journal.append(change.event)
            store.commit(change)
        } catch {}
        #expect(!store.isFlagged("a"))
        #expect(!store.canUndo)
    }
}
