import Foundation
import Testing
@testable import EvalCore

/// The summary's hand-written count table (`ScoreCellCounts`) against a `Dictionary` doing the
/// same counting, and the byte-level table lines (`SummaryLineBytes`) against the JSON objects
/// they replace.
@Suite struct ScoreCellCountsTests {
    /// Keys that stress the table: 0 and the bit patterns with the top bit set (-0.0, NaNs,
    /// `UInt64.max`), keys that differ only in high bits, and many more than the first 16
    /// slots so that it grows several times while cells are being counted.
    static func keys(seed: UInt64) -> [UInt64] {
        var generator = LongCSVSummarizerTests.SeededGenerator(state: seed)
        var keys: [UInt64] = [0, 1 << 63, UInt64.max, (-0.0).bitPattern, 1.0.bitPattern]
        keys += (0 ..< 64).map { UInt64($0) << 52 }
        keys += (0 ..< 3_000).map { _ in (Double(Int.random(in: 0 ... 10_000, using: &generator)) / 10_000).bitPattern }
        keys += (0 ..< 2_000).map { _ in UInt64.random(in: 0 ... UInt64.max, using: &generator) }
        return keys
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func countsEqualADictionarysAndNewKeysAreReported(seed: UInt64) {
        var generator = LongCSVSummarizerTests.SeededGenerator(state: seed &+ 100)
        var table = ScoreCellCounts()
        var reference: [UInt64: (positives: Int, negatives: Int)] = [:]
        for key in Self.keys(seed: seed).shuffled(using: &generator) {
            let isPositive = Bool.random(using: &generator)
            let isNew = table.add(key, isPositive: isPositive)
            #expect(isNew == (reference[key] == nil))
            var cell = reference[key] ?? (0, 0)
            if isPositive { cell.positives += 1 } else { cell.negatives += 1 }
            reference[key] = cell
        }
        #expect(table.count == reference.count)
        #expect(table.positives == reference.values.reduce(0) { $0 + $1.positives })
        let order = reference.keys.sorted(by: >)
        let counted = table.table(by: >)
        #expect(counted.scores.map(\.bitPattern) == order)
        #expect(counted.positives == order.map { reference[$0]!.positives })
        #expect(counted.negatives == order.map { reference[$0]!.negatives })
    }

    @Test func anEmptyTableGivesAnEmptyTable() {
        let table = ScoreCellCounts()
        #expect(table.isEmpty && table.count == 0 && table.positives == 0)
        #expect(table.table(by: >).scores.isEmpty)
    }

    @Test func wholeNumbersAreWrittenAsStringWritesThem() {
        for value in [0, 1, 9, 10, 99, 100, 12_345, -1, -10, 1 << 40, Int.max, Int.min] {
            var bytes: [UInt8] = []
            SummaryLineBytes.append(value, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == String(value))
        }
    }

    /// Every score-table and pair line of a written summary (folds and slices included) is the
    /// JSON object `JSONText.object` makes of its fields, in the table's order, and every piece
    /// `write` hands on ends at a line's end.
    @Test func tableLinesAreTheJSONObjectsTheyReplace() throws {
        let evaluation = try EvaluationLoader.load(path: ThresholdsCommandLineTests.root.appendingPathComponent("Examples/animals.csv").path)
        let summary = SummaryBuilder.summary(of: evaluation, grid: .exact)
        #expect(summary.fold != nil && !summary.attributes.isEmpty && summary.pairTables != nil)
        var pieces: [String] = []
        SummaryWriter.write(summary) { pieces.append($0) }
        #expect(pieces.allSatisfy { $0.hasSuffix("\n") })
        let written = pieces.joined().split(separator: "\n").map(String.init)
            .filter { line in ["score", "fold", "slice", "pair"].contains { line.hasPrefix("{\"t\":\"\($0)\"") } }
        var expected: [String] = []
        func lines(_ tables: [ScoreTable], prefix: [(String, String)]) {
            for (concept, table) in tables.enumerated() {
                for k in table.scores.indices {
                    expected.append(JSONText.object(prefix + [("c", String(concept)), ("s", JSONText.number(table.scores[k])),
                                                              ("p", String(table.positives[k])), ("n", String(table.negatives[k]))]))
                }
            }
        }
        lines(summary.tables, prefix: [("t", "\"score\"")])
        for (value, tables) in summary.fold!.tables.enumerated() { lines(tables, prefix: [("t", "\"fold\""), ("v", String(value))]) }
        for (index, attribute) in summary.attributes.enumerated() {
            for (value, tables) in attribute.tables.enumerated() {
                lines(tables, prefix: [("t", "\"slice\""), ("a", String(index)), ("v", String(value))])
            }
        }
        let c = summary.concepts.count
        for key in summary.pairTables!.keys.sorted() {
            let table = summary.pairTables![key]!
            for k in table.scores.indices {
                expected.append(JSONText.object([("t", "\"pair\""), ("r", String(key / c)), ("c", String(key % c)),
                                                 ("s", JSONText.number(table.scores[k])), ("p", String(table.positives[k])),
                                                 ("n", String(table.negatives[k]))]))
            }
        }
        #expect(expected.count > 10_000)
        #expect(written == expected)
    }

    @Test func aLargeSummaryIsHandedOnInPiecesOfWholeLines() throws {
        let summary = SummaryBuilder.summary(of: try EvaluationLoader.load(path: FixtureCSV.url("digits.csv").path), grid: .exact)
        var pieces: [String] = []
        SummaryWriter.write(summary) { pieces.append($0) }
        #expect(pieces.count >= 2)
        #expect(pieces.dropLast().allSatisfy { $0.utf8.count >= SummaryWriter.pieceSize && $0.hasSuffix("\n") })
        #expect(try SummaryReader.read(bytes: Array(pieces.joined().utf8), name: "digits.evalsum").inputs == summary.inputs)
    }
}

/// The duplicate-id set of streamed summaries against `Set<UInt64>`.
@Suite struct IDHashSetTests {
    @Test(arguments: [4, 5] as [UInt64])
    func insertsAsASetDoes(seed: UInt64) {
        var generator = LongCSVSummarizerTests.SeededGenerator(state: seed)
        var set = IDHashSet()
        var reference = Set<UInt64>()
        // 0 (the free-slot mark), hashes equal in their low bits, and repeats.
        var hashes: [UInt64] = [0, 0, 1, 1 << 63, UInt64.max] + (0 ..< 200).map { UInt64($0) << 40 }
        hashes += (0 ..< 5_000).map { _ in UInt64.random(in: 0 ... 3_000, using: &generator) &* 0x1_0000_0001 }
        hashes += (0 ..< 5_000).map { _ in UInt64.random(in: 0 ... UInt64.max, using: &generator) }
        for hash in hashes.shuffled(using: &generator) + hashes.prefix(100) {
            #expect(set.insert(hash) == reference.insert(hash).inserted)
        }
        #expect(set.count == reference.count)
    }
}
