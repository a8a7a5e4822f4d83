import Foundation
import Testing
@testable import EvalCore

@Suite struct FlagsJournalTests {
    @Test func eventLineHasTheDocumentedKeysInOrderAndRoundTrips() throws {
        let event = sampleEvent("in\"put\n1", .relabel, labels: ["cat", "dög"], note: "line1\nline2\t\u{1}")
        let line = event.jsonLine
        #expect(line.hasSuffix("}\n"))
        #expect(line.dropLast().contains("\n") == false)
        #expect(line.hasPrefix("{\"v\":1,\"time\":\"2026-11-27T10:00:00Z\",\"user\":\"tester\",\"input_id\":"))
        let keys = ["\"v\"", "\"time\"", "\"user\"", "\"input_id\"", "\"action\"", "\"labels\"", "\"note\"",
                    "\"evaluation\"", "\"evaluation_sha256\""]
        let positions = keys.map { line.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
        let decoded = try JSONDecoder().decode(FlagEvent.self, from: Data(line.utf8))
        #expect(decoded == event)
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        #expect(Set(object.keys) == ["v", "time", "user", "input_id", "action", "labels", "note", "evaluation", "evaluation_sha256"])
    }

    @Test func timestampIsISO8601UTC() {
        #expect(FlagEvent.timestamp(Date(timeIntervalSince1970: 1_795_773_600)) == "2026-11-27T10:00:00Z")
        #expect(FlagEvent.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
    }

    @Test func appendThenReplayLastEventPerInputWins() throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let journal = FlagJournal(path: folder.file("e.flags.jsonl"))
        #expect(try journal.readAll().events.isEmpty)  // a missing journal is empty
        let events = [
            sampleEvent("a", .flag), sampleEvent("b", .relabel, labels: ["dog"]), sampleEvent("a", .unflag),
            sampleEvent("c", .note, note: "blurry"), sampleEvent("b", .relabel, labels: ["cat", "dog"]),
        ]
        for event in events { try journal.append(event) }
        let read = try FlagJournal(path: journal.path).readAll()
        #expect(read.events == events)
        #expect(read.warnings.isEmpty)
        let store = FlagStore(context: FlagContext(user: "u", evaluation: "e"), events: read.events)
        #expect(!store.isFlagged("a"))
        #expect(store.isFlagged("b") && store.state(of: "b")?.suggestedLabels == ["cat", "dog"])
        #expect(store.isFlagged("c") && store.state(of: "c")?.note == "blurry")
        #expect(store.flaggedCount == 2)
    }

    @Test func tornLastLineIsSkippedWithAWarningAndTheNextAppendStartsAFreshLine() throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let good = sampleEvent("a", .flag).jsonLine
        let torn = String(sampleEvent("b", .flag).jsonLine.prefix(30))
        let path = try folder.write("e.flags.jsonl", good + torn)
        let journal = FlagJournal(path: path)
        let read = try journal.readAll()
        #expect(read.events.map(\.inputID) == ["a"])
        #expect(read.warnings.count == 1)
        #expect(read.warnings.first?.line == 2)
        #expect(read.warnings.first?.description.contains("incomplete last line") == true)

