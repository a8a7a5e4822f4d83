import Testing
@testable import TermUI

/// Issue 10, item 14 (prompt part): readline's editing keys in every prompt.
@Suite struct PromptEditingTests {
    /// The prompt after typing `text` and then `keys`; the result as text with `|` at the cursor.
    static func edit(_ text: String, cursorAt: Int? = nil, _ keys: [Key]) -> String {
        var state = PromptState(text: text)
        if let cursorAt { state.moveHome(); for _ in 0 ..< cursorAt { state.moveRight() } }
        for key in keys { _ = state.apply(key) }
        var shown = state.text
        shown.insert("|", at: shown.index(shown.startIndex, offsetBy: state.cursor))
        return shown
    }

    @Test func ctrlUDeletesToTheStart() {
        #expect(Self.edit("0.375", [.ctrl("u")]) == "|")
        #expect(Self.edit("hello world", cursorAt: 6, [.ctrl("u")]) == "|world")
    }

    @Test func ctrlKDeletesToTheEnd() {
        #expect(Self.edit("hello world", cursorAt: 5, [.ctrl("k")]) == "hello|")
        #expect(Self.edit("abc", [.ctrl("k")]) == "abc|")
    }

    @Test func ctrlWDeletesTheWordBack() {
        #expect(Self.edit("note about cats", [.ctrl("w")]) == "note about |")
        #expect(Self.edit("note about  ", [.ctrl("w")]) == "note |", "spaces before the cursor go with the word")
        #expect(Self.edit("one two three", cursorAt: 7, [.ctrl("w")]) == "one | three")
        #expect(Self.edit("jalapeño 日本", [.ctrl("w"), .ctrl("w")]) == "|")
        #expect(Self.edit("", [.ctrl("w")]) == "|")
    }

    @Test func ctrlAAndCtrlEMoveToStartAndEnd() {
        #expect(Self.edit("abc", [.ctrl("a")]) == "|abc")
        #expect(Self.edit("abc", [.ctrl("a"), .ctrl("e")]) == "abc|")
        #expect(Self.edit("abc", [.ctrl("a"), .char("x")]) == "x|abc")
    }

    @Test func cursorKeysAndDeletion() {
        #expect(Self.edit("abc", [.left, .left, .char("x")]) == "ax|bc")
        #expect(Self.edit("abc", [.home, .right, .delete]) == "a|c")
        #expect(Self.edit("abc", [.home, .end, .backspace]) == "ab|")
        #expect(Self.edit("abc", [.ctrl("b"), .ctrl("b"), .ctrl("d")]) == "a|c")
        #expect(Self.edit("abc", [.ctrl("a"), .ctrl("f"), .ctrl("h")]) == "|bc")
        #expect(Self.edit("a", [.left, .left, .backspace, .right, .right, .delete]) == "a|")
    }

    @Test func keysThatEditNothingAreLeftToTheCaller() {
        var state = PromptState(text: "x")
        for key in [Key.enter, .escape, .tab, .ctrl("c"), .up, .function(1)] {
            let edited = state.apply(key)
            #expect(!edited, "\(key)")
        }
        #expect(state.text == "x")
    }
}
