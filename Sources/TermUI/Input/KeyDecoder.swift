/// Turns the bytes a terminal sends into keys, mouse reports and pastes.
///
/// Terminals disagree on the bytes of a key (Home is `ESC[H`, `ESC[1~`, `ESC O H` or
/// `ESC[7~` depending on the terminal, tmux and the TERM it was given), and ncurses only knows
/// the forms of the terminfo entry in `TERM`; anything else used to arrive as Esc followed by
/// its tail (`[` moved the threshold). This decoder reads whole sequences by their grammar
/// (ECMA-48 CSI and SS3, DCS/OSC/APC strings) and maps the common forms of every key; a
/// sequence it does not know is swallowed whole and never acts as Esc or as its printable tail.
///
/// Pure and incremental: `feed` bytes as they come; `isPending` says a sequence is
/// incomplete, and the caller calls `flush()` when no more byte came within the escape delay
/// (a lone Esc becomes `.escape`; an incomplete sequence is dropped).
public struct KeyDecoder: Sendable {
    /// Extra exact sequences (from the terminfo entry) consulted before the built-in table.
    public var extraSequences: [[UInt8]: Key]

    private var pending: [UInt8] = []
    private var state: State = .ground
    private var pasted: [UInt8] = []
    private var pasteTail: [(byte: UInt8, kept: Bool)] = []
    /// ESC [ 2 0 0 ~ starts a bracketed paste and ESC [ 2 0 1 ~ ends it.
    static let pasteStart: [UInt8] = Array("\u{1B}[200~".utf8)
    static let pasteEnd: [UInt8] = Array("\u{1B}[201~".utf8)

    /// The longest sequence kept; longer ones are still swallowed whole, up to their end.
    static let maxSequence = 64
    /// The most a paste keeps (the rest of a huge paste is dropped, never typed as keys).
    public static let maxPaste = 1 << 20
    /// Mouse coordinates beyond this (1-based) are no terminal's: a `winsize` holds 16 bits.
    /// SGR reports carry decimal numbers of any length; a larger one is swallowed, never
    /// handed on to code that adds offsets to it.
    public static let maxCoordinate = 65_535

    private enum State: Sendable, Equatable {
        case ground
        case utf8(remaining: Int)
        case escape          // ESC seen
        case escapeEscape    // ESC ESC: Esc, then what the second ESC starts
        case csi             // ESC [ …
        case ss3             // ESC O …
        case string          // ESC P / ] / _ / ^ / X … until BEL or ESC \
        case stringEscape    // ESC inside a string
        case x10Mouse(remaining: Int)  // ESC [ M and three raw bytes
        case paste           // between ESC[200~ and ESC[201~
    }

    public init(extraSequences: [[UInt8]: Key] = [:]) {
        self.extraSequences = extraSequences
    }

    /// True while bytes wait for the rest of a sequence (or a paste for its end).
    public var isPending: Bool { state != .ground }

    /// True inside a bracketed paste, whose end may take longer than the escape delay to come.
    public var isInPaste: Bool { state == .paste }

    /// Decodes `bytes`, returning the events they complete.
    public mutating func feed<S: Sequence>(_ bytes: S) -> [InputEvent] where S.Element == UInt8 {
        var events: [InputEvent] = []
        for byte in bytes { feed(byte, into: &events) }
        return events
    }

    /// Ends what is pending because no more byte came: a lone Esc is the Esc key, ESC ESC is
    /// two, an incomplete sequence is dropped, and a paste gets what arrived of it.
    public mutating func flush() -> [InputEvent] {
        var events: [InputEvent] = []
        switch state {
        case .escape: events.append(.key(.escape))
        case .escapeEscape: events += [.key(.escape), .key(.escape)]
        case .paste: events.append(.paste(String(decoding: pasted, as: UTF8.self)))
        default: break
        }
        reset()
        pasted = []
        pasteTail = []
        return events
    }

    private mutating func reset() {
        state = .ground
        pending.removeAll(keepingCapacity: true)
    }

    private mutating func keep(_ byte: UInt8) {
        if pending.count < Self.maxSequence { pending.append(byte) }
    }

