import EvalCore

/// Display width and terminal safety for text that goes into cells, built on EvalCore's
/// `DisplayWidth` and `TerminalSafe` so that the report and the screen measure and escape text
/// by the same rules.
///
/// Rules, per grapheme cluster:
/// - East Asian Wide/Fullwidth and emoji presentation (or text + U+FE0F) take 2 cells;
/// - combining marks, zero-width joiners and variation selectors add nothing;
/// - control characters (C0, DEL, C1), line/paragraph separators and bidi overrides are never
///   emitted: they become visible escapes such as `\x1b`, `\n`, `\u{202e}`.
///
/// In the ASCII fallback (`asciiOnly`: a non-UTF-8 locale or `--ascii`) every non-ASCII
/// scalar is drawn as its escape, `\u00f1`, and measured as such: the terminal could not
/// show it (ncurses drops it, which cut `jalapeño` to `jalapeo` and shifted its row), and a
/// `?` would make `日本` and `中国` look alike.
public enum CellWidth {
    /// True while drawing for a terminal that shows only ASCII. Set around a whole frame
    /// (`CellWidth.$asciiOnly.withValue(true) { … }`), so that layout and drawing measure the
    /// same escaped text.
    @TaskLocal public static var asciiOnly = false

    /// The number of terminal cells `text` occupies once sanitized.
    public static func of(_ text: String) -> Int {
        var total = 0
        for grapheme in text { total += of(grapheme: grapheme) }
        return total
    }

    /// The number of cells one grapheme occupies once sanitized (escapes count their length).
    public static func of(grapheme: Character) -> Int {
        if needsEscape(grapheme) {
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
            } else if needsEscape(grapheme) {
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
    /// In the ASCII fallback a non-ASCII ellipsis becomes `~`, as the ASCII glyph set has it.
    public static func truncate(_ text: String, toWidth width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        let ellipsis = asciiOnly && !ellipsis.allSatisfy(\.isASCII) ? "~" : ellipsis
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

    /// Cuts `text` to at most `width` cells by taking out its middle, so that both ends stay
    /// (`digits_…_1364`, `https://…/img_0000325.jpg`): ids and URLs differ at their ends.
    public static func truncateMiddle(_ text: String, toWidth width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        let parts = cells(text)
        let total = parts.reduce(0) { $0 + $1.width }
        if total <= width { return parts.map(\.symbol).joined() }
        let budget = width - of(ellipsis)
        guard budget >= 2 else { return truncate(text, toWidth: width, ellipsis: ellipsis) }
        // The tail gets the larger half: ids and file names end in what tells them apart.
        let tailBudget = (budget + 1) / 2
        var tail: [String] = []
        var used = 0
        for (symbol, w) in parts.reversed() {
            if used + w > tailBudget { break }
            tail.append(symbol)
            used += w
        }
        var head = ""
        var headUsed = 0
        for (symbol, w) in parts {
            if headUsed + w > budget - used { break }
            head += symbol
            headUsed += w
        }
        return head + ellipsis + tail.reversed().joined()
    }

    /// Pads (or truncates) `text` to exactly `width` cells with the given alignment.
    public static func fit(_ text: String, width: Int, alignment: Alignment = .left, ellipsis: String = "…",
                           middle: Bool = false) -> String {
        guard width > 0 else { return "" }
        let cut = middle ? truncateMiddle(text, toWidth: width, ellipsis: ellipsis) : truncate(text, toWidth: width, ellipsis: ellipsis)
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
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool { TerminalSafe.needsEscape(scalar) }

    /// True for a grapheme drawn as escapes: one with an unsafe scalar, or any non-ASCII one
    /// in the ASCII fallback.
    static func needsEscape(_ grapheme: Character) -> Bool {
        (asciiOnly && !grapheme.isASCII) || grapheme.unicodeScalars.contains(where: isUnsafe)
    }

    /// The visible escape for a grapheme containing unsafe scalars; its safe scalars are kept
    /// when they print on their own (and, in the ASCII fallback, are ASCII).
    static func escaped(_ grapheme: Character) -> String {
        let ascii = asciiOnly
        var out = ""
        for scalar in grapheme.unicodeScalars {
            if isUnsafe(scalar) { out += TerminalSafe.escaped(scalar) }
            else if ascii, !scalar.isASCII { out += asciiEscape(scalar) }
            else if printableWidth(Character(scalar)) > 0 { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// `\u00f1` (`\U0001f436` above U+FFFF), as JSON and Python write them: short, familiar,
    /// and never read as a byte escape (`\xf1`) or a control character's escape (`\u{202e}`).
    static func asciiEscape(_ scalar: Unicode.Scalar) -> String {
        let wide = scalar.value > 0xFFFF
        let hex = String(scalar.value, radix: 16)
        return (wide ? "\\U" : "\\u") + String(repeating: "0", count: max(0, (wide ? 8 : 4) - hex.count)) + hex
    }

    /// Width of a grapheme known to contain no unsafe scalars.
    static func printableWidth(_ grapheme: Character) -> Int { DisplayWidth.of(grapheme) }
}

/// Horizontal placement of text within a width.
public enum Alignment: Sendable, Hashable {
    case left, right, center
}
