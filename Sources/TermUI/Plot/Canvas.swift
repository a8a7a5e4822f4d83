/// A plotting surface over world coordinates, drawn with braille dots (2×4 per cell), half
/// blocks (1×2) or one ASCII character per cell.
///
/// Items are drawn in layer order and, within a layer, in order. A cell has one colour, so the
/// last item to touch a cell gives it its style; braille and block dots from earlier items stay
/// visible in that cell. Markers and labels replace the whole cell.
public struct Canvas: Sendable {
    public var xBounds: ClosedRange<Double>
    public var yBounds: ClosedRange<Double>
    public var marker: PlotMarker
    public var layers: [[CanvasItem]]

    public init(xBounds: ClosedRange<Double> = 0...1, yBounds: ClosedRange<Double> = 0...1, marker: PlotMarker = .braille,
                layers: [[CanvasItem]] = []) {
        self.xBounds = xBounds
        self.yBounds = yBounds
        self.marker = marker
        self.layers = layers
    }

    /// Adds a layer drawn over the earlier ones.
    public mutating func addLayer(_ items: [CanvasItem]) { layers.append(items) }

    /// Braille dot bits by [row][column] within a cell.
    static let brailleBits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

    /// Dots per cell horizontally and vertically for a marker kind.
    static func resolution(_ marker: PlotMarker) -> (columns: Int, rows: Int) {
        switch marker {
        case .braille: return (2, 4)
        case .block: return (1, 2)
        case .ascii: return (1, 1)
        }
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        guard !area.isEmpty else { return }
        var grid = DotGrid(width: area.width, height: area.height, marker: marker, xBounds: xBounds, yBounds: yBounds)
        for layer in layers {
            for item in layer { grid.draw(item) }
        }
        grid.flush(into: &buffer, at: area)
    }
}

/// The per-cell drawing state of a canvas being rendered.
struct DotGrid {
    struct CellState {
        var bits: UInt8 = 0
        var ascii: String?
        var style: Style = .plain
        var symbol: String?          // a marker or label character replacing the dots
        var continuation = false     // right half of a wide marker/label character
    }

    let width: Int, height: Int
    let marker: PlotMarker
    let xBounds: ClosedRange<Double>, yBounds: ClosedRange<Double>
    let dotsX: Int, dotsY: Int
    let perCell: (columns: Int, rows: Int)
    var cells: [CellState]

    init(width: Int, height: Int, marker: PlotMarker, xBounds: ClosedRange<Double>, yBounds: ClosedRange<Double>) {
        self.width = width
        self.height = height
        self.marker = marker
        self.xBounds = xBounds
        self.yBounds = yBounds
        perCell = Canvas.resolution(marker)
        dotsX = width * perCell.columns
        dotsY = height * perCell.rows
        cells = Array(repeating: CellState(), count: width * height)
    }

    /// World → dot coordinates (row 0 at the top); nil outside the bounds.
    func dot(_ x: Double, _ y: Double) -> (Int, Int)? {
        guard xBounds.contains(x), yBounds.contains(y), x.isFinite, y.isFinite else { return nil }
        let xSpan = xBounds.upperBound - xBounds.lowerBound, ySpan = yBounds.upperBound - yBounds.lowerBound
        let fx = xSpan > 0 ? (x - xBounds.lowerBound) / xSpan : 0
        let fy = ySpan > 0 ? (yBounds.upperBound - y) / ySpan : 0
        return (Int((fx * Double(dotsX - 1)).rounded()), Int((fy * Double(dotsY - 1)).rounded()))
    }

    mutating func draw(_ item: CanvasItem) {
        switch item.kind {
        case .line(let x1, let y1, let x2, let y2):
            drawLine(x1, y1, x2, y2, item)
        case .polyline(let points):
            for (a, b) in zip(points, points.dropFirst()) { drawLine(a.x, a.y, b.x, b.y, item) }
            if points.count == 1, let (dx, dy) = dot(points[0].x, points[0].y) { setDot(dx, dy, item) }
        case .points(let points):
            for p in points { if let (dx, dy) = dot(p.x, p.y) { setDot(dx, dy, item) } }
        case .marker(let p, let glyph):
            if let (dx, dy) = dot(p.x, p.y) { writeText(glyph, cellX: dx / perCell.columns, cellY: dy / perCell.rows, style: item.style) }
        case .label(let p, let text):
            if let (dx, dy) = dot(p.x, p.y) { writeText(text, cellX: dx / perCell.columns, cellY: dy / perCell.rows, style: item.style) }
        }
    }

