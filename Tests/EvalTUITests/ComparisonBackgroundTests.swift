import EvalCore
@testable import EvalTUI
import Foundation
import Testing
import TermUI

/// The comparison's drill-down on a large pair: `Enter` never builds the Broken / Fixed / Still
/// wrong lists on the key. The pair is the goldens' (small), with the inline limit lowered to 0
/// so that it takes the large-pair path, and the background work held back until the test lets
/// it run, so that what the screen shows meanwhile is seen deterministically.
@Suite struct ComparisonBackgroundTests {
    static func app(_ session: Session) throws -> App {
        let theme = try Theme.load(nameOrPath: "mono")
        let context = RenderContext(theme: ResolvedTheme(theme: theme, capability: .none, baseGlyphs: .unicode))
        let state = AppState(fileName: "digits.csv → digits_retrained.csv", width: 120, height: 40, comparing: true)
        return Replay.makeApp(state: state, session: session, context: context)
    }

    static func screen(_ app: App) -> String {
        var buffer = Buffer(width: app.state.width, height: app.state.height)
        app.render(into: &buffer)
        return Replay.text(of: buffer)
    }

    /// Polls the app (as the idle tick does) until `done`, for at most 20 s.
    static func poll(_ app: App, until done: () -> Bool) {
        let deadline = Date().addingTimeInterval(20)
        while !done(), Date() < deadline {
            _ = app.poll()
            Thread.sleep(forTimeInterval: 0.005)
        }
        _ = app.poll()
    }

    @Test func enterShowsListingThenTheListsFromTheBackground() throws {
        let comparison = try #require(ComparisonGoldenTests.session.comparison)
        let session = Session(comparison: comparison, inlineScoreLimit: 0)
        session.changeLists.hold(true)
        let app = try Self.app(session)
        let concept = try #require(app.state.selectedConcept)
        let threshold = app.state.thresholds.value(for: concept)
        let key = ChangesKey(concept: concept, threshold: threshold)

        app.handle(.key(.enter))
        #expect(app.state.details?.source == .changes(concept))
        // Nothing was computed on the key: the lists are not there, the pane says so, the
        // selection has no rows to stand on.
        #expect(session.changeLists.peek(key) == nil)
        #expect(app.state.detailsRowCount == 0)
        #expect(Self.screen(app).contains("listing what B changed"))
        app.handle(.key(.char("j")))  // moving in the empty list is harmless
        #expect(app.state.details?.selectedRow == 0)

        session.changeLists.hold(false)
        Self.poll(app) { session.changeLists.peek(key) != nil }
        let expected = comparison.changes(concept: concept, threshold: threshold)
        #expect(session.changeLists.peek(key) == expected)
        #expect(app.state.detailsRowCount == expected.broken.count)
        let text = Self.screen(app)
        #expect(!text.contains("listing what B changed"))
        #expect(text.contains("1 Broken \(expected.broken.count)"))
        #expect(text.contains("2 Fixed \(expected.fixed.count)"))
        if let first = expected.broken.first {
            #expect(text.contains(comparison.pair.b.inputIDs[Int(first)]))
        }
    }

    /// Resting on a concept starts its lists in the background, so a later Enter finds them.
    @Test func theSelectedConceptsListsAreWarmed() throws {
        let comparison = try #require(ComparisonGoldenTests.session.comparison)
        let session = Session(comparison: comparison, inlineScoreLimit: 0)
        let app = try Self.app(session)
        app.handle(.key(.char("j")))
        let concept = try #require(app.state.selectedConcept)
        let key = ChangesKey(concept: concept, threshold: app.state.thresholds.value(for: concept))
        Self.poll(app) { session.changeLists.peek(key) != nil }
        #expect(session.changeLists.peek(key) == comparison.changes(concept: concept, threshold: key.threshold))
        app.handle(.key(.enter))
        #expect(app.state.detailsRowCount == comparison.changes(concept: concept, threshold: key.threshold).broken.count)
        #expect(!Self.screen(app).contains("listing what B changed"))
    }
}
