import EvalCore
import Testing
@testable import TermUI

@Suite struct CellWidthTests {
    @Test func widthsPerGraphemeCluster() {
        #expect(CellWidth.of("abc") == 3)
        #expect(CellWidth.of("漢字") == 4)                        // CJK wide
        #expect(CellWidth.of("ｱ") == 1)                          // halfwidth katakana
        #expect(CellWidth.of("Ａ") == 2)                          // fullwidth Latin
        #expect(CellWidth.of("한") == 2)                          // Hangul syllable
        #expect(CellWidth.of("e\u{301}") == 1)                   // combining acute
        #expect(CellWidth.of("🙂") == 2)                          // emoji presentation
        #expect(CellWidth.of("👨‍👩‍👧") == 2)                       // ZWJ family is one cluster
        #expect(CellWidth.of("❤\u{fe0f}") == 2)                  // text emoji + VS16
        #expect(CellWidth.of("❤") == 1)                          // text presentation by default
        #expect(CellWidth.of("🇫🇷") == 2)                         // regional indicator pair
        #expect(CellWidth.of("👍🏽") == 2)                         // skin tone modifier
    }

    @Test func controlCharactersBecomeVisibleEscapes() {
        #expect(CellWidth.sanitize("a\u{1b}[31mb") == "a\\x1b[31mb")
        #expect(CellWidth.sanitize("\u{1b}]2;title\u{07}") == "\\x1b]2;title\\x07")
        #expect(CellWidth.sanitize("x\u{9b}y") == "x\\x9by")     // C1 CSI
        #expect(CellWidth.sanitize("del\u{7f}") == "del\\x7f")
        #expect(CellWidth.sanitize("a\nb\tc\r\n") == "a\\nb\\tc\\r\\n")
        #expect(CellWidth.sanitize("abc\u{202e}def") == "abc\\u{202e}def")  // bidi override
        #expect(CellWidth.of("\u{1b}") == 4)
    }

    @Test func sanitizedTextNeverContainsUnsafeScalars() {
        var generator = SplitMix64(seed: 7)
        let pool: [Unicode.Scalar] = ["a", "\u{1b}", "\u{07}", "\u{9b}", "\u{85}", "\u{0}", "漢", "\u{301}", "\u{200d}", "🙂", "\u{fe0f}", "\u{2028}", "\u{202e}", "é"]
        for _ in 0..<500 {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...12, using: &generator) { s.append(pool.randomElement(using: &generator)!) }
            let text = String(s)
            let clean = CellWidth.sanitize(text)
            #expect(!clean.unicodeScalars.contains(where: CellWidth.isUnsafe), "\(text.debugDescription)")
            for (symbol, width) in CellWidth.cells(text) {
                #expect(width == 1 || width == 2)
                #expect(symbol.count == 1)
            }
            #expect(CellWidth.of(text) == CellWidth.cells(text).reduce(0) { $0 + $1.width })
        }
    }

    @Test func truncateByDisplayWidth() {
        #expect(CellWidth.truncate("hello world", toWidth: 6) == "hello…")
        #expect(CellWidth.truncate("short", toWidth: 10) == "short")
        #expect(CellWidth.truncate("漢字漢字", toWidth: 6) == "漢字…")      // 4 + 1; the third wide char would need 2
        #expect(CellWidth.truncate("漢字漢字", toWidth: 5) == "漢字…")
        #expect(CellWidth.of(CellWidth.truncate("漢字漢字", toWidth: 4)) <= 4)
        #expect(CellWidth.fit("ab", width: 5, alignment: .right) == "   ab")
        #expect(CellWidth.fit("漢", width: 5, alignment: .center) == " 漢  ")
    }
}

