import TermUI

/// What every screen needs besides the state: the theme made concrete for this terminal.
public struct RenderContext: Sendable {
    public let theme: ResolvedTheme
    /// Inputs' images, when they are shown (nil with `--images off`, NO_COLOR, or headless
    /// runs that don't ask for them).
    public let images: InputImages?

    public init(theme: ResolvedTheme, images: InputImages? = nil) {
        self.theme = theme
        self.images = images
    }

    public var glyphs: GlyphSet { theme.glyphs }
    /// True when only ASCII may be drawn (a non-UTF-8 locale, or `--ascii`).
    public var ascii: Bool { theme.glyphs.plot == .ascii }
    public subscript(role: ThemeRole) -> Style { theme[role] }

    /// `text` cut to `width` cells with the glyph set's ellipsis when it does not fit: a cut
    /// text always says so (issue 10).
    func cut(_ text: String, _ width: Int) -> String {
        CellWidth.truncate(text, toWidth: max(0, width), ellipsis: glyphs.ellipsis)
    }
}

/// Number formats shared by every screen, so a value reads the same everywhere.
enum Format {
    /// A metric in [0, 1] to four decimals; "—" (or "-") when undefined.
    static func metric(_ value: Double?, ascii: Bool = false) -> String {
        guard let value, value.isFinite else { return ascii ? "-" : "—" }
        return fixed(value, 4)
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        var s = String(format: "%.\(decimals)f", value)
        if s == "-0.\(String(repeating: "0", count: decimals))" { s.removeFirst() }
        return s
    }

    /// Two decimals, as the slider moves in 0.01 steps; more when a typed value needs them.
    static func threshold(_ value: Double) -> String {
        let two = fixed(value, 2)
        return Double(two) == value ? two : String(format: "%.6g", value)
    }

    /// 1234567 → "1,234,567".
    static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }
}