    private mutating func drawLine(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ item: CanvasItem) {
        guard let clipped = LineClipping.clip(x1, y1, x2, y2, xBounds: xBounds, yBounds: yBounds),
              let a = dot(clipped.0, clipped.1), let b = dot(clipped.2, clipped.3) else { return }
        for (dx, dy) in Bresenham.points(from: a, to: b) { setDot(dx, dy, item) }
    }

    mutating func setDot(_ dx: Int, _ dy: Int, _ item: CanvasItem) {
        guard dx >= 0, dx < dotsX, dy >= 0, dy < dotsY else { return }
        let cx = dx / perCell.columns, cy = dy / perCell.rows
        var cell = cells[cy * width + cx]
        if cell.symbol != nil || cell.continuation {
            // Dots drawn later win over an earlier marker: start the cell afresh.
            if cell.continuation, cx > 0 { cells[cy * width + cx - 1].symbol = nil }
            cell = CellState()
        }
        switch marker {
        case .braille: cell.bits |= Canvas.brailleBits[dy % 4][dx % 2]
        case .block: cell.bits |= dy % 2 == 0 ? 1 : 2
        case .ascii: cell.ascii = item.asciiSymbol
        }
        cell.style = item.style
        cells[cy * width + cx] = cell
    }

    private mutating func writeText(_ text: String, cellX: Int, cellY: Int, style: Style) {
        guard cellY >= 0, cellY < height else { return }
        var x = cellX
        for (symbol, w) in CellWidth.cells(text) {
            guard x + w <= width else { break }
            if x >= 0 {
                cells[cellY * width + x] = CellState(style: style, symbol: symbol)
                if w == 2 { cells[cellY * width + x + 1] = CellState(style: style, continuation: true) }
            }
            x += w
        }
    }

    func symbol(of cell: CellState) -> String? {
        if let symbol = cell.symbol { return symbol }
        switch marker {
        case .braille: return cell.bits == 0 ? nil : String(UnicodeScalar(0x2800 + UInt32(cell.bits))!)
        case .block:
            switch cell.bits {
            case 1: return "▀"
            case 2: return "▄"
            case 3: return "█"
            default: return nil
            }
        case .ascii: return cell.ascii
        }
    }

    func flush(into buffer: inout Buffer, at area: Rect) {
        for cy in 0..<height {
            var cx = 0
            while cx < width {
                let cell = cells[cy * width + cx]
                if let symbol = symbol(of: cell) {
                    let end = buffer.setString(symbol, x: area.x + cx, y: area.y + cy, style: cell.style, maxWidth: area.right - area.x - cx)
                    cx = max(cx + 1, end - area.x)
                } else {
                    cx += 1
                }
            }
        }
    }
}

/// Cuts a segment to a rectangle (Liang–Barsky), in world coordinates.
enum LineClipping {
    static func clip(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double,
                     xBounds: ClosedRange<Double>, yBounds: ClosedRange<Double>) -> (Double, Double, Double, Double)? {
        guard x1.isFinite, y1.isFinite, x2.isFinite, y2.isFinite else { return nil }
        let dx = x2 - x1, dy = y2 - y1
        var t0 = 0.0, t1 = 1.0
        let checks: [(Double, Double)] = [
            (-dx, x1 - xBounds.lowerBound), (dx, xBounds.upperBound - x1),
            (-dy, y1 - yBounds.lowerBound), (dy, yBounds.upperBound - y1),
        ]
        for (p, q) in checks {
            if p == 0 {
                if q < 0 { return nil }  // parallel and outside
            } else {
                let r = q / p
                if p < 0 { if r > t1 { return nil }; if r > t0 { t0 = r } }
                else { if r < t0 { return nil }; if r < t1 { t1 = r } }
            }
        }
        return (x1 + t0 * dx, y1 + t0 * dy, x1 + t1 * dx, y1 + t1 * dy)
    }
}

/// Integer line rasterisation.
public enum Bresenham {
    /// Every grid point of the line from `a` to `b`, both ends included, in order from `a`.
    public static func points(from a: (Int, Int), to b: (Int, Int)) -> [(Int, Int)] {
        var (x, y) = a
        let dx = abs(b.0 - a.0), dy = -abs(b.1 - a.1)
        let sx = a.0 < b.0 ? 1 : -1, sy = a.1 < b.1 ? 1 : -1
        var error = dx + dy
        var result: [(Int, Int)] = []
        result.reserveCapacity(max(dx, -dy) + 1)
        while true {
            result.append((x, y))
            if x == b.0 && y == b.1 { break }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x += sx }
            if e2 <= dx { error += dx; y += sy }
        }
        return result
    }
}
