/// A key hint in the status bar: `key label`, e.g. `q quit`.
public struct StatusHint: Hashable, Sendable {
    public var key: String
    public var label: String
    /// Kept when the bar is short of room (help and quit): the others drop first.
    public var essential: Bool

    public init(key: String, label: String, essential: Bool = false) {
        self.key = key
        self.label = label
        self.essential = essential
    }
}

/// A message shown at the right of the status bar.
public struct StatusMessage: Hashable, Sendable {
    public enum Kind: Sendable { case info, warning, error }
    public var text: String
    public var kind: Kind

    public init(_ text: String, kind: Kind = .info) {
        self.text = text
        self.kind = kind
    }
}

/// The bottom line: key hints on the left (whole hints, as many as fit), a message on the right.
public struct StatusBar {
    public var hints: [StatusHint]
    public var message: StatusMessage?
    public var barStyle: Style
    public var keyStyle: Style
    public var labelStyle: Style
    public var infoStyle: Style
    public var warningStyle: Style
    public var errorStyle: Style
    /// Shown after the last hint when some didn't fit.
    public var ellipsis: String
    /// Cells between hints.
    public var gap: Int

    public init(hints: [StatusHint], message: StatusMessage? = nil, barStyle: Style = .plain,
                keyStyle: Style = Style(modifiers: .bold), labelStyle: Style = .plain, infoStyle: Style = .plain,
                warningStyle: Style = Style(modifiers: .bold), errorStyle: Style = Style(modifiers: [.bold, .reverse]),
                ellipsis: String = "…", gap: Int = 2) {
        self.hints = hints
        self.message = message
        self.barStyle = barStyle
        self.keyStyle = keyStyle
        self.labelStyle = labelStyle
        self.infoStyle = infoStyle
        self.warningStyle = warningStyle
        self.errorStyle = errorStyle
        self.ellipsis = ellipsis
        self.gap = gap
    }

    private func hintWidth(_ hint: StatusHint) -> Int { CellWidth.of(hint.key) + 1 + CellWidth.of(hint.label) }

    /// Cells the essential hints take from the first to the last, gaps between included.
    private var essentialSpan: Int {
        let widths = hints.filter(\.essential).map(hintWidth)
        return widths.isEmpty ? 0 : widths.reduce(0, +) + gap * (widths.count - 1)
    }

    /// Cells after the last shown ordinary hint when some were dropped: a space, the
    /// ellipsis, and the essential hints after a gap.
    private var droppedTail: Int {
        let span = essentialSpan
        return 1 + CellWidth.of(ellipsis) + (span > 0 ? gap + span : 0)
    }

    /// Columns given to the message: all it needs, leaving room for the essential hints (the
    /// other hints come back once the message is gone).
    private func messageWidth(in area: Rect) -> Int {
        guard let message, !message.text.isEmpty else { return 0 }
        let hasOrdinary = hints.contains { !$0.essential }
        let keep = hasOrdinary ? droppedTail - 1 : essentialSpan
        let room = hints.isEmpty ? area.width - 2 : area.width - 1 - keep - gap
        return max(0, min(CellWidth.of(message.text), room))
    }

    /// Each hint's columns, or nil for hints that didn't fit (for mouse clicks on hints).
    /// Hints keep their order; when room runs out, the ordinary ones after the last that fits
    /// give way (an ellipsis says so) and the essential ones (help, quit) stay, at the end.
    public func hintRanges(in area: Rect) -> [Range<Int>?] {
        let reserved = messageWidth(in: area)
        let limit = area.right - (reserved > 0 ? reserved + gap : 0)
        let widths = hints.map(hintWidth)
        let start = area.x + 1
        let allFit = start + widths.reduce(0, +) + gap * max(0, hints.count - 1) <= limit
        var x = start
        var lastEnd: Int?
        var ordinary: [Range<Int>?] = []
        var dropping = false
        for (hint, width) in zip(hints, widths) where !hint.essential {
            if dropping || (!allFit && x + width + droppedTail > limit) {
                dropping = true
                ordinary.append(nil)
                continue
            }
            ordinary.append(x..<(x + width))
            lastEnd = x + width
            x += width + gap
        }
        if dropping { x = (lastEnd.map { $0 + 1 } ?? start) + CellWidth.of(ellipsis) + gap }
        var result: [Range<Int>?] = []
        var next = ordinary.makeIterator()
        for (hint, width) in zip(hints, widths) {
            if hint.essential {
                if x + width <= limit { result.append(x..<(x + width)); x += width + gap } else { result.append(nil) }
            } else {
                result.append(next.next() ?? nil)
            }
        }
        return result
    }

    /// The hint under column `x`, if any.
    public func hintIndex(atX x: Int, area: Rect) -> Int? {
        hintRanges(in: area).firstIndex { $0?.contains(x) ?? false }
    }

    @discardableResult
    public func render(into buffer: inout Buffer, area: Rect) -> [Range<Int>?] {
        let ranges = hintRanges(in: area)
        guard !area.isEmpty else { return ranges }
        let row = area.row(0)
        buffer.fill(row, cell: Cell(symbol: " ", style: barStyle))
        var lastEnd = area.x
        for (hint, range) in zip(hints, ranges) {
            guard let range else { continue }
            let afterKey = buffer.setString(hint.key, x: range.lowerBound, y: row.y, style: barStyle.patched(with: keyStyle))
            buffer.setString(hint.label, x: afterKey + 1, y: row.y, style: barStyle.patched(with: labelStyle), maxWidth: range.upperBound - afterKey - 1)
            if !hint.essential { lastEnd = range.upperBound }
        }
        // The ellipsis goes right after the last ordinary hint shown (at the start when none is).
        if zip(hints, ranges).contains(where: { !$0.0.essential && $0.1 == nil }) {
            buffer.setString(ellipsis, x: lastEnd + 1, y: row.y, style: barStyle.patched(with: labelStyle), maxWidth: max(0, area.right - lastEnd - 1))
        }
        let width = messageWidth(in: area)
        if let message, width > 0 {
            let style: Style
            switch message.kind {
            case .info: style = infoStyle
            case .warning: style = warningStyle
            case .error: style = errorStyle
            }
            let text = CellWidth.truncate(message.text, toWidth: width, ellipsis: ellipsis)
            buffer.setString(text, x: area.right - CellWidth.of(text), y: row.y, style: barStyle.patched(with: style), maxWidth: width)
        }
        return ranges
    }
}
