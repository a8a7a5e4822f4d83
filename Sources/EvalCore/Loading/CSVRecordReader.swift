import Foundation

/// One field of a CSV record: its (unquoted, unescaped) bytes and where it starts in the file.
struct CSVField {
    var bytes: UnsafeRawBufferPointer
    /// Byte offset of the field in the file (of its opening quote when quoted).
    var offset: Int
}

/// A sequential RFC 4180 reader: quoted fields may hold delimiters, doubled quotes and line
/// breaks; records end in LF or CRLF. Blank lines are skipped. Used for the header, for
/// files whose data contain quotes, and for the long format.
final class CSVRecordReader {
    private let source: UnsafeRawBufferPointer
    let delimiter: UInt8
    private(set) var position: Int
    private let end: Int
    /// Unescaped copies of quoted fields that contained doubled quotes.
    private var scratch: UnsafeMutableRawPointer
    private var scratchCapacity = 4096
    private var pending: [(start: Int, count: Int, inScratch: Bool, offset: Int)] = []

    init(source: UnsafeRawBufferPointer, delimiter: UInt8, start: Int, end: Int? = nil) {
        self.source = source
        self.delimiter = delimiter
        self.position = start
        self.end = end ?? source.count
        scratch = UnsafeMutableRawPointer.allocate(byteCount: scratchCapacity, alignment: 1)
    }

    deinit { scratch.deallocate() }

    /// Reads the next record into `fields` (valid until the next call) and returns its start
    /// offset, or nil at the end of the input.
    func next(into fields: inout [CSVField]) throws(ParseFailure) -> Int? {
        skipBlankLines()
        guard position < end else { return nil }
        let recordStart = position
        pending.removeAll(keepingCapacity: true)
        var scratchUsed = 0
        let quote = UInt8(ascii: "\"")
        while true {
            let fieldStart = position
            if position < end, source[position] == quote {
                position += 1
                let contentStart = position
                var hasDoubledQuotes = false
                while true {
                    guard position < end else {
                        throw ParseFailure(offset: fieldStart, "unterminated quoted field: the quote opened here is never closed")
                    }
                    if source[position] == quote {
                        if position + 1 < end, source[position + 1] == quote {
                            hasDoubledQuotes = true
                            position += 2
                            continue
                        }
                        break
                    }
                    position += 1
                }
                let contentEnd = position
                position += 1  // closing quote
                if hasDoubledQuotes {
                    let needed = scratchUsed + (contentEnd - contentStart)
                    if needed > scratchCapacity { growScratch(to: needed) }
                    var written = 0
                    var index = contentStart
                    while index < contentEnd {
                        scratch.storeBytes(of: source[index], toByteOffset: scratchUsed + written, as: UInt8.self)
                        written += 1
                        index += source[index] == quote ? 2 : 1
                    }
                    pending.append((scratchUsed, written, true, fieldStart))
                    scratchUsed += written
                } else {
                    pending.append((contentStart, contentEnd - contentStart, false, fieldStart))
                }
                if position < end, source[position] != delimiter, source[position] != 0x0A,
                   !(source[position] == 0x0D && (position + 1 == end || source[position + 1] == 0x0A)) {
                    throw ParseFailure(offset: position, "unexpected character after a closing quote; a quote inside a quoted field must be doubled (\"\")")
                }
            } else {
                while position < end, source[position] != delimiter, source[position] != 0x0A { position += 1 }
                var fieldEnd = position
                if fieldEnd > fieldStart, source[fieldEnd - 1] == 0x0D, position == end || source[position] == 0x0A {
                    fieldEnd -= 1
                }
                pending.append((fieldStart, fieldEnd - fieldStart, false, fieldStart))
            }
            if position < end, source[position] == delimiter {
                position += 1
                continue
            }
            if position < end, source[position] == 0x0D { position += 1 }
            if position < end, source[position] == 0x0A { position += 1 }
            break
        }
        fields.removeAll(keepingCapacity: true)
        for field in pending {
            let base = field.inScratch ? UnsafeRawPointer(scratch) + field.start : source.baseAddress! + field.start
            fields.append(CSVField(bytes: UnsafeRawBufferPointer(start: base, count: field.count), offset: field.offset))
        }
        return recordStart
    }

    private func skipBlankLines() {
        while position < end {
            if source[position] == 0x0A { position += 1 }
            else if source[position] == 0x0D, position + 1 < end, source[position + 1] == 0x0A { position += 2 }
            else if source[position] == 0x0D, position + 1 == end { position += 1 }
            else { return }
        }
    }

    private func growScratch(to needed: Int) {
        var capacity = scratchCapacity
        while capacity < needed { capacity *= 2 }
        let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 1)
        bigger.copyMemory(from: scratch, byteCount: scratchCapacity)
        scratch.deallocate()
        scratch = bigger
        scratchCapacity = capacity
    }
}
