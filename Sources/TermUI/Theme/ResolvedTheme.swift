/// A theme made concrete for one terminal: every role is a `Style` in colours the terminal can
/// show, and the glyphs fit its character set. This is what screens read from while drawing.
public struct ResolvedTheme: Sendable, Equatable {
    public let name: String
    public let capability: ColorCapability
    public let glyphs: GlyphSet
    private let styles: [ThemeRole: Style]
    /// The heat ramp end points in full colour, kept for interpolation before degrading;
    /// nil when the theme gives them no colour (a mono theme), which shades without colour.
    let heatLow: Color?
    let heatHigh: Color?

    public init(theme: Theme, capability: ColorCapability, baseGlyphs: GlyphSet = .unicode) {
        name = theme.name
        self.capability = capability
        glyphs = ResolvedTheme.glyphs(theme.glyphs, over: baseGlyphs)
        var styles: [ThemeRole: Style] = [:]
        for role in ThemeRole.allCases {
            styles[role] = ResolvedTheme.style(role: role, theme: theme, capability: capability)
        }
        self.styles = styles
        heatLow = theme.roles[.heat_low]?.bg ?? theme.roles[.heat_low]?.fg
        heatHigh = theme.roles[.heat_high]?.bg ?? theme.roles[.heat_high]?.fg
    }

    /// The style for a role.
    public subscript(role: ThemeRole) -> Style { styles[role] ?? .plain }

    /// `color` degraded to what this terminal shows (`.reset` without colour).
    public func color(_ color: Color) -> Color {
        ColorConversion.degrade(color, to: capability) ?? .reset
    }

    static func style(role: ThemeRole, theme: Theme, capability: ColorCapability) -> Style {
        let spec = theme.roles[role] ?? RoleSpec()
        let style: Style
        switch capability {
        case .none:
            // Monochrome: attributes only. A role without its own mono entry keeps its modifiers.
            return Style(modifiers: theme.mono[role] ?? spec.modifiers)
        case .color8, .color16:
            // The 16-colour overrides, themselves reduced to 8 colours when that is all there is.
            let override = theme.fallback16[role]
            func pick(_ index: UInt8?, _ full: Color?) -> Color {
                let chosen = index.map(Color.indexed) ?? full
                return chosen.flatMap { ColorConversion.degrade($0, to: capability) } ?? .reset
            }
            style = Style(fg: pick(override?.fg, spec.fg), bg: pick(override?.bg, spec.bg), modifiers: spec.modifiers)
        case .color256, .truecolor:
            style = Style(fg: spec.fg.flatMap { ColorConversion.degrade($0, to: capability) } ?? .reset,
                          bg: spec.bg.flatMap { ColorConversion.degrade($0, to: capability) } ?? .reset,
                          modifiers: spec.modifiers)
        }
        // Reduction may have made the colours unreadable together (grey and black are both
        // black with 8 colours); a muted grey then stays muted as dim text.
        let wasGrey = spec.fg.map(Contrast.isMidGrey) ?? false
        return Contrast.readable(style, capability: capability, preferDim: wasGrey)
    }

    /// Theme glyph choices apply over a Unicode base; over an ASCII base (non-UTF-8 locale or
    /// `--ascii`) only ASCII choices are taken, so the terminal never gets bytes it can't show.
    static func glyphs(_ themeGlyphs: ThemeGlyphs, over base: GlyphSet) -> GlyphSet {
        let asciiOnly = base.plot == .ascii && base.border == .ascii
        var set = base
        if let plot = themeGlyphs.plot, !asciiOnly || plot == .ascii { set.plot = plot }
        if let border = themeGlyphs.border, !asciiOnly || border == .ascii { set.border = border }
        for (key, symbol) in themeGlyphs.symbols where !asciiOnly || symbol.allSatisfy(\.isASCII) {
            switch key {
            case "flag": set.flag = symbol
            case "labeled": set.labeled = symbol
            case "unlabeled": set.unlabeled = symbol
            case "selection_marker": set.selectionMarker = symbol
            case "ellipsis": set.ellipsis = symbol
            case "slider_filled": set.sliderFilled = symbol
            case "slider_empty": set.sliderEmpty = symbol
            case "slider_marker": set.sliderMarker = symbol
            case "tab_divider": set.tabDivider = symbol
            default: break
            }
        }
        return set
    }
}
