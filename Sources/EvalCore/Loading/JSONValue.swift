/// A parsed JSON value. Objects keep their keys in document order (JSON Lines takes the concept
/// order from the first object's `scores`), and numbers are parsed exactly like CSV scores.
indirect enum JSONValue {
    /// Where an object starts in the text (nil for other values).
    var offset: Int? {
        if case .object(_, let offset, _) = self { return offset }
        return nil
    }

    /// `offset` is where the object's `{` is in the text, and `keyOffsets[i]` where member i's
    /// key starts, so that a problem found later in its contents can still be placed at a line
    /// and column.
    case object([(key: String, value: JSONValue)], offset: Int, keyOffsets: [Int])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    /// The member named `key`, trying its lowerCamelCase spelling too (`test_set`, `testSet`).
    func member(_ key: String) -> JSONValue? {
        guard case .object(let members, _, _) = self else { return nil }
        if let found = members.first(where: { $0.key == key }) { return found.value }
        let camel = JSONValue.lowerCamelCase(key)
        guard camel != key else { return nil }
        return members.first(where: { $0.key == camel })?.value
    }

    /// Where the key of the member named `key` (either spelling) starts, for errors about its
    /// value: only objects record offsets, and an array or a scalar still has a line this way.
    func memberKeyOffset(_ key: String) -> Int? {
        guard case .object(let members, _, let keyOffsets) = self else { return nil }
        let camel = JSONValue.lowerCamelCase(key)
        return zip(members, keyOffsets).first { $0.0.key == key || $0.0.key == camel }?.1
    }

    static func lowerCamelCase(_ snake: String) -> String {
        // Most keys looked up have no '_' (`id`, `value`): no split for them (perf).
        guard snake.utf8.contains(UInt8(ascii: "_")) else { return snake }
        let parts = snake.split(separator: "_", omittingEmptySubsequences: false)
        guard let first = parts.first else { return snake }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    var kindName: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "true/false"
        case .null: return "null"
        }
    }

    /// Compact JSON text (integers without a fraction).
    func serialized() -> String {
        var text = ""
        write(to: &text)
        return text
    }

    private func write(to text: inout String) {
        switch self {
        case .object(let members, _, _):
            text += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { text += "," }
                JSONValue.string(member.key).write(to: &text)
                text += ":"
                member.value.write(to: &text)
            }
            text += "}"
        case .array(let values):
            text += "["
            for (index, value) in values.enumerated() {
                if index > 0 { text += "," }
                value.write(to: &text)
            }
            text += "]"
        case .string(let string):
            text += JSONText.string(string)
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { text += String(Int64(value)) } else { text += "\(value)" }
        case .bool(let value): text += value ? "true" : "false"
        case .null: text += "null"
        }
    }
}

/// A strict JSON parser over bytes. Failures carry the byte offset of the problem.
struct JSONParser {
    /// True when `bytes` are one JSON object, strictly parsed (UTF-8, escaped control
    /// characters, nothing after it), whose keys are all different: what every JSON reader
    /// agrees on (the flags journal checks its lines with it).
    static func isObjectWithUniqueKeys(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var parser = JSONParser(bytes: bytes, start: 0, end: bytes.count)
        guard let document = try? parser.parseDocument(), case .object(let members, _, _) = document else { return false }
        return Set(members.map { $0.key }).count == members.count
    }

    /// Where the document's value starts: after a BOM and whitespace (document-level errors
    /// point there).
    static func documentStart(_ bytes: UnsafeRawBufferPointer) -> Int {
        var position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
        return position
    }

    private let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    private let end: Int
    private var depth = 0
    private static let maximumDepth = 256

    /// The array whose `[` is at `start` is not kept: each of its elements is handed to `visit`
    /// as it is parsed (with the offset just past it), then dropped, and the array reads as
    /// empty. A Clarifai document's test_set is checked this way in memory for one entry
    /// (`ClarifaiSummarizer`); every other byte is parsed as usual, with the same errors.
    var streamedArray: (start: Int, visit: (JSONValue, Int) -> Void)?

    /// `depth`: how many arrays and objects enclose `start` (for the nesting limit), when a
    /// value inside a document is parsed on its own.
    init(bytes: UnsafeRawBufferPointer, start: Int, end: Int, depth: Int = 0) {
        self.bytes = bytes
        position = start
        self.end = end
        self.depth = depth
    }

