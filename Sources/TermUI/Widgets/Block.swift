/// A bordered box with an optional title on the top edge. Draws nothing inside; use
/// `inner(_:)` for the area left for content.
public struct Block {
    public var title: String?
    public var titleStyle: Style
    public var borders: BorderGlyphs
    public var borderStyle: Style
    public var focusedBorderStyle: Style
    public var isFocused: Bool
    /// When set, the inside is filled with blanks of this style first (for popups over content).
    public var background: Style?

    public init(title: String? = nil, titleStyle: Style = Style(modifiers: .bold), borders: BorderGlyphs = BorderKind.rounded.glyphs,
                borderStyle: Style = .plain, focusedBorderStyle: Style = Style(modifiers: .bold), isFocused: Bool = false,
                background: Style? = nil) {
        self.title = title
        self.titleStyle = titleStyle
        self.borders = borders
        self.borderStyle = borderStyle
        self.focusedBorderStyle = focusedBorderStyle
        self.isFocused = isFocused
        self.background = background
    }

    /// A block styled from a theme: `border`/`border_focused`, `title`, and the theme's border glyphs.
    public static func themed(_ title: String?, theme: ResolvedTheme, focused: Bool = false) -> Block {
        Block(title: title, titleStyle: theme[.title], borders: theme.glyphs.border.glyphs,
              borderStyle: theme[.border], focusedBorderStyle: theme[.border_focused], isFocused: focused)
    }

    /// The area inside the border.
    public func inner(_ area: Rect) -> Rect { area.inner(margin: 1) }

    public func render(into buffer: inout Buffer, area: Rect) {
        guard area.width >= 2, area.height >= 2 else { return }
        let style = isFocused ? focusedBorderStyle : borderStyle
        if let background { buffer.fill(inner(area), cell: Cell(symbol: " ", style: background)) }
        let right = area.right - 1, bottom = area.bottom - 1
        for x in (area.x + 1)..<right {
            buffer[x, area.y] = Cell(symbol: borders.horizontal, style: style)
            buffer[x, bottom] = Cell(symbol: borders.horizontal, style: style)
        }
        for y in (area.y + 1)..<bottom {
            buffer[area.x, y] = Cell(symbol: borders.vertical, style: style)
            buffer[right, y] = Cell(symbol: borders.vertical, style: style)
        }
        buffer[area.x, area.y] = Cell(symbol: borders.topLeft, style: style)
        buffer[right, area.y] = Cell(symbol: borders.topRight, style: style)
        buffer[area.x, bottom] = Cell(symbol: borders.bottomLeft, style: style)
        buffer[right, bottom] = Cell(symbol: borders.bottomRight, style: style)

        // "─ Title ─" on the top edge: one line glyph each side, truncated to fit.
        if let title, !title.isEmpty, area.width > 6 {
            let text = " " + CellWidth.truncate(title, toWidth: area.width - 6) + " "
            let titleStyle = style.patched(with: self.titleStyle)
            buffer.setString(text, x: area.x + 2, y: area.y, style: titleStyle, maxWidth: area.width - 3)
        }
    }
}
