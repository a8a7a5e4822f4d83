/// A rectangle of cells. Widths and heights are never negative.
public struct Rect: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    public var area: Int { width * height }
    public var isEmpty: Bool { width == 0 || height == 0 }
    /// One past the last column.
    public var right: Int { x + width }
    /// One past the last row.
    public var bottom: Int { y + height }

    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < right && py >= y && py < bottom
    }

    /// The rectangle shrunk by `margin` on every side.
    public func inner(margin: Int) -> Rect { inner(horizontal: margin, vertical: margin) }

    /// The rectangle shrunk by `horizontal` columns left and right and `vertical` rows top and bottom.
    public func inner(horizontal: Int, vertical: Int) -> Rect {
        let w = max(0, width - 2 * horizontal)
        let h = max(0, height - 2 * vertical)
        return Rect(x: x + min(horizontal, width / 2), y: y + min(vertical, height / 2), width: w, height: h)
    }

    /// The overlap of two rectangles (empty when they don't meet).
    public func intersection(_ other: Rect) -> Rect {
        let x0 = max(x, other.x), y0 = max(y, other.y)
        let x1 = min(right, other.right), y1 = min(bottom, other.bottom)
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// A rectangle of at most `width`×`height` centred in this one.
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(w, width), ch = min(h, height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }

    /// The top `rows` rows and the rest.
    public func splitTop(_ rows: Int) -> (top: Rect, rest: Rect) {
        let n = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: n), Rect(x: x, y: y + n, width: width, height: height - n))
    }

    /// The bottom `rows` rows and the rest.
    public func splitBottom(_ rows: Int) -> (rest: Rect, bottom: Rect) {
        let n = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: height - n), Rect(x: x, y: bottom - n, width: width, height: n))
    }

    /// The left `columns` columns and the rest.
    public func splitLeft(_ columns: Int) -> (left: Rect, rest: Rect) {
        let n = min(max(0, columns), width)
        return (Rect(x: x, y: y, width: n, height: height), Rect(x: x + n, y: y, width: width - n, height: height))
    }

    /// The right `columns` columns and the rest.
    public func splitRight(_ columns: Int) -> (rest: Rect, right: Rect) {
        let n = min(max(0, columns), width)
        return (Rect(x: x, y: y, width: width - n, height: height), Rect(x: right - n, y: y, width: n, height: height))
    }

    /// One row of the rectangle (`row` counted from its top), empty when out of range.
    public func row(_ row: Int) -> Rect {
        guard row >= 0, row < height else { return Rect(x: x, y: y + max(0, min(row, height)), width: width, height: 0) }
        return Rect(x: x, y: y + row, width: width, height: 1)
    }
}
