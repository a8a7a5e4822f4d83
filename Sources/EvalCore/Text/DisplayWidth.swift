/// How many terminal columns text occupies, in the manner of `wcwidth(3)` but measured per
/// grapheme cluster (a Swift `Character`), so that an emoji with modifiers or a ZWJ sequence
/// counts once.
///
/// - East Asian Wide and Fullwidth characters (CJK, Hangul, kana, fullwidth forms) and
///   emoji shown as emoji are 2 columns;
/// - combining marks, zero-width joiners and variation selectors add nothing to the
///   character they follow;
/// - control characters count as the width of their `TerminalSafe.escape` form, because that
///   is what gets printed.
public enum DisplayWidth {
    /// Columns `text` takes once escaped for the terminal.
    public static func of(_ text: String) -> Int {
        var width = 0
        for character in text { width += of(character) }
        return width
    }

    /// Columns one grapheme cluster takes.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        // Controls are printed escaped, scalar by scalar ("\r\n" is one Character).
        if scalars.contains(where: TerminalSafe.needsEscape) {
            var width = 0
            for scalar in scalars {
                width += TerminalSafe.needsEscape(scalar) ? TerminalSafe.escaped(scalar).count : scalarWidth(scalar)
            }
            return width
        }
        guard let first = scalars.first else { return 0 }
        // An emoji presentation selector (U+FE0F) turns a text-style symbol into a wide emoji;
        // a ZWJ sequence or a keycap is still one wide glyph.
        if scalars.count > 1, scalars.contains(where: { $0.value == 0xFE0F || $0.value == 0x20E3 }) {
            return 2
        }
        if first.properties.isEmojiPresentation || (scalars.count > 1 && isRegionalIndicator(first)) {
            return 2
        }
        // The cluster's width is its base's; what follows (marks, joiners, selectors) adds nothing.
        return scalarWidth(first)
    }

    /// Width of a single scalar outside any cluster context.
    static func scalarWidth(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 { return 0 }
        if isZeroWidth(scalar) { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        return isEastAsianWide(value) ? 2 : 1
    }

    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B ... 0x200F, 0x2060 ... 0x2064, 0xFE00 ... 0xFE0F, 0xFEFF, 0xE0100 ... 0xE01EF:
            return true  // zero-width space/joiners, word joiner, variation selectors, BOM
        case 0x1160 ... 0x11FF:
            return true  // Hangul medial vowels and final consonants join the leading consonant
        default:
            break
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return false
        }
    }

    static func isRegionalIndicator(_ scalar: Unicode.Scalar) -> Bool {
        (0x1F1E6 ... 0x1F1FF).contains(scalar.value)
    }

    /// East Asian Width W or F (Unicode 15 UAX #11), outside the emoji already handled.
    static func isEastAsianWide(_ value: UInt32) -> Bool {
        if value < 0x1100 { return false }
        for range in wideRanges where range.contains(value) { return true }
        return false
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100 ... 0x115F,  // Hangul Jamo initial consonants
        0x2329 ... 0x232A,  // angle brackets
        0x2E80 ... 0x303E,  // CJK radicals, Kangxi, CJK symbols and punctuation
        0x3041 ... 0x33FF,  // kana, bopomofo, Hangul compatibility jamo, CJK compatibility
        0x3400 ... 0x4DBF,  // CJK extension A
        0x4E00 ... 0x9FFF,  // CJK unified ideographs
        0xA000 ... 0xA4CF,  // Yi
        0xA960 ... 0xA97F,  // Hangul Jamo extended A
        0xAC00 ... 0xD7A3,  // Hangul syllables
        0xF900 ... 0xFAFF,  // CJK compatibility ideographs
        0xFE10 ... 0xFE19,  // vertical forms
        0xFE30 ... 0xFE6F,  // CJK compatibility forms, small form variants
        0xFF00 ... 0xFF60,  // fullwidth forms
        0xFFE0 ... 0xFFE6,  // fullwidth signs
        0x16FE0 ... 0x18AFF,  // ideographic symbols, Tangut
        0x1AFF0 ... 0x1B2FF,  // kana supplement and extensions, Nüshu
        0x1F200 ... 0x1F2FF,  // enclosed ideographic supplement
        0x1F300 ... 0x1F64F,  // pictographs and emoticons
        0x1F900 ... 0x1F9FF,  // supplemental symbols and pictographs
        0x20000 ... 0x2FFFD,  // CJK extensions B–F
        0x30000 ... 0x3FFFD,  // CJK extensions G–
    ]

    /// `text` padded with spaces on the right to `width` columns (unchanged when wider).
    public static func padRight(_ text: String, to width: Int) -> String {
        let missing = width - of(text)
        return missing > 0 ? text + String(repeating: " ", count: missing) : text
    }

    /// `text` padded with spaces on the left to `width` columns (unchanged when wider).
    public static func padLeft(_ text: String, to width: Int) -> String {
        let missing = width - of(text)
        return missing > 0 ? String(repeating: " ", count: missing) + text : text
    }
}

/// A plain-text table for the command line: the first column left-aligned, the others right-
/// aligned, every column as wide as its widest cell by display width (so CJK and emoji line up),
/// two spaces between columns. Cells must already be terminal-safe.
public enum TextTable {
    public static func render(header: [String], rows: [[String]]) -> [String] {
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(DisplayWidth.of).max() ?? 0
        }
        func line(_ values: [String]) -> String {
            values.enumerated().map { column, value in
                column == 0 ? DisplayWidth.padRight(value, to: widths[column]) : DisplayWidth.padLeft(value, to: widths[column])
            }.joined(separator: "  ")
        }
        return [line(header)] + rows.map(line)
    }
}
