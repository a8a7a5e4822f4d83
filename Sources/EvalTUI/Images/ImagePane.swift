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
            if images.graphics != nil {
                // The cells stay blank; the event loop draws the image over them after the text.
                let columns = min(area.width, (image.width + images.cellPixels.width - 1) / images.cellPixels.width)
                let rows = min(area.height, (image.height + images.cellPixels.height - 1) / images.cellPixels.height)
                let place = Rect(x: area.x + (area.width - columns) / 2, y: area.y + (area.height - rows) / 2, width: columns, height: rows)
                images.record(ImagePlacement(key: reference, image: image, area: place))
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
