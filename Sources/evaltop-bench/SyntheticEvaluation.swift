import EvalCore
import Foundation

/// How the generated scores are written: rounded to 4 or 8 decimals, or in full (the Double
/// printed with 17 significant digits, as a model's float64 output usually is, so that nearly
/// every score is distinct).
enum ScorePrecision: String {
    case four = "4", eight = "8", full

    /// Decimal places of the rounded shapes; nil for full precision.
    var decimals: Int? {
        switch self {
        case .four: return 4
        case .eight: return 8
        case .full: return nil
        }
    }
}

/// A deterministic, realistic-looking evaluation: the true concepts scoring higher on average,
/// with enough overlap that AUCs sit around 0.9–0.99. The random draws do not depend on the
/// precision: the shapes differ only in how the same probabilities are written.
struct SyntheticEvaluation {
    let inputs: Int
    let concepts: Int
    let mode: EvaluationMode
    let seed: UInt64
    var precision = ScorePrecision.four

    var conceptNames: [String] {
        let digits = max(2, String(max(0, concepts - 1)).count)
        return (0 ..< concepts).map { "c" + String(repeating: "0", count: max(0, digits - String($0).count)) + String($0) }
    }

    /// Calls `row(input, labels, probabilities)` for every input in order, probabilities in [0, 1]
    /// before any rounding.
    func forEachRow(_ row: (Int, [Int], [Double]) -> Void) {
        var random = SplitMix64(seed: seed)
        var logits = [Double](repeating: 0, count: concepts)
        var scores = [Double](repeating: 0, count: concepts)
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
                for concept in 0 ..< concepts { scores[concept] = min(1, logits[concept] / total) }
                row(input, [truth], scores)
            case .multilabel:
                var labels: [Int] = []
                for concept in 0 ..< concepts {
                    let prevalence = 0.05 + 0.25 * Double(concept % 5) / 4
                    let positive = random.unit() < prevalence
                    if positive { labels.append(concept) }
                    let separation = 1.5 + 2.5 * Double(concept) / Double(max(1, concepts - 1))
                    let logit = random.normal() * 1.2 + (positive ? separation / 2 : -separation / 2) - 1
                    scores[concept] = 1 / (1 + exp(-logit))
                }
                row(input, labels, scores)
            }
        }
    }

    /// A probability rounded to `decimals` places, as an integer count of units of 10^-decimals.
    private static func rounded(_ probability: Double, decimals: Int) -> Int {
        Int((probability * pow(10, Double(decimals))).rounded())
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
        forEachRow { input, labels, probabilities in
            ids.append("in\(input)")
            for probability in probabilities {
                if let decimals = precision.decimals {
                    // n / 10^d is correctly rounded, like parsing "0.nnnn".
                    scores.append(Double(Self.rounded(probability, decimals: decimals)) / pow(10, Double(decimals)))
                } else {
                    scores.append(probability)  // 17 significant digits parse back to the same Double
                }
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
        let idDigits = max(7, String(max(0, inputs - 1)).count)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 22)
        buffer += Array(("input_id,labels," + names.joined(separator: ",") + "\n").utf8)
        forEachRow { input, labels, probabilities in
            buffer += Array("in".utf8)
            let number = String(input)
            buffer += [UInt8](repeating: UInt8(ascii: "0"), count: max(0, idDigits - number.count))
            buffer += Array(number.utf8)
            buffer.append(UInt8(ascii: ","))
            buffer += Array(labels.map { names[$0] }.joined(separator: ";").utf8)
            for probability in probabilities {
                buffer.append(UInt8(ascii: ","))
                if let decimals = precision.decimals {
                    Self.appendFixed(Self.rounded(probability, decimals: decimals), decimals: decimals, to: &buffer)
                } else {
                    Self.appendSeventeenDigits(probability, to: &buffer)
                }
            }
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count > (1 << 22) - 65_536 {
                handle.write(Data(buffer))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(buffer))
    }

    /// `0.nnnn` (or `1.0000`) for a value in units of 10^-decimals, at most 10^decimals.
    private static func appendFixed(_ value: Int, decimals: Int, to buffer: inout [UInt8]) {
        var unit = 1
        for _ in 0 ..< decimals { unit *= 10 }
        buffer.append(UInt8(ascii: value >= unit ? "1" : "0"))
        buffer.append(UInt8(ascii: "."))
        var remainder = value >= unit ? 0 : value
        var divisor = unit / 10
        for _ in 0 ..< decimals {
            buffer.append(UInt8(ascii: "0") + UInt8(remainder / divisor))
            remainder %= divisor
            divisor /= 10
        }
    }

    /// The value with 17 significant digits (`%.17g`: 0.12345678901234567, or 1.2345678901234567e-05
    /// below 10^-4), which always parses back to the same Double.
    private static func appendSeventeenDigits(_ value: Double, to buffer: inout [UInt8]) {
        var text = [CChar](repeating: 0, count: 40)
        let length = text.withUnsafeMutableBufferPointer { out in
            withVaList([value]) { vsnprintf(out.baseAddress, 40, "%.17g", $0) }
        }
        text.withUnsafeBufferPointer { chars in
            chars.withMemoryRebound(to: UInt8.self) { buffer.append(contentsOf: $0.prefix(Int(length))) }
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
