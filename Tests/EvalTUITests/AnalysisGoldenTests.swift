import EvalCore
import Foundation
import TermUI
import Testing
@testable import EvalTUI

/// Golden screens of the diagnosis, slices and threshold-strategy views at 100×30, on
/// Examples/animals.csv (meta: attributes, sizes and folds).
@Suite struct AnalysisGoldenTests {
    static func screen(_ keys: String, unicode: Bool = true) throws -> String {
        let session = Session(evaluation: try EvaluationLoader.load(path: FlagsHarness.examplePath("animals.csv")))
        let state = AppState(fileName: "animals.csv", width: 100, height: 30, unicode: unicode)
        return Replay.text(of: Replay.run(state: state, session: session, keys: try KeyScript.parse(keys),
                                          context: try AnalysisSessions.context(unicode: unicode)))
    }

    @Test func diagnosisView() throws { try AnalysisGoldens.check("animals-100x30-diagnosis", try Self.screen("d")) }
    @Test func slicesView() throws { try AnalysisGoldens.check("animals-100x30-slices", try Self.screen("bjjj")) }
    @Test func sliceConceptsView() throws { try AnalysisGoldens.check("animals-100x30-slice-concepts", try Self.screen("bjj<Enter>")) }
    @Test func strategyMenu() throws { try AnalysisGoldens.check("animals-100x30-strategy-menu", try Self.screen("m")) }
    @Test func strategyApplied() throws { try AnalysisGoldens.check("animals-100x30-strategy-applied", try Self.screen("mj<Enter>")) }
    @Test func asciiDiagnosisAndCurve() throws {
        try AnalysisGoldens.check("animals-100x30-ascii-diagnosis", try Self.screen("d", unicode: false))
        try AnalysisGoldens.check("animals-100x30-ascii-start", try Self.screen("", unicode: false))
    }
    @Test func costPrompt() throws { try AnalysisGoldens.check("animals-100x30-cost-prompt", try Self.screen("mjj<Enter>")) }
}
