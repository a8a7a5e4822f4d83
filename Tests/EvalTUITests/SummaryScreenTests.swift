import EvalCore
import Foundation
import TermUI
import Testing
@testable import EvalTUI

/// Issue 13: `evaltop SUMMARY.evalsum` opens the UI on a summary. Every number on screen (the
/// summary line, the concept table, the curves, the slider, the strategies, the diagnosis and the
/// matrix) equals the UI's on the summarised file: the screens are compared line by line, and
/// only the header (which says "summary") differs. What lists inputs says the summary has none.
@Suite struct SummaryScreenTests {
    /// The bundled digits and their exact summary, written and read back as `evaltop` opens it.
    static let file = Golden.Source.bundled.session
    static let summary = Session(summary: reread(SummaryBuilder.summary(of: file.evaluation!, grid: .exact)))
    static let gridSummary = Session(summary: reread(SummaryBuilder.summary(of: file.evaluation!, grid: .tenThousandth)))
    static let multilabelFile: Session = Golden.Source.digitsML.session
    static let multilabelSummary = Session(summary: reread(SummaryBuilder.summary(of: multilabelFile.evaluation!, grid: .exact)))

    static func reread(_ summary: EvaluationSummary) -> EvaluationSummary {
        var text = ""
        SummaryWriter.write(summary) { text += $0 }
        return try! SummaryReader.read(bytes: Array(text.utf8), name: "digits.evalsum")
    }

    static func app(_ session: Session, keys: String, width: Int = 100, height: Int = 30) throws -> (String, AppState) {
        let context = RenderContext(theme: ResolvedTheme(theme: try Theme.load(nameOrPath: "mono"), capability: .none, baseGlyphs: .unicode))
        let state = AppState(fileName: Golden.Source.bundled.fileName, threshold: 0.5, width: width, height: height)
        let app = Replay.makeApp(state: state, session: session, context: context, flags: nil, analysis: nil)
        var buffer = Buffer(width: width, height: height)
        app.render(into: &buffer)
        for key in try KeyScript.parse(keys) {
            app.handle(.key(key))
            buffer = Buffer(width: width, height: height)
            app.render(into: &buffer)
        }
        return (Replay.text(of: buffer), app.state)
    }

    static func screen(_ session: Session, _ keys: String, width: Int = 100, height: Int = 30) throws -> String {
        try app(session, keys: keys, width: width, height: height).0
    }

    static func lines(_ screen: String) -> [Substring] { screen.split(separator: "\n", omittingEmptySubsequences: false) }

    /// The screen's rows between the header and the status bar (which says "matrix: confusion"
    /// after `v` on the file but not when the summary opens on that view).
    static func body(_ screen: [Substring]) -> [Substring] {
        var rows = screen
        while rows.last?.isEmpty == true { rows.removeLast() }
        return Array(rows.dropFirst().dropLast())
    }

