import EvalCore
import Foundation
import Testing
import TermUI
@testable import EvalTUI

/// Issue 10, items 4–13: what a new user tripped over in the first minutes (losing work by
/// accident, columns cut while there is room, messages that vanish, unclear marks).
@Suite struct FirstMinutesTests {
    // MARK: - Helpers

    /// The bundled example (digits) in an app driven like replay, with its journal off.
    static func digitsApp(width: Int = 120, height: Int = 40, configure: (inout AppState) -> Void = { _ in }) throws -> App {
        var state = AppState(fileName: "digits.csv", width: width, height: height)
        configure(&state)
        return Replay.makeApp(state: state, session: Golden.Source.bundled.session, context: try AnalysisSessions.context())
    }

    /// An evaluation with long ids that share a long prefix, and long URLs (as real files have).
    static let longIDs: Session = {
        var csv = "input_id,url,labels,cat,dog,bird\n"
        let labels = ["cat", "dog", "bird"]
        for i in 0 ..< 60 {
            let scores = (0 ..< 3).map { c in c == i % 3 ? 0.3 + Double(i % 7) / 10 : Double((i * 7 + c) % 5) / 10 }
            csv += "digits_noisy_validation_batch_\(String(format: "%04d", 1300 + i)),"
            csv += "https://storage.example.com/evaluations/2026/noisy/img_\(String(format: "%07d", 325 + i)).jpg,"
            csv += "\(labels[i % 3]),\(scores.map { String($0) }.joined(separator: ","))\n"
        }
        let evaluation = try! EvaluationLoader.load(bytes: Array(csv.utf8), name: "noisy.csv")
        return Session(evaluation: evaluation)
    }()

    // MARK: - 4. Ids get priority and are shortened in the middle

