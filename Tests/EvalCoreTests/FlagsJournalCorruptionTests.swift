import Foundation
import Testing
@testable import EvalCore

/// Journal lines that fuzzing (scripts/fuzz.sh journal) found decoded although they are not JSON.
@Suite struct FlagsJournalCorruptionTests {
    /// Invalid UTF-8 is not JSON. JSONDecoder skips the bytes of keys it does not know without
    /// checking them, so a corrupt line came back as an event; it is skipped with a warning.
    @Test func aLineWithInvalidUTF8IsSkipped() {
        let good = Array(sampleEvent("a1", .flag).jsonLine.utf8)
        var corruptExtraKey = Array(sampleEvent("b2", .flag).jsonLine.utf8)
        corruptExtraKey.insert(contentsOf: Array(#""extra":"x"#.utf8) + [0xFF] + Array(#"y","#.utf8), at: 1)
        var corruptNote = Array(sampleEvent("c3", .note, note: "AB").jsonLine.utf8)
        let note = Array(#""AB""#.utf8)
        let start = (0 ... corruptNote.count - note.count).first { Array(corruptNote[$0 ..< $0 + note.count]) == note }!
        corruptNote[start + 1] = 0xFE
        let result = FlagJournalParser.parse(good + corruptExtraKey + corruptNote + good, path: "j.jsonl",
                                             firstLine: 1, consumeTornLine: true)
        #expect(result.read.events.map(\.inputID) == ["a1", "a1"])
        #expect(result.read.warnings.map(\.line) == [2, 3])
        #expect(result.read.warnings.allSatisfy { $0.message.contains("not a valid flag event") })
    }
}

@Suite struct FlagsJournalStrictJSONTests {
    /// A raw control character inside a string of a key evaltop does not read, and a duplicate
    /// `input_id`: neither line is JSON that every reader agrees on, so neither replays.
    @Test func rawControlCharactersAndDuplicateKeysAreSkipped() {
        let good = Array(sampleEvent("a1", .flag).jsonLine.utf8)
        var control = Array(sampleEvent("b2", .flag).jsonLine.utf8)
        control.insert(contentsOf: Array(#""extra":"x"#.utf8) + [0x10] + Array(#"y","#.utf8), at: 1)
        var duplicate = Array(sampleEvent("c3", .flag).jsonLine.utf8)
        duplicate.insert(contentsOf: Array(#""input_id":"zz","#.utf8), at: 1)
        let result = FlagJournalParser.parse(good + control + duplicate + good, path: "j.jsonl",
                                             firstLine: 1, consumeTornLine: true)
        #expect(result.read.events.map(\.inputID) == ["a1", "a1"])
        #expect(result.read.warnings.map(\.line) == [2, 3])
    }
}