    /// The file's and the summary's screens after the same keys: the same but for the header.
    @Test(arguments: [
        "", "]", "]]]", "[[", "t0.3125<Enter>", "p", "s", "sss", "S", "/ine<Enter>", "jjjT]]", "jjT", "M<Enter>",
        "Mj<Enter>", "mjj<Enter><Enter>", "d", "djjj", "GT[[[",
    ])
    func summaryScreenEqualsTheFilesButForTheHeader(keys: String) throws {
        for (width, height) in [(100, 30), (80, 24), (200, 60)] {
            let file = Self.lines(try Self.screen(Self.file, keys, width: width, height: height))
            let summary = Self.lines(try Self.screen(Self.summary, keys, width: width, height: height))
            #expect(summary.count == file.count)
            #expect(summary.first?.contains(" │ summary │ ") == true, "the header says it is a summary")
            #expect(Array(summary.dropFirst()) == Array(file.dropFirst()),
                    "keys \(keys) at \(width)×\(height):\n\(Golden.lineDiff(expected: file.joined(separator: "\n"), actual: summary.joined(separator: "\n")))")
        }
    }

    /// The header names the summary and, at a width where it all fits, is otherwise the file's.
    @Test func headerSaysSummary() throws {
        let file = Self.lines(try Self.screen(Self.file, "", width: 200, height: 60))[0]
        let summary = Self.lines(try Self.screen(Self.summary, "", width: 200, height: 60))[0]
        #expect(summary.contains(" │ summary │ t=0.50"))
        #expect(summary.replacingOccurrences(of: " │ summary", with: "") == String(file))
    }

    /// With a grid, the header states the largest AUC error the rounding can cause.
    @Test func gridSummaryHeaderStatesTheAUCErrorBound() throws {
        let bound = try #require(Self.gridSummary.summary?.aucErrorBound)
        #expect(bound > 0)
        let header = Self.lines(try Self.screen(Self.gridSummary, "", width: 200, height: 60))[0]
        #expect(header.contains("│ summary 1e-4: AUC ±\(String(format: "%.2g", bound)) │ t=0.50 │ good model"))
    }

    /// The threshold moves on a summary, and every count follows it (against the file's curves).
    @Test func thresholdMovesOnASummary() throws {
        let (_, state) = try Self.app(Self.summary, keys: "]]]-")
        #expect(abs(state.thresholds.global - 0.79) < 1e-9)
        for concept in 0 ..< Self.file.conceptCount {
            #expect(Self.summary.metrics.counts(concept: concept, thresholds: state.thresholds)
                == Self.file.metrics.counts(concept: concept, thresholds: state.thresholds))
        }
        #expect(Self.summary.metrics.summary(thresholds: state.thresholds) == Self.file.metrics.summary(thresholds: state.thresholds))
        let slider = try #require(Self.lines(try Self.screen(Self.summary, "]]]-")).first { $0.hasPrefix("t ") })
        #expect(slider.contains("0.79"))
    }

    /// Every matrix view equals the file's, the counts at the threshold (from the pair tables,
    /// format version 2) included, as the threshold moves and in the Top confusions list.
    @Test(arguments: ["c", "cv", "cvv", "c]]]", "c[[", "co", "cojj", "cv]]"])
    func matrixFromTheSummaryEqualsTheFiles(keys: String) throws {
        #expect(Self.body(Self.lines(try Self.screen(Self.summary, keys))) == Self.body(Self.lines(try Self.screen(Self.file, keys))))
        #expect(Self.body(Self.lines(try Self.screen(Self.multilabelSummary, keys)))
            == Self.body(Self.lines(try Self.screen(Self.multilabelFile, keys))))
    }

    /// The summary as evaltop wrote it before the pair tables (as `SummaryPairTests.versionOne`).
    static func versionOne(_ text: String) -> String {
        var lines = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("{\"t\":\"pair\"") && !$0.hasPrefix("{\"t\":\"suspect") }
        lines[0] = lines[0].replacingOccurrences(of: "\"version\":5,", with: "\"version\":1,")
            .replacingOccurrences(of: ",\"suspects\":0", with: "").replacingOccurrences(of: ",\"count_thresholds\":[]", with: "")
        lines[lines.count - 1] = "{\"t\":\"end\",\"lines\":\(lines.count)}"
        return lines.joined(separator: "\n") + "\n"
    }

    /// A version 1 summary has no counts at the threshold: it opens on the views it holds
    /// (confusion, mean scores), which equal the file's.
    @Test func versionOneMatrixLeavesTheCountsOut() throws {
        var text = ""
        SummaryWriter.write(SummaryBuilder.summary(of: Self.file.evaluation!, grid: .exact)) { text += $0 }
        let old = Session(summary: try SummaryReader.read(bytes: Array(Self.versionOne(text).utf8), name: "old.evalsum"))
        #expect(Self.body(Self.lines(try Self.screen(old, "c"))) == Self.body(Self.lines(try Self.screen(Self.file, "cv"))))
        #expect(Self.body(Self.lines(try Self.screen(old, "cv"))) == Self.body(Self.lines(try Self.screen(Self.file, "cvv"))))
        let (_, state) = try Self.app(old, keys: "cvv")
        #expect(state.matrix.view == .confusion, "two views: confusion and mean score")
    }

    /// What needs input rows says so in one line, and nothing opens.
    @Test(arguments: ["<Enter>", "F", "L", "c<Enter>"])
    func whatNeedsInputRowsSaysTheSummaryHasNone(keys: String) throws {
        let (screen, state) = try Self.app(Self.summary, keys: keys)
        #expect(state.status?.text == Session.noInputRowsMessage)
        #expect(state.details == nil && state.overlay == nil)
        #expect(state.screen == (keys.hasPrefix("c") ? .matrix : .main))
        #expect(screen.contains("a summary holds no input rows"))
    }

    /// The slices view lists the summary's per-fold and per-slice tables.
    @Test func slicesViewFromTheSummary() throws {
        let animals = try EvaluationLoader.load(path: FlagsHarness.examplePath("animals.csv"))
        let file = Session(evaluation: animals)
        let summary = Session(summary: Self.reread(SummaryBuilder.summary(of: animals, grid: .exact)))
        // The same rows with the same numbers; a `meta:` attribute's values come in the
        // summary's order (sorted) rather than the file's order of first appearance, and the
        // fold's in the same order in both.
        let fileSlices = Self.body(Self.lines(try Self.screen(file, "bG")))
        let summarySlices = Self.body(Self.lines(try Self.screen(summary, "bG")))
        #expect(summarySlices.sorted() == fileSlices.sorted())
        let folds = { (rows: [Substring]) in rows.filter { $0.hasPrefix("│  ") && $0.dropFirst(3).first?.isNumber == true } }
        #expect(folds(summarySlices) == folds(fileSlices) && folds(fileSlices).count == 5)
        // The diagnosis (with the slices' bias rule and the folds' variance) is the file's.
        let fileDiagnosis = Self.lines(try Self.screen(file, "d"))
        let summaryDiagnosis = Self.lines(try Self.screen(summary, "d"))
        #expect(Array(summaryDiagnosis.dropFirst()) == Array(fileDiagnosis.dropFirst()))
    }

    @Test func goldenScreens() throws {
        try Golden.check(try Self.screen(Self.summary, ""), named: "summary-100x30-start")
        try Golden.check(try Self.screen(Self.summary, "]]"), named: "summary-100x30-threshold")
        try Golden.check(try Self.screen(Self.summary, "d"), named: "summary-100x30-diagnosis")
        try Golden.check(try Self.screen(Self.summary, "c"), named: "summary-100x30-matrix")
        try Golden.check(try Self.screen(Self.summary, "<Enter>"), named: "summary-100x30-no-rows")
        try Golden.check(try Self.screen(Self.gridSummary, "", width: 80, height: 24), named: "summary-grid-80x24-start")
    }
}

