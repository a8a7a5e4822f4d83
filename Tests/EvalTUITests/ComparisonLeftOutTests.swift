import EvalCore
@testable import EvalTUI
import Foundation
import Testing
import TermUI

/// `o` in a comparison lists what every number left out: the inputs and concepts found in only
/// one file (issue 8: "counted, listed in the UI"). The goldens' pair drops A's first 20 inputs
/// from B, so those 20 are "only in A".
@Suite struct ComparisonLeftOutTests {
    @Test func oListsTheInputsOnlyInAAndScrollsAndCloses() throws {
        let session = ComparisonGoldenTests.session
        let pair = try #require(session.comparison?.pair)
        #expect(pair.inputsOnlyInA.count == 20)
        let theme = try Theme.load(nameOrPath: "mono")
        let context = RenderContext(theme: ResolvedTheme(theme: theme, capability: .none, baseGlyphs: .unicode))
        let state = AppState(fileName: "digits.csv → digits_retrained.csv", width: 100, height: 24, comparing: true)
        let app = Replay.makeApp(state: state, session: session, context: context)

        app.handle(.key(.char("o")))
        #expect(app.state.overlay == .leftOut(scroll: 0))
        let text = ComparisonBackgroundTests.screen(app)
        #expect(text.contains("Left out of the comparison"))
        #expect(text.contains("Concepts only in A"))
        #expect(text.contains("Inputs only in A"))
        #expect(text.contains(": 20"))
        // The listed ids are A's unmatched inputs, in file order.
        let first = pair.originalA.inputIDs[Int(pair.inputsOnlyInA[0])]
        #expect(text.contains(first))

        // Each section: its heading, its items ("none" when empty), a blank line. They do not fit
        // the popup's 20 lines at 24 rows: j scrolls, page down stops at the last page, Esc closes.
        let lines = LeftOutLines(pair: pair)
        #expect(pair.conceptsOnlyInA.isEmpty && pair.conceptsOnlyInB.isEmpty && pair.inputsOnlyInB.count == 10)
        #expect(lines.count == 3 + 3 + (2 + 20) + (2 + 10))
        app.handle(.key(.char("j")))
        #expect(app.state.overlay == .leftOut(scroll: 1))
        app.handle(.key(.pageDown))
        app.handle(.key(.pageDown))
        #expect(app.state.overlay == .leftOut(scroll: lines.count - 20))
        #expect(ComparisonBackgroundTests.screen(app).contains("Inputs only in B"))
        app.handle(.key(.escape))
        #expect(app.state.overlay == nil)
    }

    @Test func theLinesComeSectionBySection() throws {
        let pair = try #require(ComparisonGoldenTests.session.comparison?.pair)
        let lines = LeftOutLines(pair: pair)
        #expect(lines.line(0) == .heading("Concepts only in A (\(LeftOutLines.fileName(pair.originalA.sourcePath))): 0"))
        #expect(lines.line(1) == .item("none"))
        #expect(lines.line(2) == .blank)
        #expect(lines.line(6) == .heading("Inputs only in A (\(LeftOutLines.fileName(pair.originalA.sourcePath))): 20"))
        for k in 0 ..< 20 {
            #expect(lines.line(7 + k) == .item(pair.originalA.inputIDs[Int(pair.inputsOnlyInA[k])]))
        }
        #expect(lines.line(lines.count) == nil)
    }

    @Test func oOnOneEvaluationSaysWhatItIsFor() throws {
        let bundled = try EvaluationLoader.loadBundledExample()
        let theme = try Theme.load(nameOrPath: "mono")
        let context = RenderContext(theme: ResolvedTheme(theme: theme, capability: .none, baseGlyphs: .unicode))
        let app = Replay.makeApp(state: AppState(fileName: "digits.csv", width: 120, height: 40),
                                 session: Session(evaluation: bundled), context: context)
        app.handle(.key(.char("o")))
        #expect(app.state.overlay == nil)
        #expect(app.state.status?.text.contains("left out") == true)
    }
}
