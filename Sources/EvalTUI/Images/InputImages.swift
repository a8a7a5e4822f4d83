import ImageKit
import TermUI

/// What the screens need to show inputs' images: the loader (cache, background decode and
/// fetch) and how cells are drawn. Absent from the `RenderContext` when images are off
/// (`--images off`, NO_COLOR), so every screen then draws exactly as without images.
public final class InputImages: Sendable {
    /// The `--images` option.
    public enum Mode: String, CaseIterable, Sendable {
        case auto, blocks, off
    }

    public let loader: ImageLoader
    public let palette: HalfBlockEncoder.Palette
    /// What transparent pixels are blended onto (the overlay's background, roughly).
    public let background: (UInt8, UInt8, UInt8)

    public init(loader: ImageLoader, palette: HalfBlockEncoder.Palette, background: (UInt8, UInt8, UInt8) = (0, 0, 0)) {
        self.loader = loader
        self.palette = palette
        self.background = background
    }
}
