import EvalCore
@testable import EvalTUI
import Foundation
import Testing
import TermUI

/// Work that used to run on the key and now runs in the background on large inputs (issue 11):
/// a curve's thinned points, the comparison's fixed/broken counts of many concepts, and the
/// table's filter (a byte search over the names). Background work is held back where the test
/// looks at the screen meanwhile, so that what it shows is seen deterministically.
@Suite struct KeyPathBackgroundTests {
    static func context() throws -> RenderContext {
        RenderContext(theme: ResolvedTheme(theme: try Theme.load(nameOrPath: "mono"), capability: .none, baseGlyphs: .unicode))
    }

    static func screen(_ app: App) -> String {
        var buffer = Buffer(width: app.state.width, height: app.state.height)
        app.render(into: &buffer)
        return Replay.text(of: buffer)
    }

    /// Polls and draws (as the event loop does: a frame asks again for what is missing, one
    /// background request waiting at a time) until `done`, for at most 30 s.
    static func poll(_ app: App, until done: () -> Bool) {
        let deadline = Date().addingTimeInterval(30)
        while !done(), Date() < deadline {
            // Redraws only when the app says something changed, as the event loop does: a
            // debug-build frame takes tens of milliseconds, and one on every tick kept a core
            // busy beside the niced job under test.
            if app.poll() { _ = screen(app) }
            Thread.sleep(forTimeInterval: 0.005)
        }
        _ = app.poll()
    }

    /// One concept, every score distinct, more distinct scores than are thinned within a frame.
    static func largeCurve() -> Evaluation {
        let count = Session.inlineCurveLimit + 1
        var generator = SplitMix64(seed: 11)
        var scores: [Double] = []
        var offsets: [Int32] = [0]
        var labels: [Int32] = []
        for input in 0 ..< count {
            let positive = input % 3 == 0
            scores.append(min(1, max(0, Double.random(in: 0 ..< 1, using: &generator) * 0.8 + (positive ? 0.2 : 0))))
            if positive { labels.append(0) }
            offsets.append(Int32(labels.count))
        }
        return Evaluation(sourcePath: "large.csv", format: .wide, mode: .multilabel, concepts: [Concept(id: "a", name: "a")],
                          inputIDs: (0 ..< count).map { "i\($0)" }, scores: scores, labelOffsets: offsets, labelConcepts: labels)
    }

    @Test func aLargeCurveIsThinnedInTheBackground() throws {
        let session = Session(evaluation: Self.largeCurve())
        #expect(session.metrics.curves[0].thresholds.count > Session.inlineCurveLimit)
        session.curveJobs.hold(true)
        let state = AppState(fileName: "large.csv", width: 120, height: 40)
        let app = Replay.makeApp(state: state, session: session, context: try Self.context())
        // Drawn without walking the curve: the title says it is being drawn, nothing is cached.
        #expect(Self.screen(app).contains("(drawing…)"))
        #expect(session.plots.peek(PlotKey(concept: 0, pr: false)) == nil)
        session.curveJobs.hold(false)
        // The main view draws the ROC plot only (the PR plot is behind a key): waiting for both
        // ran every time into the 30 s deadline.
        Self.poll(app) { session.plots.peek(PlotKey(concept: 0, pr: false)) != nil }
        let text = Self.screen(app)
        #expect(!text.contains("(drawing…)"))
        let ready = try #require(session.readyPlotPoints(concept: 0, kind: .roc))
        let direct = CurveThinning.thin(session.metrics.curves[0].rocPoints().map { ($0.fpr, $0.tpr) }, minimumStep: 0.002)
        #expect(ready.count == direct.count)
        #expect(zip(ready, direct).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 })
    }

    /// A headless replay's last screen waits for the background: a large curve is drawn, not
    /// "drawing…" (a replay's screen must not depend on timing).
    @Test func aReplaysLastScreenWaitsForTheBackground() throws {
        let session = Session(evaluation: Self.largeCurve())
        let state = AppState(fileName: "large.csv", width: 120, height: 40)
        let screen = Replay.text(of: Replay.run(state: state, session: session, keys: [.char("j"), .char("k")], context: try Self.context()))
        #expect(!screen.contains("(drawing…)"))
        #expect(session.plots.peek(PlotKey(concept: 0, pr: false)) != nil)
    }

    /// A pair with more concepts than are counted within a frame.
    static func manyConceptPair() throws -> Comparison {
        let concepts = Session.inlineOutcomeConcepts + 1
        func evaluation(_ path: String, seed: UInt64) -> Evaluation {
            var generator = SplitMix64(seed: seed)
            var scores: [Double] = []
            var offsets: [Int32] = [0]
            var labels: [Int32] = []
            for input in 0 ..< 12 {
                for _ in 0 ..< concepts { scores.append(Double.random(in: 0 ..< 1, using: &generator)) }
                labels.append(Int32(input % concepts))
                offsets.append(Int32(labels.count))
            }
            return Evaluation(sourcePath: path, format: .wide, mode: .exclusive,
                              concepts: (0 ..< concepts).map { Concept(id: "c\($0)", name: "c\($0)") },
                              inputIDs: (0 ..< 12).map { "i\($0)" }, scores: scores, labelOffsets: offsets, labelConcepts: labels)
        }
        return try Comparison.compare(evaluation("a.csv", seed: 1), evaluation("b.csv", seed: 2))
    }

    @Test func manyConceptsOutcomesAreCountedInTheBackground() throws {
        let comparison = try Self.manyConceptPair()
        let session = Session(comparison: comparison)
        session.outcomesCache.hold(true)
        var state = AppState(fileName: "a.csv → b.csv", width: 120, height: 40, comparing: true)
        state.table.sortKey = .fixed
        let app = Replay.makeApp(state: state, session: session, context: try Self.context())
        #expect(session.outcomes(thresholds: app.state.thresholds) == nil)
        #expect(Self.screen(app).contains("counting fixed and broken"))
        // Sorting by counts not there yet: the file order, not remembered.
        #expect(app.state.conceptRows == Array(0 ..< comparison.concepts.count))
        session.outcomesCache.hold(false)
        Self.poll(app) { session.outcomes(thresholds: app.state.thresholds) != nil }
        let outcomes = try #require(session.outcomes(thresholds: app.state.thresholds))
        #expect(outcomes == comparison.outcomes(at: app.state.thresholds))
        #expect(!Self.screen(app).contains("counting fixed and broken"))
        let fixed = app.state.conceptRows.map { outcomes[$0].fixed }
        #expect(fixed == fixed.sorted())
    }

    @Test func theFilterMatchesBytesIgnoringCaseInTheGivenOrder() {
        let index = ConceptNameIndex(names: ["Cat", "dog", "Hund 狗", "CATERPILLAR", "Été", ""])
        #expect(index.matching("cat", in: [0, 1, 2, 3, 4, 5]) == [0, 3])
        #expect(index.matching("CAT", in: [3, 0]) == [3, 0])
        #expect(index.matching("狗", in: [0, 1, 2, 3, 4, 5]) == [2])
        #expect(index.matching("été", in: [0, 1, 2, 3, 4, 5]) == [4])
        #expect(index.matching("pillar", in: [0, 1, 2, 3, 4, 5]) == [3])
        #expect(index.matching("caterpillars", in: [0, 1, 2, 3, 4, 5]) == [])
        #expect(index.matching("", in: [5, 1]) == [5, 1])
    }
}
