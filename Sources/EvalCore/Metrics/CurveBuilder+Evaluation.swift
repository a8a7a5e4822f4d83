import Foundation

extension CurveBuilder {
    /// At most this many concepts' keys are extracted per read of the score matrix. The scores
    /// are row-major, so reading one column touches a cache line per row: taking a few columns
    /// per pass reads the matrix fewer times, while the key buffers (8 bytes × inputs each)
    /// stay small.
    static let conceptsPerBatch = 4

    /// The curves of every concept of `evaluation`, over all inputs or only over `subset`
    /// (input indices). Concepts are sorted in parallel, one batch per worker at a time.
    static func curves(of evaluation: Evaluation, subset: [Int32]? = nil) -> [ConceptCurve] {
        let conceptCount = evaluation.conceptCount
        guard conceptCount > 0 else { return [] }
        let inputCount = subset?.count ?? evaluation.inputCount
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, conceptCount))
        let batchesPerWorker = (conceptCount + workers * conceptsPerBatch - 1) / (workers * conceptsPerBatch)
        let batchCount = min(conceptCount, workers * batchesPerWorker)
        let largestBatch = (conceptCount + batchCount - 1) / batchCount

        let results = UnsafeMutableBufferPointer<ConceptCurve?>.allocate(capacity: conceptCount)
        results.initialize(repeating: nil)
        defer { results.deinitialize().deallocate() }
        let sharedResults = DisjointWrites(results)

        // Each worker writes only the slots of its own batches.
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let results = sharedResults.pointer
            let keys = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(1, largestBatch * inputCount))
            var scratch = SortScratch(capacity: inputCount)
            defer {
                keys.deallocate()
                scratch.deallocate()
            }
            for batch in stride(from: worker, to: batchCount, by: workers) {
                let first = batch * conceptCount / batchCount
                let end = (batch + 1) * conceptCount / batchCount
                let largestBits = extractKeys(
                    of: evaluation, concepts: first ..< end, subset: subset, into: keys, inputCount: inputCount)
                for offset in 0 ..< end - first {
                    let concept = first + offset
                    if largestBits[offset] <= maximumKeyableBits {
                        let column = UnsafeMutableBufferPointer(rebasing: keys[offset * inputCount ..< (offset + 1) * inputCount])
                        results[concept] = sortedCurve(keys: column, scratch: &scratch)
                    } else {
                        results[concept] = unkeyableCurve(of: evaluation, concept: concept, subset: subset)
                    }
                }
            }
        }
        return results.map { $0! }
    }

    /// Writes the sort keys of `concepts` column after column into `keys` (column `j` at
    /// `j × inputCount`) and returns each column's largest score bit pattern.
    private static func extractKeys(
        of evaluation: Evaluation, concepts: Range<Int>, subset: [Int32]?,
        into keys: UnsafeMutableBufferPointer<UInt64>, inputCount: Int
    ) -> [UInt64] {
        let conceptCount = evaluation.conceptCount
        let width = concepts.count
        let first = concepts.lowerBound
        var largest = [UInt64](repeating: 0, count: width)
        guard let keyBase = keys.baseAddress else { return largest }
        evaluation.scores.withUnsafeBufferPointer { scores in
            evaluation.labelOffsets.withUnsafeBufferPointer { offsets in
                evaluation.labelConcepts.withUnsafeBufferPointer { labelConcepts in
                    largest.withUnsafeMutableBufferPointer { largest in
                        for position in 0 ..< inputCount {
                            let input = subset.map { Int($0[position]) } ?? position
                            let row = input &* conceptCount &+ first
                            var column = keyBase + position
                            for offset in 0 ..< width {
                                let bits = scoreBits(scores[row &+ offset])
                                if bits > largest[offset] { largest[offset] = bits }
                                column.pointee = bits &<< 1
                                column += inputCount
                            }
                            for label in Int(offsets[input]) ..< Int(offsets[input &+ 1]) {
                                let offset = Int(labelConcepts[label]) &- first
                                if offset >= 0 && offset < width {
                                    keyBase[offset &* inputCount &+ position] |= 1
                                }
                            }
                        }
                    }
                }
            }
        }
        return largest
    }

    /// A column with a score outside [0, 1]: gathered into arrays for the comparison sort.
    private static func unkeyableCurve(of evaluation: Evaluation, concept: Int, subset: [Int32]?) -> ConceptCurve {
        let inputs = subset.map { $0.map(Int.init) } ?? Array(0 ..< evaluation.inputCount)
        let scores = inputs.map { evaluation.score(input: $0, concept: concept) }
        let isPositive = inputs.map { evaluation.isLabeled(input: $0, concept: concept) }
        return comparisonSortedCurve(scores: scores, isPositive: isPositive)
    }
}
