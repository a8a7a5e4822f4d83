import EvalCore
import ImageKit
import TermUI

/// One input's picture in a rectangle of cells: the image in half blocks, centred, once it is
/// decoded; until then "loading image…"; a broken image says why in one line. Drawing never
/// waits: the loader answers from its cache or starts the work in the background.
enum ImagePane {
    static func render(reference: String?, in area: Rect, into buffer: inout Buffer, context: RenderContext) {
        guard let images = context.images, !area.isEmpty else { return }
        guard let reference, !reference.isEmpty else {
            message("no image", in: area, into: &buffer, style: context[.muted])
            return
        }
        let pixels = images.pixelSize(columns: area.width, rows: area.height)
        switch images.loader.image(for: reference, maxWidth: pixels.width, maxHeight: pixels.height) {
        case .ready(let image):
            if images.graphics == .truecolorBlocks {
                let columns = image.width, rows = (image.height + 1) / 2
                let place = Rect(x: area.x + (area.width - columns) / 2, y: area.y + (area.height - rows) / 2, width: columns, height: rows)
                images.record(ImagePlacement(key: reference, image: image, area: place))
                return
            }
            if let graphics = images.graphics {
                // The cells stay blank; the event loop draws the image over them after the text.
                let cell = images.cellPixels
                let columns = min(area.width, (image.width + cell.width - 1) / cell.width)
                let rows = min(area.height, (image.height + cell.height - 1) / cell.height)
                let place = Rect(x: area.x + (area.width - columns) / 2, y: area.y + (area.height - rows) / 2, width: columns, height: rows)
                // kitty stretches an image to fill the cells it is placed in: a square 144 px
                // image in 8 rows of 20 px would be drawn 160 px tall. Centred on a transparent
                // canvas of exactly those cells, it keeps its proportions (sixel draws pixels
                // as they are; iTerm2 is asked to preserve the aspect ratio).
                let drawn = graphics == .kitty ? image.centred(canvasWidth: columns * cell.width, canvasHeight: rows * cell.height) : image
                images.record(ImagePlacement(key: reference, image: drawn, area: place))
                return
            }
            let columns = image.width, rows = (image.height + 1) / 2
            let x = area.x + (area.width - columns) / 2, y = area.y + (area.height - rows) / 2
            HalfBlockEncoder.draw(image, into: &buffer, x: x, y: y, palette: images.palette, background: images.background)
        case .loading:
            message(context.ascii ? "loading image..." : "loading image…", in: area, into: &buffer, style: context[.muted])
        case .failed(let error):
            message(TerminalText.safe(error.description), in: area, into: &buffer, style: context[.warning])
        }
    }

    /// Starts decoding the images of `references` at the size a pane of `columns` × `rows` draws.
    static func prefetch(_ references: [String], columns: Int, rows: Int, context: RenderContext) {
        guard let images = context.images else { return }
        let pixels = images.pixelSize(columns: columns, rows: rows)
        images.loader.prefetch(references.filter { !$0.isEmpty }, maxWidth: pixels.width, maxHeight: pixels.height)
    }

    /// A message wrapped over the pane's middle rows.
    private static func message(_ text: String, in area: Rect, into buffer: inout Buffer, style: Style) {
        let lines = LoadingScreen.wrap(text, width: area.width)
        let top = area.y + max(0, (area.height - lines.count) / 2)
        for (i, line) in lines.prefix(area.height).enumerated() {
            buffer.setString(line, x: area.x + max(0, (area.width - CellWidth.of(line)) / 2), y: top + i, style: style, maxWidth: area.width)
        }
    }
}
