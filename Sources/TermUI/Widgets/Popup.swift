/// A centred bordered box drawn over whatever is below it (input overlay, messages).
/// Render it, then draw the content into the returned inner rectangle.
public struct Popup {
    public var block: Block
    /// Wanted outer size; shrunk to fit the screen with a one-cell margin.
    public var width: Int
    public var height: Int
    public var style: Style

    public init(block: Block, width: Int, height: Int, style: Style = .plain) {
        self.block = block
        self.width = width
        self.height = height
        self.style = style
    }

    /// The popup's outer rectangle within the screen `area`.
    public func popupArea(in area: Rect) -> Rect {
        area.centered(width: min(width, max(0, area.width - 2)), height: min(height, max(0, area.height - 2)))
    }

    /// Clears the popup's rectangle, draws its border, and returns the inside for content.
    @discardableResult
    public func render(into buffer: inout Buffer, area: Rect) -> Rect {
        let outer = popupArea(in: area)
        buffer.fill(outer, cell: Cell(symbol: " ", style: style))
        block.render(into: &buffer, area: outer)
        return block.inner(outer)
    }
}
