/// Display width and terminal safety for text that goes into cells.
///
/// TermUI keeps its own copy of these rules so it does not depend on EvalCore's text helpers
/// while both are being written; the two are meant to be unified later.
///
/// Rules, per grapheme cluster:
/// - East Asian Wide/Fullwidth and emoji presentation (or text + U+FE0F) take 2 cells;
/// - combining marks, zero-width joiners and variation selectors add nothing;
/// - control characters (C0, DEL, C1), line/paragraph separators and bidi overrides are never
///   emitted: they become visible escapes such as `\x1b`, `\n`, `\u{202e}`.
public enum CellWidth {
    /// The number of terminal cells `text` occupies once sanitized.
    public static func of(_ text: String) -> Int {
        var total = 0
        for grapheme in text { total += of(grapheme: grapheme) }
        return total
    }

    /// The number of cells one grapheme occupies once sanitized (escapes count their length).
    public static func of(grapheme: Character) -> Int {
        if grapheme.unicodeScalars.contains(where: isUnsafe) {
            return escaped(grapheme).count
        }
        return printableWidth(grapheme)
    }

    /// `text` with every unsafe scalar replaced by a visible escape and standalone zero-width
    /// graphemes dropped, so that every grapheme of the result is printable and takes 1 or 2 cells.
    public static func sanitize(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for (symbol, _) in cells(text) { result += symbol }
        return result
    }

    /// `text` cut into safe graphemes with their widths (1 or 2), ready to place into cells.
    public static func cells(_ text: String) -> [(symbol: String, width: Int)] {
        var out: [(symbol: String, width: Int)] = []
        out.reserveCapacity(text.utf8.count)
        for grapheme in text {
            if grapheme.isASCII, let ascii = grapheme.asciiValue, ascii >= 0x20, ascii < 0x7f {
                out.append((String(grapheme), 1))  // the common case, kept cheap
            } else if grapheme.unicodeScalars.contains(where: isUnsafe) {
                for ch in escaped(grapheme) { out.append((String(ch), 1)) }
            } else {
                let width = printableWidth(grapheme)
                if width > 0 { out.append((String(grapheme), width)) }
            }
        }
        return out
    }

    /// Cuts `text` to at most `width` cells, ending with `ellipsis` when something was cut.
    /// A wide grapheme that would straddle the limit is left out, never split.
    public static func truncate(_ text: String, toWidth width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        let parts = cells(text)
        let total = parts.reduce(0) { $0 + $1.width }
        if total <= width { return parts.map(\.symbol).joined() }
        let ellipsisWidth = of(ellipsis)
        let budget = width - ellipsisWidth
        guard budget >= 0 else { return String(repeating: ".", count: width) }
        var used = 0
        var result = ""
        for (symbol, w) in parts {
            if used + w > budget { break }
            result += symbol
            used += w
        }
        return result + ellipsis
    }

    /// Pads (or truncates) `text` to exactly `width` cells with the given alignment.
    public static func fit(_ text: String, width: Int, alignment: Alignment = .left, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        let cut = truncate(text, toWidth: width, ellipsis: ellipsis)
        let gap = max(0, width - of(cut))
        switch alignment {
        case .left: return cut + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + cut
        case .center:
            let left = gap / 2
            return String(repeating: " ", count: left) + cut + String(repeating: " ", count: gap - left)
        }
    }

    // MARK: - Classification

    /// Scalars that must never reach the terminal raw.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || (v >= 0x7f && v <= 0x9f) { return true }       // C0, DEL, C1
        if v == 0x2028 || v == 0x2029 { return true }                   // line/paragraph separators
        if (0x202a...0x202e).contains(v) || (0x2066...0x2069).contains(v) { return true } // bidi overrides
        if v == 0x200e || v == 0x200f || v == 0x061c { return true }    // bidi marks
        return false
    }

    /// The visible escape for a grapheme containing unsafe scalars.
    static func escaped(_ grapheme: Character) -> String {
        var out = ""
        for scalar in grapheme.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x0a: out += "\\n"
            case 0x09: out += "\\t"
            case 0x0d: out += "\\r"
            case 0..<0x20, 0x7f...0x9f: out += "\\x" + hex(v, digits: 2)
            default:
                if isUnsafe(scalar) { out += "\\u{" + hex(v, digits: 4) + "}" }
                else if printableWidth(Character(scalar)) > 0 { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }

    /// Width of a grapheme known to contain no unsafe scalars.
    static func printableWidth(_ grapheme: Character) -> Int {
        let scalars = grapheme.unicodeScalars
        guard let base = scalars.first(where: { !isZeroWidth($0) }) else { return 0 }
        if isWide(base) { return 2 }
        let props = base.properties
        if props.isEmoji {
            if scalars.contains(where: { $0.value == 0xfe0f }) { return 2 }          // emoji presentation selector
            if scalars.contains(where: { $0.value == 0x200d }) && scalars.count > 1 { return 2 } // ZWJ sequence
            if scalars.contains(where: { (0x1f3fb...0x1f3ff).contains($0.value) }) { return 2 } // skin tone
        }
        return 1
    }

    /// Combining marks, format characters such as ZWJ, and variation selectors.
    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if (0xfe00...0xfe0f).contains(v) || (0xe0100...0xe01ef).contains(v) { return true }
        if v == 0x200b || v == 0x200c || v == 0x200d || v == 0x2060 || v == 0xfeff { return true }
        if (0x1160...0x11ff).contains(v) { return true }  // Hangul medial vowels / final consonants
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return false
        }
    }

    /// East Asian Wide/Fullwidth, or emoji shown as emoji by default.
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x1100 { return false }
        if scalar.properties.isEmojiPresentation { return true }
        for range in wideRanges where range.contains(v) { return true }
        return false
    }

    /// East Asian Wide and Fullwidth blocks (Unicode EastAsianWidth.txt, W and F), coarsened to
    /// blocks; emoji are covered by the Emoji_Presentation property instead.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115f, 0x2329...0x232a, 0x2e80...0x303e, 0x3041...0x33ff, 0x3400...0x4dbf,
        0x4e00...0x9fff, 0xa000...0xa4cf, 0xa960...0xa97f, 0xac00...0xd7a3, 0xf900...0xfaff,
        0xfe10...0xfe19, 0xfe30...0xfe6f, 0xff00...0xff60, 0xffe0...0xffe6, 0x16fe0...0x16fe4,
        0x17000...0x18cff, 0x1b000...0x1b2ff, 0x1f200...0x1f2ff, 0x20000...0x2fffd, 0x30000...0x3fffd,
    ]
}

/// Horizontal placement of text within a width.
public enum Alignment: Sendable, Hashable {
    case left, right, center
}
