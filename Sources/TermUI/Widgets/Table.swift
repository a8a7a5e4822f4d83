/// One column of a `Table`.
public struct TableColumn: Sendable {
    public var title: String
    public var width: Constraint
    public var alignment: Alignment
    /// Shorten values that don't fit in the middle (ids, URLs) rather than at the end.
    public var cutInMiddle: Bool

    public init(_ title: String, width: Constraint, alignment: Alignment = .left, cutInMiddle: Bool = false) {
        self.title = title
        self.width = width
        self.alignment = alignment
        self.cutInMiddle = cutInMiddle
    }
}

/// The text of one table cell with an optional style laid over the row's style.
public struct TableCell: Sendable, ExpressibleByStringLiteral {
    public var text: String
    public var style: Style?

    public init(_ text: String, style: Style? = nil) {
        self.text = text
        self.style = style
    }

    public init(stringLiteral value: String) { self.init(value) }
}

/// Rows under a header, with a highlighted selected row and scrolling that keeps it in view.
/// Rows are fetched through `row(_:)` only for the visible ones, so long lists cost nothing.
public struct Table {
    public var columns: [TableColumn]
    public var rowCount: Int
    /// The cells of a row; called only for the rows on screen.
    public var row: (Int) -> [TableCell]
    public var selected: Int?
    /// The first row shown before adjusting for the selection (keep it in your state and feed
    /// back `scrolledOffset(...)` so scrolling is stable).
    public var offset: Int
    public var showHeader: Bool
    public var columnSpacing: Int
    public var headerStyle: Style
    public var rowStyle: Style
    public var selectedStyle: Style
    public var ellipsis: String

    public init(columns: [TableColumn], rowCount: Int, row: @escaping (Int) -> [TableCell], selected: Int? = nil,
                offset: Int = 0, showHeader: Bool = true, columnSpacing: Int = 1, headerStyle: Style = Style(modifiers: .bold),
                rowStyle: Style = .plain, selectedStyle: Style = Style(modifiers: .reverse), ellipsis: String = "…") {
        self.columns = columns
        self.rowCount = rowCount
        self.row = row
        self.selected = selected
        self.offset = offset
        self.showHeader = showHeader
        self.columnSpacing = columnSpacing
        self.headerStyle = headerStyle
        self.rowStyle = rowStyle
        self.selectedStyle = selectedStyle
        self.ellipsis = ellipsis
    }

    /// A table over an array of rows.
    public init(columns: [TableColumn], rows: [[TableCell]], selected: Int? = nil, offset: Int = 0) {
        self.init(columns: columns, rowCount: rows.count, row: { rows[$0] }, selected: selected, offset: offset)
    }

    /// How many data rows fit in `area`.
    public func visibleRowCount(in area: Rect) -> Int {
        max(0, area.height - (showHeader ? 1 : 0))
    }

    /// The first row to show: `offset` moved just enough to bring the selection into view and
    /// clamped so the table doesn't scroll past its end.
    public static func scrolledOffset(offset: Int, selected: Int?, visibleRows: Int, rowCount: Int) -> Int {
        guard visibleRows > 0, rowCount > 0 else { return 0 }
        var first = min(max(0, offset), max(0, rowCount - visibleRows))
        if let selected {
            let s = min(max(0, selected), rowCount - 1)
            if s < first { first = s }
            if s >= first + visibleRows { first = s - visibleRows + 1 }
        }
        return first
    }

    /// The offset this table renders with in `area`.
    public func effectiveOffset(in area: Rect) -> Int {
        Table.scrolledOffset(offset: offset, selected: selected, visibleRows: visibleRowCount(in: area), rowCount: rowCount)
    }

    /// Column x-ranges in `area` (for hit-testing and for aligning things with the columns).
    public func columnRanges(in area: Rect) -> [Range<Int>] {
        let widths = Layout.sizes(for: columns.map(\.width), total: area.width, spacing: columnSpacing)
        var x = area.x
        return widths.map { w in
            defer { x += w + columnSpacing }
            return x..<(x + w)
        }
    }

    /// The data row shown at screen row `y`, if any (for mouse clicks).
    public func rowIndex(atY y: Int, area: Rect) -> Int? {
        let top = area.y + (showHeader ? 1 : 0)
        guard y >= top, y < area.bottom else { return nil }
        let index = effectiveOffset(in: area) + (y - top)
        return index < rowCount ? index : nil
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        guard !area.isEmpty else { return }
        let ranges = columnRanges(in: area)
        var y = area.y
        if showHeader {
            buffer.fill(area.row(0), cell: Cell(symbol: " ", style: headerStyle))
            for (column, range) in zip(columns, ranges) where !range.isEmpty {
                let text = CellWidth.fit(column.title, width: range.count, alignment: column.alignment, ellipsis: ellipsis)
                buffer.setString(text, x: range.lowerBound, y: y, style: headerStyle, maxWidth: range.count)
            }
            y += 1
        }
        let first = effectiveOffset(in: area)
        let visible = visibleRowCount(in: area)
        for index in first..<min(rowCount, first + visible) {
            let isSelected = index == selected
            let base = isSelected ? rowStyle.patched(with: selectedStyle) : rowStyle
            buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), cell: Cell(symbol: " ", style: base))
            let cells = row(index)
            for (i, range) in ranges.enumerated() where i < cells.count && !range.isEmpty {
                let cell = cells[i]
                var style = cell.style.map { rowStyle.patched(with: $0) } ?? rowStyle
                if isSelected { style = style.patched(with: selectedStyle) }
                let text = CellWidth.fit(cell.text, width: range.count, alignment: columns[i].alignment, ellipsis: ellipsis,
                                         middle: columns[i].cutInMiddle)
                buffer.setString(text, x: range.lowerBound, y: y, style: style, maxWidth: range.count)
            }
            y += 1
        }
    }
}
