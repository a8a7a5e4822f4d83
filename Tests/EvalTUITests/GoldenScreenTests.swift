import EvalTUI
import Testing

/// The main views, on the exclusive bundled example and the multilabel digits, at 100×30
/// and 80×24, compared with the committed text in `Golden/`.
@Suite struct GoldenScreenTests {
    /// A view and the keys (key-script syntax) that reach it from the start screen.
    struct View: Sendable, CustomStringConvertible {
        let name: String
        let keys: String
        var description: String { name }
    }

    static let views: [View] = [
        View(name: "start", keys: ""),
        View(name: "details-fn", keys: "<Enter>"),
        View(name: "details-tp", keys: "<Enter>3"),
        View(name: "details-next-row", keys: "<Enter>jj"),
        View(name: "pr-curve", keys: "p"),
        View(name: "matrix-view1", keys: "c"),
        View(name: "matrix-view2", keys: "cv"),
        View(name: "matrix-view3", keys: "cvv"),
        View(name: "matrix-cell-details", keys: "cjl<Enter>"),
        View(name: "help", keys: "?"),
        View(name: "input-overlay", keys: "<Enter><Enter>"),
        View(name: "threshold-prompt", keys: "t0.3"),
        View(name: "threshold-applied", keys: "t0.3<Enter>"),
        View(name: "threshold-stepped", keys: "<Right><Right>]]-"),
        View(name: "filter-applied", keys: "/e<Enter>"),
        View(name: "sorted-by-f1", keys: "ssssssssss"),
        View(name: "suspects", keys: "L"),
        View(name: "suspects-filtered", keys: "L/seven<Enter>"),
    ]

    static let sizes: [(width: Int, height: Int)] = [(100, 30), (80, 24)]

    @Test(arguments: Golden.Source.allCases, views)
    func mainViews(source: Golden.Source, view: View) throws {
        for size in Self.sizes {
            let screen = try Golden.screen(source, keys: view.keys, width: size.width, height: size.height)
            try Golden.check(screen, named: "\(source.rawValue)-\(size.width)x\(size.height)-\(view.name)")
        }
    }

    @Test(arguments: Golden.Source.allCases)
    func tooSmall(source: Golden.Source) throws {
        let screen = try Golden.screen(source, keys: "", width: 59, height: 15)
        #expect(screen.contains("terminal too small"))
        try Golden.check(screen, named: "\(source.rawValue)-59x15-too-small")
    }

    @Test func asciiGlyphs() throws {
        for (name, keys) in [("start", ""), ("details-fn", "<Enter>"), ("matrix-view1", "c")] {
            let screen = try Golden.screen(.bundled, keys: keys, width: 100, height: 30, ascii: true)
            // Nothing beyond ASCII may be drawn with --ascii.
            #expect(screen.unicodeScalars.allSatisfy { $0.isASCII }, "non-ASCII glyph in the ASCII \(name) screen")
            try Golden.check(screen, named: "bundled-100x30-ascii-\(name)")
        }
    }

    /// The goldens are only as good as their determinism: the same keys give the same text.
    @Test func replayIsDeterministic() throws {
        let first = try Golden.screen(.digitsML, keys: "<Enter>2j", width: 100, height: 30)
        let second = try Golden.screen(.digitsML, keys: "<Enter>2j", width: 100, height: 30)
        #expect(first == second)
    }
}
