import EvalCore
import Testing
@testable import TermUI

/// Issue 10, item 2: escape sequences were read as Esc plus keys (Home under tmux with
/// TERM=xterm arrived as Esc, `[`, `1`, `~`, and `[` moved the threshold).
@Suite struct KeyDecoderTests {
    /// Decodes `bytes` in one go, then settles what is pending (as the backend does when no
    /// more byte comes within the escape delay).
    static func decode(_ bytes: [UInt8], extra: [[UInt8]: Key] = [:]) -> [InputEvent] {
        var decoder = KeyDecoder(extraSequences: extra)
        return decoder.feed(bytes) + decoder.flush()
    }

    static func decode(_ text: String) -> [InputEvent] { decode(Array(text.utf8)) }

    static let esc = "\u{1B}"

    @Test(arguments: [
        // Home and End in every common form (xterm, VT220/tmux/PuTTY/Linux, SS3, rxvt).
        ("[H", Key.home), ("[F", .end), ("[1~", .home), ("[4~", .end), ("OH", .home), ("OF", .end),
        ("[7~", .home), ("[8~", .end),
        ("[2~", .insert), ("[3~", .delete), ("[5~", .pageUp), ("[6~", .pageDown),
        ("[A", .up), ("[B", .down), ("[C", .right), ("[D", .left),
        ("OA", .up), ("OB", .down), ("OC", .right), ("OD", .left),
        // Modified arrows and keys: the modifier is dropped, the key is kept.
        ("[1;5C", .right), ("[1;2D", .left), ("[1;3A", .up), ("[1;5H", .home), ("[1;2F", .end), ("[3;5~", .delete),
        ("[5;5~", .pageUp), ("[Z", .backTab),
        // F keys: SS3 (xterm), VT220 tilde codes, the Linux console's ESC [ [ A…E, modified F1–F4.
        ("OP", .function(1)), ("OQ", .function(2)), ("OR", .function(3)), ("OS", .function(4)),
        ("[11~", .function(1)), ("[12~", .function(2)), ("[15~", .function(5)), ("[17~", .function(6)),
        ("[21~", .function(10)), ("[23~", .function(11)), ("[24~", .function(12)),
        ("[[A", .function(1)), ("[[E", .function(5)), ("[1;2P", .function(1)),
        ("OM", .enter),
    ])
    func sequencesDecodeToOneKey(tail: String, key: Key) {
        #expect(Self.decode(Self.esc + tail) == [.key(key)], "ESC \(tail)")
    }

    /// Unknown and reply sequences are swallowed whole: never Esc, never their printable tail.
    @Test(arguments: ["[99~", "[E", "[I", "[O", "[?1;2c", "[>0;95;0c", "[12;40R", "[1;5X", "Oz",
                      "]11;rgb:0000/0000/0000\u{07}", "]52;c;aGk=\u{1B}\\", "P1$r0m\u{1B}\\", "_apc\u{1B}\\",
                      "[<0;1;1M".replacingOccurrences(of: "M", with: "x"), "[", "O"])
    func unknownSequencesAreSwallowedWhole(tail: String) {
        #expect(Self.decode(Self.esc + tail).isEmpty, "ESC \(tail) gave \(Self.decode(Self.esc + tail))")
    }

    /// Esc then a key typed quickly arrive in one read (tmux send-keys "Escape q", SSH on a slow
    /// link): both act, in order. (Swallowing them as Alt plus the key lost the user's Esc.)
    @Test func escThenAKeyInOneReadAreEscThenTheKey() {
        #expect(Self.decode("\u{1B}q") == [.key(.escape), .key(.char("q"))])
        #expect(Self.decode("\u{1B}e") == [.key(.escape), .key(.char("e"))])
        #expect(Self.decode("\u{1B}\u{1B}c") == [.key(.escape), .key(.escape), .key(.char("c"))])
        #expect(Self.decode("\u{1B}\r") == [.key(.escape), .key(.enter)])
        // A sequence introducer still starts a sequence.
        #expect(Self.decode("\u{1B}[H") == [.key(.home)])
    }

    @Test func loneEscIsEscOnlyWhenNothingFollows() {
        var decoder = KeyDecoder()
        #expect(decoder.feed([0x1B]).isEmpty)
        #expect(decoder.isPending)
        #expect(decoder.flush() == [.key(.escape)])
        #expect(!decoder.isPending)
        // Two Escs pressed, two Escs read.
        #expect(Self.decode("\u{1B}\u{1B}") == [.key(.escape), .key(.escape)])
        // Alt plus an arrow (ESC ESC [ C) is the arrow.
        #expect(Self.decode("\u{1B}\u{1B}[C") == [.key(.right)])
    }

    @Test func sequencesSplitAcrossReadsStillDecode() {
        var decoder = KeyDecoder()
        var events: [InputEvent] = []
        for byte in Array("\u{1B}[1~j\u{1B}OFk".utf8) { events += decoder.feed([byte]) }
        events += decoder.flush()
        #expect(events == [.key(.home), .key(.char("j")), .key(.end), .key(.char("k"))])
    }