    @Test func idsAreWholeWhenTheyFitAndShortenedInTheMiddleOtherwise() throws {
        for width in [200, 120] {
            let app = Replay.makeApp(state: AppState(fileName: "noisy.csv", width: width, height: 40),
                                     session: Self.longIDs, context: try AnalysisSessions.context())
            try app.press("<Enter>")
            let text = app.screenText
            let id = "digits_noisy_validation_batch_1"
            #expect(text.contains(id), "the whole id at \(width) columns")
            // The URL keeps its tail (the file name) at every width that shows it.
            if text.contains("URL") { #expect(text.contains(".jpg")) }
        }
        let narrow = Replay.makeApp(state: AppState(fileName: "noisy.csv", width: 60, height: 24),
                                    session: Self.longIDs, context: try AnalysisSessions.context())
        try narrow.press("<Enter>")
        // Too narrow for the whole id: its start and its distinguishing end both stay.
        #expect(narrow.screenText.range(of: #"digits_noisy\S*…\S*_1\d\d\d"#, options: .regularExpression) != nil, "\(narrow.screenText)")
    }

    @Test func truncateMiddleKeepsBothEnds() {
        #expect(CellWidth.truncateMiddle("digits_noisy_1364", toWidth: 14) == "digits…sy_1364")
        #expect(CellWidth.truncateMiddle("short", toWidth: 14) == "short")
        #expect(CellWidth.of(CellWidth.truncateMiddle("日本語のファイル名.jpg", toWidth: 11)) <= 11)
        #expect(CellWidth.truncateMiddle("https://x.example/a/b/img_0000325.jpg", toWidth: 20).hasSuffix("000325.jpg"))
    }

    @Test func eightyColumnsKeepFNFPAndTheHelpAndQuitHints() throws {
        for keys in ["", "<Enter>", "c", "F", "L", "d", "b"] {
            let app = try Self.digitsApp(width: 80, height: 24)
            try app.press(keys)
            let lines = app.screenText.split(separator: "\n", omittingEmptySubsequences: false)
            let bar = String(lines[23])
            #expect(bar.contains(" help") && bar.contains("q quit"), "status bar after '\(keys)': \(bar)")
        }
        let app = try Self.digitsApp(width: 80, height: 24)
        let header = app.screenText.split(separator: "\n")[4]
        #expect(header.contains(" FN ") && header.contains(" FP "), "\(header)")
    }

    @Test func statusBarKeepsEssentialHintsAndGivesTheMessageRoom() {
        let hints = [StatusHint(key: "Enter", label: "details"), StatusHint(key: "s", label: "sort"),
                     StatusHint(key: "t", label: "set t"), StatusHint(key: "?", label: "help", essential: true),
                     StatusHint(key: "q", label: "quit", essential: true)]
        var buffer = Buffer(width: 30, height: 1)
        StatusBar(hints: hints).render(into: &buffer, area: buffer.area)
        #expect(buffer.lines() == [" Enter details …  ? help  q qu"] || buffer.lines()[0].contains("? help"))
        let message = String(repeating: "m", count: 150)
        var wide = Buffer(width: 200, height: 1)
        StatusBar(hints: hints, message: StatusMessage(message)).render(into: &wide, area: wide.area)
        #expect(wide.lines()[0].contains(message), "a long message is whole at 200 columns")
        #expect(wide.lines()[0].contains("? help") && wide.lines()[0].contains("q quit"))
    }

    // MARK: - 5. Columns get the width they need

    @Test func matrixHeadersShowWholeNamesWhenTheyFit() throws {
        let app = try Self.digitsApp(width: 80, height: 24)
        try app.press("c")
        let header = app.screenText.split(separator: "\n")[3]
        for name in ["three", "seven", "eight"] { #expect(header.contains(name), "\(header)") }
        // Cut in the middle, names that share a prefix stay apart in few cells.
        #expect(MatrixScreen.distinctPrefixLength((0 ..< 20).map { String(format: "concept_%02d", $0) }) == 4)
        #expect(MatrixScreen.distinctPrefixLength(["three", "two", "thirty"]) == 3)
        // When they cannot fit, the names are cut with an ellipsis, never silently.
        let narrow = MatrixScreen.columnWidth(names: (0 ..< 40).map { "concept_\($0)" }, valueWidth: 4, available: 70)
        #expect(narrow - 1 >= MatrixScreen.distinctPrefixLength((0 ..< 40).map { "concept_\($0)" }))
    }

    @Test func matrixTitlesSayWhatTheColumnsAre() {
        #expect(MatrixScreen.axes(.meanScore) == "rows true, columns the concept scored")
        #expect(!MatrixScreen.axes(.meanScore).contains("predicted"))
        #expect(MatrixScreen.axes(.countsAtThreshold) == "rows true, columns predicted")
    }

    @Test func adviceColumnIsWholeOnAWideScreen() {
        let columns = ConceptTableView.visibleColumns(width: 198, adviceWidth: 7)
        let adv = columns.first { $0.title == "Adv" }
        #expect(adv?.width == 7)
        // At 80 columns it gives way rather than pushing out FN and FP.
        let narrow = ConceptTableView.visibleColumns(width: 78, adviceWidth: 7)
        #expect(narrow.contains { $0.title == "FN" } && narrow.contains { $0.title == "FP" })
    }

    // MARK: - 6. Messages: a log, and stale ones cleared

    @Test func messagesAreLoggedAndExpire() throws {
        let app = try Self.digitsApp()
        try app.press("sSp")
        #expect(app.state.messageLog.map(\.text).suffix(3) == ["sorted by AP", "sorted by AP, descending", "precision-recall curve"])
        try app.press("!")
        #expect(app.screenText.contains("sorted by AP, descending"))
        try app.press("<Esc>")
        // The message stays while it is fresh, and goes once stale (it stays in the log).
        let now = Date()
        _ = app.poll(now: now)
        #expect(app.state.status != nil)
        _ = app.poll(now: now.addingTimeInterval(3))
        #expect(app.state.status != nil)
        _ = app.poll(now: now.addingTimeInterval(7))
        #expect(app.state.status == nil)
        #expect(app.state.messageLog.last?.text == "precision-recall curve")
        // The same message said again is fresh again: its time starts over.
        let t0 = now.addingTimeInterval(100)
        app.handle(.key(.char("u")))
        _ = app.poll(now: t0)
        _ = app.poll(now: t0.addingTimeInterval(5))
        app.handle(.key(.char("u")))
        _ = app.poll(now: t0.addingTimeInterval(5))
        _ = app.poll(now: t0.addingTimeInterval(9))
        #expect(app.state.status?.text == "nothing to undo")
        _ = app.poll(now: t0.addingTimeInterval(12))
        #expect(app.state.status == nil)
    }

    @Test func theLogKeepsTheLastHundred() {
        var state = TestSessions.state(TestSessions.tiny())
        for i in 0 ..< 150 { state.status = StatusMessage("message \(i)") }
        #expect(state.messageLog.count == 100)
        #expect(state.messageLog.first?.text == "message 50" && state.messageLog.last?.text == "message 149")
    }

    // MARK: - 7. q goes back one level

    @Test func qClosesTheDetailsBeforeQuitting() throws {
        let app = try Self.digitsApp()
        try app.press("<Enter>q")
        #expect(!app.shouldQuit)
        #expect(app.state.details == nil)
        try app.press("cj<Enter>q")
        #expect(!app.shouldQuit && app.state.screen == .matrix && app.state.details == nil)
        try app.press("q")
        #expect(!app.shouldQuit && app.state.screen == .main)
        try app.press("q")
        #expect(app.shouldQuit)
    }

    // MARK: - 8. = resets only the global threshold; threshold changes are undoable

    @Test func resetKeepsPerConceptThresholdsAndSaysSo() throws {
        let app = try Self.digitsApp()
        try app.press("M<Enter>")  // max-f1 on every concept
        let own = app.state.thresholds.perConcept
        #expect(own.count == 10)
        try app.press("j]]=")
        #expect(app.state.thresholds.perConcept == own.merging([app.state.selectedConcept!: own[app.state.selectedConcept!]! + 0.2]) { $1 } || app.state.thresholds.perConcept.count == 10)
        #expect(app.state.thresholds.global == 0.5)
        #expect(app.state.thresholds.perConcept.count == 10)
    }

    @Test func undoTakesBackThresholdChangesOfEveryKind() throws {
        let app = try Self.digitsApp()
        try app.press("]]]")
        #expect(app.state.thresholds.global == 0.8)
        try app.press("u")  // the three steps are one change
        #expect(app.state.thresholds.global == 0.5)
        #expect(app.state.status?.text.hasPrefix("undone: global threshold 0.50 → 0.80") == true)
        try app.press("U")
        #expect(app.state.thresholds.global == 0.8)
        try app.press("M<Enter>")
        #expect(app.state.thresholds.perConcept.count == 10)
        try app.press("u")
        #expect(app.state.thresholds.perConcept.isEmpty)
        #expect(app.state.status?.text.contains("max-f1 on every concept") == true)
        try app.press("t0.25<Enter>=")
        #expect(app.state.thresholds.global == 0.5)
        try app.press("u")
        #expect(app.state.thresholds.global == 0.25)
        try app.press("Tu")
        #expect(app.state.thresholds.perConcept.isEmpty)
        try app.press("uuuu")
        #expect(app.state.status?.text == "nothing to undo")
        #expect(app.state.thresholds == Thresholds(global: 0.5))
    }

    @Test func oneHistoryForFlagsAndThresholds() throws {
        let h = try FlagsHarness()
        try h.press("<Enter>")
        let id = try #require(h.detailsID(0))
        try h.press("f]")
        #expect(h.state.flags.isFlagged(id) && h.state.thresholds.global == 0.6)
        try h.press("u")  // the threshold first: it was the last change
        #expect(h.state.flags.isFlagged(id) && h.state.thresholds.global == 0.5)
        try h.press("u")
        #expect(!h.state.flags.isFlagged(id))
        try h.press("U")
        #expect(h.state.flags.isFlagged(id) && h.state.thresholds.global == 0.5)
        try h.press("U")
        #expect(h.state.thresholds.global == 0.6)
    }

    // MARK: - 9. The details follow the selection; the matrix hides them

    @Test func detailsFollowTheSelectedConcept() throws {
        let app = try Self.digitsApp()
        try app.press("<Enter>")
        let first = try #require(app.state.selectedConcept)
        try app.press("<S-Tab>j")  // back to the table, next concept
        let selected = try #require(app.state.selectedConcept)
        #expect(selected != first)
        #expect(app.state.details?.source == .concept(selected))
        let name = Golden.Source.bundled.session.name(selected)
        #expect(app.screenText.contains("Inputs behind \(name) at"))
        try app.press("c")
        #expect(app.state.details == nil)
        #expect(!app.screenText.contains("Inputs behind"))
        try app.press("<Esc>")
        #expect(app.state.details?.source == .concept(selected))
    }

    // MARK: - 10. e asks before overwriting

    @Test func exportAsksBeforeOverwriting() throws {
        let path = NSTemporaryDirectory() + "evaltop-export-\(UUID().uuidString).json"
        try "keep me".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let app = try Self.digitsApp { $0.analysis.exportPath = path }
        try app.press("e<Enter>")
        guard case .prompt(let prompt)? = app.state.overlay, case .confirmOverwrite = prompt.purpose else {
            Issue.record("no confirmation asked"); return
        }
        #expect(app.screenText.contains("exists. Overwrite it? (y/n)"))
        try app.press("n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
        #expect(app.state.status?.text.contains("kept as it was") == true)
        try app.press("e<Enter>y")
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("\"eight\""))
    }

    // MARK: - 11. Per-concept thresholds are visible and exact

    @Test func thresholdColumnAndExactSliderValue() throws {
        let app = try Self.digitsApp()
        func header() -> String { app.screenText.split(separator: "\n").map(String.init).first { $0.contains("Concept") && $0.contains("AUC") } ?? "" }
        #expect(!header().contains(" t "))
        try app.press("Tt0.998255<Enter>")
        #expect(header().contains(" t "))
        let lines = app.screenText.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("│• eight ") && $0.contains("0.998255") })
        let slider = lines.first { $0.hasPrefix("│t ") } ?? ""
        #expect(slider.contains("● 0.998255"), "\(slider)")
        try app.press("?" + String(repeating: "<PgDn>", count: 12))
        #expect(app.screenText.contains("has its own threshold"))
    }

