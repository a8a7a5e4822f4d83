import ImageKit

/// DEC sixel (xterm as vt340, foot, WezTerm, mlterm, Windows Terminal, iTerm2): six pixel rows
/// per band, one pass per colour present in the band, with run-length encoding.
///
/// Colours are quantised to a fixed palette rather than an adaptive one: a 6×6×6 cube
/// (registers 0–215) and a ramp of 40 greys (216–255), each pixel taking the nearer of its cube
/// colour and its grey. The error is at most half a cube step (26 levels) per channel, greys
/// stay grey (a cube with more green levels than red and blue tinted them purple and green:
/// seen on the bundled digits in xterm -ti vt340), the encode is one pass, and the same colour
/// always gets the same register, so cached encodings stay valid. Transparent pixels are
/// blended onto `background`, since sixel has no partial alpha.
public enum SixelEncoder {
    static let levels = (r: 6, g: 6, b: 6)
    static let cubeSize = levels.r * levels.g * levels.b
    static let greyLevels = 40

    public static func encode(_ image: RGBAImage, background: (UInt8, UInt8, UInt8) = (0, 0, 0)) -> String {
        guard image.width > 0, image.height > 0 else { return "" }
        let (w, h) = (image.width, image.height)
        var registers = [UInt8](repeating: 0, count: w * h)
        var used = [Bool](repeating: false, count: cubeSize + greyLevels)
        for y in 0 ..< h {
            for x in 0 ..< w {
                let (r, g, b) = HalfBlockEncoder.blended(image, x: x, y: y, onto: background)
                let index = register(r, g, b)
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

    /// The register of the nearer (squared error) of the pixel's cube colour and its grey.
    static func register(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        let cube = quantise(r, levels.r) * levels.g * levels.b + quantise(g, levels.g) * levels.b + quantise(b, levels.b)
        let mean = UInt8((Int(r) + Int(g) + Int(b) + 1) / 3)
        let grey = cubeSize + quantise(mean, greyLevels)
        func error(_ index: Int) -> Int {
            let (cr, cg, cb) = colour(ofRegister: index)
            return (cr - Int(r)) * (cr - Int(r)) + (cg - Int(g)) * (cg - Int(g)) + (cb - Int(b)) * (cb - Int(b))
        }
        return error(grey) < error(cube) ? grey : cube
    }

    static func colour(ofRegister index: Int) -> (Int, Int, Int) {
        if index >= cubeSize {
            let v = (index - cubeSize) * 255 / (greyLevels - 1)
            return (v, v, v)
        }
        let r = index / (levels.g * levels.b), g = (index / levels.b) % levels.g, b = index % levels.b
        return (r * 255 / (levels.r - 1), g * 255 / (levels.g - 1), b * 255 / (levels.b - 1))
    }

    static func percent(_ v: Int) -> Int { (v * 100 + 127) / 255 }
}
