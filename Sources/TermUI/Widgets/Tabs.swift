/// A row of tab titles, the selected one highlighted: ` FN 12 │ FP 3 │ TP 40 `.
public struct Tabs {
    public var titles: [String]
    public var selected: Int
    public var activeStyle: Style
    public var inactiveStyle: Style
    public var dividerStyle: Style
    public var divider: String

    public init(titles: [String], selected: Int, activeStyle: Style = Style(modifiers: [.bold, .reverse]),
                inactiveStyle: Style = .plain, dividerStyle: Style = .plain, divider: String = "│") {
        self.titles = titles
        self.selected = selected
        self.activeStyle = activeStyle
        self.inactiveStyle = inactiveStyle
        self.dividerStyle = dividerStyle
        self.divider = divider
    }

    /// The columns of each tab's label (" title ") in `area`, in order. A tab that doesn't fit
    /// gets an empty range at the right edge; the last visible one may be truncated.
    public func tabRanges(in area: Rect) -> [Range<Int>] {
        var x = area.x
        let dividerWidth = CellWidth.of(divider)
        return titles.enumerated().map { index, title in
            if index > 0 { x += dividerWidth }
            let start = min(x, area.right)
            let end = min(x + CellWidth.of(title) + 2, area.right)
            x += CellWidth.of(title) + 2
            return start..<max(start, end)
        }
    }

    /// The tab under column `x` on the tabs' row, if any.
    public func tabIndex(atX x: Int, area: Rect) -> Int? {
        tabRanges(in: area).firstIndex { $0.contains(x) }
    }

    /// Draws the tabs and returns their column ranges (as `tabRanges(in:)`).
    @discardableResult
    public func render(into buffer: inout Buffer, area: Rect) -> [Range<Int>] {
        let ranges = tabRanges(in: area)
        guard !area.isEmpty else { return ranges }
        for (index, range) in ranges.enumerated() where !range.isEmpty {
            if index > 0, range.lowerBound - CellWidth.of(divider) >= area.x {
                buffer.setString(divider, x: range.lowerBound - CellWidth.of(divider), y: area.y, style: dividerStyle, maxWidth: area.right - range.lowerBound + 1)
            }
            let style = index == selected ? activeStyle : inactiveStyle
            let text = " " + titles[index] + " "
            let shown = CellWidth.of(text) > range.count ? CellWidth.truncate(text, toWidth: range.count) : text
            buffer.setString(shown, x: range.lowerBound, y: area.y, style: style, maxWidth: range.count)
        }
        return ranges
    }
}
