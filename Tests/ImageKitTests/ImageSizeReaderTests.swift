import EvalCore
import Foundation
import Testing
@testable import ImageKit

@Suite struct ImageSizeReaderTests {
    func evaluation(path: String, urls: [String], widths: [Int32]? = nil, heights: [Int32]? = nil) -> Evaluation {
        let n = urls.count
        return Evaluation(sourcePath: path, format: .wide, mode: .exclusive, concepts: [Concept(id: "a", name: "a")],
                          inputIDs: (0 ..< n).map { "i\($0)" }, scores: [Double](repeating: 0.5, count: n),
                          labelOffsets: (0 ... n).map(Int32.init), labelConcepts: [Int32](repeating: 0, count: n),
                          urls: urls, widths: widths, heights: heights)
    }

    @Test func fillsMissingSizesFromTheHeadersAndCountsTheUnreadable() throws {
        let images = TestImages()
        images.write("big.png", TestImages.gradient(width: 640, height: 480))
        images.write("small.jpg", TestImages.gradient(width: 100, height: 60), as: .jpeg)
        images.writeBytes("broken.png", Array("not an image".utf8))
        let input = evaluation(path: images.path("eval.csv"),
                               urls: ["big.png", "small.jpg", "missing.png", "broken.png", "https://example.com/x.png", "", "big.png"],
                               widths: [-1, -1, -1, -1, -1, -1, 7], heights: [-1, -1, -1, -1, -1, -1, 9])
        #expect(ImageSizeReader.isNeeded(input))
        let outcome = ImageSizeReader.fill(input)
        #expect(outcome.evaluation.widths == [640, 100, -1, -1, -1, -1, 7])
        #expect(outcome.evaluation.heights == [480, 60, -1, -1, -1, -1, 9])
        #expect(outcome.read == 2 && outcome.unreadable == 2)
        #expect(outcome.summary == "image sizes: 2 read from the files, 2 unreadable (image not found: missing.png; unsupported format: not an image (PNG, JPEG, GIF and BMP are shown))")
        #expect(!ImageSizeReader.isNeeded(outcome.evaluation) || outcome.evaluation.urls!.contains("missing.png"))
    }

    @Test func anEvaluationWithoutSizeColumnsGetsThem() {
        let images = TestImages()
        images.write("a.bmp", TestImages.gradient(width: 33, height: 12), as: .bmp)
        let outcome = ImageSizeReader.fill(evaluation(path: "/nowhere/eval.csv", urls: ["a.bmp", "a.bmp"]), imageRoot: images.folder)
        #expect(outcome.evaluation.widths == [33, 33] && outcome.evaluation.heights == [12, 12])
        #expect(outcome.unreadable == 0)
    }

    @Test func nothingToDoWithoutURLs() {
        let plain = Evaluation(sourcePath: "e.csv", format: .wide, mode: .exclusive, concepts: [Concept(id: "a", name: "a")],
                               inputIDs: ["x"], scores: [0.1], labelOffsets: [0, 1], labelConcepts: [0])
        #expect(!ImageSizeReader.isNeeded(plain))
        #expect(ImageSizeReader.fill(plain).summary == nil)
    }
}
