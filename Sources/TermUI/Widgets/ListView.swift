/// A selectable list of lines, scrolled to keep the selection visible.
public struct ListView {
    public var items: [String]
    public var selected: Int?
    public var offset: Int
    public var style: Style
    public var selectedStyle: Style
    /// Drawn before the selected item (others get as many spaces); empty for none.
    public var marker: String
    public var ellipsis: String

    public init(items: [String], selected: Int? = nil, offset: Int = 0, style: Style = .plain,
                selectedStyle: Style = Style(modifiers: .reverse), marker: String = "", ellipsis: String = "…") {
        self.items = items
        self.selected = selected
        self.offset = offset
        self.style = style
        self.selectedStyle = selectedStyle
        self.marker = marker
        self.ellipsis = ellipsis
    }

    public func effectiveOffset(in area: Rect) -> Int {
        Table.scrolledOffset(offset: offset, selected: selected, visibleRows: area.height, rowCount: items.count)
    }

    /// The item shown at row `y`, if any.
    public func itemIndex(atY y: Int, area: Rect) -> Int? {
        guard y >= area.y, y < area.bottom else { return nil }
        let index = effectiveOffset(in: area) + y - area.y
        return index < items.count ? index : nil
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        guard !area.isEmpty else { return }
        let first = effectiveOffset(in: area)
        let markerWidth = CellWidth.of(marker)
        for row in 0..<area.height {
            let index = first + row
            let y = area.y + row
            guard index < items.count else { break }
            let isSelected = index == selected
            let lineStyle = isSelected ? style.patched(with: selectedStyle) : style
            buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), cell: Cell(symbol: " ", style: lineStyle))
            var x = area.x
            if markerWidth > 0 {
                x = buffer.setString(isSelected ? marker : String(repeating: " ", count: markerWidth), x: x, y: y, style: lineStyle, maxWidth: area.width)
            }
            let text = CellWidth.truncate(items[index], toWidth: area.right - x, ellipsis: ellipsis)
            buffer.setString(text, x: x, y: y, style: lineStyle, maxWidth: area.right - x)
        }
    }
}

/// A centred, bordered popup holding a `ListView` (menus, pickers).
public struct ListPopup {
    public var block: Block
    public var list: ListView
    /// Preferred inner width; defaults to the widest item.
    public var width: Int?
    /// Most rows of items to show at once.
    public var maxHeight: Int?

    public init(block: Block, list: ListView, width: Int? = nil, maxHeight: Int? = nil) {
        self.block = block
        self.list = list
        self.width = width
        self.maxHeight = maxHeight
    }

    /// The popup's outer rectangle within the screen `area`.
    public func popupArea(in area: Rect) -> Rect {
        let titleWidth = block.title.map { CellWidth.of($0) + 4 } ?? 0
        let contentWidth = width ?? max(titleWidth, (list.items.map(CellWidth.of).max() ?? 0) + CellWidth.of(list.marker))
        let rows = min(list.items.count, maxHeight ?? Int.max)
        return area.centered(width: min(contentWidth + 2, area.width - 2), height: min(max(1, rows) + 2, area.height - 2))
    }

    /// The item under a click at (x, y), if any.
    public func itemIndex(atX x: Int, y: Int, area: Rect) -> Int? {
        let inner = block.inner(popupArea(in: area))
        guard inner.contains(x: x, y: y) else { return nil }
        return list.itemIndex(atY: y, area: inner)
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let outer = popupArea(in: area)
        buffer.fill(outer, cell: Cell(symbol: " ", style: list.style))
        block.render(into: &buffer, area: outer)
        list.render(into: &buffer, area: block.inner(outer))
    }
}
