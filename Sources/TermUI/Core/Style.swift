/// A terminal colour.
public enum Color: Hashable, Sendable {
    /// The terminal's default colour (foreground or background).
    case reset
    /// A palette index 0–255 (0–15 are the terminal's own 16 colours).
    case indexed(UInt8)
    /// A 24-bit colour, degraded by `ResolvedTheme` when the terminal can't show it.
    case rgb(UInt8, UInt8, UInt8)
}

/// Text attributes.
public struct Modifiers: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = Modifiers(rawValue: 1 << 0)
    public static let dim = Modifiers(rawValue: 1 << 1)
    public static let italic = Modifiers(rawValue: 1 << 2)
    public static let underline = Modifiers(rawValue: 1 << 3)
    public static let reverse = Modifiers(rawValue: 1 << 4)
}

/// Foreground, background and attributes of a cell.
public struct Style: Hashable, Sendable {
    public var fg: Color
    public var bg: Color
    public var modifiers: Modifiers

    public init(fg: Color = .reset, bg: Color = .reset, modifiers: Modifiers = []) {
        self.fg = fg
        self.bg = bg
        self.modifiers = modifiers
    }

    /// The terminal's default colours, no attributes.
    public static let plain = Style()

    /// This style with `other` laid on top: `other`'s colours win unless they are `.reset`
    /// (which here means "keep what is underneath"), and the modifiers are combined.
    /// Used for highlights: a selected row patches its cells' own styles.
    public func patched(with other: Style) -> Style {
        Style(
            fg: other.fg == .reset ? fg : other.fg,
            bg: other.bg == .reset ? bg : other.bg,
            modifiers: modifiers.union(other.modifiers)
        )
    }

    public func fg(_ color: Color) -> Style { var s = self; s.fg = color; return s }
    public func bg(_ color: Color) -> Style { var s = self; s.bg = color; return s }
    public func adding(_ extra: Modifiers) -> Style { var s = self; s.modifiers.formUnion(extra); return s }
}

/// One terminal cell.
public struct Cell: Hashable, Sendable {
    /// One printable grapheme. The empty string marks the trailing half of a wide character,
    /// which the terminal covers when it prints the leading half.
    public var symbol: String
    public var style: Style

    public init(symbol: String, style: Style = .plain) {
        self.symbol = symbol
        self.style = style
    }

    /// A space in the default style.
    public static let blank = Cell(symbol: " ", style: .plain)

    /// True for the covered trailing half of a wide character.
    public var isContinuation: Bool { symbol.isEmpty }
}