        try journal.append(sampleEvent("c", .flag))
        let again = try FlagJournal(path: path).readAll()
        #expect(again.events.map(\.inputID) == ["a", "c"])   // "c" survived; the fragment is its own line
        #expect(again.warnings.map(\.line) == [2])
        let refreshed = try journal.refresh()                // the fragment was consumed at replay,
        #expect(refreshed.events.isEmpty)                    // and "c" is this journal's own event
        #expect(refreshed.warnings.isEmpty)
    }

    @Test func refreshReturnsOtherWritersEventsButNotOurOwn() throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let path = folder.file("e.flags.jsonl")
        let mine = FlagJournal(path: path)
        let theirs = FlagJournal(path: path)
        _ = try mine.readAll()
        try mine.append(sampleEvent("a", .flag))
        try theirs.append(sampleEvent("b", .flag))
        try mine.append(sampleEvent("c", .flag))
        try theirs.append(sampleEvent("d", .flag))
        #expect(try mine.refresh().events.map(\.inputID) == ["b", "d"])
        #expect(try theirs.refresh().events.map(\.inputID) == ["a", "c"])
        // A full replay still returns everything, ours included.
        #expect(try mine.readAll().events.map(\.inputID) == ["a", "b", "c", "d"])
    }

    @Test func corruptMiddleLinesAreSkippedWithTheirLineNumbers() throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let text = sampleEvent("a", .flag).jsonLine + "not json\n" + "\n"
            + "{\"v\":1,\"time\":\"t\"}\n" + "{\"v\":2,\"time\":\"t\",\"user\":\"u\",\"input_id\":\"x\",\"action\":\"flag\"}\n"
            + sampleEvent("b", .flag).jsonLine
        let path = try folder.write("e.flags.jsonl", text)
        let read = try FlagJournal(path: path).readAll()
        #expect(read.events.map(\.inputID) == ["a", "b"])
        #expect(read.warnings.map(\.line) == [2, 4, 5])
    }

    @Test func refreshReadsOnlyNewEventsAndWaitsForAnIncompleteLine() throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let path = folder.file("e.flags.jsonl")
        let mine = FlagJournal(path: path)
        let theirs = FlagJournal(path: path)
        try mine.append(sampleEvent("a", .flag))
        #expect(try mine.readAll().events.count == 1)
        try theirs.append(sampleEvent("b", .flag))
        #expect(try mine.refresh().events.map(\.inputID) == ["b"])
        #expect(try mine.refresh().events.isEmpty)

        // Half a line arrives (as if still being written): not consumed until complete.
        let line = sampleEvent("c", .flag).jsonLine
        let handle = FileHandle(forWritingAtPath: path)!
        handle.seekToEndOfFile()
        handle.write(Data(line.utf8.prefix(20)))
        #expect(try mine.refresh().events.isEmpty)
        handle.write(Data(line.utf8.dropFirst(20)))
        try handle.close()
        let completed = try mine.refresh()
        #expect(completed.events.map(\.inputID) == ["c"])
        #expect(completed.warnings.isEmpty)
    }

    @Test func shaMismatchAndUnknownIDsAreKeptAndReported() throws {
        let events = [
            sampleEvent("a", .flag, sha: "current"), sampleEvent("b", .flag, sha: "older"),
            sampleEvent("ghost", .flag, sha: ""), sampleEvent("c", .flag, sha: "older"),
        ]
        let store = FlagStore(context: FlagContext(user: "u", evaluation: "eval.csv"), events: events)
        #expect(store.flaggedCount == 4)  // nothing dropped
        let check = FlagReplayCheck(events: events, store: store, inputIDs: ["a", "b", "c"], evaluationSHA256: "current")
        #expect(check.otherEvaluations == ["eval.csv": 2])
        #expect(check.unknownInputIDs == ["ghost"])
        let warnings = check.warnings(journalPath: "j.jsonl")
        #expect(warnings.count == 2)
        #expect(warnings[0].contains("eval.csv") && warnings[0].contains("different"))
        #expect(warnings[1].contains("ghost"))
        // Before the hash is known nothing is compared.
        #expect(FlagReplayCheck(events: events, store: store, inputIDs: ["a", "b", "c", "ghost"], evaluationSHA256: nil)
            == FlagReplayCheck(events: [], store: FlagStore(context: store.context), inputIDs: [], evaluationSHA256: nil))
    }

    @Test func fullDiskGivesAClearErrorAndNoCrash() throws {
        let journal = FlagJournal(path: "/dev/full")
        #expect(throws: FlagJournalError.self) { try journal.append(sampleEvent("a", .flag)) }
        do {
            try journal.append(sampleEvent("a", .flag))
        } catch {
            #expect("\(error)".contains("disk full"), "\(error)")
        }
    }

    @Test func unwritablePathGivesAClearError() throws {
        // A path whose parent is a regular file cannot be created, even by root.
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let file = try folder.write("plain", "x")
        let journal = FlagJournal(path: file + "/e.flags.jsonl")
        do {
            try journal.append(sampleEvent("a", .flag))
            Issue.record("append should have failed")
        } catch {
            #expect("\(error)".contains("not a directory"), "\(error)")
        }
    }

    @Test func twoWritersWithSeparateDescriptorsLoseNothing() async throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let path = folder.file("e.flags.jsonl")
        await withTaskGroup(of: Void.self) { group in
            for writer in 0 ..< 2 {
                group.addTask {
                    let journal = FlagJournal(path: path)  // its own open file per append
                    for n in 0 ..< 500 {
                        try? journal.append(sampleEvent("w\(writer)-\(n)", .note, note: String(repeating: "x", count: 200)))
                    }
                }
            }
        }
        let read = try FlagJournal(path: path).readAll()
        #expect(read.warnings.isEmpty)
        #expect(read.events.count == 1000)
        #expect(Set(read.events.map(\.inputID)).count == 1000)
    }
}
