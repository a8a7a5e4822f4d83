import ImageKit

/// The image fallback that works in every terminal, tmux and SSH included: each cell shows two
/// pixels stacked, `▀` with the top pixel as foreground and the bottom one as background.
/// Colours go to what the terminal shows (24-bit, nearest of 256, of 16 or of 8); without
/// colour, a ramp of shade characters by brightness.
public enum HalfBlockEncoder {
    public enum Palette: Sendable, Equatable {
        case truecolor, color256, color16, color8
        /// No colour (NO_COLOR is handled before: it draws no image); shade glyphs by brightness.
        case mono(ascii: Bool)

        /// The palette for a colour capability; `colors` is the terminal's colour count (8 on
        /// TERM=xterm and TERM=linux, where indexes 8–15 do not exist).
        public static func from(_ capability: ColorCapability, colors: Int = 256, ascii: Bool = false) -> Palette {
            switch capability {
            case .truecolor: return .truecolor
            case .color256: return colors >= 256 || colors == 0 ? .color256 : (colors >= 16 ? .color16 : .color8)
            case .color16: return colors > 0 && colors < 16 ? .color8 : .color16
            case .color8: return .color8
            case .none: return .mono(ascii: ascii)
            }
        }
    }

    /// The pixel size an image should be scaled to before it is drawn in `columns` × `rows`.
    public static func pixelSize(columns: Int, rows: Int) -> (width: Int, height: Int) { (columns, rows * 2) }

    /// Cells for `image` (one column per pixel, one row per two pixel rows), transparent pixels
    /// blended onto `background`. An odd last pixel row is drawn over the background.
    public static func cells(_ image: RGBAImage, palette: Palette, background: (UInt8, UInt8, UInt8) = (0, 0, 0)) -> [[Cell]] {
        let rows = (image.height + 1) / 2
        var out: [[Cell]] = []
        out.reserveCapacity(rows)
        for row in 0 ..< rows {
            var line: [Cell] = []
            line.reserveCapacity(image.width)
            for x in 0 ..< image.width {
                let top = blended(image, x: x, y: row * 2, onto: background)
                let bottom = row * 2 + 1 < image.height ? blended(image, x: x, y: row * 2 + 1, onto: background) : background
                line.append(cell(top: top, bottom: bottom, palette: palette))
            }
            out.append(line)
        }
        return out
    }

    /// Draws `image` into `buffer` with its top-left cell at (x, y).
    public static func draw(_ image: RGBAImage, into buffer: inout Buffer, x: Int, y: Int, palette: Palette,
                            background: (UInt8, UInt8, UInt8) = (0, 0, 0)) {
        for (dy, line) in cells(image, palette: palette, background: background).enumerated() {
            for (dx, cell) in line.enumerated() { buffer[x + dx, y + dy] = cell }
        }
    }

    /// The image as `▀` cells with 24-bit SGR colours, each row placed with a cursor move from
    /// (`column`, `row`) (0-based), inside save/restore cursor and ending with the attributes reset.
    public static func sgr(_ image: RGBAImage, column: Int, row: Int, background: (UInt8, UInt8, UInt8) = (0, 0, 0)) -> String {
        var out = "\u{1B}7"
        for (dy, line) in cells(image, palette: .truecolor, background: background).enumerated() {
            out += "\u{1B}[\(row + dy + 1);\(column + 1)H"
            var last: Style?
            for cell in line {
                if cell.style != last, case .rgb(let r, let g, let b) = cell.style.fg, case .rgb(let br, let bg, let bb) = cell.style.bg {
                    out += "\u{1B}[38;2;\(r);\(g);\(b);48;2;\(br);\(bg);\(bb)m"
                    last = cell.style
                }
                out += "▀"
            }
        }
        return out + "\u{1B}[0m\u{1B}8"
    }

    static let monoRamp = ["█", "▓", "▒", "░", " "].reversed().map { $0 }
    static let asciiRamp = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]

    static func cell(top: (UInt8, UInt8, UInt8), bottom: (UInt8, UInt8, UInt8), palette: Palette) -> Cell {
        switch palette {
        case .truecolor:
            return Cell(symbol: "▀", style: Style(fg: .rgb(top.0, top.1, top.2), bg: .rgb(bottom.0, bottom.1, bottom.2)))
        case .color256:
            return Cell(symbol: "▀", style: Style(fg: .indexed(ColorConversion.nearest256(top.0, top.1, top.2)),
                                                  bg: .indexed(ColorConversion.nearest256(bottom.0, bottom.1, bottom.2))))
        case .color16:
            return Cell(symbol: "▀", style: Style(fg: .indexed(ColorConversion.nearest16(top.0, top.1, top.2)),
                                                  bg: .indexed(ColorConversion.nearest16(bottom.0, bottom.1, bottom.2))))
        case .color8:
            return Cell(symbol: "▀", style: Style(fg: .indexed(ColorConversion.nearest8(top.0, top.1, top.2)),
                                                  bg: .indexed(ColorConversion.nearest8(bottom.0, bottom.1, bottom.2))))
        case .mono(let ascii):
            // Both pixels share one glyph: their mean brightness picks the shade.
            let light = (luma(top) + luma(bottom)) / 2
            let ramp = ascii ? asciiRamp : monoRamp
            return Cell(symbol: ramp[min(ramp.count - 1, light * ramp.count / 256)])
        }
    }

    static func luma(_ c: (UInt8, UInt8, UInt8)) -> Int {
        (299 * Int(c.0) + 587 * Int(c.1) + 114 * Int(c.2)) / 1000
    }

    static func blended(_ image: RGBAImage, x: Int, y: Int, onto bg: (UInt8, UInt8, UInt8)) -> (UInt8, UInt8, UInt8) {
        let (r, g, b, a) = image.pixel(x: x, y: y)
        if a == 255 { return (r, g, b) }
        let alpha = Int(a)
        func mix(_ c: UInt8, _ under: UInt8) -> UInt8 {
            let sum: Int = Int(c) * alpha + Int(under) * (255 - alpha) + 127
            return UInt8(sum / 255)
        }
        return (mix(r, bg.0), mix(g, bg.1), mix(b, bg.2))
    }
}