/// A summary written without pair tables (`--pairs`): the matrix opens on the views it has and
/// the status line says why the counts at the threshold are not there.
@Suite struct SummaryWithoutPairsScreenTests {
    @Test func theMatrixSaysWhyItHasNoCounts() throws {
        let evaluation = try #require(SummaryScreenTests.multilabelFile.evaluation)
        let summary = SummaryBuilder.summary(of: evaluation, grid: .exact, rows: SummaryRowOptions(extremes: 0, sample: 0, pairLines: 0))
        let session = Session(summary: SummaryScreenTests.reread(summary))
        let screen = try SummaryScreenTests.screen(session, "c", width: 160)
        #expect(screen.contains("no counts at threshold: the summary was written without pair tables (--pairs off or over its limit)"))
    }
}

/// A summary without pair tables that holds the counts at the thresholds `--count-thresholds`
/// asked for: at those thresholds the matrix (grid and top confusions) is the file's; elsewhere
/// the view says in one line where the summary holds it and how to get there.
@Suite struct SummaryCountsAtScreenTests {
    static let sets = [SummaryThresholdSet(name: "0.5", thresholds: Thresholds(global: 0.5)),
                       SummaryThresholdSet(name: "0.3", thresholds: Thresholds(global: 0.3))]
    static let summary: Session = {
        let evaluation = SummaryScreenTests.file.evaluation!
        let written = try! SummaryBuilder.summary(of: evaluation, grid: .exact, rows: SummaryRowOptions(extremes: 0, sample: 0, pairLines: 0),
                                                  countThresholds: sets)
        return Session(summary: SummaryScreenTests.reread(written))
    }()

    @Test(arguments: ["c", "co", "t0.3<Enter>c", "t0.3<Enter>co", "cjjl"])
    func atTheAskedThresholdsTheMatrixIsTheFiles(keys: String) throws {
        let summary = SummaryScreenTests.lines(try SummaryScreenTests.screen(Self.summary, keys, width: 120))
        let file = SummaryScreenTests.lines(try SummaryScreenTests.screen(SummaryScreenTests.file, keys, width: 120))
        #expect(SummaryScreenTests.body(summary) == SummaryScreenTests.body(file))
    }

    @Test func elsewhereItSaysWhereItHoldsThem() throws {
        // A typed threshold, and the slider moved off 0.5 in the matrix (`]`).
        for keys in ["t0.4<Enter>c", "c]]]"] {
            let screen = try SummaryScreenTests.screen(Self.summary, keys, width: 160)
            #expect(screen.contains("this summary holds the counts only at t = 0.5, 0.3 (t sets it, with no per-concept thresholds); v cycles the views"), "\(keys)")
            #expect(!screen.contains("no counts at threshold"))
        }
        // At 80 columns the note wraps rather than losing its end (how to get there).
        let narrow = try SummaryScreenTests.screen(Self.summary, "t0.4<Enter>c", width: 80)
        let words = narrow.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "│" }).joined(separator: " ")
        #expect(words.contains("this summary holds the counts only at t = 0.5, 0.3 (t sets it, with no per-concept thresholds); v cycles the views"))
    }

    /// A per-concept set is named by its file, with how to open at it.
    @Test func aThresholdsFileIsNamedWithHowToOpenAtIt() throws {
        let evaluation = SummaryScreenTests.file.evaluation!
        let written = try SummaryBuilder.summary(
            of: evaluation, grid: .exact, rows: SummaryRowOptions(extremes: 0, sample: 0, pairLines: 0),
            countThresholds: [SummaryThresholdSet(name: "0.5", thresholds: Thresholds(global: 0.5)),
                              SummaryThresholdSet(name: "deploy.json", thresholds: Thresholds(global: 0.5, perConcept: [2: 0.7]))])
        let session = Session(summary: SummaryScreenTests.reread(written))
        let screen = try SummaryScreenTests.screen(session, "t0.4<Enter>c", width: 200)
        #expect(screen.contains("this summary holds the counts only at t = 0.5 (t sets it, with no per-concept thresholds) and at the thresholds of deploy.json (open with --thresholds FILE)"))
    }
}
