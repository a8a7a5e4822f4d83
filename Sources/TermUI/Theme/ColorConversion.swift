/// Colour downsampling: rgb → nearest xterm-256 (6×6×6 cube and 24 greys) → nearest of 16.
public enum ColorConversion {
    /// The six levels of each axis of the xterm colour cube (indexes 16…231).
    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The standard xterm values of the 16 base colours.
    static let base16: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// The RGB value xterm shows for a palette index.
    public static func rgb(ofIndex index: UInt8) -> (UInt8, UInt8, UInt8) {
        let i = Int(index)
        if i < 16 { let c = base16[i]; return (UInt8(c.0), UInt8(c.1), UInt8(c.2)) }
        if i >= 232 { let v = UInt8(8 + 10 * (i - 232)); return (v, v, v) }
        let n = i - 16
        return (UInt8(cubeLevels[n / 36]), UInt8(cubeLevels[(n / 6) % 6]), UInt8(cubeLevels[n % 6]))
    }

    /// The nearest index 16…255 (cube or grey ramp) to an RGB colour.
    public static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        func nearestLevel(_ v: UInt8) -> Int {
            var best = 0
            for (i, level) in cubeLevels.enumerated() where abs(level - Int(v)) < abs(cubeLevels[best] - Int(v)) { best = i }
            return best
        }
        let (ri, gi, bi) = (nearestLevel(r), nearestLevel(g), nearestLevel(b))
        let cubeIndex = 16 + 36 * ri + 6 * gi + bi
        let cubeDistance = distance((r, g, b), (UInt8(cubeLevels[ri]), UInt8(cubeLevels[gi]), UInt8(cubeLevels[bi])))

        let average = (Int(r) + Int(g) + Int(b)) / 3
        let greyStep = Swift.min(23, Swift.max(0, (average - 3) / 10))
        let greyValue = UInt8(8 + 10 * greyStep)
        let greyDistance = distance((r, g, b), (greyValue, greyValue, greyValue))
        return greyDistance < cubeDistance ? UInt8(232 + greyStep) : UInt8(cubeIndex)
    }

    /// The nearest of the 16 base colours to an RGB colour.
    public static func nearest16(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        var best = 0
        var bestDistance = Int.max
        for (i, c) in base16.enumerated() {
            let d = distance((r, g, b), (UInt8(c.0), UInt8(c.1), UInt8(c.2)))
            if d < bestDistance { best = i; bestDistance = d }
        }
        return UInt8(best)
    }

    /// The nearest of the 8 colours every colour terminal has (TERM=xterm, TERM=linux).
    public static func nearest8(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        var best = 0
        var bestDistance = Int.max
        for (i, c) in base16.prefix(8).enumerated() {
            let d = distance((r, g, b), (UInt8(c.0), UInt8(c.1), UInt8(c.2)))
            if d < bestDistance { best = i; bestDistance = d }
        }
        return UInt8(best)
    }

    /// `color` as the terminal with `capability` can show it (`nil` when it can show no colour).
    public static func degrade(_ color: Color, to capability: ColorCapability) -> Color? {
        switch (color, capability) {
        case (_, .none): return nil
        case (.reset, _): return .reset
        case (_, .truecolor): return color
        case (.rgb(let r, let g, let b), .color256): return .indexed(nearest256(r, g, b))
        case (.indexed, .color256): return color
        case (.rgb(let r, let g, let b), .color16): return .indexed(nearest16(r, g, b))
        case (.indexed(let i), .color16):
            if i < 16 { return color }
            let (r, g, b) = rgb(ofIndex: i)
            return .indexed(nearest16(r, g, b))
        }
    }

    /// Squared distance weighted for the eye (red 3, green 4, blue 2), as in btop's downsampling.
    static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
        let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
        return 3 * dr * dr + 4 * dg * dg + 2 * db * db
    }

    /// Perceived brightness 0…255 of a colour (for choosing readable text over a shaded cell).
    public static func luminance(_ color: Color) -> Int? {
        let rgb: (UInt8, UInt8, UInt8)
        switch color {
        case .reset: return nil
        case .indexed(let i): rgb = ColorConversion.rgb(ofIndex: i)
        case .rgb(let r, let g, let b): rgb = (r, g, b)
        }
        return (299 * Int(rgb.0) + 587 * Int(rgb.1) + 114 * Int(rgb.2)) / 1000
    }
}
