import Foundation

/// The predicted concept of every input: the highest score, ties to the first column.
enum Argmax {
    static let inputsPerChunk = 65_536

    static func ofRows(_ evaluation: Evaluation) -> [Int32] {
        let inputCount = evaluation.inputCount
        let conceptCount = evaluation.conceptCount
        guard conceptCount > 0 else { return [Int32](repeating: -1, count: inputCount) }
        let chunkCount = (inputCount + inputsPerChunk - 1) / inputsPerChunk
        return [Int32](unsafeUninitializedCapacity: inputCount) { result, initialized in
            evaluation.scores.withUnsafeBufferPointer { scoreBuffer in
                let sharedScores = DisjointWrites(scoreBuffer)
                let sharedResult = DisjointWrites(result)
                DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                    let scores = sharedScores.pointer
                    let result = sharedResult.pointer
                    let end = min(inputCount, (chunk + 1) * inputsPerChunk)
                    for input in chunk * inputsPerChunk ..< end {
                        let row = input &* conceptCount
                        var best = 0
                        var bestScore = scores[row]
                        for concept in 1 ..< conceptCount where scores[row &+ concept] > bestScore {
                            best = concept
                            bestScore = scores[row &+ concept]
                        }
                        result[input] = Int32(best)
                    }
                }
            }
            initialized = inputCount
        }
    }
}
