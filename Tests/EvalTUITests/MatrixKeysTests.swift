import EvalCore
import Foundation
import Testing
import TermUI
@testable import EvalTUI

/// The matrix with many concepts: the Top confusions list, the grid's jump to the largest
/// confusion, the cell's inputs, and the sparse values behind them, checked against the
/// dense matrices computed directly.
@Suite struct MatrixKeysTests {
    let session = ManyConcepts.session()

    func press(_ keys: [Key], on start: AppState) -> AppState {
        var state = start
        for key in keys {
            if let action = KeyBindings.action(for: key, in: state) { _ = state.reduce(action) }
        }
        return state
    }

    /// Off-diagonal non-zero cells of a dense matrix, largest first, ties by row then column.
    static func bruteForceConfusions(_ dense: [[Int]]) -> [MatrixPair] {
        var pairs: [MatrixPair] = []
        for (row, values) in dense.enumerated() {
            for (column, value) in values.enumerated() where row != column && value != 0 {
                pairs.append(MatrixPair(row: row, column: column, value: Double(value)))
            }
        }
        return pairs.sorted { $0.value != $1.value ? $0.value > $1.value : ($0.row, $0.column) < ($1.row, $1.column) }
    }

    static func values(_ session: Session, _ view: MatrixView, _ thresholds: Thresholds = Thresholds(global: 0.5)) -> MatrixValues? {
        if case .ready(let values) = session.matrixValues(view, thresholds: thresholds) { return values }
        return nil
    }

    @Test func manyConceptsOpenOnTheTopConfusionsList() {
        var state = press([.char("c")], on: TestSessions.state(session))
        #expect(state.screen == .matrix && state.matrixLayout == .topConfusions)
        let expected = Self.bruteForceConfusions(session.evaluationMetrics!.countsAtThresholdMatrix(thresholds: state.thresholds))
        #expect(Self.values(session, .countsAtThreshold)?.confusions == expected)
        #expect(!expected.isEmpty)
        // j moves down the list, and the grid's cell follows the pair.
        state = press([.char("j"), .char("j")], on: state)
        #expect(state.matrix.listRow == 2)
        #expect((state.matrix.row, state.matrix.column) == (expected[2].row, expected[2].column))
        // o shows the grid on the same pair; o again the list, still on it.
        state = press([.char("o")], on: state)
        #expect(state.matrixLayout == .grid && (state.matrix.row, state.matrix.column) == (expected[2].row, expected[2].column))
        state = press([.char("o")], on: state)
        #expect(state.matrixLayout == .topConfusions && state.matrix.listRow == 2)
    }

    @Test func fewConceptsOpenOnTheGrid() throws {
        let state = press([.char("c")], on: TestSessions.state(Session(evaluation: try EvaluationLoader.loadBundledExample())))
        #expect(state.matrixLayout == .grid)
    }

    @Test func enterOnAConfusionListsTheInputsBehindIt() {
        var state = press([.char("c"), .char("v")], on: TestSessions.state(session))  // argmax confusion
        #expect(state.matrix.view == .confusion)
        let dense = session.evaluationMetrics!.confusionMatrix()!
        let top = Self.bruteForceConfusions(dense)[0]
        state = press([.enter], on: state)
        guard case .matrixCell(let a, let b, .confusion)? = state.details?.source else {
            Issue.record("Enter opens the cell's inputs"); return
        }
        #expect((a, b) == (top.row, top.column))
        let listed = (0 ..< state.detailsRowCount).compactMap { state.detailsInput(atRow: $0) }
        let evaluation = session.evaluation!
        let expected = (0 ..< evaluation.inputCount).filter {
            evaluation.isLabeled(input: $0, concept: a) && Int(session.evaluationMetrics!.top1[$0]) == b
        }
        #expect(listed.count == dense[a][b] && Set(listed) == Set(expected))
    }

    @Test func nJumpsToTheLargestOffDiagonalCellThenTheNext() {
        // From the grid on a cell that is no confusion (the diagonal), n goes to the largest.
        var state = press([.char("c"), .char("o")], on: TestSessions.state(session))
        _ = state.reduce(.selectMatrixCell(row: 3, column: 3))
        let expected = Self.bruteForceConfusions(session.evaluationMetrics!.countsAtThresholdMatrix(thresholds: state.thresholds))
        state = press([.char("n")], on: state)
        #expect((state.matrix.row, state.matrix.column) == (expected[0].row, expected[0].column))
        state = press([.char("n")], on: state)
        #expect((state.matrix.row, state.matrix.column) == (expected[1].row, expected[1].column))
        #expect(state.status?.text.contains("#2") == true)
    }

    @Test func theGridScrollsBothWaysKeepingTheCellInView() {
        var state = press([.char("c"), .char("o"), .char("G")], on: TestSessions.state(session, width: 80, height: 24))
        #expect(state.matrix.row == 59 && state.matrix.rowOffset > 0)
        state = press(Array(repeating: .char("l"), count: 59), on: state)
        #expect(state.matrix.column == 59 && state.matrix.columnOffset > 0)
        state = press([.char("g")], on: state)
        #expect(state.matrix.row == 0 && state.matrix.rowOffset == 0)
    }

