import HeapModule

/// The exclusive self-confidence ranking for a model too weak to tell its own confusions from
/// label noise: confident learning's "prune by noise rate" (cleanlab 2.9's default
/// `find_label_issues`), used as an order. In each cell (given k, true j ≠ k) of the calibrated
/// confident joint, the C[k][j] inputs labelled k with the largest p[j] − p[k] are the
/// confident issues (ties: the first in the file); an input whose given label stays the model's
/// argmax (p[k] + 1e-6 at least every other score) is not one. The suspects that are confident
/// issues come first, then the others, each group by p[k], lowest first; the list of suspects
/// itself does not change.
///
/// When (`applies`): the suspects are the inputs the class thresholds doubt (not confidently in
/// their class, or confidently in another). A model good enough to learn the classes doubts many
/// correctly labelled inputs for each wrong label it finds, so the estimate is a minority of its
/// suspects (digits with LogisticRegression: 25–37 % over 30 seeds), and the weighted
/// self-confidence orders the whole list better than cleanlab's quotas do (+3 to +7 of 144
/// injected errors per seed, BENCHMARKS.md "Suspects"). When the calibrated joint counts at
/// least half of the doubted inputs as label errors, it cannot be telling the model's doubt from
/// label noise: what it shows, asymmetries included, is the model's own confusion (the bench's
/// weak models: 81–99.7 %), so the weights would follow the model's biases. There cleanlab's
/// quotas, which drop the inputs that no class claims, are the better-founded cut
/// (BENCHMARKS.md, "Session 8").
struct NoiseRatePruning: Sendable {
    /// Per given label k: the cells (true j, quota q > 0), by column.
    let quotas: [[(column: Int, count: Int)]]

    /// The pruning of this calibrated joint (`LabelErrorEstimate.exclusiveCalibration`'s rows).
    init(calibratedRows rows: [[(column: Int, count: Int)]]) {
        quotas = Self.quotas(calibratedRows: rows)
    }

    /// Whether the model is too weak for the noise weights: the label-error estimate is at least
    /// half of the suspects (`candidates`). A property of the evaluation alone.
    static func applies(estimatedLabelErrors: Int, candidates: Int) -> Bool {
        candidates > 0 && 2 * estimatedLabelErrors >= candidates
    }

    /// cleanlab's `_keep_at_least_n_per_class(confident_joint.T, n=1, frac_noise=1)`: a row
    /// whose calibrated diagonal rounded to 0 gets 1, taken evenly from its non-zero cells, and
    /// the quotas are truncated to integers.
    static func quotas(calibratedRows rows: [[(column: Int, count: Int)]]) -> [[(column: Int, count: Int)]] {
        rows.enumerated().map { k, cells in
            let diagonal = cells.first { $0.column == k }?.count ?? 0
            let raised = Double(max(diagonal, 1) - diagonal)
            let nonZero = Double(max(cells.filter { $0.count != 0 }.count - 1, 1))
            return cells.compactMap { cell in
                guard cell.column != k else { return nil }
                let quota = Int(max(Double(cell.count) - raised / nonZero, 0))
                return quota > 0 ? (cell.column, quota) : nil
            }
        }
    }

    /// Finds each cell's cut-off margin from every input with one label, in any order: a heap of
    /// each cell's `quota` largest margins (memory: the sum of the quotas, about the estimate).
    struct CutoffFinder {
        let pruning: NoiseRatePruning
        /// Per given label, per cell of `pruning.quotas[label]`: the largest margins so far.
        private var largest: [[Heap<Double>]]
        /// Inputs per given label (cleanlab flags nothing in a class of one input).
        private var members: [Int]

        init(_ pruning: NoiseRatePruning) {
            self.pruning = pruning
            largest = pruning.quotas.map { $0.map { _ in Heap<Double>() } }
            members = Array(repeating: 0, count: pruning.quotas.count)
        }

        mutating func add(_ row: UnsafeBufferPointer<Double>, label: Int) {
            members[label] += 1
            let own = row[label]
            for (cell, quota) in pruning.quotas[label].enumerated() {
                let margin = row[quota.column] - own
                if largest[label][cell].count < quota.count {
                    largest[label][cell].insert(margin)
                } else if let smallest = largest[label][cell].min, margin > smallest {
                    _ = largest[label][cell].replaceMin(with: margin)
                }
            }
        }

        /// The cut-offs, to decide each input in the file's order.
        func cutoffs() -> Cutoffs {
            let cells = largest.enumerated().map { label, heaps in
                heaps.map { heap -> Cutoffs.Cell in
                    guard members[label] > 1, let margin = heap.min else { return Cutoffs.Cell(margin: .infinity, atCutoff: 0) }
                    // The quota's last place may be shared: the first `atCutoff` inputs scoring
                    // exactly `margin` are in, as a stable sort would put them.
                    let above = heap.unordered.reduce(0) { $0 + ($1 > margin ? 1 : 0) }
                    return Cutoffs.Cell(margin: margin, atCutoff: heap.count - above)
                }
            }
            return Cutoffs(quotas: pruning.quotas, cells: cells)
        }
    }

    /// Each cell's cut-off: an input labelled k is in the cell (k, j) when p[j] − p[k] is above
    /// `margin`, or equal to it and among the first `atCutoff` such inputs in the file.
    struct Cutoffs {
        struct Cell {
            let margin: Double
            let atCutoff: Int
        }

        let quotas: [[(column: Int, count: Int)]]
        let cells: [[Cell]]

        /// Whether the input labelled `label` scoring `row`, visited in the file's order (every
        /// input with one label, once), is a confident issue. `seen` counts, per cell, the inputs
        /// met so far at the cut-off (start with `seenAtCutoff()`).
        func isIssue(_ row: UnsafeBufferPointer<Double>, label: Int, seen: inout [[Int]]) -> Bool {
            let own = row[label]
            var inCell = false
            for (index, quota) in quotas[label].enumerated() {
                let cell = cells[label][index]
                let margin = row[quota.column] - own
                if margin > cell.margin {
                    inCell = true
                } else if margin == cell.margin {
                    seen[label][index] += 1
                    if seen[label][index] <= cell.atCutoff { inCell = true }
                }
            }
            return inCell && !Self.keepsItsLabel(row, label: label)
        }

        func seenAtCutoff() -> [[Int]] { cells.map { Array(repeating: 0, count: $0.count) } }

        /// cleanlab's `_reduce_issues`: the argmax (first on ties) of the scores with 1e-6 added
        /// to the given label's is the given label.
        static func keepsItsLabel(_ row: UnsafeBufferPointer<Double>, label: Int) -> Bool {
            let own = row[label] + 1e-6
            for concept in 0 ..< row.count where concept != label {
                if concept < label ? row[concept] >= own : row[concept] > own { return false }
            }
            return true
        }
    }
}
