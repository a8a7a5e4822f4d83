import Foundation
import Testing
@testable import EvalCore

/// Issue 13: the cut-offs of a model too weak for the noise weights, found in passes by a radix
/// selection that holds no margin per label error (`NoiseRatePruning.CutoffSelection`), are the
/// heaps' (`CutoffFinder`) exactly: the margin and how many inputs at it are in.
@Suite struct NoiseRateCutoffSelectionTests {
    typealias Selection = NoiseRatePruning.CutoffSelection

    /// Rows of three classes: scores on a grid of `steps` (ties, −0 margins) or full precision.
    static func rows(count: Int, steps: Int?, seed: UInt64) -> [(row: [Double], label: Int)] {
        var generator = LongCSVSummarizerTests.SeededGenerator(state: seed)
        return (0 ..< count).map { _ in
            let row = (0 ..< 3).map { _ -> Double in
                let value = Double.random(in: 0 ... 1, using: &generator)
                return steps.map { (value * Double($0)).rounded() / Double($0) } ?? value
            }
            return (row, Int.random(in: 0 ..< 3, using: &generator) == 0 ? 0 : 1)
        }
    }

    /// The selection's cut-offs over as many passes as it asks for, its passes and the most
    /// margins it held, under `limits`.
    static func selected(_ pruning: NoiseRatePruning, _ rows: [(row: [Double], label: Int)],
                         limits: (heapBudget: Int, cellHeapLimit: Int, collectLimit: Int)) -> (NoiseRatePruning.Cutoffs, passes: Int, held: Int) {
        Selection.$limitsOverride.withValue(limits) {
            var selection = Selection(pruning)
            var passes = 0
            var held = 0
            repeat {
                for (row, label) in rows {
                    row.withUnsafeBufferPointer { selection.add($0, label: label) }
                    held = max(held, selection.heldMargins)
                }
                passes += 1
            } while !selection.endPass()
            return (selection.cutoffs(), passes, held)
        }
    }

    static func found(_ pruning: NoiseRatePruning, _ rows: [(row: [Double], label: Int)]) -> NoiseRatePruning.Cutoffs {
        var finder = NoiseRatePruning.CutoffFinder(pruning)
        for (row, label) in rows { row.withUnsafeBufferPointer { finder.add($0, label: label) } }
        return finder.cutoffs()
    }

    @Test(arguments: [nil, 4, 20] as [Int?])
    func selectionGivesTheHeapsCutoffs(steps: Int?) {
        let rows = Self.rows(count: 400, steps: steps, seed: UInt64(steps ?? 1))
        // Quotas below, at and above a class's inputs (about 130 labelled 0, 270 labelled 1);
        // class 2 has no input, so its cells get none.
        let pruning = NoiseRatePruning(calibratedRows: [[(0, 5), (1, 60), (2, 200)], [(0, 1), (1, 5), (2, 269)], [(0, 3), (2, 5)]])
        let expected = Self.found(pruning, rows)
        for collectLimit in [1, 8, 1000] {
            let (cutoffs, passes, held) = Self.selected(pruning, rows, limits: (0, 0, collectLimit))
            for (label, cells) in expected.cells.enumerated() {
                for (index, cell) in cells.enumerated() {
                    let got = cutoffs.cells[label][index]
                    #expect(got.margin == cell.margin && got.atCutoff == cell.atCutoff,
                            "steps \(String(describing: steps)), collect \(collectLimit), cell \(label) \(index): \(got) vs \(cell)")
                }
            }
            // No margin per unit of quota: at most the collected keys of the five cells searched.
            #expect(held <= 5 * collectLimit && (collectLimit > 8 || held < 50))
            #expect(passes >= 2)
        }
        // Within the budget: today's heaps, in one pass.
        let heaps = Self.selected(pruning, rows, limits: (1 << 20, 512, 4096))
        #expect(heaps.passes == 1 && heaps.held > 200)
    }

    @Test func keysOrderMarginsAsDoublesDo() {
        let margins: [Double] = [-1, -0.5, -0x1p-1074, -0.0, 0.0, 0x1p-1074, 0.25, 1]
        let keys = margins.map(Selection.key)
        #expect(keys[3] == keys[4])
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 } && Set(keys).count == margins.count - 1)
        #expect(margins.allSatisfy { Selection.margin(Selection.key($0)) == $0 })
    }

    /// The summary of a weak model's file (its suspects ranked with cleanlab's cut-offs) is the
    /// same when every cut-off is found by the selection.
    @Test func weakModelsSummaryIsTheSameThroughTheSelection() throws {
        let path = FixtureCSV.url("label_errors_weak.csv").path
        let rows = SummaryRowOptions(extremes: 0, sample: 0, suspects: 100_000)
        // A grid of 1e-4: more margins tied at the cut-offs.
        for grid in [SummaryGrid.exact, .tenThousandth] {
            let heaps = try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: grid, rows: rows)
            let selected = try Selection.$limitsOverride.withValue((0, 0, 4)) {
                try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: grid, rows: rows)
            }
            #expect(SummaryTests.text(selected) == SummaryTests.text(heaps), "grid \(grid.rawValue)")
        }
    }
}
