import Foundation
import Testing
@testable import EvalCore

/// Passes over every input that run one part per core (`InputRanges`, `DuplicateIDs`): the
/// parallel path must give exactly what a direct, serial count gives.
@Suite struct ParallelPassesTests {
    /// Above `InputRanges`' 65,536-input threshold, so the confusion counts and the top-1
    /// accuracy are counted in parts and merged.
    @Test func confusionCountsAndTop1AccuracyEqualADirectCount() throws {
        let concepts = 7
        let evaluation = try EvaluationLoader.load(
            bytes: WideTaxonomyTests.wideCSV(inputs: 70_001, concepts: concepts), name: "parallel.csv")
        let metrics = EvaluationMetrics(evaluation: evaluation)
        var expected = [Int](repeating: 0, count: concepts * concepts)
        var correct = 0
        for input in 0 ..< evaluation.inputCount {
            let predicted = Int(metrics.top1[input])
            for label in evaluation.labels(of: input) { expected[Int(label) * concepts + predicted] += 1 }
            if evaluation.labels(of: input).contains(Int32(predicted)) { correct += 1 }
        }
        let confusion = try #require(metrics.confusionCounts())
        for row in 0 ..< concepts {
            for column in 0 ..< concepts { #expect(confusion[row, column] == expected[row * concepts + column]) }
        }
        #expect(confusion.total == evaluation.inputCount)
        #expect(metrics.top1Accuracy == Double(correct) / Double(evaluation.inputCount))
        // The data make both kinds of cell: right answers and confusions with the next concept.
        #expect(correct > 0 && correct < evaluation.inputCount)
    }

    @Test(arguments: [true, false])
    func mergedAccumulatorsCountLikeOne(dense: Bool) {
        let concepts = 13
        var random = SplitMix64(seed: 7)
        var whole = ConceptPairAccumulator(conceptCount: concepts, dense: dense)
        var first = ConceptPairAccumulator(conceptCount: concepts, dense: dense)
        var second = ConceptPairAccumulator(conceptCount: concepts, dense: dense)
        for step in 0 ..< 5_000 {
            let row = Int(random.next() % UInt64(concepts)), column = Int(random.next() % UInt64(concepts))
            whole.add(row: row, column: column)
            if step % 3 == 0 { first.add(row: row, column: column) } else { second.add(row: row, column: column) }
        }
        first.add(second)
        let merged = first.freeze(), expected = whole.freeze()
        #expect(merged.nonZeroCount == expected.nonZeroCount)
        for row in 0 ..< concepts {
            for column in 0 ..< concepts { #expect(merged[row, column] == expected[row, column]) }
        }
    }

    /// 300,000 ids (the parallel path starts at 2^18), with repeats placed so that the first
    /// repeat in row order is not the first one any single part meets, and with hashes forced
    /// to collide across different ids.
    @Test(arguments: [false, true])
    func firstDuplicateIsTheSerialOne(collidingHashes: Bool) {
        let count = 300_000
        var ids = (0 ..< count).map { "id-\($0)" }
        // Repeats: row 250,000 repeats row 17, row 120,000 repeats row 90,000 (the first in row
        // order), row 200,000 repeats row 5.
        ids[250_000] = ids[17]
        ids[120_000] = ids[90_000]
        ids[200_000] = ids[5]
        var hashes = ids.map { id in id.utf8.withContiguousStorageIfAvailable { ByteNameTable.hash(UnsafeRawBufferPointer($0)) }! }
        if collidingHashes {
            // Every id shares its hash with five others (spread over the table and both parts):
            // only the id comparison tells them apart.
            for row in 0 ..< count { hashes[row] = (UInt64(row % 50_000) &+ 1) &* 0x9E37_79B9_7F4A_7C15 }
            for (repeat_, first) in [(250_000, 17), (120_000, 90_000), (200_000, 5)] { hashes[repeat_] = hashes[first] }
        }
        let found = ids.withUnsafeBufferPointer { ids in
            hashes.withUnsafeBufferPointer { hashes in
                DuplicateIDs.firstDuplicate(ids: ids.baseAddress!, hashes: hashes.baseAddress!, count: count)
            }
        }
        #expect(found?.0 == 90_000 && found?.1 == 120_000)

        let unique = (0 ..< count).map { "u\($0)" }
        let uniqueHashes = unique.map { id in id.utf8.withContiguousStorageIfAvailable { ByteNameTable.hash(UnsafeRawBufferPointer($0)) }! }
        let none = unique.withUnsafeBufferPointer { ids in
            uniqueHashes.withUnsafeBufferPointer { hashes in
                DuplicateIDs.firstDuplicate(ids: ids.baseAddress!, hashes: hashes.baseAddress!, count: count)
            }
        }
        #expect(none == nil)
    }
}
