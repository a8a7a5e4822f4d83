import Testing
@testable import EvalCore

@Suite struct TerminalSafeTests {
    @Test func controlCharactersBecomeVisibleEscapes() {
        #expect(TerminalSafe.escape("a\nb\tc\rd") == "a\\nb\\tc\\rd")
        #expect(TerminalSafe.escape("\u{1B}]2;title\u{07}") == "\\x1b]2;title\\x07")
        #expect(TerminalSafe.escape("\u{1B}[2J") == "\\x1b[2J")
        #expect(TerminalSafe.escape("\u{00}\u{7F}\u{9B}") == "\\x00\\x7f\\x9b")
        #expect(TerminalSafe.escape("left\u{202E}right") == "left\\u{202e}right")
        #expect(TerminalSafe.escape("\r\n") == "\\r\\n")  // one Character, two escapes
    }

    @Test func ordinaryTextIsUnchanged() {
        for text in ["", "dog", "chien-loup", "猫", "🐶 dog", "e\u{301}", "back\\slash", "a b"] {
            #expect(TerminalSafe.escape(text) == text)
        }
    }

    @Test func noControlCharacterSurvivesEscaping() {
        let everyControl = String(String.UnicodeScalarView((0 ... 0x9F).compactMap(Unicode.Scalar.init)))
        let escaped = TerminalSafe.escape(everyControl)
        #expect(!escaped.unicodeScalars.contains { TerminalSafe.needsEscape($0) })
    }
}

@Suite struct DisplayWidthTests {
    @Test func asciiIsOneColumnPerCharacter() {
        #expect(DisplayWidth.of("") == 0)
        #expect(DisplayWidth.of("precision") == 9)
    }

    @Test func eastAsianWideIsTwoColumns() {
        #expect(DisplayWidth.of("猫") == 2)
        #expect(DisplayWidth.of("ねこ") == 4)
        #expect(DisplayWidth.of("고양이") == 6)
        #expect(DisplayWidth.of("ＡＢ") == 4)  // fullwidth forms
        #expect(DisplayWidth.of("cat猫") == 5)
    }

    @Test func emojiAreTwoColumnsPerCluster() {
        #expect(DisplayWidth.of("🐶") == 2)
        #expect(DisplayWidth.of("👍🏽") == 2)  // with skin tone modifier
        #expect(DisplayWidth.of("👨‍👩‍👧") == 2)  // ZWJ sequence
        #expect(DisplayWidth.of("❤️") == 2)  // text symbol + VS16
        #expect(DisplayWidth.of("🇫🇷") == 2)  // flag
    }

    @Test func combiningMarksAddNothing() {
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("a\u{200D}") == 1)
        #expect(DisplayWidth.of("\u{301}") == 0)
    }

    @Test func controlsCountAsTheirEscapes() {
        #expect(DisplayWidth.of("a\u{1B}") == 1 + 4)  // a\x1b
        #expect(DisplayWidth.of("\n") == 2)
        #expect(DisplayWidth.of(TerminalSafe.escape("x\u{1B}[31m")) == DisplayWidth.of("x\u{1B}[31m"))
    }

    @Test func paddingUsesDisplayWidth() {
        #expect(DisplayWidth.padRight("猫", to: 4) == "猫  ")
        #expect(DisplayWidth.padLeft("猫", to: 3) == " 猫")
        #expect(DisplayWidth.padRight("toolong", to: 3) == "toolong")
    }
}

@Suite struct EscapeLinesTests {
    @Test func keepsLineBreaksAndEscapesEverythingElse() {
        let text = "x\u{1b}]2;pwn\u{07}\ny\tz\n"
        #expect(TerminalSafe.escapeLines(text) == "x\\x1b]2;pwn\\x07\ny\\tz\n")
        #expect(TerminalSafe.escapeLines("plain\nlines") == "plain\nlines")
    }
}