    /// One value filling `start ..< end` (surrounded by whitespace only).
    mutating func parseDocument() throws(ParseFailure) -> JSONValue {
        skipWhitespace()
        guard position < end else { throw ParseFailure(offset: position, "JSON syntax error: expected a value but the text ends") }
        let value = try parseValue()
        skipWhitespace()
        if position < end { throw ParseFailure(offset: position, "JSON syntax error: unexpected '\(describe(position))' after the end of the value") }
        return value
    }

    private mutating func skipWhitespace() {
        while position < end, bytes[position] == 0x20 || bytes[position] == 0x0A || bytes[position] == 0x0D || bytes[position] == 0x09 {
            position += 1
        }
    }

    private func describe(_ offset: Int) -> String {
        guard offset < end else { return "end of text" }
        let byte = bytes[offset]
        if byte >= 0x21 && byte < 0x7F { return String(UnicodeScalar(byte)) }
        return "\\x" + String(byte, radix: 16)
    }

    private mutating func parseValue() throws(ParseFailure) -> JSONValue {
        guard position < end else { throw ParseFailure(offset: position, "JSON syntax error: expected a value but the text ends") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0") ... UInt8(ascii: "9"): return .number(try parseNumber())
        default:
            if bytes[position] == UInt8(ascii: "N") || bytes[position] == UInt8(ascii: "I") {
                throw ParseFailure(offset: position, "JSON syntax error: NaN and Infinity are not JSON numbers")
            }
            throw ParseFailure(offset: position, "JSON syntax error: unexpected '\(describe(position))' where a value should start")
        }
    }

    private mutating func expectWord(_ word: StaticString) throws(ParseFailure) {
        let length = word.utf8CodeUnitCount
        let matches = position + length <= end && (0 ..< length).allSatisfy { bytes[position + $0] == word.utf8Start[$0] }
        guard matches else { throw ParseFailure(offset: position, "JSON syntax error: unexpected '\(describe(position))' where a value should start") }
        position += length
    }

    private mutating func enter() throws(ParseFailure) {
        depth += 1
        if depth > JSONParser.maximumDepth { throw ParseFailure(offset: position, "JSON is nested more than \(JSONParser.maximumDepth) levels deep") }
    }

