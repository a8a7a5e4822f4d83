import Foundation

/// Finds the byte spans of JSON values without building a tree, so that a corrected copy can
/// replace one value and keep every other byte of the document as it was.
struct JSONSpanScanner {
    let bytes: [UInt8]

    struct Malformed: Error {}

    func skipWhitespace(_ index: Int) -> Int {
        var i = index
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        return i
    }

    /// The end (exclusive) of the value starting at `start` (after whitespace).
    func valueEnd(_ start: Int) throws -> Int {
        var i = skipWhitespace(start)
        guard i < bytes.count else { throw Malformed() }
        switch bytes[i] {
        case UInt8(ascii: "\""):
            return try stringEnd(i)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""): i = try stringEnd(i); continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default: break
                }
                i += 1
            }
            throw Malformed()
        default:  // number, true, false, null
            while i < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) {
                i += 1
            }
            return i
        }
    }

    private func stringEnd(_ start: Int) throws -> Int {
        var i = start + 1
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\") { i += 2; continue }
            if bytes[i] == UInt8(ascii: "\"") { return i + 1 }
            i += 1
        }
        throw Malformed()
    }

    /// The members of the object spanning `span`: decoded key and the value's span.
    func members(ofObject span: Range<Int>) throws -> [(key: String, value: Range<Int>)] {
        var i = skipWhitespace(span.lowerBound)
        guard i < span.upperBound, bytes[i] == UInt8(ascii: "{") else { throw Malformed() }
        i = skipWhitespace(i + 1)
        var result: [(key: String, value: Range<Int>)] = []
        if i < span.upperBound, bytes[i] == UInt8(ascii: "}") { return result }
        while i < span.upperBound {
            let keyEnd = try stringEnd(i)
            let key = try decodeString(i ..< keyEnd)
            i = skipWhitespace(keyEnd)
            guard i < span.upperBound, bytes[i] == UInt8(ascii: ":") else { throw Malformed() }
            let valueStart = skipWhitespace(i + 1)
            let valueEnd = try valueEnd(valueStart)
            result.append((key, valueStart ..< valueEnd))
            i = skipWhitespace(valueEnd)
            guard i < span.upperBound else { throw Malformed() }
            if bytes[i] == UInt8(ascii: "}") { return result }
            guard bytes[i] == UInt8(ascii: ",") else { throw Malformed() }
            i = skipWhitespace(i + 1)
        }
        throw Malformed()
    }

    /// The element spans of the array spanning `span`.
    func elements(ofArray span: Range<Int>) throws -> [Range<Int>] {
        var i = skipWhitespace(span.lowerBound)
        guard i < span.upperBound, bytes[i] == UInt8(ascii: "[") else { throw Malformed() }
        i = skipWhitespace(i + 1)
        var result: [Range<Int>] = []
        if i < span.upperBound, bytes[i] == UInt8(ascii: "]") { return result }
        while i < span.upperBound {
            let end = try valueEnd(i)
            result.append(i ..< end)
            i = skipWhitespace(end)
            guard i < span.upperBound else { throw Malformed() }
            if bytes[i] == UInt8(ascii: "]") { return result }
            guard bytes[i] == UInt8(ascii: ",") else { throw Malformed() }
            i = skipWhitespace(i + 1)
        }
        throw Malformed()
    }

    /// The text of a JSON string value (escapes resolved); nil when the span is not a string.
    func decodeString(_ span: Range<Int>) throws -> String {
        guard let text = try JSONSerialization.jsonObject(with: Data(bytes[span]), options: [.fragmentsAllowed]) as? String
        else { throw Malformed() }
        return text
    }

    /// The value of `key` (or any of its spellings) in an object's members.
    static func value(_ members: [(key: String, value: Range<Int>)], _ keys: String...) -> Range<Int>? {
        for key in keys { if let found = members.first(where: { $0.key == key }) { return found.value } }
        return nil
    }
}
