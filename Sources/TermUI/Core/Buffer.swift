/// A grid of cells that widgets draw into; the terminal backend flushes only what changed
/// (`diff(from:)`). Writes outside the buffer are clipped silently.
///
/// Invariant kept by every write: a wide character is a leading cell followed by a continuation
/// cell (`symbol == ""`); overwriting either half turns the orphaned other half into a space, so
/// a wide character is never left half-drawn.
public struct Buffer: Sendable, Equatable {
    public let area: Rect
    private var cells: [Cell]

    public init(width: Int, height: Int) {
        area = Rect(x: 0, y: 0, width: width, height: height)
        cells = Array(repeating: .blank, count: area.area)
    }

    public var width: Int { area.width }
    public var height: Int { area.height }

    /// The cell at (x, y). Reading outside gives `.blank`; writing outside is ignored.
    /// Writing repairs a wide character the new cell would cut in half.
    public subscript(x: Int, y: Int) -> Cell {
        get { area.contains(x: x, y: y) ? cells[y * width + x] : .blank }
        set {
            guard area.contains(x: x, y: y) else { return }
            releaseWideNeighbours(x: x, y: y)
            cells[y * width + x] = newValue
        }
    }

    /// Gives every cell for which `transform` returns a style that style; symbols (and so
    /// wide characters) stay as they are.
    public mutating func restyle(_ transform: (Cell) -> Style?) {
        for i in cells.indices {
            if let style = transform(cells[i]) { cells[i].style = style }
        }
    }

    /// Writes `text` from (x, y) on one row, sanitized (control characters become visible
    /// escapes), stopping at the buffer's edge or after `maxWidth` cells. A wide character that
    /// doesn't fit is replaced by a space rather than split.
    /// - Returns: the column after the last cell written.
    @discardableResult
    public mutating func setString(_ s: String, x: Int, y: Int, style: Style, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let limit = min(width, maxWidth.map { x + max(0, $0) } ?? width)
        var column = x
        for (symbol, w) in CellWidth.cells(s) {
            if column >= limit { break }
            if column + w > limit {
                // Pad the remaining cell(s) instead of splitting the wide character.
                while column < limit {
                    if column >= 0 { put(" ", x: column, y: y, style: style) }
                    column += 1
                }
                break
            }
            if column < 0 {
                // Clipped on the left; a wide character half inside becomes a space.
                if column + w > 0 { put(" ", x: 0, y: y, style: style) }
                column += w
                continue
            }
            put(symbol, x: column, y: y, style: style)
            if w == 2 { putContinuation(x: column + 1, y: y, style: style) }
            column += w
        }
        return column
    }

    /// Sets every cell of `rect` (clipped to the buffer) to `cell`.
    public mutating func fill(_ rect: Rect, cell: Cell) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.y..<r.bottom {
            for x in r.x..<r.right { put(cell.symbol, x: x, y: y, style: cell.style) }
        }
    }

    /// Replaces the style of every cell of `rect`, keeping the symbols.
    public mutating func setStyle(_ rect: Rect, style: Style) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.y..<r.bottom {
            for x in r.x..<r.right { cells[y * width + x].style = style }
        }
    }

    /// Lays `style` over the style of every cell of `rect` (see `Style.patched(with:)`).
    public mutating func patchStyle(_ rect: Rect, style: Style) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.y..<r.bottom {
            for x in r.x..<r.right {
                let i = y * width + x
                cells[i].style = cells[i].style.patched(with: style)
            }
        }
    }

    /// The screen as text, one string per row: wide characters appear once, trailing spaces kept.
    public func lines() -> [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width { line += cells[y * width + x].symbol }
            return line
        }
    }

    /// The cells that differ from `previous`, in row-major order. Continuation cells are left
    /// out because printing the leading half draws them. When the sizes differ every cell counts.
    public func diff(from previous: Buffer) -> [(x: Int, y: Int, cell: Cell)] {
        var changes: [(x: Int, y: Int, cell: Cell)] = []
        let sameSize = previous.area == area
        for y in 0..<height {
            for x in 0..<width {
                let i = y * width + x
                let cell = cells[i]
                if cell.isContinuation { continue }
                if sameSize && previous.cells[i] == cell { continue }
                changes.append((x, y, cell))
            }
        }
        return changes
    }

    // MARK: - Writes that keep wide characters whole

    private mutating func put(_ symbol: String, x: Int, y: Int, style: Style) {
        guard area.contains(x: x, y: y) else { return }
        releaseWideNeighbours(x: x, y: y)
        cells[y * width + x] = Cell(symbol: symbol, style: style)
    }

    private mutating func putContinuation(x: Int, y: Int, style: Style) {
        guard area.contains(x: x, y: y) else { return }
        let i = y * width + x
        // The leading half was just written at x-1; only a wide character starting here can
        // leave an orphan to the right.
        if x + 1 < width, cells[i + 1].isContinuation { cells[i + 1].symbol = " " }
        cells[i] = Cell(symbol: "", style: style)
    }

    /// Before (x, y) is overwritten: if it is half of a wide character, blank the other half.
    private mutating func releaseWideNeighbours(x: Int, y: Int) {
        let i = y * width + x
        if cells[i].isContinuation, x > 0 { cells[i - 1].symbol = " " }
        if x + 1 < width, cells[i + 1].isContinuation { cells[i + 1].symbol = " " }
    }
}