    // MARK: - 12. Legends and wording

    @Test func multilabelSuspectsHaveALegend() throws {
        let app = Replay.makeApp(state: AppState(fileName: "digits_ml.csv", width: 120, height: 40),
                                 session: Golden.Source.digitsML.session, context: try AnalysisSessions.context())
        try app.press("L")
        #expect(app.screenText.contains("+name labelled with it, -name not labelled"))
        // Item 4: at 80 columns the ids are whole (they were cut to "digits_ml_1…").
        let narrow = Replay.makeApp(state: AppState(fileName: "digits_ml.csv", width: 80, height: 24),
                                    session: Golden.Source.digitsML.session, context: try AnalysisSessions.context())
        try narrow.press("L")
        #expect(narrow.screenText.range(of: #"│ +1 digits_ml_\d{4} "#, options: .regularExpression) != nil, "\(narrow.screenText)")
    }

    @Test func foldSlicesInFoldOrderAndNoVarianceWithoutTheRule() throws {
        let app = try Self.digitsApp()
        try app.press("b")
        let lines = app.screenText.split(separator: "\n").map(String.init)
        let folds = lines.compactMap { line -> String? in
            let trimmed = line.drop { $0 == "│" || $0 == " " || $0 == ">" || $0 == "▶" }
            return ["0", "1", "2", "3", "4"].first { trimmed.hasPrefix($0 + " ") }
        }
        #expect(folds == ["0", "1", "2", "3", "4"])
        #expect(!app.screenText.contains("(variance)"))
    }