    @Test func sparseValuesEqualTheDenseMatricesInEveryView() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let multilabel = Session(evaluation: try EvaluationLoader.load(path: root.appendingPathComponent("Examples/digits_ml.csv").path))
        for (session, thresholds) in [(session, Thresholds(global: 0.05)), (multilabel, Thresholds(global: 0.3))] {
            let counts = try #require(Self.values(session, .countsAtThreshold, thresholds))
            #expect(counts.confusions == Self.bruteForceConfusions(session.evaluationMetrics!.countsAtThresholdMatrix(thresholds: thresholds)))
            let view: MatrixView = session.evaluation!.mode == .exclusive ? .confusion : .cooccurrence
            let dense = session.evaluation!.mode == .exclusive ? session.evaluationMetrics!.confusionMatrix()! : session.evaluationMetrics!.cooccurrenceMatrix()!
            let values = try #require(Self.values(session, view, thresholds))
            #expect(values.confusions == Self.bruteForceConfusions(dense))
            for row in 0 ..< dense.count {
                for column in 0 ..< dense.count { #expect(values.value(row: row, column: column) == Double(dense[row][column])) }
                let labelled = session.metrics.curves[row].positives
                if labelled > 0, dense[row][row] > 0 || view == .confusion {
                    #expect(values.share(row: row, count: 1) == 1 / Double(labelled))
                }
            }
        }
    }

    @Test func sparseCountsAtThresholdEqualTheDirectOnes() throws {
        let evaluation = session.evaluation!
        let metrics = session.evaluationMetrics!
        for thresholds in CountsMatrixIndexTests.thresholds {
            let sparse = metrics.countsAtThresholdCounts(thresholds: thresholds)
            #expect(sparse.dense() == metrics.countsAtThresholdMatrix(thresholds: thresholds))
        }
        let small = try EvaluationLoader.loadBundledExample()
        let index = CountsMatrixIndex(metrics: EvaluationMetrics(evaluation: small))
        for thresholds in CountsMatrixIndexTests.thresholds {
            #expect(index.sparseCounts(thresholds: thresholds).dense() == index.counts(thresholds: thresholds))
        }
        #expect(CountsMatrixIndex.worthBuilding(evaluation))
        #expect(!CountsMatrixIndex.worthBuilding(ManyConcepts.session(concepts: 100).evaluation!))  // concepts²: the direct pass
        #expect(CountsMatrixIndex.worthBuilding(small))
    }

    @Test func adviceMarkersAreCountedNotRepeated() {
        #expect(AdviceMarkers.compact("") == "")
        #expect(AdviceMarkers.compact("w") == "w")
        #expect(AdviceMarkers.compact("wcccc") == "wc4")
        #expect(AdviceMarkers.compact("cwcf") == "c2wf")
    }

    /// The table's order is remembered per filter, sort and thresholds: a threshold change
    /// re-sorts a threshold-dependent column, as a fresh state would.
    @Test func rememberedTableOrderFollowsTheThreshold() {
        var state = TestSessions.state(session)
        while state.table.sortKey != .f1 { _ = state.reduce(.cycleSort) }
        let before = state.conceptRows
        _ = state.reduce(.setThreshold(0.655))
        var fresh = TestSessions.state(Session(evaluation: session.evaluation!, metrics: session.evaluationMetrics!))
        fresh.table = state.table
        fresh.thresholds = state.thresholds
        #expect(state.conceptRows == fresh.conceptRows)
        let f1 = state.conceptRows.map { session.metrics.curves[$0].counts(at: 0.655).f1 }
        #expect(zip(f1, f1.dropFirst()).allSatisfy { $0 <= $1 })
        // The best concept given a threshold above all its scores: F1 0, first in the order.
        let best = before.last!
        state.thresholds.perConcept[best] = 0.999
        #expect(state.conceptRows.first == best)
        _ = state.reduce(.promptFilter)
        for character in "_0" { _ = state.reduce(.promptKey(.char(character))) }
        #expect(state.conceptRows.allSatisfy { session.name($0).contains("_0") } && state.conceptRows.count == 10)
    }
}

/// The background cache never makes a reader wait and computes the latest request.
@Suite struct BackgroundCacheTests {
    @Test func aMissIsComputedInTheBackgroundAndTheLatestRequestWins() async throws {
        let cache = BackgroundCache<Int, Int>(capacity: 4)
        let gate = DispatchSemaphore(value: 0)
        #expect(cache.value(for: 1, inline: false) { gate.wait(); return 10 } == nil)
        // While 1 runs, 2 then 3 are asked for: 3 replaces 2.
        #expect(cache.value(for: 2, inline: false) { 20 } == nil)
        #expect(cache.value(for: 3, inline: false) { 30 } == nil)
        gate.signal()
        for _ in 0 ..< 500 where cache.peek(3) == nil { try await Task.sleep(for: .milliseconds(10)) }
        #expect(cache.peek(1) == 10 && cache.peek(3) == 30 && cache.peek(2) == nil)
        #expect(cache.completions == 2)
        #expect(cache.value(for: 4, inline: true) { 40 } == 40)
    }
}
