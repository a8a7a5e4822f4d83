#if FUZZING
import Foundation
@testable import TermUI

/// Bytes from the terminal → key events (`KeyDecoder`). The decoder is a state machine fed one
/// read at a time; this target checks it against a separate, grammar-first reading of the same
/// bytes (`KeysReference`: ECMA-48 CSI and SS3, the DCS/OSC/APC/PM/SOS strings, X10 and SGR
/// mouse, bracketed paste, UTF-8), and asserts:
/// - the events do not depend on how the bytes were split into reads;
/// - they are exactly the reference's: every complete sequence gives its one key (or nothing)
///   and never Esc or its printable tail; every paste comes out whole, as one event;
/// - a mouse report is inside the largest terminal there can be (a `winsize` is 16-bit).
/// The first byte of the input seeds the read sizes; the rest is what the terminal sent.
enum KeysFuzz {
    /// A terminfo entry's keys, as the backend passes them (xterm's application-mode forms).
    static let terminfoKeys: [[UInt8]: Key] = [
        Array("\u{1B}OA".utf8): .up, Array("\u{1B}OB".utf8): .down, Array("\u{1B}[3~".utf8): .delete,
        Array("\u{1B}[1~".utf8): .home, Array("\u{1B}OP".utf8): .function(1),
    ]

    static func run(_ input: [UInt8]) {
        guard let seed = input.first else { return }
        let bytes = Array(input.dropFirst())

        var whole = KeyDecoder(extraSequences: terminfoKeys)
        let fed = whole.feed(bytes)
        let events = fed + whole.flush()

        var chunked = KeyDecoder(extraSequences: terminfoKeys)
        var chunkedEvents: [InputEvent] = []
        var random = UInt32(seed) &* 2_654_435_761 | 1
        var offset = 0
        while offset < bytes.count {
            random ^= random << 13; random ^= random >> 17; random ^= random << 5
            let size = min(Int(random % 17) + 1, bytes.count - offset)
            chunkedEvents += chunked.feed(bytes[offset ..< offset + size])
            offset += size
            // Between reads the backend flushes only a decoder that has nothing pending.
            if !chunked.isPending { FuzzCheck.require(chunked.flush().isEmpty, "flush with nothing pending gave events") }
        }
        chunkedEvents += chunked.flush()
        FuzzCheck.require(chunkedEvents == events, "reads of other sizes gave other events: \(chunkedEvents) vs \(events)")

        let expected = KeysReference.events(bytes, extra: terminfoKeys)
        FuzzCheck.require(events == expected, "decoded \(events), expected \(expected) from \(bytes)")

        for event in events {
            if case .mouse(let mouse) = event {
                FuzzCheck.require((0 ..< KeyDecoder.maxCoordinate).contains(mouse.x)
                                  && (0 ..< KeyDecoder.maxCoordinate).contains(mouse.y), "mouse outside any terminal: \(mouse)")
            }
        }
    }
}

/// An independent reading of terminal input: tokens by the grammar first, then each token's
/// meaning. A sequence's meaning comes from `KeyDecoder.decode` (the table of keys, which the
/// unit tests pin); what is checked here is where sequences start and end.
enum KeysReference {
    enum Token {
        case byte(UInt8)            // a C0 control or ASCII
        case character(Character)   // a whole, valid UTF-8 character
        case sequence([UInt8], printable: Bool)  // CSI or SS3; `printable`: may decode to a character
        case x10Mouse(button: UInt8, x: UInt8, y: UInt8)  // ESC [ M and three bytes
        case swallowed              // a control string, an over-long sequence
        case escape                 // Esc not starting a sequence
        case paste([UInt8], complete: Bool)
    }

    static func events(_ bytes: [UInt8], extra: [[UInt8]: Key]) -> [InputEvent] {
        var events: [InputEvent] = []
        for token in tokens(bytes) {
            switch token {
            case .byte(let byte):
                var fresh = KeyDecoder()
                events += fresh.feed([byte])
            case .character(let character):
                events.append(.key(.char(character)))
            case .sequence(let sequence, let printable):
                guard sequence.count <= KeyDecoder.maxSequence else { continue }
                guard let event = extra[sequence].map(InputEvent.key) ?? KeyDecoder.decode(sequence) else { continue }
                if case .key(.char) = event {
                    // Only the application keypad (ESC O p … y and friends) types characters.
                    FuzzCheck.require(printable, "the sequence \(sequence) decoded to a character")
                }
                events.append(event)
            case .x10Mouse(let button, let x, let y):
                if let event = KeyDecoder.mouse(button: Int(button) - 32, x: Int(x) - 32, y: Int(y) - 32, release: false) {
                    events.append(event)
                }
            case .swallowed:
                continue
            case .escape:
                events.append(.key(.escape))
            case .paste(let content, _):
                events.append(.paste(String(decoding: content.prefix(KeyDecoder.maxPaste), as: UTF8.self)))
            }
        }
        return events
    }

