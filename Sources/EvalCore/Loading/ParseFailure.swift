/// A problem found while parsing, located by byte offset only. Parsers (including the parallel
/// chunk workers) never track lines; the line and column are worked out from the offset once,
/// when the error is reported.
struct ParseFailure: Error {
    /// Byte offset in the file, or nil when the problem is not at one place.
    let offset: Int?
    let message: String
    /// For problems known by line rather than offset (JSON Lines), the 1-based line.
    var line: Int? = nil

    init(offset: Int?, _ message: String) {
        self.offset = offset
        self.message = message
    }

    init(line: Int, _ message: String) {
        self.offset = nil
        self.line = line
        self.message = message
    }

    /// The user-facing error: line counted in physical lines, column in characters.
    func loadError(in source: SourceBytes) -> LoadError {
        guard let offset else { return LoadError(path: source.path, line: line, message: message) }
        let position = SourceLocation.of(offset: offset, in: source.buffer)
        return LoadError(path: source.path, line: position.line, column: position.column, message: message)
    }
}

enum SourceLocation {
    /// 1-based line and column (in characters) of the byte at `offset`.
    static func of(offset: Int, in bytes: UnsafeRawBufferPointer) -> (line: Int, column: Int) {
        let offset = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        var index = 0
        while index < offset {
            if bytes[index] == 0x0A { line += 1; lineStart = index + 1 }
            index += 1
        }
        var prefix = Array(bytes[lineStart ..< offset])
        if lineStart == 0, prefix.starts(with: [0xEF, 0xBB, 0xBF]) { prefix.removeFirst(3) }
        let column = String(decoding: prefix, as: UTF8.self).count + 1
        return (line, column)
    }

    /// 1-based line of `offset` (cheaper than `of` when no column is wanted).
    static func line(of offset: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        var line = 1
        for index in 0 ..< min(offset, bytes.count) where bytes[index] == 0x0A { line += 1 }
        return line
    }
}

/// Strings from file bytes, validated as UTF-8.
enum UTF8Text {
    /// An id that is one CR: a CR line ending read as a field (the file mixes CR and LF).
    static func isLoneCR(_ bytes: UnsafeRawBufferPointer) -> Bool { bytes.count == 1 && bytes[0] == 0x0D }
    static let loneCRMessage = "the input id is a lone carriage return (CR): the file has mixed line endings (CR and LF); save it with one kind"

    /// The string, or a failure at the first invalid byte (`fieldOffset` is the field's offset
    /// in the file, used for the location).
    @inline(__always)
    static func string(_ bytes: UnsafeRawBufferPointer, fieldOffset: Int, what: String) throws(ParseFailure) -> String {
        var ascii = true
        for byte in bytes where byte >= 0x80 { ascii = false; break }
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        throw ParseFailure(offset: fieldOffset + firstInvalidByte(bytes),
                           "invalid UTF-8 in \(what); save the file as UTF-8")
    }

    static func firstInvalidByte(_ bytes: UnsafeRawBufferPointer) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .error: return offset
            case .emptyInput: return offset
            }
        }
    }
}