    private mutating func feed(_ byte: UInt8, into events: inout [InputEvent]) {
        switch state {
        case .ground:
            ground(byte, into: &events)

        case .utf8(let remaining):
            guard byte & 0xC0 == 0x80 else {
                // A broken character is dropped; the byte that broke it starts afresh.
                reset()
                ground(byte, into: &events)
                return
            }
            pending.append(byte)
            if remaining > 1 {
                state = .utf8(remaining: remaining - 1)
            } else {
                // Overlong forms and surrogates are refused; a typed U+FFFD is a character.
                if let character = String(validating: pending, as: UTF8.self)?.first {
                    events.append(.key(.char(character)))
                }
                reset()
            }

        case .escape:
            switch byte {
            case UInt8(ascii: "["): keep(byte); state = .csi
            case UInt8(ascii: "O"): keep(byte); state = .ss3
            case UInt8(ascii: "P"), UInt8(ascii: "]"), UInt8(ascii: "_"), UInt8(ascii: "^"), UInt8(ascii: "X"):
                state = .string
            case 0x1B:
                state = .escapeEscape
            default:
                // Not a sequence: the Esc key, then another key read in the same burst (tmux,
                // and SSH on a slow link, deliver keys typed in quick succession together).
                // Alt plus a key arrives the same way; there are no Alt bindings, and reading
                // it as Esc then the key is what curses programs do. Swallowing the pair lost
                // the user's Esc and the key after it.
                reset()
                events.append(.key(.escape))
                feed(byte, into: &events)
            }

        case .escapeEscape:
            // ESC ESC: the Esc key, then whatever the second ESC starts (a sequence such as an
            // arrow, another Esc, or a key). Old rxvt sends Alt-← as ESC ESC [ D, but the same
            // bytes come from Esc then ← typed quickly (tmux, SSH), and losing the Esc is worse.
            events.append(.key(.escape))
            pending = [0x1B]
            state = .escape
            feed(byte, into: &events)

        case .csi:
            csi(byte, into: &events)

        case .ss3:
            switch byte {
            case 0x30 ... 0x3F:
                keep(byte)  // parameters (a modifier in some terminals: ESC O 5 P)
            case 0x40 ... 0x7E:
                keep(byte)
                emit(sequence: pending, into: &events)
                reset()
            default:
                abort(at: byte, into: &events)
            }

        case .string:
            if byte == 0x07 { reset() } else if byte == 0x1B { state = .stringEscape }
        case .stringEscape:
            // ST (ESC \) ends the string, and so does BEL wherever it comes.
            if byte == UInt8(ascii: "\\") || byte == 0x07 { reset() } else if byte != 0x1B { state = .string }

        case .x10Mouse(let remaining):
            // Each of the three bytes is 32 plus a value: anything lower (a control, ESC) is not
            // a report, and is read on its own rather than swallowed.
            guard byte >= 0x20 else { abort(at: byte, into: &events); return }
            keep(byte)
            if remaining > 1 {
                state = .x10Mouse(remaining: remaining - 1)
            } else {
                let n = pending.count
                if let event = Self.mouse(button: Int(pending[n - 3]) - 32, x: Int(pending[n - 2]) - 32,
                                          y: Int(pending[n - 1]) - 32, release: false) {
                    events.append(event)
                }
                reset()
            }

        case .paste:
            // Bytes past the cap are dropped (never typed as keys); the end marker is
            // watched for in the last bytes seen, whether they were kept or not.
            let kept = pasted.count < Self.maxPaste
            if kept { pasted.append(byte) }
            pasteTail.append((byte, kept))
            if pasteTail.count > Self.pasteEnd.count { pasteTail.removeFirst() }
            if pasteTail.map(\.byte) == Self.pasteEnd {
                pasted.removeLast(pasteTail.filter(\.kept).count)
                events.append(.paste(String(decoding: pasted, as: UTF8.self)))
                pasted = []
                pasteTail = []
                reset()
            }
        }
    }

