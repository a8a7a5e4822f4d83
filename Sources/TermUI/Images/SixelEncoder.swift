import ImageKit

/// DEC sixel (xterm as vt340, foot, WezTerm, mlterm, Windows Terminal, iTerm2): six pixel rows
/// per band, one pass per colour present in the band, with run-length encoding.
///
/// Colours are quantised to a fixed 6×7×6 cube (252 registers) rather than an adaptive palette:
/// the error is at most half a step (26 levels) per channel, the encode is one pass, and the
/// same colour always gets the same register, so cached encodings stay valid. Transparent
/// pixels are blended onto `background`, since sixel has no partial alpha.
public enum SixelEncoder {
    static let levels = (r: 6, g: 7, b: 6)

    public static func encode(_ image: RGBAImage, background: (UInt8, UInt8, UInt8) = (0, 0, 0)) -> String {
        guard image.width > 0, image.height > 0 else { return "" }
        let (w, h) = (image.width, image.height)
        var registers = [UInt8](repeating: 0, count: w * h)
        var used = [Bool](repeating: false, count: levels.r * levels.g * levels.b)
        for y in 0 ..< h {
            for x in 0 ..< w {
                let (r, g, b) = HalfBlockEncoder.blended(image, x: x, y: y, onto: background)
                let index = quantise(r, levels.r) * levels.g * levels.b + quantise(g, levels.g) * levels.b + quantise(b, levels.b)
                registers[y * w + x] = UInt8(index)
                used[index] = true
            }
        }
        // DCS P1=0 (aspect from raster attributes) P2=1 (pixels not drawn keep what is there),
        // raster attributes 1:1 and the size.
        var out = "\u{1B}P0;1;0q\"1;1;\(w);\(h)"
        for (index, isUsed) in used.enumerated() where isUsed {
            let (r, g, b) = colour(ofRegister: index)
            out += "#\(index);2;\(percent(r));\(percent(g));\(percent(b))"
        }
        var band = 0
        var bandColours = [Bool](repeating: false, count: used.count)
        var sixels = [UInt8](repeating: 0, count: w)
        while band * 6 < h {
            let top = band * 6
            for i in bandColours.indices { bandColours[i] = false }
            for y in top ..< min(h, top + 6) { for x in 0 ..< w { bandColours[Int(registers[y * w + x])] = true } }
            var firstColour = true
            for (colour, present) in bandColours.enumerated() where present {
                for x in 0 ..< w {
                    var bits: UInt8 = 0
                    for dy in 0 ..< min(6, h - top) where Int(registers[(top + dy) * w + x]) == colour { bits |= 1 << dy }
                    sixels[x] = bits
                }
                if !firstColour { out += "$" }
                firstColour = false
                out += "#\(colour)"
                appendRuns(sixels, to: &out)
            }
            out += "-"
            band += 1
        }
        out += "\u{1B}\\"
        return out
    }

    /// Sixel characters with `!count` for runs of four or more.
    static func appendRuns(_ sixels: [UInt8], to out: inout String) {
        var x = 0
        while x < sixels.count {
            var run = 1
            while x + run < sixels.count, sixels[x + run] == sixels[x] { run += 1 }
            let char = Character(Unicode.Scalar(63 + sixels[x]))
            if run >= 4 { out += "!\(run)\(char)" } else { out += String(repeating: char, count: run) }
            x += run
        }
    }

    static func quantise(_ v: UInt8, _ steps: Int) -> Int { (Int(v) * (steps - 1) + 127) / 255 }

    static func colour(ofRegister index: Int) -> (Int, Int, Int) {
        let r = index / (levels.g * levels.b), g = (index / levels.b) % levels.g, b = index % levels.b
        return (r * 255 / (levels.r - 1), g * 255 / (levels.g - 1), b * 255 / (levels.b - 1))
    }

    static func percent(_ v: Int) -> Int { (v * 100 + 127) / 255 }
}
