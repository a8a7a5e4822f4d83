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
        switch capability {
        case .none:
            // Monochrome: attributes only. A role without its own mono entry keeps its modifiers.
            return Style(modifiers: theme.mono[role] ?? spec.modifiers)
        case .color16:
            let override = theme.fallback16[role]
            let fg = override?.fg.map(Color.indexed) ?? spec.fg.flatMap { ColorConversion.degrade($0, to: .color16) } ?? .reset
            let bg = override?.bg.map(Color.indexed) ?? spec.bg.flatMap { ColorConversion.degrade($0, to: .color16) } ?? .reset
            return Style(fg: fg, bg: bg, modifiers: spec.modifiers)
        case .color256, .truecolor:
            return Style(fg: spec.fg.flatMap { ColorConversion.degrade($0, to: capability) } ?? .reset,
                         bg: spec.bg.flatMap { ColorConversion.degrade($0, to: capability) } ?? .reset,
                         modifiers: spec.modifiers)
        }
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
