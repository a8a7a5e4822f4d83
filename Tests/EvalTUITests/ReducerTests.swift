import EvalCore
import Testing
import TermUI
@testable import EvalTUI

@Suite struct ReducerTests {
    let session = TestSessions.tiny()

    func press(_ keys: [Key], on start: AppState? = nil) -> AppState {
        var state = start ?? TestSessions.state(session)
        for key in keys {
            if let action = KeyBindings.action(for: key, in: state) { _ = state.reduce(action) }
        }
        return state
    }

    @Test func tableStartsSortedByAUCWorstFirst() {
        let state = press([])
        let aucs = state.conceptRows.map { session.metrics.curves[$0].auc ?? 2 }
        #expect(aucs == aucs.sorted())
        #expect(state.focus == .table && state.table.selectedRow == 0)
    }

    @Test func thresholdKeysStepAndClamp() {
        #expect(press([.right]).thresholds.global == 0.51)
        #expect(press([.left, .char("-")]).thresholds.global == 0.48)
        #expect(press([.char("]")]).thresholds.global == 0.6)
        #expect(press(Array(repeating: .char("]"), count: 8)).thresholds.global == 1)
        #expect(press(Array(repeating: .char("["), count: 8)).thresholds.global == 0)
        #expect(press([.char("]"), .char("=")]).thresholds.global == 0.5)
    }

    @Test func thresholdPromptAcceptsExactValuesAndRefusesOthers() {
        let ok = press([.char("t"), .char("0"), .char("."), .char("3"), .char("3"), .enter])
        #expect(ok.thresholds.global == 0.33)
        #expect(ok.overlay == nil)
        let refused = press([.char("t"), .char("x")])
        #expect(refused.status?.kind == .error)
        let outOfRange = press([.char("t"), .char("2"), .enter])
        #expect(outOfRange.thresholds.global == 0.5)
        #expect(outOfRange.status?.kind == .error)
        if case .prompt? = outOfRange.overlay {} else { Issue.record("the prompt stays open on bad input") }
        let cancelled = press([.char("t"), .char("0"), .escape])
        #expect(cancelled.overlay == nil && cancelled.thresholds.global == 0.5)
    }

    @Test func countsFollowTheThreshold() {
        let cat = 0
        let at50 = press([]).row(for: cat)!.counts
        #expect((at50.tp, at50.fn, at50.fp) == (1, 1, 1))
        let at60 = press([.char("]")]).row(for: cat)!.counts
        #expect((at60.tp, at60.fn, at60.fp) == (1, 1, 0))
    }

    @Test func perConceptThresholdOnlyMovesThatConcept() {
        var state = press([])
        let selected = state.selectedConcept!
        state = press([.char("T"), .char("]")], on: state)
        #expect(state.thresholds.value(for: selected) == 0.6)
        #expect(state.thresholds.global == 0.5)
        state = press([.char("T")], on: state)
        #expect(!state.thresholds.hasOverride(selected))
    }

    @Test func sortCyclesAndReverses() {
        var state = press([.char("s")])
        #expect(state.table.sortKey == .ap)
        state = press([.char("S")], on: state)
        #expect(state.table.descending)
    }

    @Test func filterNarrowsAndEscClears() {
        var state = press([.char("/"), .char("d"), .char("o"), .enter])
        #expect(state.conceptRows.map { session.name($0) } == ["dog"])
        state = press([.escape], on: state)
        #expect(state.conceptRows.count == 3)
    }

    @Test func enterOpensDetailsMostWrongFirstAndTabsSwitch() throws {
        var state = TestSessions.state(session)
        state.table.sortKey = .name // bird, cat, dog
        state = press([.down, .enter], on: state) // cat
        #expect(state.focus == .details)
        #expect(state.details?.source == .concept(0))
        // cat FN at 0.5: b (0.3).
        #expect(state.detailsInput(atRow: 0).map { session.evaluation!.inputIDs[$0] } == "b")
        state = press([.char("2")], on: state)
        #expect(state.details?.tab == .falsePositive)
        #expect(state.detailsInput(atRow: 0).map { session.evaluation!.inputIDs[$0] } == "c")
        state = press([.tab], on: state)
        #expect(state.details?.tab == .truePositive)
        state = press([.char("4")], on: state)
        #expect(state.details?.tab == .trueNegative)
        // TN: highest first (closest to becoming FP): e (0.2), then d, f (0.1, file order).
        #expect((0 ..< 3).compactMap { state.detailsInput(atRow: $0) }.map { session.evaluation!.inputIDs[$0] } == ["e", "d", "f"])
        state = press([.enter], on: state)
        if case .input(let index, _)? = state.overlay { #expect(session.evaluation!.inputIDs[index] == "e") }
        else { Issue.record("Enter on an input opens the overlay") }
        state = press([.char("y")], on: state)
        #expect(state.status?.text.contains("copied") == true)
        state = press([.char("q"), .escape], on: state)
        #expect(state.details == nil && state.focus == .table && !state.quitRequested)
    }

    @Test func copyURLProducesAnOSC52Effect() {
        var state = press([.enter])
        let effects = state.reduce(.copyURL)
        guard case .copyToClipboard(let url)? = effects.first else { Issue.record("no effect"); return }
        #expect(url.hasPrefix("https://example.com/"))
    }

    @Test func matrixCellDrillsIntoItsInputs() {
        var state = TestSessions.state(session)
        state = press([.char("c")], on: state)
        #expect(state.screen == .matrix)
        _ = state.reduce(.selectMatrixCell(row: 1, column: 0)) // labelled dog, scoring ≥ 0.5 on cat
        state = press([.enter], on: state)
        #expect((0 ..< state.detailsRowCount).compactMap { state.detailsInput(atRow: $0) }.map { session.evaluation!.inputIDs[$0] } == ["c"])
        state = press([.escape, .char("v")], on: state) // back to the grid; views: counts → confusion
        #expect(state.details == nil)
        #expect(state.matrix.view == .confusion)
        state = press([.escape], on: state)
        #expect(state.screen == .main)
    }

    @Test func qQuitsFromTheMainScreenOnlyAndCtrlCAlways() {
        #expect(press([.char("?"), .char("q")]).quitRequested == false)
        #expect(press([.char("q")]).quitRequested)
        #expect(press([.char("t"), .ctrl("c")]).quitRequested)
    }

    @Test func thresholdTextParsing() {
        #expect(ThresholdText.parse("0.25") == 0.25)
        #expect(ThresholdText.parse(".5") == 0.5)
        #expect(ThresholdText.parse("1") == 1)
        for bad in ["", ".", "1.5", "0..1", "-1", "1e-3", "abc"] { #expect(ThresholdText.parse(bad) == nil, "\(bad)") }
    }
}