    @Test func plainBytesAndControlKeys() {
        #expect(Self.decode("a]-") == [.key(.char("a")), .key(.char("]")), .key(.char("-"))])
        #expect(Self.decode([0x0D, 0x09, 0x7F, 0x08, 0x03, 0x15]) ==
                [.key(.enter), .key(.tab), .key(.backspace), .key(.backspace), .key(.ctrl("c")), .key(.ctrl("u"))])
        #expect(Self.decode("ñ日🐶") == [.key(.char("ñ")), .key(.char("日")), .key(.char("🐶"))])
        // Broken UTF-8 is dropped, the byte after it still counts.
        #expect(Self.decode([0xC3, 0x41, 0xFF, 0x80]) == [.key(.char("A"))])
    }

    /// A control byte inside a sequence ends it: the sequence is dropped, the control key acts.
    @Test func controlByteAbortsASequence() {
        #expect(Self.decode([0x1B, 0x5B, 0x31, 0x03]) == [.key(.ctrl("c"))])
        #expect(Self.decode([0x1B, 0x5B, 0x31, 0x1B, 0x5B, 0x41]) == [.key(.up)])
    }

    @Test func overlongSequencesAreSwallowedToTheirEnd() {
        let long = "\u{1B}[" + String(repeating: "1;", count: 200) + "5~q"
        #expect(Self.decode(long) == [.key(.char("q"))])
    }

    @Test func sgrAndX10MouseReports() {
        #expect(Self.decode("\u{1B}[<0;10;5M") == [.mouse(MouseEvent(kind: .press, x: 9, y: 4))])
        #expect(Self.decode("\u{1B}[<0;10;5m") == [.mouse(MouseEvent(kind: .release, x: 9, y: 4))])
        #expect(Self.decode("\u{1B}[<64;3;4M") == [.mouse(MouseEvent(kind: .wheelUp, x: 2, y: 3))])
        #expect(Self.decode("\u{1B}[<65;3;4M") == [.mouse(MouseEvent(kind: .wheelDown, x: 2, y: 3))])
        // Drags, other buttons: swallowed, nothing typed.
        #expect(Self.decode("\u{1B}[<32;3;4M\u{1B}[<2;3;4M\u{1B}[<1;300;200m").isEmpty)
        // X10: ESC [ M, then button+32, x+32, y+32 as raw bytes (even past 127 on wide screens).
        #expect(Self.decode([0x1B, 0x5B, 0x4D, 32, 33 + 9, 33 + 4]) == [.mouse(MouseEvent(kind: .press, x: 9, y: 4))])
        #expect(Self.decode([0x1B, 0x5B, 0x4D, 35, 33 + 150, 33 + 4]) == [.mouse(MouseEvent(kind: .release, x: 150, y: 4))])
        #expect(Self.decode([0x1B, 0x5B, 0x4D, 96, 40, 40, 0x6A]) == [.mouse(MouseEvent(kind: .wheelUp, x: 7, y: 7)), .key(.char("j"))])
    }

    @Test func bracketedPasteIsOneEvent() {
        let events = Self.decode("\u{1B}[200~q0.3\u{1B}[A\nx\u{1B}[201~j")
        #expect(events == [.paste("q0.3\u{1B}[A\nx"), .key(.char("j"))])
        // A paste split over reads, ending in a later read.
        var decoder = KeyDecoder()
        var got = decoder.feed(Array("\u{1B}[200~ab".utf8))
        #expect(decoder.isInPaste && got.isEmpty)
        got += decoder.feed(Array("c\u{1B}[20".utf8))
        got += decoder.feed(Array("1~".utf8))
        #expect(got == [.paste("abc")])
    }

    @Test func hugePasteIsCappedAndNeverTyped() {
        var decoder = KeyDecoder()
        var events = decoder.feed(Array("\u{1B}[200~".utf8))
        events += decoder.feed([UInt8](repeating: UInt8(ascii: "q"), count: KeyDecoder.maxPaste + 1000))
        events += decoder.feed(Array("\u{1B}[201~k".utf8))
        #expect(events.count == 2)
        if case .paste(let text)? = events.first { #expect(text.utf8.count == KeyDecoder.maxPaste) } else { Issue.record("no paste") }
        #expect(events.last == .key(.char("k")))
    }

    @Test func terminfoSequencesWin() {
        #expect(Self.decode([0x1B, 0x5B, 0x31, 0x3B, 0x32, 0x50], extra: [Array("\u{1B}[1;2P".utf8): .function(13)]) ==
                [.key(.function(13))])
    }

    /// The fuzz property of the issue, on seeded random bytes: whatever the bytes, no decoded
    /// key is a printable character that sits inside an escape sequence's tail. Checked by
    /// decoding random keys joined with random sequences and comparing with the keys alone.
    @Test func randomSequencesNeverLeakTheirTail() {
        var rng = SplitMix64(seed: 42)
        let printable = Array(0x20 ... 0x7E).map(UInt8.init)
        for _ in 0 ..< 2_000 {
            var bytes: [UInt8] = []
            var expected: [InputEvent] = []
            for _ in 0 ..< 8 {
                if rng.next() % 2 == 0 {
                    let byte = printable[Int(rng.next() % UInt64(printable.count))]
                    bytes.append(byte)
                    expected.append(.key(.char(Character(Unicode.Scalar(byte)))))
                } else {
                    // A CSI with random parameters and a random final byte, or an SS3.
                    var sequence: [UInt8] = [0x1B, rng.next() % 3 == 0 ? 0x4F : 0x5B]
                    if sequence[1] == 0x5B {
                        for _ in 0 ..< Int(rng.next() % 6) { sequence.append(UInt8(0x30 + rng.next() % 16)) }
                    }
                    var final = UInt8(0x40 + rng.next() % 63)
                    if sequence == [0x1B, 0x5B], final == 0x4D || final == 0x5B { final = 0x7E }  // X10 / Linux F keys take more bytes
                    sequence.append(final)
                    if sequence == Array("\u{1B}[200~".utf8) { sequence[sequence.count - 1] = 0x41 }  // not a paste
                    bytes += sequence
                    if let event = KeyDecoder.decode(sequence) { expected.append(event) }
                }
            }
            #expect(Self.decode(bytes) == expected, "bytes \(bytes)")
        }
    }
}
