/// One section of the help overlay, e.g. "Threshold" with its keys.
public struct HelpSection: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var key: String
        public var description: String
        public init(key: String, description: String) {
            self.key = key
            self.description = description
        }
    }

    public var title: String
    public var entries: [Entry]

    public init(title: String, entries: [Entry]) {
        self.title = title
        self.entries = entries
    }

    public init(title: String, _ pairs: [(String, String)]) {
        self.init(title: title, entries: pairs.map { Entry(key: $0.0, description: $0.1) })
    }
}

/// A centred popup listing key bindings by section; scrolls when taller than the screen.
public struct HelpOverlay {
    public var title: String
    public var sections: [HelpSection]
    /// First content line shown (clamped to `maxScroll(in:)`).
    public var scroll: Int
    public var borders: BorderGlyphs
    public var borderStyle: Style
    public var titleStyle: Style
    public var sectionStyle: Style
    public var keyStyle: Style
    public var textStyle: Style
    /// Most columns the popup takes.
    public var maxWidth: Int
    /// Ends a description cut to fit (the theme's, `~` in ASCII).
    public var ellipsis: String

    public init(title: String = "Help", sections: [HelpSection], scroll: Int = 0, borders: BorderGlyphs = BorderKind.rounded.glyphs,
                borderStyle: Style = .plain, titleStyle: Style = Style(modifiers: .bold), sectionStyle: Style = Style(modifiers: [.bold, .underline]),
                keyStyle: Style = Style(modifiers: .bold), textStyle: Style = .plain, maxWidth: Int = 72, ellipsis: String = "…") {
        self.title = title
        self.sections = sections
        self.scroll = scroll
        self.borders = borders
        self.borderStyle = borderStyle
        self.titleStyle = titleStyle
        self.sectionStyle = sectionStyle
        self.keyStyle = keyStyle
        self.textStyle = textStyle
        self.maxWidth = maxWidth
        self.ellipsis = ellipsis
    }

    enum Line: Equatable {
        case section(String)
        case entry(key: String, description: String)
        case blank
    }

    var contentLines: [Line] {
        var lines: [Line] = []
        for (index, section) in sections.enumerated() {
            if index > 0 { lines.append(.blank) }
            lines.append(.section(section.title))
            for entry in section.entries { lines.append(.entry(key: entry.key, description: entry.description)) }
        }
        return lines
    }

    private var keyWidth: Int {
        sections.flatMap(\.entries).map { CellWidth.of($0.key) }.max() ?? 0
    }

    /// The popup's outer rectangle within the screen `area`.
    public func popupArea(in area: Rect) -> Rect {
        let descriptionWidth = sections.flatMap(\.entries).map { CellWidth.of($0.description) }.max() ?? 0
        let sectionWidth = sections.map { CellWidth.of($0.title) }.max() ?? 0
        let contentWidth = max(keyWidth + 3 + descriptionWidth, sectionWidth, CellWidth.of(title) + 4)
        let width = min(contentWidth + 4, maxWidth, area.width)  // border and one space each side
        let height = min(contentLines.count + 2, area.height)
        return area.centered(width: width, height: height)
    }

    /// The largest useful `scroll` for `area`.
    public func maxScroll(in area: Rect) -> Int {
        max(0, contentLines.count - max(0, popupArea(in: area).height - 2))
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let outer = popupArea(in: area)
        guard outer.width >= 4, outer.height >= 3 else { return }
        buffer.fill(outer, cell: Cell(symbol: " ", style: textStyle))
        let lines = contentLines
        let inner = outer.inner(horizontal: 2, vertical: 1)
        let first = min(max(0, scroll), max(0, lines.count - max(0, outer.height - 2)))  // maxScroll(in:), measured once
        let shown = lines.dropFirst(first).prefix(inner.height)
        var block = Block(title: title, titleStyle: titleStyle, borders: borders, borderStyle: borderStyle)
        block.isFocused = false
        block.render(into: &buffer, area: outer)
        // Measured once: every entry's key is measured to find it (8–17 ms a frame when this
        // was read per line, issue 11's key-to-frame benchmark).
        let keyColumn = min(keyWidth, inner.width)

        for (row, line) in shown.enumerated() {
            let y = inner.y + row
            switch line {
            case .blank: break
            case .section(let title):
                buffer.setString(title, x: inner.x, y: y, style: sectionStyle, maxWidth: inner.width)
            case .entry(let key, let description):
                let keyText = CellWidth.fit(key, width: keyColumn)
                let after = buffer.setString(keyText, x: inner.x, y: y, style: keyStyle, maxWidth: inner.width)
                let room = inner.right - after - 3
                if room > 0 {
                    buffer.setString(CellWidth.truncate(description, toWidth: room, ellipsis: ellipsis), x: after + 3, y: y, style: textStyle, maxWidth: room)
                }
            }
        }
        // Where we are, on the bottom border, when not everything fits.
        if lines.count > inner.height {
            let dash = CellWidth.asciiOnly ? "-" : "–"
            let position = " \(first + 1)\(dash)\(first + shown.count)/\(lines.count) "
            let x = outer.right - 1 - CellWidth.of(position) - 1
            if x > outer.x { buffer.setString(position, x: x, y: outer.bottom - 1, style: borderStyle) }
        }
    }
}
