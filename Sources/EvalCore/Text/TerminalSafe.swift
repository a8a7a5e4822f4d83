/// Makes untrusted text (input ids, concept names, file names) safe to print on a terminal.
///
/// An evaluation file is data from elsewhere: a concept named `ESC ] 2 ; title BEL` would
/// retitle the window, and one holding `ESC [ 2 J` would clear the screen. Everything that
/// prints data, report or screen, goes through `escape(_:)` so that no control character
/// ever reaches the terminal raw.
public enum TerminalSafe {
    /// `text` with every control character replaced by a visible escape:
    /// - `\n`, `\r`, `\t` for newline, carriage return and tab;
    /// - `\xHH` for the other C0 controls (U+0000–U+001F), DEL (U+007F) and the C1 controls
    ///   (U+0080–U+009F), so ESC becomes `\x1b`;
    /// - `\u{HHHH}` for the line and paragraph separators and the bidirectional embedding,
    ///   override and isolate controls, which can reorder what a reader sees.
    /// Other text, including backslashes, is returned unchanged.
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                result += escaped(scalar)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Multi-line output (a CSV, a list of ids) for a terminal: each line escaped, the line
    /// breaks between lines kept.
    public static func escapeLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { escape(String($0)) }
            .joined(separator: "\n")
    }

    /// True for the scalars `escape(_:)` replaces.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00 ... 0x1F, 0x7F ... 0x9F: return true
        case 0x2028, 0x2029, 0x202A ... 0x202E, 0x2066 ... 0x2069: return true
        case 0x200E, 0x200F, 0x061C: return true // bidi marks
        default: return false
        }
    }

    /// The visible form of one scalar that `needsEscape`.
    public static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        case 0x00 ... 0xFF: return "\\x" + hex(scalar.value, digits: 2)
        default: return "\\u{" + hex(scalar.value, digits: 4) + "}"
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
