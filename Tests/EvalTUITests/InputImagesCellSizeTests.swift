import Foundation
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

    /// kitty stretches an image to fill the cells it is placed in (`c=`, `r=`). A square image
    /// in a grid tile of 16 × 8 cells of 9 × 20 px is decoded at 144 × 144 px, which takes 8
    /// rows (160 px): placed alone it was drawn 11 % too tall (seen in kitty 0.26.5, 9 × 20 px
    /// cells). It is now centred on a transparent canvas of exactly those cells, so the pixels
    /// the terminal gets, stretched to 16 × 8 cells of 9 × 20 px, stay square.
    @Test func kittyGetsAnImageOfWholeCellsWithTheDigitSquareInIt() throws {
        let folder = NSTemporaryDirectory() + "kitty-cells-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let white = [UInt8](repeating: 255, count: 8 * 8 * 4)
        FileManager.default.createFile(atPath: folder + "/digit.png", contents: Data(PNGEncoder.encode(RGBAImage(width: 8, height: 8, pixels: white))))
        let loader = ImageLoader(options: .init(evaluationPath: folder + "/eval.csv", fetch: false, cacheFolder: nil, synchronous: true))
        let kitty = InputImages(loader: loader, palette: .truecolor, graphics: .kitty, cellPixels: (9, 20))
        let theme = try Theme.load(nameOrPath: "mono")
        let context = RenderContext(theme: ResolvedTheme(theme: theme, capability: .none, baseGlyphs: .unicode), images: kitty)
        var buffer = Buffer(width: 40, height: 20)
        ImagePane.render(reference: "digit.png", in: Rect(x: 2, y: 1, width: GridLayout.imageWidth, height: GridLayout.imageHeight),
                         into: &buffer, context: context)
        let placement = try #require(kitty.takePlacements().first)
        #expect(placement.area == Rect(x: 2, y: 1, width: 16, height: 8))
        #expect(placement.image.width == 16 * 9 && placement.image.height == 8 * 20)

        // What the terminal gets: the placement in 16 × 8 cells and a PNG of 144 × 160 px whose
        // opaque part is the 144 × 144 digit, centred (8 transparent rows above and below).
        let bytes = GraphicsCanvas(kind: .kitty).update([placement]).after
        #expect(bytes.contains("a=p,i=1,p=1,c=16,r=8,"))
        // The commands after the cursor move (`ESC 7 ESC [y;xH`, whose `;` is no payload).
        let payload = bytes.components(separatedBy: "\u{1B}_G").dropFirst().compactMap { command -> String? in
            guard let semicolon = command.firstIndex(of: ";") else { return nil }
            return String(command[command.index(after: semicolon)...].prefix { $0 != "\u{1B}" })
        }.joined()
        let png = try ImageDecoder.decode([UInt8](try #require(Data(base64Encoded: payload))))
        #expect(png.width == 144 && png.height == 160)
        let opaqueRows = (0 ..< png.height).filter { y in (0 ..< png.width).contains { png.pixel(x: $0, y: y).3 > 0 } }
        let opaqueColumns = (0 ..< png.width).filter { x in (0 ..< png.height).contains { png.pixel(x: x, y: $0).3 > 0 } }
        #expect(opaqueRows.first == 8 && opaqueRows.count == 144)
        #expect(opaqueColumns.first == 0 && opaqueColumns.count == 144)
    }

    @Test func centringOnACanvasKeepsThePixelsAndAddsTransparentMargins() {
        let image = RGBAImage(width: 2, height: 1, pixels: [1, 2, 3, 255, 4, 5, 6, 255])
        let canvas = image.centred(canvasWidth: 4, canvasHeight: 3)
        #expect(canvas.width == 4 && canvas.height == 3)
        #expect(canvas.pixel(x: 1, y: 1) == (1, 2, 3, 255) && canvas.pixel(x: 2, y: 1) == (4, 5, 6, 255))
        #expect(canvas.pixel(x: 0, y: 1).3 == 0 && canvas.pixel(x: 1, y: 0).3 == 0 && canvas.pixel(x: 3, y: 2).3 == 0)
        #expect(image.centred(canvasWidth: 2, canvasHeight: 1) == image)
        #expect(image.centred(canvasWidth: 1, canvasHeight: 1) == image)  // never crops
    }
}
