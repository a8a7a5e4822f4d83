/// The editing state of a single-line text input. The cursor counts graphemes (0…count).
public struct PromptState: Hashable, Sendable {
    public private(set) var text: String
    public private(set) var cursor: Int

    /// - Parameter text: initial text; the cursor goes to its end.
    public init(text: String = "") {
        self.text = PromptState.printable(text)
        cursor = self.text.count
    }

    /// Inserts `string` at the cursor, dropping control characters (a pasted newline or escape
    /// must not end up in the value).
    public mutating func insert(_ string: String) {
        let clean = PromptState.printable(string)
        guard !clean.isEmpty else { return }
        let index = text.index(text.startIndex, offsetBy: cursor)
        text.insert(contentsOf: clean, at: index)
        cursor += clean.count
    }

    /// Deletes the grapheme before the cursor.
    public mutating func backspace() {
        guard cursor > 0 else { return }
        let index = text.index(text.startIndex, offsetBy: cursor - 1)
        text.remove(at: index)
        cursor -= 1
    }

    /// Deletes the grapheme under the cursor.
    public mutating func deleteForward() {
        guard cursor < text.count else { return }
        text.remove(at: text.index(text.startIndex, offsetBy: cursor))
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(text.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = text.count }

    /// Deletes from the cursor back to the start (Ctrl-U).
    public mutating func deleteToStart() {
        text.removeSubrange(text.startIndex..<text.index(text.startIndex, offsetBy: cursor))
        cursor = 0
    }

    /// Deletes from the cursor to the end (Ctrl-K).
    public mutating func deleteToEnd() {
        text.removeSubrange(text.index(text.startIndex, offsetBy: cursor)...)
    }

    /// Deletes the word before the cursor and the spaces after it (Ctrl-W), as readline's
    /// `unix-word-rubout` does: a word ends at whitespace.
    public mutating func deleteWordBack() {
        let characters = Array(text)
        var start = cursor
        while start > 0, characters[start - 1].isWhitespace { start -= 1 }
        while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
        text = String(characters[..<start] + characters[cursor...])
        cursor = start
    }

    /// Applies an editing key, with the readline keys people type without thinking
    /// (Ctrl-A/E start/end, Ctrl-B/F left/right, Ctrl-U/K delete to start/end, Ctrl-W delete
    /// the word back, Ctrl-D delete forward, Ctrl-H backspace). False when `key` edits nothing
    /// (Enter, Esc, Tab, other control keys), so the caller can give it its own meaning.
    public mutating func apply(_ key: Key) -> Bool {
        switch key {
        case .backspace, .ctrl("h"): backspace()
        case .delete, .ctrl("d"): deleteForward()
        case .left, .ctrl("b"): moveLeft()
        case .right, .ctrl("f"): moveRight()
        case .home, .ctrl("a"): moveHome()
        case .end, .ctrl("e"): moveEnd()
        case .ctrl("u"): deleteToStart()
        case .ctrl("k"): deleteToEnd()
        case .ctrl("w"): deleteWordBack()
        case .char(let c): insert(String(c))
        default: return false
        }
        return true
    }

    public mutating func clear() {
        text = ""
        cursor = 0
    }

    static func printable(_ string: String) -> String {
        String(string.filter { !$0.unicodeScalars.contains(where: CellWidth.isUnsafe) })
    }
}

/// A one-line input with a label: `Threshold: 0.37▏`. Scrolls horizontally to keep the
/// cursor in view.
public struct Prompt {
    public var label: String
    public var state: PromptState
    public var labelStyle: Style
    public var textStyle: Style
    public var cursorStyle: Style
    public var showCursor: Bool

    public init(label: String, state: PromptState, labelStyle: Style = Style(modifiers: .bold), textStyle: Style = .plain,
                cursorStyle: Style = Style(modifiers: .reverse), showCursor: Bool = true) {
        self.label = label
        self.state = state
        self.labelStyle = labelStyle
        self.textStyle = textStyle
        self.cursorStyle = cursorStyle
        self.showCursor = showCursor
    }

    /// Draws the prompt and returns the cursor's column (for placing the terminal cursor).
    @discardableResult
    public func render(into buffer: inout Buffer, area: Rect) -> Int? {
        guard !area.isEmpty else { return nil }
        buffer.fill(area.row(0), cell: Cell(symbol: " ", style: textStyle))
        let textStart = buffer.setString(label, x: area.x, y: area.y, style: labelStyle, maxWidth: area.width)
        let room = area.right - textStart
        guard room > 0 else { return nil }

        let graphemes = state.text.map { CellWidth.sanitize(String($0)) }
        let widths = graphemes.map(CellWidth.of)
        // Scroll so the cursor cell (one past the text when at the end) is the last visible one.
        var first = 0
        var used = widths[..<state.cursor].reduce(0, +) + 1
        while used > room && first < state.cursor {
            used -= widths[first]
            first += 1
        }
        var x = textStart
        var cursorX: Int? = nil
        for index in first..<graphemes.count {
            if index == state.cursor { cursorX = x }
            guard x + widths[index] <= area.right else { break }
            let style = showCursor && index == state.cursor ? textStyle.patched(with: cursorStyle) : textStyle
            x = buffer.setString(graphemes[index], x: x, y: area.y, style: style, maxWidth: area.right - x)
        }
        if state.cursor == graphemes.count, x < area.right {
            cursorX = x
            if showCursor { buffer.setString(" ", x: x, y: area.y, style: textStyle.patched(with: cursorStyle)) }
        }
        return cursorX
    }
}
