import Foundation
import Testing
@testable import EvalCore

/// The "reviewed, label is right" event (`x` in the suspects view): journal round trip,
/// replay, undo, export, and journals written before it existed.
@Suite struct FlagsReviewedTests {
    @Test func reviewedEventRoundTripsThroughTheJournalAndReplays() throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let journal = FlagJournal(path: folder.file("e.flags.jsonl"))
        let events = [sampleEvent("a", .flag), sampleEvent("a", .reviewed), sampleEvent("b", .reviewed),
                      sampleEvent("c", .reviewed), sampleEvent("c", .unflag)]
        for event in events { try journal.append(event) }
        let line = events[1].jsonLine
        #expect(line.contains("\"action\":\"reviewed\""))
        #expect(try JSONDecoder().decode(FlagEvent.self, from: Data(line.utf8)) == events[1])
        let read = try FlagJournal(path: journal.path).readAll()
        #expect(read.events == events)
        #expect(read.warnings.isEmpty)
        let store = FlagStore(context: FlagContext(user: "u", evaluation: "e"), events: read.events)
        #expect(store.isReviewed("a") && !store.isFlagged("a"))
        #expect(store.isReviewed("b"))
        #expect(!store.isReviewed("c") && !store.isFlagged("c"))
        #expect(Set(store.reviewedIDs) == ["a", "b"])
        #expect(store.flaggedCount == 0)
    }

    /// A journal written before the event kind existed (the same lines as version 1 wrote them).
    @Test func oldJournalsStillReplay() throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let path = folder.file("old.flags.jsonl")
        let old = """
        {"v":1,"time":"2026-11-27T10:00:00Z","user":"r","input_id":"a","action":"flag","labels":[],"note":"","evaluation":"e.csv","evaluation_sha256":""}
        {"v":1,"time":"2026-11-27T10:00:01Z","user":"r","input_id":"b","action":"relabel","labels":["dog"],"note":"","evaluation":"e.csv","evaluation_sha256":""}

        """
        try old.write(toFile: path, atomically: true, encoding: .utf8)
        let read = try FlagJournal(path: path).readAll()
        #expect(read.warnings.isEmpty)
        let store = FlagStore(context: FlagContext(user: "u", evaluation: "e"), events: read.events)
        #expect(store.isFlagged("a") && store.isFlagged("b"))
        #expect(store.reviewedIDs.isEmpty)
    }

    @Test func markingReviewedIsUndoableAndTogglesBack() {
        var store = FlagStore(context: FlagContext(user: "u", evaluation: "e"))
        let flag = store.relabel("a", labels: ["dog"])
        store.commit(flag)
        let reviewed = store.toggleReviewed("a")
        #expect(reviewed.event.action == .reviewed && reviewed.event.labels.isEmpty)
        store.commit(reviewed)
        #expect(store.isReviewed("a") && !store.isFlagged("a"))
        let undo = store.undo()!
        store.commit(undo)
        #expect(store.isFlagged("a") && store.state(of: "a")?.suggestedLabels == ["dog"])
        let redo = store.redo()!
        #expect(redo.event.action == .reviewed)
        store.commit(redo)
        #expect(store.isReviewed("a"))
        let clear = store.toggleReviewed("a")
        #expect(clear.event.action == .unflag)
        store.commit(clear)
        #expect(!store.isReviewed("a") && !store.isFlagged("a"))
    }

    @Test func reviewedInputsAreExportedWithTheirStatus() throws {
        let evaluation = FixtureCSVForFlags.evaluation
        let store = FlagStore(context: FlagContext(user: "u", evaluation: "e"),
                              events: [sampleEvent("b", .reviewed), sampleEvent("a", .flag)])
        let rows = FlagExport.rows(store: store, evaluation: evaluation)
        #expect(rows.map(\.inputID) == ["a", "b"])
        #expect(rows.map(\.status) == ["flagged", "reviewed"])
        let json = try JSONSerialization.jsonObject(with: Data(FlagExport.render(rows, as: .json).utf8)) as! [[String: Any]]
        #expect(json.map { $0["status"] as? String } == ["flagged", "reviewed"])
    }
}

enum FixtureCSVForFlags {
    static let evaluation = try! EvaluationLoader.load(bytes: Array("input_id,labels,cat,dog\na,cat,0.9,0.1\nb,dog,0.2,0.8\n".utf8), name: "e.csv")
}
