#if FUZZING
import Foundation
@testable import EvalCore

/// Flags journal replay: every event returned is one that the bytes hold (its input id is
/// the `input_id` of some line, decoded independently by JSONSerialization), line numbers
/// stay within the file, and it never returns more events than there are lines.
enum JournalFuzz {
    static func run(_ bytes: [UInt8]) {
        let result = FlagJournalParser.parse(bytes, path: "fuzz.flags.jsonl", firstLine: 1, consumeTornLine: true)
        FuzzCheck.require(result.consumedBytes <= bytes.count, "consumed more bytes than given")
        let lines = lineSegments(bytes)
        FuzzCheck.require(result.read.events.count <= lines.count, "more events than lines")
        let ids = Set(lines.compactMap(inputID))
        for event in result.read.events {
            FuzzCheck.require(ids.contains(event.inputID), "event for an id the journal does not hold: \(event.inputID.debugDescription)")
        }
        for warning in result.read.warnings {
            if let line = warning.line { FuzzCheck.require(line >= 1 && line <= lines.count + 1, "warning at line \(line)") }
        }
    }

    /// Lines under every convention (LF, CRLF, CR), so that the check does not depend on the
    /// parser's own choice of line endings.
    static func lineSegments(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        let byLF = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let byCR = bytes.split(separator: 0x0D, omittingEmptySubsequences: false)
        let byEither = bytes.split(omittingEmptySubsequences: false) { $0 == 0x0A || $0 == 0x0D }
        return byLF + byCR + byEither
    }

    static func inputID(_ line: ArraySlice<UInt8>) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return nil }
        return object["input_id"] as? String
    }
}
#endif