    // MARK: - 13. Alignment

    @Test func sortingNeverMovesAColumn() throws {
        var positions: [[Int]] = []
        for presses in 0 ..< 11 {
            let app = try Self.digitsApp(width: 200, height: 40)
            try app.press(String(repeating: "s", count: presses))
            let lines = app.screenText.split(separator: "\n").map(String.init)
            let header = try #require(lines.first { $0.contains("Concept") && $0.contains("Recall") })
            let row = try #require(lines.first { $0.contains("│  zero ") || $0.contains("│  zero") })
            // Where each number of the zero row ends: the same whatever the sort.
            var ends: [Int] = []
            let chars = Array(row)
            for i in 1 ..< chars.count where chars[i] == " " && chars[i - 1].isNumber { ends.append(i) }
            positions.append(ends)
            _ = header
        }
        #expect(Set(positions.map { $0.description }).count == 1, "\(positions)")
    }

    @Test func sliderTrackKeepsItsLengthWhateverTheName() throws {
        let app = Replay.makeApp(state: AppState(fileName: "digits_ml.csv", width: 100, height: 30),
                                 session: Golden.Source.digitsML.session, context: try AnalysisSessions.context())
        func track() -> Int {
            let line = app.screenText.split(separator: "\n").first { $0.hasPrefix("t ") || $0.contains("│t ") }!
            return line.filter { $0 == "━" || $0 == "─" || $0 == "●" }.count
        }
        let first = track()
        var lengths = Set<Int>()
        for _ in 0 ..< 6 { try app.press("j"); lengths.insert(track()) }
        #expect(lengths == [first])
    }
}

