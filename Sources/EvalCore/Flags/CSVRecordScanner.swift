import Foundation

/// One CSV record as byte ranges into the file, so that a rewrite can replace one cell and
/// copy every other byte unchanged (quoting, spacing, line endings).
struct CSVRecord {
    /// Raw field spans, including any surrounding quotes.
    var fields: [Range<Int>]
    /// From the first byte of the record to the end of its line terminator (if any).
    var span: Range<Int>
    /// 1-based line number where the record starts.
    var line: Int
}

/// A minimal RFC 4180 scanner (quoted delimiters, doubled quotes, newlines inside quotes,
/// CRLF or LF). It locates fields; `decode` turns a span into its text.
struct CSVRecordScanner {
    let bytes: [UInt8]
    let delimiter: UInt8
    private(set) var position: Int
    private(set) var line = 1

    init(bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) {
        self.bytes = bytes
        self.delimiter = delimiter
        // A UTF-8 byte order mark is not part of the first header name.
        position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// The next record, or nil at the end. Throws on an unterminated quote.
    mutating func next() throws -> CSVRecord? {
        guard position < bytes.count else { return nil }
        let start = position
        let startLine = line
        var fields: [Range<Int>] = []
        var fieldStart = position
        var inQuotes = false
        var i = position
        while i < bytes.count {
            let byte = bytes[i]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") { i += 2; continue }
                    inQuotes = false
                } else if byte == UInt8(ascii: "\n") {
                    line += 1
                }
                i += 1
                continue
            }
            if byte == UInt8(ascii: "\"") && i == fieldStart {
                inQuotes = true
            } else if byte == delimiter {
                fields.append(fieldStart ..< i)
                fieldStart = i + 1
            } else if byte == UInt8(ascii: "\n") {
                let fieldEnd = (i > fieldStart && bytes[i - 1] == UInt8(ascii: "\r")) ? i - 1 : i
                fields.append(fieldStart ..< fieldEnd)
                line += 1
                position = i + 1
                return CSVRecord(fields: fields, span: start ..< position, line: startLine)
            }
            i += 1
        }
        if inQuotes {
            throw CSVScanError(line: startLine, message: "unterminated quote")
        }
        fields.append(fieldStart ..< bytes.count)
        position = bytes.count
        return CSVRecord(fields: fields, span: start ..< position, line: startLine)
    }

    /// The text of a raw field span: quotes removed and doubled quotes undoubled.
    func decode(_ span: Range<Int>) -> String {
        var slice = bytes[span]
        guard slice.first == UInt8(ascii: "\""), slice.count >= 2, slice.last == UInt8(ascii: "\"") else {
            return String(decoding: slice, as: UTF8.self)
        }
        slice = slice.dropFirst().dropLast()
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var iterator = slice.makeIterator()
        var previousWasQuote = false
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "\"") && previousWasQuote { previousWasQuote = false; continue }
            previousWasQuote = byte == UInt8(ascii: "\"")
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

struct CSVScanError: Error, CustomStringConvertible {
    let line: Int
    let message: String
    var description: String { "line \(line): \(message)" }
}

/// RFC 4180 quoting for one field: quoted when it holds the delimiter, a quote, CR or LF.
enum CSVQuoting {
    static func quote(_ text: String, delimiter: Character = ",") -> String {
        // Scalars, not Characters: "\r\n" is a single Character.
        let special: Set<Unicode.Scalar> = [delimiter.unicodeScalars.first!, "\"", "\n", "\r"]
        let needsQuotes = text.unicodeScalars.contains { special.contains($0) }
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
