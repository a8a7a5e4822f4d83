import ImageKit
import Testing
import TermUI
@testable import EvalTUI

/// Images drawn by a graphics protocol are decoded at the pane's size in pixels, from the
/// terminal's cell size; after a resize or a font change the cell size is read again, so that
/// images keep their proportions.
@Suite struct InputImagesCellSizeTests {
    func images(_ kind: GraphicsProtocol?) -> InputImages {
        InputImages(loader: ImageLoader(options: .init(fetch: false, synchronous: true)), palette: .truecolor,
                    graphics: kind, cellPixels: (10, 20))
    }

    @Test func aNewCellSizeChangesThePixelSizeImagesAreDecodedAt() {
        let kitty = images(.kitty)
        #expect(kitty.pixelSize(columns: 40, rows: 20) == (400, 400))
        kitty.updateCellPixels((7, 17))
        #expect(kitty.cellPixels == (7, 17))
        #expect(kitty.pixelSize(columns: 40, rows: 20) == (280, 340))
        // A window that reports no pixel size (0 × 0) keeps the last known cell size.
        kitty.updateCellPixels((0, 0))
        #expect(kitty.cellPixels == (7, 17))
        // Sixel bands are six pixels: 20 × 17 = 340 is cut to 336.
        let sixel = images(.sixel)
        sixel.updateCellPixels((7, 17))
        #expect(sixel.pixelSize(columns: 40, rows: 20) == (280, 336))
    }
}