    static let esc: UInt8 = 0x1B
    static let pasteStart = Array("\u{1B}[200~".utf8)
    static let pasteEnd = Array("\u{1B}[201~".utf8)

    static func tokens(_ bytes: [UInt8]) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        func at(_ k: Int) -> UInt8? { k < bytes.count ? bytes[k] : nil }
        while i < bytes.count {
            let byte = bytes[i]
            if byte != esc {
                if byte < 0x80 { tokens.append(.byte(byte)); i += 1; continue }
                let (token, next) = utf8(bytes, from: i)
                if let token { tokens.append(token) }
                i = next
                continue
            }
            // ESC: what follows decides.
            guard let second = at(i + 1) else { tokens.append(.escape); break }  // a lone Esc, settled by the flush
            switch second {
            case UInt8(ascii: "["):
                if bytes[i...].starts(with: pasteStart) {
                    let body = i + pasteStart.count
                    if let end = firstIndex(of: pasteEnd, in: bytes, from: body) {
                        tokens.append(.paste(Array(bytes[body ..< end]), complete: true))
                        i = end + pasteEnd.count
                    } else {
                        tokens.append(.paste(Array(bytes[body...]), complete: false))
                        i = bytes.count
                    }
                    continue
                }
                // X10 mouse: ESC [ M and three bytes, each 32 + a value.
                if at(i + 2) == UInt8(ascii: "M") {
                    var k = i + 3
                    while k < i + 6, let b = at(k), b >= 0x20 { k += 1 }
                    if k == i + 6 { tokens.append(.x10Mouse(button: bytes[i + 3], x: bytes[i + 4], y: bytes[i + 5])); i = k }
                    else { i = k }  // cut short: dropped; the byte that cut it is read on its own (or the end came)
                    continue
                }
                // CSI: an optional `[` (the Linux console's F keys), parameter and intermediate
                // bytes (0x20–0x3F), one final byte (0x40–0x7E). Anything else cuts it short.
                var k = i + 2
                if at(k) == UInt8(ascii: "[") { k += 1 }
                while let b = at(k), (0x20 ... 0x3F).contains(b) { k += 1 }
                if let b = at(k), (0x40 ... 0x7E).contains(b) {
                    tokens.append(.sequence(Array(bytes[i ... k]), printable: false))
                    i = k + 1
                } else {
                    i = k
                }
            case UInt8(ascii: "O"):
                var k = i + 2
                while let b = at(k), (0x30 ... 0x3F).contains(b) { k += 1 }
                if let b = at(k), (0x40 ... 0x7E).contains(b) {
                    tokens.append(.sequence(Array(bytes[i ... k]), printable: true))
                    i = k + 1
                } else {
                    i = k
                }
            case UInt8(ascii: "P"), UInt8(ascii: "]"), UInt8(ascii: "_"), UInt8(ascii: "^"), UInt8(ascii: "X"):
                // A control string ends at BEL or ST (ESC \); everything up to there is swallowed.
                var k = i + 2
                while k < bytes.count {
                    if bytes[k] == 0x07 { k += 1; break }
                    if bytes[k] == esc, let run = bytes[k...].firstIndex(where: { $0 != esc }), bytes[run] == UInt8(ascii: "\\") {
                        k = run + 1; break
                    }
                    k += 1
                }
                tokens.append(.swallowed)
                i = k
            case esc:
                tokens.append(.escape)  // Esc, then the second ESC starts afresh
                i += 1
            default:
                tokens.append(.escape)  // Esc then a key typed in the same burst
                i += 1
            }
        }
        return tokens
    }

    /// A UTF-8 character starting at `start`: the token (nil when invalid) and where to go on.
    static func utf8(_ bytes: [UInt8], from start: Int) -> (Token?, Int) {
        let lead = bytes[start]
        let length: Int
        switch lead {
        case 0xC2 ... 0xDF: length = 2
        case 0xE0 ... 0xEF: length = 3
        case 0xF0 ... 0xF4: length = 4
        default: return (nil, start + 1)  // a stray continuation or an invalid lead: dropped
        }
        var k = start + 1
        while k < start + length, k < bytes.count, bytes[k] & 0xC0 == 0x80 { k += 1 }
        guard k == start + length else { return (nil, k) }  // broken: the byte that broke it starts afresh
        guard let text = String(validating: bytes[start ..< k], as: UTF8.self), let character = text.first else { return (nil, k) }
        return (.character(character), k)
    }

    static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        for k in start ... bytes.count - needle.count where bytes[k ..< k + needle.count].elementsEqual(needle) { return k }
        return nil
    }
}
#endif