    private mutating func ground(_ byte: UInt8, into events: inout [InputEvent]) {
        switch byte {
        case 0x1B:
            pending = [byte]
            state = .escape
        case 0x0D, 0x0A: events.append(.key(.enter))
        case 0x09: events.append(.key(.tab))
        case 0x7F, 0x08: events.append(.key(.backspace))
        case 0x01 ... 0x1A: events.append(.key(.ctrl(Character(Unicode.Scalar(byte + 0x60)))))
        case 0x00, 0x1C ... 0x1F: break  // Ctrl-Space, Ctrl-\ … Ctrl-_: unbound
        case 0x20 ... 0x7E: events.append(.key(.char(Character(Unicode.Scalar(byte)))))
        case 0xC2 ... 0xDF: pending = [byte]; state = .utf8(remaining: 1)
        case 0xE0 ... 0xEF: pending = [byte]; state = .utf8(remaining: 2)
        case 0xF0 ... 0xF4: pending = [byte]; state = .utf8(remaining: 3)
        default: break  // a stray continuation byte or an invalid lead byte
        }
    }

    private mutating func csi(_ byte: UInt8, into events: inout [InputEvent]) {
        let body = pending.dropFirst(2)  // after ESC [
        switch byte {
        case 0x20 ... 0x3F:
            keep(byte)  // parameters and intermediates
        case UInt8(ascii: "M") where body.isEmpty:
            keep(byte)
            state = .x10Mouse(remaining: 3)
        case UInt8(ascii: "[") where body.isEmpty:
            keep(byte)  // the Linux console's F1–F5: ESC [ [ A … E
        case 0x40 ... 0x7E:
            keep(byte)
            if body.first == UInt8(ascii: "["), body.count == 1 {
                emit(sequence: pending, into: &events)
                reset()
                return
            }
            if pending == Self.pasteStart {
                reset()
                pasted = []
                pasteTail = []
                state = .paste
                return
            }
            emit(sequence: pending, into: &events)
            reset()
        default:
            abort(at: byte, into: &events)
        }
    }

    /// A byte that cannot be part of the sequence ends it: the sequence is dropped, and the
    /// byte (a control key, another ESC, UTF-8) is read on its own, since it never is a
    /// printable tail.
    private mutating func abort(at byte: UInt8, into events: inout [InputEvent]) {
        reset()
        ground(byte, into: &events)
    }

    private func emit(sequence: [UInt8], into events: inout [InputEvent]) {
        if let key = extraSequences[sequence] {
            events.append(.key(key))
        } else if let event = Self.decode(sequence) {
            events.append(event)
        }
    }

    /// The event of one complete sequence (starting with ESC), or nil for one to swallow.
    static func decode(_ sequence: [UInt8]) -> InputEvent? {
        guard sequence.count >= 3, sequence[0] == 0x1B else { return nil }
        let final = sequence[sequence.count - 1]
        let body = String(decoding: sequence[2 ..< sequence.count - 1], as: UTF8.self)
        if sequence[1] == UInt8(ascii: "O") {
            return ss3(final: final, body: body)
        }
        if body == "[" {
            // Linux console F1–F5.
            guard (UInt8(ascii: "A") ... UInt8(ascii: "E")).contains(final) else { return nil }
            return .key(.function(Int(final - UInt8(ascii: "A")) + 1))
        }
        if body.hasPrefix("<") {
            return sgrMouse(body: body.dropFirst(), final: final)
        }
        // Private parameters (`?`, `>`, `=`) mark replies and reports, never keys.
        if let first = body.unicodeScalars.first, "?>=".unicodeScalars.contains(first) { return nil }
        let parameters = body.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        guard parameters.allSatisfy({ $0 != nil }) || body.isEmpty else { return nil }
        let numbers = body.isEmpty ? [] : parameters.map { $0! }
        switch final {
        case UInt8(ascii: "A"): return .key(.up)
        case UInt8(ascii: "B"): return .key(.down)
        case UInt8(ascii: "C"): return .key(.right)
        case UInt8(ascii: "D"): return .key(.left)
        case UInt8(ascii: "H"): return .key(.home)
        case UInt8(ascii: "F"): return .key(.end)
        case UInt8(ascii: "Z"): return .key(.backTab)
        // F1–F4 with a modifier: ESC [ 1 ; 2 P.
        case UInt8(ascii: "P") ... UInt8(ascii: "S") where numbers.count == 2 && numbers[0] == 1:
            return .key(.function(Int(final - UInt8(ascii: "P")) + 1))
        case UInt8(ascii: "~"):
            guard let code = numbers.first else { return nil }
            return tilde(code)
        default:
            return nil  // focus reports, cursor position reports, keypad 5 (E), …
        }
    }

