import EvalCore
import Foundation
import Testing
@testable import EvalTUI

/// Review at speed in the suspects and flags views (issue 9): `a` accepts the likely label and
/// moves on, `x` marks "reviewed, label is right", `/` filters by concept, `y` copies the URL.
@Suite struct ReviewKeysTests {
    @Test func aRecordsTheLikelyLabelAndMovesToTheNextSuspect() throws {
        let h = try FlagsHarness()
        let expected = SuspectFinder.find(in: h.session.evaluation!).suspects
        try h.press("La")
        let first = expected[0]
        let id = h.session.evaluation!.inputIDs[first.input]
        let likely = first.likelyLabels.map { h.session.evaluation!.concepts[$0].id }
        #expect(h.state.flags.store.isFlagged(id))
        #expect(h.state.flags.store.state(of: id)?.suggestedLabels == likely)
        #expect(h.journalEvents.last?.action == .relabel && h.journalEvents.last?.labels == likely)
        #expect(h.state.flags.suspects.selectedRow == 1)
        #expect(h.state.selectedSuspect == expected[1])
        // Twice more: the next two suspects.
        try h.press("aa")
        #expect(h.state.flags.store.flaggedCount == 3)
        #expect(h.state.selectedSuspect == expected[3])
    }

    @Test func xHidesTheSuspectFromThenOnAndUndoBringsItBack() throws {
        let h = try FlagsHarness()
        let expected = SuspectFinder.find(in: h.session.evaluation!).suspects
        try h.press("Lx")
        let id = h.session.evaluation!.inputIDs[expected[0].input]
        #expect(h.state.flags.store.isReviewed(id) && !h.state.flags.store.isFlagged(id))
        #expect(h.journalEvents.last?.action == .reviewed && h.journalEvents.last?.inputID == id)
        #expect(h.state.suspectRows.count == expected.count - 1)
        #expect(h.state.selectedSuspect == expected[1])  // the selection sits on the next one
        let shown = h.screen.filter { $0.hasPrefix("│") && $0.contains(" \(id) ") }  // table rows only
        #expect(shown.isEmpty, "\(shown)")
        #expect(h.screen.contains { $0.contains("1 reviewed, hidden") })
        #expect(h.statusLine.contains("reviewed: label is right"))
        try h.press("u")
        #expect(!h.state.flags.store.isReviewed(id))
        #expect(h.state.suspectRows.count == expected.count)
        #expect(h.journalEvents.last?.action == .unflag)
    }

    @Test func reviewedInputsStayHiddenAfterAReplay() throws {
        let first = try FlagsHarness()
        let expected = SuspectFinder.find(in: first.session.evaluation!).suspects
        try first.press("Lx")
        let h = try FlagsHarness(journalPath: first.journalPath)
        try h.press("L")
        #expect(h.state.flags.store.isReviewed(h.session.evaluation!.inputIDs[expected[0].input]))
        #expect(h.state.selectedSuspect == expected[1])
    }

    @Test func slashFiltersTheSuspectsByConcept() throws {
        let h = try FlagsHarness()
        try h.press("L/seven<Enter>")
        let list = try #require(h.state.flags.suspects.list)
        let rows = h.state.suspectRows
        #expect(!rows.isEmpty && rows.count < list.suspects.count)
        let seven = try #require(h.session.evaluation!.concepts.firstIndex { $0.name == "seven" })
        for row in rows {
            let suspect = list.suspects[row]
            #expect(suspect.givenLabels.contains(seven) || suspect.likelyLabels.contains(seven))
        }
        // Every suspect that names seven is kept.
        #expect(rows.count == list.suspects.count { $0.givenLabels.contains(seven) || $0.likelyLabels.contains(seven) })
        #expect(h.state.selectedSuspect == list.suspects[rows[0]])
        try h.press("<Esc>")
        #expect(h.state.flags.suspects.filter.isEmpty && h.state.suspectRows.count == list.suspects.count)
        #expect(h.state.screen == .suspects)
    }

    @Test func slashInTheFlagsViewMatchesConceptNames() throws {
        let h = try FlagsHarness()
        try h.press("La")  // suggests the likely label, by concept id
        let suspect = SuspectFinder.find(in: h.session.evaluation!).suspects[0]
        let likelyName = h.session.name(try #require(suspect.likelyConcept))
        let id = h.session.evaluation!.inputIDs[suspect.input]
        try h.press("F/\(likelyName.uppercased())<Enter>")
        #expect(h.state.flagRows == [id])
        try h.press("/<Esc>/zzz-no-such-concept<Enter>")
        #expect(h.state.flagRows.isEmpty)
    }

    /// The flags view answers `y` and `x` too: `y` copies the flagged input's URL, `x` records
    /// "reviewed, label is right" for it (which unflags it).
    @Test func yAndXWorkOnTheSelectedFlag() throws {
        let h = try FlagsHarness(example: "digits_images/digits_flipped.csv")  // inputs with image paths
        let first = SuspectFinder.find(in: h.session.evaluation!).suspects[0]
        let id = h.session.evaluation!.inputIDs[first.input]
        try h.press("LfF")
        #expect(h.state.screen == .flags && h.state.flagRows == [id])
        try h.press("y")
        #expect(h.statusLine.contains("copied the URL to the clipboard"))
        try h.press("x")
        #expect(h.state.flags.store.isReviewed(id) && !h.state.flags.store.isFlagged(id))
        #expect(h.journalEvents.last?.action == .reviewed && h.journalEvents.last?.inputID == id)
    }

    @Test func yCopiesTheSelectedSuspectsURL() {
        let session = TestSessions.tiny()
        var state = TestSessions.state(session)
        let report = SuspectFinder.find(in: session.evaluation!)
        state.flags.suspects.list = SuspectList(ranking: report.ranking, suspects: report.suspects, seconds: 0,
                                                estimatedLabelErrors: report.estimatedLabelErrors)
        state.screen = .suspects
        let effects = state.reduce(.copyURL)
        let id = session.evaluation!.inputIDs[report.suspects[0].input]
        guard case .copyToClipboard(let url)? = effects.first else { Issue.record("no effect"); return }
        #expect(url == "https://example.com/\(id).jpg")
    }

    @Test func theTitleStatesTheEstimateBesideTheCandidates() throws {
        let h = try FlagsHarness()
        try h.press("L")
        let list = try #require(h.state.flags.suspects.list)
        let report = SuspectFinder.find(in: h.session.evaluation!)
        #expect(list.estimatedLabelErrors == report.estimatedLabelErrors)
        #expect(h.screen.contains { $0.contains("Suspects: \(report.estimatedLabelErrors) estimated, \(Format.count(report.suspects.count)) candidates ranked") })
        // The grid of thumbnails states the same.
        try h.press("v")
        #expect(h.screen.contains { $0.contains("Suspects: \(report.estimatedLabelErrors) estimated, \(Format.count(report.suspects.count)) candidates ranked by self_confidence, grid") })
    }
}
