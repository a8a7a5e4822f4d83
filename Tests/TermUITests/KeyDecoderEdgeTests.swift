import Testing
@testable import TermUI

/// Issue 12: what writing the `keys` fuzz target's independent reading of terminal input
/// (Sources/evaltop-fuzz/KeysFuzz.swift) showed the decoder got wrong. Each test failed
/// before its fix.
@Suite struct KeyDecoderEdgeTests {
    static func decode(_ bytes: [UInt8]) -> [InputEvent] {
        var decoder = KeyDecoder()
        return decoder.feed(bytes) + decoder.flush()
    }

    static func decode(_ text: String) -> [InputEvent] { decode(Array(text.utf8)) }

    /// BEL ends a control string wherever it comes, also right after an ESC inside it; the
    /// keys after it are keys (they were swallowed as part of the string).
    @Test func belAfterEscEndsAControlString() {
        #expect(Self.decode("\u{1B}]0;title\u{1B}\u{07}jk") == [.key(.char("j")), .key(.char("k"))])
        #expect(Self.decode("\u{1B}_Gi=1;OK\u{1B}\u{1B}\u{07}q") == [.key(.char("q"))])
        // ST still ends one; an ESC followed by anything else stays inside.
        #expect(Self.decode("\u{1B}P1$r\u{1B}x\u{1B}\\q") == [.key(.char("q"))])
    }

    /// An X10 report's three bytes are each 32 plus a value: a control byte or ESC there is
    /// not part of a report. It is read on its own (an arrow after a cut-short report stays
    /// an arrow instead of being eaten as coordinates and then typed as `[`, `A`).
    @Test func x10ReportCutShortByAControlByte() {
        #expect(Self.decode("\u{1B}[M\u{1B}[A") == [.key(.up)])
        #expect(Self.decode("\u{1B}[M !\r") == [.key(.enter)])
        #expect(Self.decode("\u{1B}[M !!") == [.mouse(MouseEvent(kind: .press, x: 0, y: 0))])
        // Coordinates above 127 are raw bytes in X10 mode, not UTF-8.
        #expect(Self.decode([0x1B, 0x5B, 0x4D, 0x20, 0xFF, 0xC3]) == [.mouse(MouseEvent(kind: .press, x: 222, y: 162))])
    }

    /// SGR reports are exactly three fields of digits; anything else is no report (a field
    /// that was not a number used to be skipped, shifting the others).
    @Test(arguments: ["<0;1:2;5M", "<0;5M", "<0;5;6;7M", "<+0;5;6M", "<0;-5;6M", "<0;;5;6M", "<0;5;6 M"])
    func malformedSGRReportsAreSwallowed(body: String) {
        #expect(Self.decode("\u{1B}[" + body).isEmpty, "ESC [ \(body) gave \(Self.decode("\u{1B}[" + body))")
    }

    /// No terminal is larger than a `winsize` can say (16 bits): larger coordinates are no
    /// report, and never reach the code that adds offsets to them.
    @Test func sgrCoordinatesBeyondAnyTerminalAreSwallowed() {
        #expect(Self.decode("\u{1B}[<0;65535;65535M") == [.mouse(MouseEvent(kind: .press, x: 65534, y: 65534))])
        #expect(Self.decode("\u{1B}[<0;65536;1M").isEmpty)
        #expect(Self.decode("\u{1B}[<0;1;9223372036854775807M").isEmpty)
        #expect(Self.decode("\u{1B}[<0;1;99999999999999999999999M").isEmpty)
    }

    /// U+FFFD typed (or pasted outside bracketed paste) is a character like any other; only
    /// malformed UTF-8 is dropped.
    @Test func aTypedReplacementCharacterIsKept() {
        #expect(Self.decode("\u{FFFD}") == [.key(.char("\u{FFFD}"))])
        #expect(Self.decode([0xED, 0xA0, 0x80, 0x71]) == [.key(.char("q"))])  // a surrogate: dropped
        #expect(Self.decode([0xE0, 0x80, 0xAF, 0x71]) == [.key(.char("q"))])  // overlong: dropped
    }

    /// Terminal replies to a size query that no terminal could give are ignored rather than
    /// used to size image buffers.
    @Test func implausibleCellSizesAreIgnored() {
        #expect(TerminalReplies.parse(Array("\u{1B}[6;20;10t".utf8)).cellPixels.map { [$0.width, $0.height] } == [10, 20])
        #expect(TerminalReplies.parse(Array("\u{1B}[6;1000000000;10t".utf8)).cellPixels == nil)
        #expect(TerminalReplies.parse(Array("\u{1B}[6;20;0t".utf8)).cellPixels == nil)
    }
}
