/// How one matrix cell is shaded.
public struct HeatShade: Hashable, Sendable {
    /// The cell's style (background shaded by value when the terminal has colour).
    public var style: Style
    /// A fill character for the value's level (from the glyph ramp), for cells without text
    /// or terminals without colour.
    public var glyph: String
}

/// Maps a value in [0, 1] to a shade for the concept-by-concept matrix.
///
/// - truecolor and 256 colours: the background is interpolated between the theme's `heat_low`
///   and `heat_high` backgrounds, then downsampled; the text is black or white, whichever reads.
/// - 16 and 8 colours: `heat_low` below one half, `heat_high` from one half.
/// - no colour: plain cells, bold from three quarters; use the glyph ramp to see levels.
/// Zero (and NaN) stays unshaded so empty cells look empty.
public enum HeatShading {
    /// The ramp level 0…(ramp.count-1) of a value: 0 only for zero, the top level only near 1.
    public static func level(_ value: Double, levels: Int) -> Int {
        guard value.isFinite, value > 0, levels > 1 else { return 0 }
        return min(levels - 1, 1 + Int(min(value, 1) * Double(levels - 1)))
    }

    public static func shade(_ value: Double, theme: ResolvedTheme) -> HeatShade {
        let ramp = theme.glyphs.shadeRamp
        let glyph = ramp.isEmpty ? " " : ramp[level(value, levels: ramp.count)]
        guard value.isFinite, value > 0 else { return HeatShade(style: theme[.text], glyph: glyph) }
        let v = min(value, 1)
        let hasColours = theme.heatLow != nil && theme.heatHigh != nil
        switch hasColours ? theme.capability : .none {
        case .none:
            return HeatShade(style: Style(modifiers: v >= 0.75 ? .bold : []), glyph: glyph)
        case .color8, .color16:
            let bg = v < 0.5 ? theme[.heat_low].bg : theme[.heat_high].bg
            return HeatShade(style: Style(fg: readableText(on: bg, capability: theme.capability), bg: bg), glyph: glyph)
        case .color256, .truecolor:
            let low = ColorConversion.rgbComponents(theme.heatLow ?? .reset)
            let high = ColorConversion.rgbComponents(theme.heatHigh ?? .reset)
            func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * v).rounded()) }
            let bg = theme.color(.rgb(mix(low.0, high.0), mix(low.1, high.1), mix(low.2, high.2)))
            return HeatShade(style: Style(fg: readableText(on: bg, capability: theme.capability), bg: bg), glyph: glyph)
        }
    }

    /// Black text on light backgrounds, white on dark ones.
    public static func readableText(on background: Color, capability: ColorCapability) -> Color {
        Contrast.textColor(on: background, capability: capability)
    }
}

extension ColorConversion {
    /// RGB of any colour (`.reset` counts as black).
    static func rgbComponents(_ color: Color) -> (UInt8, UInt8, UInt8) {
        switch color {
        case .reset: return (0, 0, 0)
        case .indexed(let i): return rgb(ofIndex: i)
        case .rgb(let r, let g, let b): return (r, g, b)
        }
    }
}