/// Item 9 at scale: following the selection with the details open never waits for a sort.
@Suite struct DetailsFollowAtScaleTests {
    @Test func aLargeEvaluationsIndexIsNotBuiltOnTheKeystrokePath() {
        let n = Session.synchronousSelectionLimit + 1
        var scores: [Double] = []
        scores.reserveCapacity(n * 2)
        for i in 0 ..< n { scores += [Double(i % 97) / 97, Double(i % 89) / 89] }
        let evaluation = Evaluation(
            sourcePath: "big.csv", format: .wide, mode: .exclusive,
            concepts: [Concept(id: "a", name: "a"), Concept(id: "b", name: "b")],
            inputIDs: (0 ..< n).map { "i\($0)" }, scores: scores,
            labelOffsets: (0 ... n).map(Int32.init), labelConcepts: (0 ..< n).map { Int32($0 % 2) })
        let session = Session(evaluation: evaluation)
        var state = TestSessions.state(session)
        _ = state.reduce(.drillDown)
        // Not built yet: the reducer and the view answer at once with no rows.
        let concept = state.selectedConcept!
        #expect(session.readySelection(for: concept) == nil)
        #expect(state.detailsRowCount == 0)
        // Once built (in the background in the app), the rows are there.
        _ = session.selection(for: concept)
        #expect(state.detailsRowCount > 0)
    }
}

/// The shared history's own rules (item 8).
@Suite struct EditHistoryTests {
    @Test func sliderStepsMergeAndVanishWhenTheyReturnToTheStart() {
        var state = TestSessions.state(TestSessions.tiny())
        for _ in 0 ..< 3 { _ = state.reduce(.stepThreshold(0.01)) }
        #expect(state.history.undoStack.count == 1)
        for _ in 0 ..< 3 { _ = state.reduce(.stepThreshold(-0.01)) }
        #expect(state.history.undoStack.isEmpty)
        _ = state.reduce(.undo)
        #expect(state.status?.text == "nothing to undo")
    }

    @Test func aFlagMarkerWithNothingBehindItDoesNotBlockUndo() {
        var state = TestSessions.state(TestSessions.tiny())
        _ = state.reduce(.setThreshold(0.3))
        state.history.recordFlagEdit()  // as if the store's history were lost
        _ = state.reduce(.undo)
        #expect(state.thresholds.global == 0.5)
        #expect(state.status?.text.hasPrefix("undone: global threshold") == true)
    }

    @Test func aNewChangeClearsRedo() {
        var state = TestSessions.state(TestSessions.tiny())
        _ = state.reduce(.setThreshold(0.3))
        _ = state.reduce(.undo)
        #expect(state.history.redoStack.count == 1)
        _ = state.reduce(.togglePerConceptThreshold)
        #expect(state.history.redoStack.isEmpty)
        _ = state.reduce(.redo)
        #expect(state.status?.text == "nothing to redo")
    }
}
