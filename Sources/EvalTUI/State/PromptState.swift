/// What a one-line prompt is asking for.
public enum PromptPurpose: Sendable, Equatable {
    case threshold
    case filter
}

/// A one-line text prompt: the text and the cursor (in characters).
public struct PromptState: Sendable, Equatable {
    public var purpose: PromptPurpose
    public var text: String
    public var cursor: Int

    public init(purpose: PromptPurpose, text: String = "") {
        self.purpose = purpose
        self.text = text
        self.cursor = text.count
    }

    public mutating func insert(_ c: Character) {
        var chars = Array(text)
        chars.insert(c, at: cursor)
        text = String(chars)
        cursor += 1
    }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        var chars = Array(text)
        chars.remove(at: cursor - 1)
        text = String(chars)
        cursor -= 1
    }

    public mutating func deleteForward() {
        var chars = Array(text)
        guard cursor < chars.count else { return }
        chars.remove(at: cursor)
        text = String(chars)
    }

    public mutating func moveCursor(by delta: Int) {
        cursor = min(max(0, cursor + delta), text.count)
    }
}
