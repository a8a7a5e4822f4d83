import EvalCore
import Foundation
import Testing
@testable import ImageKit

/// `evaltop` with no file opens the bundled digits with their images and flipped labels: the
/// images must come with the build (SwiftPM resources) and resolve beside the evaluation from
/// any working directory.
@Suite struct BundledExampleImagesTests {
    @Test func theNoFileExampleIsTheFlippedDigitsWithImages() {
        #expect(EvaluationLoader.BundledExample.noFileDefault == .digitsFlippedWithImages)
    }

    @Test func everyInputsImageResolvesToA8x8PNGBesideTheBundledEvaluation() throws {
        let evaluation = try EvaluationLoader.loadBundledExample(.digitsFlippedWithImages)
        #expect(evaluation.inputCount == 1797)
        // An absolute path: relative image paths then never depend on the working directory.
        #expect(evaluation.sourcePath.hasPrefix("/"))
        let urls = try #require(evaluation.urls)
        for input in 0 ..< evaluation.inputCount {
            guard case .file(let path, let reference)? = ImageSource.resolve(urls[input], evaluationPath: evaluation.sourcePath) else {
                Issue.record("input \(input): \(urls[input]) is not a local file")
                continue
            }
            #expect(reference == String(format: "img/digits_%04d.png", input))
            #expect(path.hasPrefix("/"))
            #expect(FileManager.default.isReadableFile(atPath: path), "\(path)")
        }
        let outcome = ImageSizeReader.fill(evaluation)
        #expect(outcome.read == 1797 && outcome.unreadable == 0)
        #expect(Set(outcome.evaluation.widths ?? []) == [8] && Set(outcome.evaluation.heights ?? []) == [8])
    }

    @Test func theLoaderDecodesABundledDigitThroughTheImageLoader() throws {
        let evaluation = try EvaluationLoader.loadBundledExample(.digitsFlippedWithImages)
        // The options the UI builds for the no-file start: the bundled evaluation's path.
        let loader = ImageLoader(options: .init(evaluationPath: EvaluationLoader.bundledExamplePath(.noFileDefault),
                                                fetch: false, synchronous: true))
        guard case .ready(let image) = loader.image(for: evaluation.urls![0], maxWidth: 8, maxHeight: 8) else {
            Issue.record("digits_0000's image did not load: \(loader.image(for: evaluation.urls![0], maxWidth: 8, maxHeight: 8))")
            return
        }
        #expect(image.width == 8 && image.height == 8)
        // scikit-learn's first digit, a zero: its middle row is 0 5 8 0 0 9 8 0 out of 16,
        // drawn as grey levels v × 255 / 16.
        let middleRow = (0 ..< 8).map { x in Int(image.pixels[(4 * image.width + x) * 4]) }
        #expect(middleRow == [0, 80, 128, 0, 0, 143, 128, 0])
    }

    @Test func theFlippedVariantHasTheSameScoresAndFivePercentOtherLabels() throws {
        let clean = try EvaluationLoader.loadBundledExample(.digits)
        let flipped = try EvaluationLoader.loadBundledExample(.digitsFlippedWithImages)
        #expect(clean.inputIDs == flipped.inputIDs)
        #expect(clean.concepts.map(\.name) == flipped.concepts.map(\.name))
        #expect(clean.scores == flipped.scores)
        let changed = (0 ..< clean.inputCount).filter { Array(clean.labels(of: $0)) != Array(flipped.labels(of: $0)) }
        #expect(changed.count == 1797 * 5 / 100)
    }
}
