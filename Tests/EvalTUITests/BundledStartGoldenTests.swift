import EvalCore
import Foundation
import ImageKit
import Testing
import TermUI
@testable import EvalTUI

/// What a newcomer sees: `evaltop` with no file opens the bundled digits with their images and
/// flipped labels; `L` lists a mislabeled digit first, drawn beside the list in half blocks.
@Suite struct BundledStartGoldenTests {
    static let example = EvaluationLoader.BundledExample.noFileDefault
    static let session = Session(evaluation: try! EvaluationLoader.loadBundledExample(example))

    /// The screen after `keys`, with images in half blocks as `--images blocks` draws them.
    static func render(keys: String, width: Int, height: Int) throws -> Buffer {
        let theme = try Theme.load(nameOrPath: "mono")
        let loader = ImageLoader(options: .init(evaluationPath: EvaluationLoader.bundledExamplePath(example), fetch: false,
                                                cacheFolder: nil, synchronous: true))
        let context = RenderContext(theme: ResolvedTheme(theme: theme, capability: .none, baseGlyphs: .unicode),
                                    images: InputImages(loader: loader, palette: .truecolor))
        let state = AppState(fileName: example.displayName, threshold: 0.5, width: width, height: height, unicode: true)
        return Replay.run(state: state, session: session, keys: try KeyScript.parse(keys), context: context)
    }

    @Test func theSuspectsViewShowsAFlippedDigitFirstWithItsImage() throws {
        let buffer = try Self.render(keys: "L", width: 120, height: 40)
        let text = Replay.text(of: buffer)
        try Golden.check(text, named: "bundled_start_suspects_120x40")
        // The first suspect's label is one of the flipped ones: the clean example says otherwise.
        let clean = try EvaluationLoader.loadBundledExample(.digits)
        let evaluation = Self.session.evaluation!
        let first = try #require(SuspectFinder.find(in: evaluation).suspects.first)
        #expect(Array(evaluation.labels(of: first.input)) != Array(clean.labels(of: first.input)))
        #expect(clean.labels(of: first.input).first.map { Int($0) } == first.likelyConcept)
        #expect(text.contains("Preview \(evaluation.inputIDs[first.input])"))
        // The preview draws the digit: half blocks in grey levels only, ink and background both.
        var levels = Set<UInt8>()
        var coloured = 0
        for y in 0 ..< buffer.height {
            for x in 0 ..< buffer.width where buffer[x, y].symbol == "▀" {
                for colour in [buffer[x, y].style.fg, buffer[x, y].style.bg] {
                    if case .rgb(let r, let g, let b) = colour, r == g, g == b { levels.insert(r) } else { coloured += 1 }
                }
            }
        }
        #expect(coloured == 0)
        #expect(levels.contains(0) && levels.contains { $0 > 200 } && levels.count >= 5)
    }
}
