import EvalTUI
import Testing

/// The matrix with 60 concepts: it opens on the Top confusions list; `o` shows the grid, which
/// scrolls both ways under frozen headers; `n` jumps to the largest confusion.
@Suite struct ManyConceptsGoldenTests {
    static let views: [GoldenScreenTests.View] = [
        .init(name: "matrix-list", keys: "c"),
        .init(name: "matrix-list-moved", keys: "cjjj"),
        .init(name: "matrix-list-confusion", keys: "cv"),
        .init(name: "matrix-list-cell-details", keys: "cv<Enter>"),
        .init(name: "matrix-grid", keys: "co"),
        .init(name: "matrix-grid-largest", keys: "con"),
        .init(name: "matrix-grid-scrolled", keys: "coGllllllllllllllllllllllllllllllllllllllll"),
        .init(name: "matrix-list-mean-score", keys: "cvv"),
        .init(name: "start", keys: ""),
    ]

    @Test(arguments: views)
    func matrixViews(view: GoldenScreenTests.View) throws {
        for size in [(width: 100, height: 30), (width: 80, height: 24)] {
            let screen = try Golden.screen(.many60, keys: view.keys, width: size.width, height: size.height)
            try Golden.check(screen, named: "many60-\(size.width)x\(size.height)-\(view.name)")
        }
    }
}
