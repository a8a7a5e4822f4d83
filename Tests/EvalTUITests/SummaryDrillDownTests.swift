import EvalCore
import Foundation
import TermUI
import Testing
@testable import EvalTUI

/// Issue 13: on a summary with rows, Enter lists a concept's FN, FP and TP from the rows it
/// holds, titled as partial ("5 most extreme of 27"), in the file's order for those rows; the
/// input overlay and flagging work on them; what needs every input says so in one line.
@Suite struct SummaryDrillDownTests {
    typealias Screens = SummaryScreenTests
    /// The bundled digits' summary keeping 5 extremes per list (the FN list of "eight" at 0.70
    /// has 27 inputs, its FP list 4).
    static let summary = Session(summary: Screens.reread(
        SummaryBuilder.summary(of: Screens.file.evaluation!, grid: .exact, rows: SummaryRowOptions(extremes: 5, sample: 3))))

    /// The ids in the details table's rows of a screen (the rows under the "Input" header).
    static func listedIDs(_ screen: String) -> [String] {
        let lines = screen.split(separator: "\n").map(String.init)
        guard let header = lines.firstIndex(where: { $0.contains("│Input") }) else { return [] }
        return lines[(header + 1)...].prefix { $0.contains("digits_") }.compactMap { line in
            line.split(separator: " ").first { $0.contains("digits_") }.map { String($0.drop { $0 == "│" }) }
        }
    }

    @Test func partialListsAreTitledAndAreTheFilesFirstRows() throws {
        let (screen, state) = try Screens.app(Self.summary, keys: "]]<Enter>", width: 120, height: 40)
        #expect(state.details != nil && state.focus == .details)
        #expect(screen.contains("Inputs behind eight at t=0.70 (summary: its extremes)"))
        #expect(screen.contains("1 FN 27") && screen.contains("2 FP 4") && screen.contains("3 TP 147"))
        #expect(screen.contains("5 most extreme of 27, lowest score first"))
        let file = try Screens.screen(Screens.file, "]]<Enter>", width: 120, height: 40)
        let held = Self.listedIDs(screen)
        #expect(held.count == 5 && held == Array(Self.listedIDs(file).prefix(5)))
        // FP: all 4 are held; TP: the 5 highest (the file lists TP lowest first, so only the
        // summary's order is checked, against its own scores).
        let fp = try Screens.screen(Self.summary, "]]<Enter>2", width: 120, height: 40)
        #expect(fp.contains("all 4, highest score first"))
        #expect(Self.listedIDs(fp) == Self.listedIDs(try Screens.screen(Screens.file, "]]<Enter>2", width: 120, height: 40)))
        let tp = try Screens.screen(Self.summary, "]]<Enter>3", width: 120, height: 40)
        #expect(tp.contains("5 most extreme of 147, highest score first") && Self.listedIDs(tp).count == 5)
        // True negatives: only the sampled ones, said so.
        let tn = try Screens.screen(Self.summary, "]]<Enter>4", width: 120, height: 40)
        let sampledTN = Self.summary.summaryRows(concept: 8, tab: .trueNegative, threshold: 0.7)
        #expect(tn.contains("\(sampledTN.count) in a uniform sample of 3 inputs, highest score first"))
        #expect(tn.contains("Inputs behind eight at t=0.70 (summary: its sample)"))
        #expect(Self.listedIDs(tn) == sampledTN.map { Self.summary.summary!.rows[$0].id })
        #expect(!sampledTN.isEmpty)
        // Without a sample, the tab says how to get one.
        let unsampled = Session(summary: Screens.reread(
            SummaryBuilder.summary(of: Screens.file.evaluation!, grid: .exact, rows: SummaryRowOptions(extremes: 5, sample: 0))))
        let none = try Screens.screen(unsampled, "]]<Enter>4", width: 120, height: 40)
        #expect(none.contains("a summary keeps no true-negative rows but a sample's (summarize with --sample N)"))
        #expect(Self.listedIDs(none).isEmpty)
    }

    /// A summary with a sample and no extremes still lists the sample's true negatives, and
    /// Enter opens a sampled row.
    @Test func aSampleAloneListsTrueNegatives() throws {
        let session = Session(summary: Screens.reread(
            SummaryBuilder.summary(of: Screens.file.evaluation!, grid: .exact, rows: SummaryRowOptions(extremes: 0, sample: 40))))
        #expect(session.hasSummaryRows)
        let expected = session.summaryRows(concept: 8, tab: .trueNegative, threshold: 0.7)
        #expect(expected.count > 10)
        let (screen, state) = try Screens.app(session, keys: "]]<Enter>4", width: 120, height: 40)
        #expect(screen.contains("\(expected.count) in a uniform sample of 40 inputs, highest score first"))
        #expect(Self.listedIDs(screen) == Array(expected.prefix(Self.listedIDs(screen).count)).map { session.summary!.rows[$0].id })
        let scores = expected.map { session.summary!.rows[$0].score(of: 8)! }
        #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 >= $1 } && scores.allSatisfy { $0 < 0.7 })
        let (_, opened) = try Screens.app(session, keys: "]]<Enter>4<Enter>", width: 120, height: 40)
        guard case .input(let index, _)? = opened.overlay else { Issue.record("no overlay"); return }
        #expect(index == expected[0])
        _ = state
    }

    @Test func overlayShowsTheHeldRow() throws {
        let (screen, state) = try Screens.app(Self.summary, keys: "]]<Enter><Enter>", width: 100, height: 30)
        guard case .input(let index, _)? = state.overlay else { Issue.record("no overlay"); return }
        let row = Self.summary.summary!.rows[index]
        #expect(screen.contains("Input \(row.id) (from the summary)"))
        #expect(screen.contains("labels  eight") && screen.contains("FN"))
    }

    @Test func whatNeedsEveryInputSaysTheSummaryHoldsOnlyExtremes() throws {
        for keys in ["L", "c<Enter>", "]]<Enter>r"] {
            let (_, state) = try Screens.app(Self.summary, keys: keys)
            #expect(state.status?.text == Session.onlyExtremeRowsMessage, "\(keys)")
        }
    }

    @Test func flaggingAHeldRowGoesToTheJournalByID() throws {
        let harness = try FlagsHarness(session: Self.summary)
        try harness.press("]]<Enter>")
        let id = try #require(harness.state.detailsInput(atRow: 0).flatMap { harness.session.inputID(at: $0) })
        try harness.press("f")
        #expect(harness.journalEvents.map(\.inputID) == [id])
        #expect(harness.statusLine.contains("saved"))
        #expect(harness.screen.contains { $0.contains(id) && $0.contains("⚑") } || harness.state.flags.isFlagged(id))
        try harness.press("F")
        #expect(harness.state.screen == .flags && harness.screen.contains { $0.contains(id) })
    }
}
