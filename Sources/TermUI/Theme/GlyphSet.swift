/// Border line styles for `Block`.
public enum BorderKind: String, Hashable, Sendable, CaseIterable {
    case rounded, plain, ascii

    public var glyphs: BorderGlyphs {
        switch self {
        case .rounded: return BorderGlyphs(topLeft: "╭", topRight: "╮", bottomLeft: "╰", bottomRight: "╯", horizontal: "─", vertical: "│")
        case .plain: return BorderGlyphs(topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘", horizontal: "─", vertical: "│")
        case .ascii: return BorderGlyphs(topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+", horizontal: "-", vertical: "|")
        }
    }
}

/// The six pieces of a box border.
public struct BorderGlyphs: Hashable, Sendable {
    public var topLeft, topRight, bottomLeft, bottomRight, horizontal, vertical: String

    public init(topLeft: String, topRight: String, bottomLeft: String, bottomRight: String, horizontal: String, vertical: String) {
        self.topLeft = topLeft
        self.topRight = topRight
        self.bottomLeft = bottomLeft
        self.bottomRight = bottomRight
        self.horizontal = horizontal
        self.vertical = vertical
    }
}

/// How a `Canvas` turns dots into characters.
public enum PlotMarker: String, Hashable, Sendable, CaseIterable {
    /// 2×4 dots per cell with braille characters (U+2800…U+28FF).
    case braille
    /// 1×2 dots per cell with half blocks (▀ ▄ █).
    case block
    /// One dot per cell, each drawn with the shape's own ASCII character.
    case ascii
}

/// Every non-ASCII character the widgets draw, so that one switch turns them all to ASCII.
public struct GlyphSet: Hashable, Sendable {
    public var border: BorderKind
    public var plot: PlotMarker
    public var ellipsis: String
    /// Marks a flagged input.
    public var flag: String
    /// Marks a concept the input is labelled with (● / *), and one it isn't (○ / .).
    public var labeled: String
    public var unlabeled: String
    /// Drawn left of the selected row of a list.
    public var selectionMarker: String
    public var sliderFilled: String
    public var sliderEmpty: String
    public var sliderMarker: String
    public var axisVertical: String
    public var axisHorizontal: String
    public var axisCorner: String
    public var axisTick: String
    public var tabDivider: String
    /// Shades from empty to full, for heatmaps without colour.
    public var shadeRamp: [String]
    public var arrowUp: String
    public var arrowDown: String

    public static let unicode = GlyphSet(
        border: .rounded, plot: .braille, ellipsis: "…", flag: "⚑", labeled: "●", unlabeled: "○",
        selectionMarker: "▶", sliderFilled: "━", sliderEmpty: "─", sliderMarker: "●",
        axisVertical: "│", axisHorizontal: "─", axisCorner: "└", axisTick: "┼", tabDivider: "│",
        shadeRamp: [" ", "░", "▒", "▓", "█"], arrowUp: "▲", arrowDown: "▼"
    )

    public static let ascii = GlyphSet(
        border: .ascii, plot: .ascii, ellipsis: "~", flag: "!", labeled: "*", unlabeled: ".",
        selectionMarker: ">", sliderFilled: "=", sliderEmpty: "-", sliderMarker: "O",
        axisVertical: "|", axisHorizontal: "-", axisCorner: "+", axisTick: "+", tabDivider: "|",
        shadeRamp: [" ", ".", ":", "*", "#"], arrowUp: "^", arrowDown: "v"
    )

    /// True when the locale's codeset (from `nl_langinfo(CODESET)`, or the tail of `LANG` such
    /// as `en_US.UTF-8`) is UTF-8.
    public static func isUTF8(codeset: String?) -> Bool {
        guard let codeset else { return false }
        let normalized = codeset.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
        return normalized == "utf8" || normalized.hasSuffix(".utf8") || normalized.hasSuffix("utf8")
    }

    /// Unicode glyphs when the codeset is UTF-8 and ASCII wasn't asked for; ASCII otherwise.
    public static func choose(codeset: String?, forceASCII: Bool = false) -> GlyphSet {
        (!forceASCII && isUTF8(codeset: codeset)) ? .unicode : .ascii
    }
}