    private mutating func parseObject() throws(ParseFailure) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        let start = position
        position += 1
        var members: [(key: String, value: JSONValue)] = []
        var keyOffsets: [Int] = []
        skipWhitespace()
        if position < end, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members, offset: start, keyOffsets: keyOffsets) }
        while true {
            skipWhitespace()
            guard position < end, bytes[position] == UInt8(ascii: "\"") else {
                throw ParseFailure(offset: position, "JSON syntax error: expected a quoted key, found '\(describe(position))'")
            }
            keyOffsets.append(position)
            let key = try parseString()
            skipWhitespace()
            guard position < end, bytes[position] == UInt8(ascii: ":") else {
                throw ParseFailure(offset: position, "JSON syntax error: expected ':' after the key, found '\(describe(position))'")
            }
            position += 1
            skipWhitespace()
            members.append((key, try parseValue()))
            skipWhitespace()
            guard position < end else { throw ParseFailure(offset: position, "JSON syntax error: the object is not closed with '}'") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members, offset: start, keyOffsets: keyOffsets) }
            throw ParseFailure(offset: position, "JSON syntax error: expected ',' or '}', found '\(describe(position))'")
        }
    }

    private mutating func parseArray() throws(ParseFailure) -> JSONValue {
        if let streamed = streamedArray, streamed.start == position {
            try forEachElement { value, end throws(ParseFailure) in streamed.visit(value, end) }
            return .array([])
        }
        var values: [JSONValue] = []
        try forEachElement { value, _ throws(ParseFailure) in values.append(value) }
        return .array(values)
    }

    /// Parses the array whose `[` is at the current position, handing each element to `body`
    /// as soon as it is parsed, with the offset just past it; ends past the `]`.
    mutating func forEachElement(_ body: (JSONValue, Int) throws(ParseFailure) -> Void) throws(ParseFailure) {
        try enter()
        defer { depth -= 1 }
        position += 1
        skipWhitespace()
        if position < end, bytes[position] == UInt8(ascii: "]") { position += 1; return }
        while true {
            skipWhitespace()
            let value = try parseValue()
            try body(value, position)
            skipWhitespace()
            guard position < end else { throw ParseFailure(offset: position, "JSON syntax error: the array is not closed with ']'") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return }
            throw ParseFailure(offset: position, "JSON syntax error: expected ',' or ']', found '\(describe(position))'")
        }
    }

    private mutating func parseNumber() throws(ParseFailure) -> Double {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < end, bytes[position] &- 0x30 < 10 else {
            throw ParseFailure(offset: start, "JSON syntax error: '-' must be followed by digits")
        }
        while position < end {
            let byte = bytes[position]
            if byte &- 0x30 < 10 || byte == UInt8(ascii: ".") || byte | 0x20 == UInt8(ascii: "e") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
                position += 1
            } else {
                break
            }
        }
        let text = UnsafeRawBufferPointer(rebasing: bytes[start ..< position])
        // JSON's grammar, strictly (as Python's json and every JSON parser): no leading zeros
        // (`00.5`, `01`), digits after '.' and after the exponent's sign.
        guard Self.isJSONNumber(text) else {
            throw ParseFailure(offset: start, "JSON syntax error: '\(String(decoding: text, as: UTF8.self).quotedForMessage)' is not a JSON number (no leading zeros; digits after '.' and 'e')")
        }
        guard let value = ScoreParser.number(text) else {
            let shown = String(decoding: text, as: UTF8.self)
            if let parsed = Double(shown), parsed.isInfinite {
                throw ParseFailure(offset: start, "number \(shown) is too large")
            }
            throw ParseFailure(offset: start, "JSON syntax error: '\(shown.quotedForMessage)' is not a number")
        }
        return value
    }

    /// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    static func isJSONNumber(_ text: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        func digits() -> Int {
            let from = index
            while index < text.count, text[index] &- 0x30 < 10 { index += 1 }
            return index - from
        }
        if index < text.count, text[index] == UInt8(ascii: "-") { index += 1 }
        guard index < text.count else { return false }
        if text[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            return false
        }
        if index < text.count, text[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < text.count, text[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < text.count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == text.count
    }

    private mutating func parseString() throws(ParseFailure) -> String {
        let open = position
        position += 1
        let contentStart = position
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let content = UnsafeRawBufferPointer(rebasing: bytes[contentStart ..< position])
                position += 1
                return try UTF8Text.string(content, fieldOffset: contentStart, what: "a JSON string")
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw ParseFailure(offset: position, "JSON syntax error: a control character (such as a line break) inside a string must be escaped") }
            position += 1
        }
        var decoded = Array(bytes[contentStart ..< position])
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                if let text = String(validating: decoded, as: UTF8.self) { return text }
                // Escapes only produce valid UTF-8, so the invalid bytes are raw ones in the source.
                let raw = UnsafeRawBufferPointer(rebasing: bytes[contentStart ..< position - 1])
                throw ParseFailure(offset: contentStart + UTF8Text.firstInvalidByte(raw), "invalid UTF-8 in a JSON string; save the file as UTF-8")
            }
            if byte < 0x20 { throw ParseFailure(offset: position, "JSON syntax error: a control character (such as a line break) inside a string must be escaped") }
            if byte != UInt8(ascii: "\\") { decoded.append(byte); position += 1; continue }
            guard position + 1 < end else { break }
            let escape = bytes[position + 1]
            position += 2
            switch escape {
            case UInt8(ascii: "\""): decoded.append(0x22)
            case UInt8(ascii: "\\"): decoded.append(0x5C)
            case UInt8(ascii: "/"): decoded.append(0x2F)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800 ..< 0xDC00).contains(scalar), position + 1 < end,
                   bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                    position += 2
                    let low = try hex4()
                    guard (0xDC00 ..< 0xE000).contains(low) else {
                        throw ParseFailure(offset: position - 6, "JSON string has an unpaired UTF-16 surrogate escape")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else {
                    throw ParseFailure(offset: position - 6, "JSON string has an unpaired UTF-16 surrogate escape")
                }
                decoded.append(contentsOf: Array(String(unicode).utf8))
            default:
                throw ParseFailure(offset: position - 2, "JSON syntax error: invalid escape '\\\(describe(position - 1))' in a string")
            }
        }
        throw ParseFailure(offset: open, "JSON syntax error: the string that starts here is never closed")
    }

    private mutating func hex4() throws(ParseFailure) -> UInt32 {
        guard position + 4 <= end else { throw ParseFailure(offset: position, "JSON syntax error: \\u needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0 ..< 4 {
            let byte = bytes[position] | 0x20
            let digit: UInt32
            if byte &- 0x30 < 10 { digit = UInt32(byte - 0x30) }
            else if byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "f") { digit = UInt32(byte - UInt8(ascii: "a") + 10) }
            else { throw ParseFailure(offset: position, "JSON syntax error: \\u needs four hex digits") }
            value = value << 4 | digit
            position += 1
        }
        return value
    }
}
