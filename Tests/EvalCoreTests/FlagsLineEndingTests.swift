import Foundation
import Testing
@testable import EvalCore

/// Issue 12, item 4: a journal with CR-only (or mixed) line endings keeps every event; at most
/// the one torn last line is dropped.
@Suite struct FlagsLineEndingTests {
    static let events = [sampleEvent("a", .flag), sampleEvent("b", .relabel, labels: ["dog"]), sampleEvent("c", .reviewed)]

    func lines(ending: String) -> String {
        Self.events.map { String($0.jsonLine.dropLast()) + ending }.joined()
    }

    @Test(arguments: ["\r", "\n", "\r\n"])
    func everyLineEndingReplaysEveryEvent(ending: String) {
        let parsed = FlagJournalParser.parse(Array(lines(ending: ending).utf8), path: "j", firstLine: 1, consumeTornLine: true)
        #expect(parsed.read.events == Self.events)
        #expect(parsed.read.warnings.isEmpty)
    }

    @Test func mixedEndingsAndATornLineLoseOnlyThatLine() {
        let text = String(Self.events[0].jsonLine.dropLast()) + "\r" + String(Self.events[1].jsonLine.dropLast()) + "\r\n"
            + Self.events[2].jsonLine + "{\"v\":1,\"ti"
        let parsed = FlagJournalParser.parse(Array(text.utf8), path: "j", firstLine: 1, consumeTornLine: true)
        #expect(parsed.read.events == Self.events)
        #expect(parsed.read.warnings.map(\.line) == [4])
    }

    /// A refresh does not take a final CR: it may be half of a CRLF still being written.
    @Test func aRefreshWaitsForWhatFollowsAFinalCR() {
        let text = String(Self.events[0].jsonLine.dropLast()) + "\r" + String(Self.events[1].jsonLine.dropLast()) + "\r"
        let parsed = FlagJournalParser.parse(Array(text.utf8), path: "j", firstLine: 1, consumeTornLine: false)
        #expect(parsed.read.events == [Self.events[0]])
        #expect(parsed.consumedLines == 1)
    }

    @Test func aCROnlyJournalOnDiskReplaysAndTakesNewEvents() throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let path = folder.file("cr.flags.jsonl")
        try lines(ending: "\r").write(toFile: path, atomically: true, encoding: .utf8)
        let journal = FlagJournal(path: path)
        #expect(try journal.readAll().events == Self.events)
        try journal.append(sampleEvent("d", .flag))
        let again = try FlagJournal(path: path).readAll()
        #expect(again.events == Self.events + [sampleEvent("d", .flag)])
        #expect(again.warnings.isEmpty)
    }
}