    /// `ESC [ n ~` (VT220 and xterm; rxvt's 7 and 8 for Home and End).
    static func tilde(_ code: Int) -> InputEvent? {
        switch code {
        case 1, 7: return .key(.home)
        case 2: return .key(.insert)
        case 3: return .key(.delete)
        case 4, 8: return .key(.end)
        case 5: return .key(.pageUp)
        case 6: return .key(.pageDown)
        case 11 ... 15: return .key(.function(code - 10))
        case 17 ... 21: return .key(.function(code - 11))
        case 23 ... 26: return .key(.function(code - 12))
        case 28, 29: return .key(.function(code - 13))
        case 31 ... 34: return .key(.function(code - 14))
        default: return nil
        }
    }

    /// `ESC O x`: cursor keys in application mode, F1–F4, and the application keypad.
    static func ss3(final: UInt8, body: String) -> InputEvent? {
        switch final {
        case UInt8(ascii: "A"): return .key(.up)
        case UInt8(ascii: "B"): return .key(.down)
        case UInt8(ascii: "C"): return .key(.right)
        case UInt8(ascii: "D"): return .key(.left)
        case UInt8(ascii: "H"): return .key(.home)
        case UInt8(ascii: "F"): return .key(.end)
        case UInt8(ascii: "P") ... UInt8(ascii: "S"): return .key(.function(Int(final - UInt8(ascii: "P")) + 1))
        case UInt8(ascii: "M"): return .key(.enter)
        // The application keypad: ESC O p … y are 0 … 9, then * + , - . / and =.
        case UInt8(ascii: "p") ... UInt8(ascii: "y"):
            return .key(.char(Character(Unicode.Scalar(final - UInt8(ascii: "p") + UInt8(ascii: "0")))))
        case UInt8(ascii: "j"): return .key(.char("*"))
        case UInt8(ascii: "k"): return .key(.char("+"))
        case UInt8(ascii: "l"): return .key(.char(","))
        case UInt8(ascii: "m"): return .key(.char("-"))
        case UInt8(ascii: "n"): return .key(.char("."))
        case UInt8(ascii: "o"): return .key(.char("/"))
        case UInt8(ascii: "X"): return .key(.char("="))
        default: return nil
        }
    }

    /// SGR mouse (mode 1006): `ESC [ < button ; x ; y M` (press) or `m` (release), 1-based.
    static func sgrMouse(body: Substring, final: UInt8) -> InputEvent? {
        // Exactly three fields of digits (no sign, nothing skipped): anything else is no report.
        let fields = body.split(separator: ";", omittingEmptySubsequences: false).map { field in
            field.utf8.allSatisfy { (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains($0) } ? Int(field) : nil
        }
        guard fields.count == 3, let button = fields[0], let x = fields[1], let y = fields[2], final == UInt8(ascii: "M") || final == UInt8(ascii: "m") else { return nil }
        return mouse(button: button, x: x, y: y, release: final == UInt8(ascii: "m"))
    }

    /// A mouse event from xterm's button code (low bits: button, 32: motion, 64: wheel;
    /// 4, 8, 16: Shift, Meta, Ctrl) and 1-based cells. Only the left button, its release and
    /// the wheel mean anything here; drags and other buttons are swallowed.
    static func mouse(button code: Int, x: Int, y: Int, release: Bool) -> InputEvent? {
        guard code >= 0, (1 ... maxCoordinate).contains(x), (1 ... maxCoordinate).contains(y) else { return nil }
        let button = code & 0b11
        let kind: MouseEvent.Kind
        if code & 64 != 0 {
            guard !release, button <= 1 else { return nil }
            kind = button == 0 ? .wheelUp : .wheelDown
        } else if code & 32 != 0 {
            return nil  // motion
        } else if release {
            guard button == 0 else { return nil }  // SGR names the button released
            kind = .release
        } else if button == 3 {
            kind = .release  // X10 reports every release as button 3
        } else if button == 0 {
            kind = .press
        } else {
            return nil
        }
        return .mouse(MouseEvent(kind: kind, x: x - 1, y: y - 1))
    }
}
