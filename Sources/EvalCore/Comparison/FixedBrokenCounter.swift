import Foundation

/// Per concept, the inputs the second model fixed and broke at a threshold: a model is right
/// on a concept when (score ≥ threshold) equals "the input is labelled with it". One pass over
/// the rows of both aligned evaluations, split over the cores.
enum FixedBrokenCounter {
    static let inputsPerChunk = 65_536

    static func count(a: Evaluation, b: Evaluation, thresholds: Thresholds) -> [(fixed: Int, broken: Int)] {
        let conceptCount = a.conceptCount
        let inputCount = a.inputCount
        guard conceptCount > 0 else { return [] }
        let cuts = (0 ..< conceptCount).map { thresholds.value(for: $0) }
        let chunkCount = max(1, (inputCount + inputsPerChunk - 1) / inputsPerChunk)
        // Per chunk and concept: fixed, then broken.
        let tallies = UnsafeMutableBufferPointer<Int>.allocate(capacity: chunkCount * conceptCount * 2)
        tallies.initialize(repeating: 0)
        defer { tallies.deallocate() }
        let shared = DisjointWrites(tallies)
        a.scores.withUnsafeBufferPointer { scoresA in
            b.scores.withUnsafeBufferPointer { scoresB in
                a.labelOffsets.withUnsafeBufferPointer { offsets in
                    a.labelConcepts.withUnsafeBufferPointer { labels in
                        cuts.withUnsafeBufferPointer { cuts in
                            let inputs = DisjointWrites((scoresA, scoresB, offsets, labels, cuts))
                            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                                let (scoresA, scoresB, offsets, labels, cuts) = inputs.pointer
                                let tally = shared.pointer.baseAddress! + chunk * conceptCount * 2
                                let positive = UnsafeMutablePointer<Bool>.allocate(capacity: conceptCount)
                                positive.initialize(repeating: false, count: conceptCount)
                                defer { positive.deallocate() }
                                for input in chunk * inputsPerChunk ..< min(inputCount, (chunk + 1) * inputsPerChunk) {
                                    let labelRange = Int(offsets[input]) ..< Int(offsets[input + 1])
                                    for label in labelRange { positive[Int(labels[label])] = true }
                                    let row = input &* conceptCount
                                    for concept in 0 ..< conceptCount {
                                        let rightA = (scoresA[row &+ concept] >= cuts[concept]) == positive[concept]
                                        let rightB = (scoresB[row &+ concept] >= cuts[concept]) == positive[concept]
                                        if rightA != rightB { tally[concept &* 2 &+ (rightB ? 0 : 1)] &+= 1 }
                                    }
                                    for label in labelRange { positive[Int(labels[label])] = false }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (0 ..< conceptCount).map { concept in
            var fixed = 0
            var broken = 0
            for chunk in 0 ..< chunkCount {
                fixed += tallies[(chunk * conceptCount + concept) * 2]
                broken += tallies[(chunk * conceptCount + concept) * 2 + 1]
            }
            return (fixed, broken)
        }
    }
}
