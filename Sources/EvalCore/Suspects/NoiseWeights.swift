import Foundation

/// How much more likely some label errors are than others, from the calibrated confident
/// joint, for the exclusive ranking by self-confidence.
///
/// Ranking by self-confidence alone (p[given], lowest first) assumes every wrong label is as
/// likely as any other. When annotators confuse one class with another systematically
/// ("every 4 written like a 9 was labelled 9"), the model learns part of that noise, so the
/// mislabeled inputs keep a moderate score for their wrong label while genuinely ambiguous,
/// correctly labelled inputs score lower; cleanlab's noise-rate pruning does better there
/// (scripts/bench_suspects.py: 0.78 against 0.73 on digits with 8 % of the labels moved to the
/// next class). The confident joint shows such noise as an asymmetry: C[given k][true j] far
/// above C[j][k]. A model's own confusion between two classes goes both ways and label noise
/// spread at random is symmetric too, so only the asymmetry is read as structured noise:
///
/// - excess(k, j) = max(0, C[k][j] − C[j][k] − √(C[k][j] + C[j][k])), the part of the
///   asymmetry beyond one standard deviation of a symmetric split of the pair's count;
/// - each wrong label j of a given k weighs (excess(k, j) + b_k) / m_k, where b_k is the row's
///   mean symmetric part and m_k its mean off-diagonal count (a row without excess weighs 1
///   everywhere), raised to the power E = Σ excess / Σ off-diagonal: how much of the
///   estimated noise is structured at all (0 for a symmetric joint: plain self-confidence);
/// - an input labelled k is ranked by p[k] / (p[k] + Σ_j≠k w(k, j) · p[j]), the share of its
///   score that the weighted alternatives leave to its label, lowest first.
///
/// On the bench this ranks digits with structured noise at 0.81 (cleanlab 0.78) and keeps the
/// uniform cases where plain self-confidence had them (BENCHMARKS.md, "Suspects").
struct NoiseWeights: Sendable {
    /// E: 0 when the joint shows no structured noise (the ranking is then p[given] itself).
    let strength: Double
    /// Per given label: the weight of every wrong label without excess.
    private let baseWeight: [Double]
    /// Per given label: the wrong labels with excess and their weights.
    private let excessWeights: [[(column: Int, weight: Double)]]

    /// From the calibrated confident joint's rows (given label → cells by column, diagonal
    /// included), as `LabelErrorEstimate.exclusiveCalibration` returns them.
    init(calibratedRows rows: [[(column: Int, count: Int)]]) {
        let c = rows.count
        var offDiagonal = [[Int: Int]](repeating: [:], count: c)
        var total = 0
        for (k, cells) in rows.enumerated() {
            for cell in cells where cell.column != k && cell.count > 0 {
                offDiagonal[k][cell.column] = cell.count
                total += cell.count
            }
        }
        var excess = [[(column: Int, value: Double)]](repeating: [], count: c)
        var excessTotal = 0.0
        for k in 0 ..< c {
            // By column: the excess total is a floating-point sum, and a dictionary's order
            // changes from run to run (the Spark job adds in this order too).
            for (j, count) in offDiagonal[k].sorted(by: { $0.key < $1.key }) {
                let reverse = offDiagonal[j][k] ?? 0
                let value = Double(count - reverse) - (Double(count + reverse)).squareRoot()
                if value > 0 {
                    excess[k].append((j, value))
                    excessTotal += value
                }
            }
        }
        guard c > 1, total > 0, excessTotal > 0 else {
            strength = 0
            baseWeight = Array(repeating: 1, count: c)
            excessWeights = Array(repeating: [], count: c)
            return
        }
        let e = excessTotal / Double(total)
        var base = [Double](repeating: 1, count: c)
        var weights = [[(column: Int, weight: Double)]](repeating: [], count: c)
        for k in 0 ..< c {
            let rowTotal = Double(offDiagonal[k].values.reduce(0, +))
            guard rowTotal > 0 else { continue }
            let rowExcess = excess[k].reduce(0) { $0 + $1.value }
            let symmetricMean = (rowTotal - rowExcess) / Double(c - 1)
            let mean = rowTotal / Double(c - 1)
            base[k] = pow(symmetricMean / mean, e)
            weights[k] = excess[k].map { ($0.column, pow(($0.value + symmetricMean) / mean, e)) }
        }
        strength = e
        baseWeight = base
        excessWeights = weights
    }

    /// The ranking key of an input labelled `given` whose scores are `row` (lowest: most
    /// suspicious). `othersSum` is Σ p[j] over j ≠ given.
    func key(given: Int, row: UnsafeBufferPointer<Double>, othersSum: Double) -> Double {
        let own = row[given]
        guard strength > 0 else { return own }
        var others = baseWeight[given] * othersSum
        for cell in excessWeights[given] { others += (cell.weight - baseWeight[given]) * row[cell.column] }
        let total = own + others
        return total > 0 ? own / total : own
    }
}
