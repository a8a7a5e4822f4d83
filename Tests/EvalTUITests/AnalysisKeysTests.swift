import EvalCore
import Foundation
import TermUI
import Testing
@testable import EvalTUI

/// The diagnosis part of the UI (issue 5): `d`, `b`, `m`, `M`, `e`, `--thresholds`, the verdict
/// in the header and summary, the advice column and the background runtime.
@Suite struct AnalysisKeysTests {
    static func animals() throws -> Session {
        Session(evaluation: try EvaluationLoader.load(path: FlagsHarness.examplePath("animals.csv")))
    }

    // MARK: verdict and advice

    @Test func verdictAppearsInHeaderAndSummaryOnceComputed() throws {
        let session = try Self.animals()
        let app = try AnalysisSessions.app(session)
        let diagnosis = try #require(app.state.analysis.diagnosis?.diagnosis)
        let slices = Slices(metrics: session.evaluationMetrics!)
        // The same diagnosis as EvalCore computes with the slices, at the thresholds in force.
        #expect(diagnosis == Diagnoser.diagnose(metrics: session.metrics, thresholds: app.state.thresholds, slices: slices))
        #expect(diagnosis.verdict == .biased)
        let lines = app.screenText.components(separatedBy: "\n")
        #expect(lines[0].contains("possibly biased"))
        #expect(lines[2].contains(diagnosis.summary.prefix(40)))
    }

