/// Keeps text readable once a palette has been reduced to what the terminal shows.
///
/// Reducing colours can make a foreground equal to (or nearly) its background: on an
/// 8-colour terminal grey and black both become black. The terminal's own default colours
/// (`.reset`, ncurses' -1) are unknown: the default background may be black or white, so a
/// black or white foreground over it, or the default foreground over an explicit background,
/// can vanish too. The rule:
///
/// - both colours explicit: they must differ by at least `minimumDistance`; otherwise the
///   foreground becomes black or white, whichever reads over the background, or, when
///   neither does, both colours go and the cell is drawn in reverse video;
/// - an explicit foreground over the default background must be neither near-black nor
///   near-white; otherwise it becomes the default foreground, bold (dim for a grey, so that
///   muted text stays muted);
/// - the default foreground over an explicit background is replaced by black or white,
///   whichever reads over that background.
public enum Contrast {
    /// The weighted squared RGB distance (see `ColorConversion.distance`) below which two
    /// colours are too close to read one over the other: about 60 levels on every channel.
    public static let minimumDistance = 9 * 60 * 60

    /// True when text in `style` reads whatever the terminal's default colours are.
    public static func isReadable(_ style: Style) -> Bool {
        if style.modifiers.contains(.reverse), style.fg == .reset, style.bg == .reset { return true }
        switch (style.fg, style.bg) {
        case (.reset, .reset): return true
        case (.reset, _): return false
        case (let fg, .reset): return !isExtreme(fg)
        case (let fg, let bg):
            return fg != bg && ColorConversion.distance(rgb(fg), rgb(bg)) >= minimumDistance
        }
    }

    /// `style` changed as little as possible to be readable (see the rule above); `style`
    /// itself when it already is, or when the terminal shows no colour.
    /// - Parameter preferDim: a dropped foreground was a grey: mark the text dim, not bold.
    public static func readable(_ style: Style, capability: ColorCapability, preferDim: Bool = false) -> Style {
        guard capability != .none, !isReadable(style) else { return style }
        var fixed = style
        switch (style.fg, style.bg) {
        case (_, .reset):
            fixed.fg = .reset
            fixed.modifiers.insert(preferDim ? .dim : .bold)
        case (_, let bg):
            let text = textColor(on: bg, capability: capability)
            if isReadable(Style(fg: text, bg: bg)) {
                fixed.fg = text
            } else {
                fixed = Style(modifiers: style.modifiers.union([.reverse, .bold]))
            }
        }
        return fixed
    }

    /// Black text on light backgrounds, white on dark ones, in the terminal's palette.
    public static func textColor(on background: Color, capability: ColorCapability) -> Color {
        guard let luminance = ColorConversion.luminance(background) else { return .reset }
        let dark = luminance > 140
        switch capability {
        case .none: return .reset
        case .color8: return .indexed(dark ? 0 : 7)
        case .color16: return .indexed(dark ? 0 : 15)
        case .color256, .truecolor: return .indexed(dark ? 16 : 231)
        }
    }

    /// Near-black or near-white: invisible over one of the usual default backgrounds.
    static func isExtreme(_ color: Color) -> Bool {
        let (r, g, b) = rgb(color)
        return max(r, g, b) <= 64 || min(r, g, b) >= 200
    }

    /// True for a grey of middle brightness (a muted role), which `readable` keeps dim.
    public static func isMidGrey(_ color: Color) -> Bool {
        guard color != .reset else { return false }
        let (r, g, b) = rgb(color)
        return Int(max(r, g, b)) - Int(min(r, g, b)) < 40 && (60 ... 200).contains(Int(r))
    }

    static func rgb(_ color: Color) -> (UInt8, UInt8, UInt8) { ColorConversion.rgbComponents(color) }
}

extension Buffer {
    /// Makes every text cell readable (`Contrast.readable`). Themes resolve readable roles,
    /// but a highlight laid over a coloured cell (a selected row over a coloured number) can
    /// still pair two close colours; this is the last pass before the frame is drawn.
    public mutating func makeReadable(capability: ColorCapability) {
        guard capability != .none else { return }
        restyle { cell in
            guard !cell.symbol.isEmpty, cell.symbol != " ", !Contrast.isReadable(cell.style) else { return nil }
            return Contrast.readable(cell.style, capability: capability)
        }
    }
}
