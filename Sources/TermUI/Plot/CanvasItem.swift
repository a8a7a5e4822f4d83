/// Something to draw on a `Canvas`, in world coordinates.
public struct CanvasItem: Sendable {
    public enum Kind: Sendable {
        case line(x1: Double, y1: Double, x2: Double, y2: Double)
        /// Consecutive points joined by lines.
        case polyline([Point])
        case points([Point])
        /// A whole-cell glyph (the operating point): replaces whatever dots share its cell.
        case marker(Point, glyph: String)
        /// Text starting at the cell of the point.
        case label(Point, text: String)
    }

    public struct Point: Sendable, Hashable {
        public var x: Double
        public var y: Double
        public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
    }

    public var kind: Kind
    public var style: Style
    /// The character for each dot in `.ascii` mode (`*` curve, `.` diagonal, …).
    public var asciiSymbol: String

    public init(_ kind: Kind, style: Style = .plain, asciiSymbol: String = "*") {
        self.kind = kind
        self.style = style
        self.asciiSymbol = asciiSymbol
    }

    public static func line(from a: (Double, Double), to b: (Double, Double), style: Style = .plain, ascii: String = "*") -> CanvasItem {
        CanvasItem(.line(x1: a.0, y1: a.1, x2: b.0, y2: b.1), style: style, asciiSymbol: ascii)
    }

    public static func polyline(_ points: [(Double, Double)], style: Style = .plain, ascii: String = "*") -> CanvasItem {
        CanvasItem(.polyline(points.map { Point($0.0, $0.1) }), style: style, asciiSymbol: ascii)
    }

    public static func points(_ points: [(Double, Double)], style: Style = .plain, ascii: String = "*") -> CanvasItem {
        CanvasItem(.points(points.map { Point($0.0, $0.1) }), style: style, asciiSymbol: ascii)
    }

    public static func marker(at p: (Double, Double), glyph: String, style: Style = .plain) -> CanvasItem {
        CanvasItem(.marker(Point(p.0, p.1), glyph: glyph), style: style, asciiSymbol: glyph)
    }

    public static func label(at p: (Double, Double), _ text: String, style: Style = .plain) -> CanvasItem {
        CanvasItem(.label(Point(p.0, p.1), text: text), style: style)
    }
}