    @Test func adviceMarkersColumnShowsEachConceptsCodes() throws {
        let session = try Self.animals()
        for width in [100, 80] {
            let app = try AnalysisSessions.app(session, width: width, height: 30)
            let lines = app.screenText.components(separatedBy: "\n")
            let header = try #require(lines.first { $0.contains("Concept") && $0.contains("AUC") })
            for title in ["AUC", "F1", "Adv"] { #expect(header.contains(title), "\(title) at \(width) wide") }
            #expect(header.contains("Precision") || header.contains(" P "))
            let diagnosis = try #require(app.state.analysis.diagnosis?.diagnosis)
            for concept in diagnosis.concepts {
                let row = try #require(lines.first { $0.contains("│  \(session.name(concept.concept)) ") })
                let last = row.split(separator: " ").last.map(String.init) ?? ""
                if concept.advice.isEmpty { #expect(last.hasSuffix("│") && !last.contains("c")) }
                else { #expect(row.contains(" \(concept.markers) "), "\(session.name(concept.concept)) shows \(concept.markers)") }
            }
        }
    }

    @Test func diagnosisFollowsTheThresholds() throws {
        let app = try AnalysisSessions.app(try Self.animals())
        try app.press("]]")
        let result = try #require(app.state.analysis.diagnosis)
        #expect(result.request.thresholds == app.state.thresholds)
        #expect(result.request.thresholds.global == 0.7)
    }

    @Test func backgroundDiagnosisNeverWaitsOnAKey() async throws {
        let session = try Self.animals()
        let app = Replay.makeApp(state: AppState(fileName: "animals.csv", width: 100, height: 30), session: session,
                                 context: try AnalysisSessions.context(), analysis: AnalysisRuntime(synchronous: false))
        // Keys work before the slices and the diagnosis are in; the header says so.
        try app.press("j]")
        #expect(app.state.thresholds.global == 0.6)
        var waited = 0
        while app.state.analysis.diagnosis?.request.thresholds != app.state.thresholds, waited < 400 {
            try await Task.sleep(nanoseconds: 10_000_000)
            _ = app.poll()
            waited += 1
        }
        let result = try #require(app.state.analysis.diagnosis)
        #expect(result.request.thresholds.global == 0.6)
        #expect(app.state.analysis.slices != nil)
        #expect(result.diagnosis == Diagnoser.diagnose(metrics: session.metrics, thresholds: app.state.thresholds,
                                                       slices: app.state.analysis.slices!.slices))
    }

    @Test func suspectsFromTheSuspectsViewFeedTheDiagnosis() throws {
        let h = try FlagsHarness(example: "animals.csv", width: 100, height: 30)
        #expect(h.state.analysis.diagnosis?.request.suspectCounts == nil)
        try h.press("L")
        let counts = try #require(h.state.analysis.suspectCounts)
        #expect(counts.reduce(0, +) > 0)
        let result = try #require(h.state.analysis.diagnosis)
        #expect(result.request.suspectCounts == counts)
        let husky = try #require(h.session.evaluation!.concepts.firstIndex { $0.name == "husky" })
        #expect(result.diagnosis.concepts[husky].has(.suspectLabels))
    }

    // MARK: d

    @Test func dOpensTheDiagnosisAndEnterSelectsTheConcept() throws {
        let session = try Self.animals()
        let app = try AnalysisSessions.app(session)
        try app.press("d")
        #expect(app.state.screen == .diagnosis)
        let diagnosis = try #require(app.state.analysis.diagnosis?.diagnosis)
        let order = DiagnosisEntries.order(diagnosis)
        // Concepts with advice first, healthy ones last and listed as healthy.
        let advised = diagnosis.conceptsWithAdvice.count
        #expect(order.prefix(advised).allSatisfy { !diagnosis.concepts[$0].advice.isEmpty })
        #expect(order.dropFirst(advised).allSatisfy { diagnosis.concepts[$0].advice.isEmpty })
        let text = app.screenText
        for concept in order.dropFirst(advised) {
            #expect(text.contains("\(session.name(concept))") && text.contains("healthy ("))
        }
        for advice in diagnosis.concepts.flatMap(\.advice) { #expect(text.contains(advice.code)) }
        try app.press("j<Enter>")
        #expect(app.state.screen == .main)
        #expect(app.state.selectedConcept == order[1])
        // From a filtered table too: the filter is cleared when it hides the concept.
        try app.press("/zzz<Enter>d<Enter>")
        #expect(app.state.table.filter == "")
        #expect(app.state.selectedConcept == order[1])
    }

    @Test func diagnosisViewScrollsToKeepTheSelectionVisible() throws {
        let app = try AnalysisSessions.app(try Self.animals(), width: 100, height: 16)
        try app.press("dG")
        let diagnosis = try #require(app.state.analysis.diagnosis?.diagnosis)
        let order = DiagnosisEntries.order(diagnosis)
        #expect(app.state.analysis.diagnosisView.selectedEntry == order.count - 1)
        let lastName = app.state.session!.name(order.last!)
        #expect(app.screenText.contains("▶ \(lastName)"))
        try app.press("g")
        #expect(app.state.analysis.diagnosisView.scrollOffset == 0)
    }

    // MARK: b

    @Test func bOpensTheSlicesAndEnterDrillsIntoConceptAUC() throws {
        let session = try Self.animals()
        let app = try AnalysisSessions.app(session)
        try app.press("b")
        #expect(app.state.screen == .slices)
        let slices = try #require(app.state.analysis.slices?.slices)
        #expect(slices.attributes.map(\.name) == ["camera", "light", "fold"])
        let text = app.screenText
        #expect(text.contains("meta:camera") && text.contains("possible bias"))
        let phoneRow = try #require(text.components(separatedBy: "\n").first { $0.contains("  phone ") })
        let camera = slices.attributes[0]
        let phone = try #require(camera.values.firstIndex { $0.value == "phone" })
        #expect(camera.macroAUCGap?.low == phone)
        #expect(phoneRow.contains(Format.fixed(camera.values[phone].macroAUC!, 4)))
        let metrics = try #require(camera.values[phone].macroMetrics(thresholds: app.state.thresholds))
        #expect(phoneRow.contains(Format.fixed(metrics.f1, 4)))
        // Down to phone, then Enter: its per-concept AUC, worst against the overall AUC first.
        try app.press(String(repeating: "j", count: phone) + "<Enter>")
        #expect(app.state.analysis.slicesView.drill == SliceRef(attribute: 0, value: phone))
        let drilled = app.screenText
        #expect(drilled.contains("meta:camera = phone: per-concept AUC"))
        let order = SliceRows.drillOrder(slices, SliceRef(attribute: 0, value: phone), overall: session.metrics.curves.map(\.auc))
        let firstRow = try #require(drilled.components(separatedBy: "\n").first { $0.contains("│\(TerminalText.safe(session.name(order[0])))") || $0.contains("▶ \(session.name(order[0]))") || $0.contains(session.name(order[0]) + " ") })
        #expect(firstRow.contains(Format.fixed(camera.values[phone].curves[order[0]].auc!, 4)))
        try app.press("<Esc>")
        #expect(app.state.screen == .slices && app.state.analysis.slicesView.drill == nil)
        try app.press("<Esc>")
        #expect(app.state.screen == .main)
    }

    @Test func slicesViewSaysWhenThereIsNothingToSlice() throws {
        let app = try AnalysisSessions.app(TestSessions.tiny())
        try app.press("b")
        #expect(app.state.screen == .slices)
        #expect(app.screenText.contains("nothing to break down by"))
    }

    // MARK: m and M

    @Test func mAppliesAStrategyToTheSelectedConcept() throws {
        let session = try Self.animals()
        let app = try AnalysisSessions.app(session)
        let concept = try #require(app.state.selectedConcept)
        try app.press("m")
        guard case .strategyMenu(let menu)? = app.state.overlay else { Issue.record("no menu"); return }
        #expect(!menu.allConcepts)
        try app.press("<Enter>")
        let expected = try #require(ThresholdStrategy.maxF1.suggestion(metrics: session.metrics, concept: concept).threshold)
        #expect(app.state.thresholds.perConcept == [concept: expected])
        #expect(app.state.analysis.strategy == .maxF1)
        #expect(app.state.status?.text.contains("max-f1") == true)
        // cost:R asks for R with 5 shown; the typed value is used.
        try app.press("mjj")
        try app.press("<Enter>")
        guard case .prompt(let prompt)? = app.state.overlay else { Issue.record("no prompt"); return }
        #expect(prompt.text == "5")
        try app.press("<Backspace>2<Enter>")
        let cost = try #require(ThresholdStrategy.cost(ratio: 2).suggestion(metrics: session.metrics, concept: concept).threshold)
        #expect(app.state.thresholds.perConcept[concept] == cost)
        #expect(app.state.analysis.strategy == .cost(ratio: 2))
        // A bad number keeps the prompt open and says why.
        // (The menu opens on the strategy used last: cost; one down is precision.)
        try app.press("mj<Enter><Backspace><Backspace><Backspace>1.5<Enter>")
        #expect(app.state.status?.kind == .error)
        #expect(app.state.status?.text.contains("precision must be between 0 and 1") == true)
        guard case .prompt? = app.state.overlay else { Issue.record("prompt closed"); return }
        try app.press("<Esc>")
        #expect(app.state.overlay == nil)
        #expect(app.state.thresholds.perConcept[concept] == cost)
    }

    @Test func capitalMAppliesToEveryConceptAndKeepsThoseWithoutAnswer() throws {
        let session = AnalysisSessions.withoutBirds()
        let app = try AnalysisSessions.app(session)
        try app.press("M<Enter>")
        let suggestions = ThresholdStrategy.maxF1.suggestions(metrics: session.metrics)
        #expect(suggestions[2].threshold == nil)
        #expect(app.state.thresholds.perConcept[0] == suggestions[0].threshold)
        #expect(app.state.thresholds.perConcept[1] == suggestions[1].threshold)
        #expect(app.state.thresholds.perConcept[2] == nil)
        let status = try #require(app.state.status)
        #expect(status.kind == .warning)
        #expect(status.text.contains("no threshold for bird"))
        // m on bird alone: kept, and the status says so.
        let birdRow = try #require(app.state.conceptRows.firstIndex(of: 2))
        try app.press(String(repeating: "j", count: birdRow) + "m<Enter>")
        #expect(app.state.selectedConcept == 2)
        #expect(app.state.thresholds.perConcept[2] == nil)
        #expect(app.state.status?.text.contains("gives no threshold for bird") == true)
    }

    @Test func curveMarksTheSuggestedPoint() throws {
        let session = try Self.animals()
        let app = try AnalysisSessions.app(session)
        let concept = try #require(app.state.selectedConcept)
        let maxF1 = try #require(session.suggestion(.maxF1, concept: concept).threshold)
        #expect(app.screenText.contains("◆ max-f1 t=\(Format.threshold(maxF1))"))
        try app.press("mj<Enter>")
        let youden = try #require(session.suggestion(.youden, concept: concept).threshold)
        #expect(app.screenText.contains("◆ youden t=\(Format.threshold(youden))"))
    }

    // MARK: e

    @Test func eExportsTheThresholdsThatReadBackBitForBit() throws {
        let folder = NSTemporaryDirectory() + "evaltop-export-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = try Self.animals()
        let app = try AnalysisSessions.app(session)
        try app.press("m<Enter>]e")
        guard case .prompt(let prompt)? = app.state.overlay, prompt.purpose == .exportPath else { Issue.record("no prompt"); return }
        #expect(prompt.text == FlagsHarness.examplePath("animals.thresholds.json"))
        let path = folder + "/out.json"
        try app.press(String(repeating: "<Backspace>", count: prompt.text.count) + path + "<Enter>")
        #expect(app.state.status?.text == "saved to \(path)")
        let loaded = try ThresholdsFile.load(path: path, evaluation: session.evaluation!, global: 0.5)
        for c in 0 ..< session.evaluation!.conceptCount {
            #expect(loaded.value(for: c) == app.state.thresholds.value(for: c))
        }
        // Every concept is written, the global value where there is no override.
        #expect(loaded.perConcept.count == session.conceptCount)
        // A path that cannot be written: an error, nothing else changes.
        try app.press("e" + String(repeating: "<Backspace>", count: path.count) + folder + "/missing/dir/x.json<Enter>")
        #expect(app.state.status?.kind == .error)
        #expect(app.state.status?.text.contains("missing/dir/x.json") == true)
    }

    // MARK: --thresholds

    @Test func startThresholdsFileIsAppliedOnceLoaded() throws {
        let folder = NSTemporaryDirectory() + "evaltop-import-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = try Self.animals()
        let good = folder + "/good.json"
        try #"{"husky": 0.3125, "wolf": null, "fox": 0.71}"#.write(toFile: good, atomically: true, encoding: .utf8)
        var state = AppState(fileName: "animals.csv", threshold: 0.4, width: 100, height: 30)
        state.analysis.startThresholdsFile = good
        let app = try AnalysisSessions.app(session, state: state)
        let names = session.evaluation!.concepts.map(\.name)
        #expect(app.state.phase == .ready)
        #expect(app.state.thresholds.global == 0.4)
        #expect(app.state.thresholds.perConcept == [names.firstIndex(of: "husky")!: 0.3125, names.firstIndex(of: "fox")!: 0.71])
        // The replay path: the same function, before the UI.
        let applied = try ThresholdsImport.apply(path: good, to: AppState(fileName: "animals.csv", threshold: 0.4),
                                                 concepts: session.concepts)
        #expect(applied.thresholds == app.state.thresholds)

        // An unknown concept: the run fails with the file's name.
        let bad = folder + "/bad.json"
        try #"{"zebra": 0.5}"#.write(toFile: bad, atomically: true, encoding: .utf8)
        state.analysis.startThresholdsFile = bad
        let failing = try AnalysisSessions.app(session, state: state)
        guard case .failed(let message) = failing.state.phase else { Issue.record("not failed"); return }
        #expect(message.contains(bad) && message.contains("zebra"))

        // Checked before the UI: unreadable and malformed files name the file.
        #expect(throws: LoadError.self) { try ThresholdsImport.check(path: folder + "/none.json") }
        let malformed = folder + "/malformed.json"
        try #"{"husky": "high"}"#.write(toFile: malformed, atomically: true, encoding: .utf8)
        do {
            try ThresholdsImport.check(path: malformed)
            Issue.record("accepted a string threshold")
        } catch {
            #expect(error.description.contains(malformed))
        }
        try ThresholdsImport.check(path: good)
    }

    // MARK: keys

    @Test func newKeysAreRegisteredInTheirContexts() {
        var state = TestSessions.state(TestSessions.tiny())
        #expect(KeyBindings.action(for: .char("d"), in: state) == .analysis(.openDiagnosis))
        #expect(KeyBindings.action(for: .char("b"), in: state) == .analysis(.openSlices))
        #expect(KeyBindings.action(for: .char("m"), in: state) == .analysis(.openStrategyMenu(allConcepts: false)))
        #expect(KeyBindings.action(for: .char("M"), in: state) == .analysis(.openStrategyMenu(allConcepts: true)))
        #expect(KeyBindings.action(for: .char("e"), in: state) == .analysis(.promptExport))
        state.screen = .diagnosis
        #expect(KeyBindings.action(for: .enter, in: state) == .analysis(.drill))
        state.screen = .slices
        state.analysis.slicesView.drill = SliceRef(attribute: 0, value: 0)
        #expect(KeyBindings.activeContexts(state) == [.sliceConcepts, .global])
        state.overlay = .strategyMenu(StrategyMenu(allConcepts: false))
        #expect(KeyBindings.action(for: .char("j"), in: state) == .analysis(.menuMove(1)))
        #expect(KeyBindings.helpSections().contains { $0.title == "Diagnosis view (d)" })
    }
}
