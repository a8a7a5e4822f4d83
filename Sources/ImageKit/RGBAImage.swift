/// Decoded pixels: 8-bit RGBA, row-major, top row first. What the decoder hands the terminal
/// encoders (half blocks, kitty, sixel, iTerm2), which never see a file format.
public struct RGBAImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height * 4` bytes: R, G, B, A for each pixel.
    public let pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height * 4, "pixels must be width × height × 4")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The pixel at (x, y) as (r, g, b, a).
    @inlinable public func pixel(x: Int, y: Int) -> (UInt8, UInt8, UInt8, UInt8) {
        let i = (y * width + x) * 4
        return (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3])
    }

    /// Bytes held, for the cache's budget.
    public var byteCount: Int { pixels.count }

    /// This image centred on a transparent canvas of `canvasWidth` × `canvasHeight` pixels (at
    /// least the image's own size): for kitty, which stretches an image to fill the cells it is
    /// placed in, so an image a little smaller than whole cells must bring its margin with it.
    public func centred(canvasWidth: Int, canvasHeight: Int) -> RGBAImage {
        let canvasWidth = max(canvasWidth, width), canvasHeight = max(canvasHeight, height)
        guard canvasWidth != width || canvasHeight != height else { return self }
        var canvas = [UInt8](repeating: 0, count: canvasWidth * canvasHeight * 4)
        let left = (canvasWidth - width) / 2, top = (canvasHeight - height) / 2
        for y in 0 ..< height {
            let from = y * width * 4, to = ((top + y) * canvasWidth + left) * 4
            canvas.replaceSubrange(to ..< to + width * 4, with: pixels[from ..< from + width * 4])
        }
        return RGBAImage(width: canvasWidth, height: canvasHeight, pixels: canvas)
    }
}
