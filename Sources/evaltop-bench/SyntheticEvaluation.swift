import EvalCore
import Foundation

/// A deterministic, realistic-looking evaluation: scores with 4 decimals, the true concepts
/// scoring higher on average, with enough overlap that AUCs sit around 0.9–0.99.
struct SyntheticEvaluation {
    let inputs: Int
    let concepts: Int
    let mode: EvaluationMode
    let seed: UInt64
    /// In memory only: spread each 4-decimal score by up to ±0.00005 so that nearly every
    /// score is distinct (what unrounded model outputs look like), which takes the radix sort.
    var fullPrecision = false

    var conceptNames: [String] { (0 ..< concepts).map { String(format: "c%02d", $0) } }

    /// Calls `row(input, labels, scores)` for every input in order; scores are integers in
    /// 0…10000 (ten-thousandths).
    func forEachRow(_ row: (Int, [Int], [Int]) -> Void) {
        var random = SplitMix64(seed: seed)
        var logits = [Double](repeating: 0, count: concepts)
        var scores = [Int](repeating: 0, count: concepts)
        for input in 0 ..< inputs {
            // Concepts differ in difficulty, so the worst-first table has something to show.
            switch mode {
            case .exclusive:
                let truth = Int(random.next() % UInt64(concepts))
                for concept in 0 ..< concepts {
                    let separation = 2.5 + 3.0 * Double(concept) / Double(max(1, concepts - 1))
                    logits[concept] = random.normal() + (concept == truth ? separation : 0)
                }
                let largest = logits.max() ?? 0
                var total = 0.0
                for concept in 0 ..< concepts { logits[concept] = exp(logits[concept] - largest); total += logits[concept] }
                for concept in 0 ..< concepts { scores[concept] = Int((logits[concept] / total * 10_000).rounded()) }
                row(input, [truth], scores)
            case .multilabel:
                var labels: [Int] = []
                for concept in 0 ..< concepts {
                    let prevalence = 0.05 + 0.25 * Double(concept % 5) / 4
                    let positive = random.unit() < prevalence
                    if positive { labels.append(concept) }
                    let separation = 1.5 + 2.5 * Double(concept) / Double(max(1, concepts - 1))
                    let logit = random.normal() * 1.2 + (positive ? separation / 2 : -separation / 2) - 1
                    scores[concept] = Int((10_000 / (1 + exp(-logit))).rounded())
                }
                row(input, labels, scores)
            }
        }
    }

    /// The evaluation built in memory, with exactly the values the CSV would parse to.
    func evaluation() -> Evaluation {
        var ids: [String] = []
        ids.reserveCapacity(inputs)
        var scores: [Double] = []
        scores.reserveCapacity(inputs * concepts)
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(inputs + 1)
        var labelConcepts: [Int32] = []
        var jitter = SplitMix64(seed: seed ^ 0x5EED)
        forEachRow { input, labels, rowScores in
            ids.append("in\(input)")
            // n / 10000 is correctly rounded, like parsing "0.nnnn".
            for value in rowScores {
                let rounded = Double(value) / 10_000
                scores.append(fullPrecision ? min(1, max(0, rounded + (jitter.unit() - 0.5) * 1e-4)) : rounded)
            }
            labelConcepts += labels.map(Int32.init)
            offsets.append(Int32(labelConcepts.count))
        }
        return Evaluation(
            sourcePath: "synthetic", format: .wide, mode: mode,
            concepts: conceptNames.map { Concept(id: $0, name: $0) }, inputIDs: ids, scores: scores,
            labelOffsets: offsets, labelConcepts: labelConcepts)
    }

    /// Writes the wide CSV: `input_id,labels,c00,…`.
    func write(to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw BenchError("cannot create \(path)")
        }
        defer { try? handle.close() }
        let names = conceptNames
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 22)
        buffer += Array(("input_id,labels," + names.joined(separator: ",") + "\n").utf8)
        forEachRow { input, labels, rowScores in
            buffer += Array(String(format: "in%07d,", input).utf8)
            buffer += Array(labels.map { names[$0] }.joined(separator: ";").utf8)
            for value in rowScores { appendScore(value, to: &buffer) }
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count > (1 << 22) - 4096 {
                handle.write(Data(buffer))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(buffer))
    }

    /// `,0.nnnn` (or `,1.0000`) for a value in ten-thousandths.
    private func appendScore(_ value: Int, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: ","))
        buffer.append(UInt8(ascii: value >= 10_000 ? "1" : "0"))
        buffer.append(UInt8(ascii: "."))
        var remainder = value >= 10_000 ? 0 : value
        var divisor = 1000
        for _ in 0 ..< 4 {
            buffer.append(UInt8(ascii: "0") + UInt8(remainder / divisor))
            remainder %= divisor
            divisor /= 10
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
