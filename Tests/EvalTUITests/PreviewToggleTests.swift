import EvalCore
import Foundation
import Testing
@testable import EvalTUI

/// `i` toggles the preview pane only where there is something to preview, and says why not
/// elsewhere (it used to answer "preview shown" over a screen that showed nothing new).
@Suite struct PreviewToggleTests {
    typealias Screens = SummaryScreenTests

    @Test func inputsWithImagesToggleThePane() throws {
        let session = Session(evaluation: try EvaluationLoader.loadBundledExample(.digitsFlippedWithImages))
        let (_, shown) = try Screens.app(session, keys: "<Enter>i", width: 90, height: 30)
        #expect(shown.previewVisible && shown.status?.text == "preview shown (i hides it)")
        let (_, hidden) = try Screens.app(session, keys: "<Enter>ii", width: 90, height: 30)
        #expect(!hidden.previewVisible && hidden.status?.text == "preview hidden (i shows it)")
    }

    @Test func inputsWithoutURLOrTextSayThereIsNothingToPreview() throws {
        #expect(Screens.file.evaluation?.urls == nil && Screens.file.evaluation?.texts == nil)
        let (_, state) = try Screens.app(Screens.file, keys: "<Enter>i", width: 90, height: 30)
        #expect(state.status?.text == "nothing to preview: these inputs have no url, path or text column")
        #expect(!state.previewVisible)
    }

    @Test func aSummarySaysEnterOpensARow() throws {
        let (_, state) = try Screens.app(SummaryDrillDownTests.summary, keys: "<Enter>i", width: 120, height: 30)
        #expect(state.status?.text == "the preview shows a file's inputs; on a summary, Enter opens a row")
    }
}
