/// Minimal JSON text building: strings escaped per RFC 8259 and numbers in Swift's shortest
/// round-trip form, so that parsing the output gives back exactly the Double we computed.
enum JSONText {
    /// A JSON number, or `null` for nil, NaN and infinities (which JSON cannot express).
    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        // Swift prints the shortest digits that parse back to the same Double ("0.1", "1e-05").
        return "\(value)"
    }

    static func number(_ value: Int?) -> String {
        guard let value else { return "null" }
        return String(value)
    }

    /// A quoted JSON string. Control characters become `\n`, `\u001b`, … so the JSON stays
    /// one line per value and safe to print.
    static func string(_ text: String) -> String {
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80 ... 0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    static func array(_ items: [String]) -> String {
        "[" + items.joined(separator: ",") + "]"
    }

    /// An object from key/value pairs, in the given order. Values are JSON text already.
    static func object(_ pairs: [(String, String)], indent: String? = nil) -> String {
        guard let indent else {
            return "{" + pairs.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
        }
        let inner = indent + "  "
        return "{\n" + pairs.map { inner + string($0.0) + ": " + $0.1 }.joined(separator: ",\n") + "\n" + indent + "}"
    }
}
