import Foundation
import ImageKit
import TermUI

/// What the screens need to show inputs' images: the loader (cache, background decode and
/// fetch) and how they are drawn: half blocks into the cell buffer, or a graphics protocol
/// (kitty, sixel, iTerm2), in which case a pane leaves its cells blank and records a
/// placement that the event loop writes after the text (`takePlacements`). Absent from the
/// `RenderContext` when images are off (`--images off`, NO_COLOR), so every screen then draws
/// exactly as without images.
public final class InputImages: @unchecked Sendable {  // `placements` guarded by `lock`
    /// The `--images` option.
    public enum Mode: String, CaseIterable, Sendable {
        case auto, kitty, sixel, iterm, blocks, off
    }

    public let loader: ImageLoader
    public let palette: HalfBlockEncoder.Palette
    /// nil for half blocks.
    public let graphics: GraphicsProtocol?
    /// One cell's size in pixels (the images a protocol draws are decoded at the pane's size).
    /// Changes when the window or its font does (`updateCellPixels` on a resize).
    public var cellPixels: (width: Int, height: Int) {
        lock.lock(); defer { lock.unlock() }
        return currentCellPixels
    }
    /// What transparent pixels are blended onto in half blocks.
    public let background: (UInt8, UInt8, UInt8)
    private let lock = NSLock()
    private var placements: [ImagePlacement] = []
    private var currentCellPixels: (width: Int, height: Int)

    public init(loader: ImageLoader, palette: HalfBlockEncoder.Palette, graphics: GraphicsProtocol? = nil,
                cellPixels: (width: Int, height: Int) = (10, 20), background: (UInt8, UInt8, UInt8) = (0, 0, 0)) {
        self.loader = loader
        self.palette = palette
        self.graphics = graphics
        self.currentCellPixels = cellPixels
        self.background = background
    }

    /// The pixel size an image is decoded at to fill `columns` × `rows` cells.
    public func pixelSize(columns: Int, rows: Int) -> (width: Int, height: Int) {
        guard let graphics, graphics != .truecolorBlocks else { return HalfBlockEncoder.pixelSize(columns: columns, rows: rows) }
        let cell = cellPixels
        var height = rows * cell.height
        // A sixel band is six pixels: a height not a multiple of 6 would spill into the next row.
        if graphics == .sixel { height -= height % 6 }
        return (columns * cell.width, height)
    }

    /// A new cell size (the terminal's window size in pixels after a resize or a font change):
    /// the next frame decodes and places images at it, so they keep their proportions.
    public func updateCellPixels(_ size: (width: Int, height: Int)) {
        guard size.width > 0, size.height > 0 else { return }
        lock.lock(); currentCellPixels = size; lock.unlock()
    }

    func record(_ placement: ImagePlacement) {
        lock.lock(); placements.append(placement); lock.unlock()
    }

    /// Drops what was recorded so far this frame: a popup is about to cover it.
    func coverPlacements() {
        lock.lock(); placements.removeAll(); lock.unlock()
    }

    /// This frame's placements, for the event loop to write after the text; taken once.
    public func takePlacements() -> [ImagePlacement] {
        lock.lock(); defer { placements = []; lock.unlock() }
        return placements
    }
}
