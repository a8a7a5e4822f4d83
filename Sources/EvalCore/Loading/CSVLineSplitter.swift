/// Splits one line that contains no quote characters into fields: the fast path for data
/// regions without quotes, giving exactly the fields `CSVRecordReader` would.
///
/// The delimiters are found eight bytes at a time (a word compare, then one step per delimiter
/// found) rather than by a compare and branch per byte: callgrind counted 8 instructions per
/// byte for the byte loop, about 1,200 of the 4,150 a row of the 10M × 20 benchmark cost to
/// parse (BENCHMARKS.md, sixth pass). memchr per field would call out once per 7-byte field.
enum CSVLineSplitter {
    /// Stores up to `capacity` fields and returns how many the line has.
    @inline(__always)
    static func split(_ source: UnsafeRawBufferPointer, lineStart: Int, lineEnd: Int, delimiter: UInt8,
                      into fields: UnsafeMutablePointer<CSVField>, capacity: Int) -> Int {
        let base = source.baseAddress!
        var count = 0
        var fieldStart = lineStart
        forEachDelimiter(base, from: lineStart, to: lineEnd, delimiter: delimiter) { delimiterAt in
            if count < capacity {
                fields[count] = CSVField(bytes: UnsafeRawBufferPointer(start: base + fieldStart, count: delimiterAt &- fieldStart),
                                         offset: fieldStart)
            }
            count &+= 1
            fieldStart = delimiterAt &+ 1
            return true
        }
        if count < capacity {
            fields[count] = CSVField(bytes: UnsafeRawBufferPointer(start: base + fieldStart, count: lineEnd - fieldStart), offset: fieldStart)
        }
        return count + 1
    }

    /// Stores the first `count` fields of the line (count ≥ 1) and returns where the next field
    /// starts, or -1 when the line has no more than `count` fields. For rows whose trailing
    /// score cells `ScoreRunScanner` reads itself.
    @inline(__always)
    static func splitPrefix(_ source: UnsafeRawBufferPointer, lineStart: Int, lineEnd: Int, delimiter: UInt8,
                            count wanted: Int, into fields: UnsafeMutablePointer<CSVField>) -> Int {
        let base = source.baseAddress!
        var count = 0
        var fieldStart = lineStart
        var next = -1
        forEachDelimiter(base, from: lineStart, to: lineEnd, delimiter: delimiter) { delimiterAt in
            fields[count] = CSVField(bytes: UnsafeRawBufferPointer(start: base + fieldStart, count: delimiterAt &- fieldStart),
                                     offset: fieldStart)
            count &+= 1
            fieldStart = delimiterAt &+ 1
            guard count == wanted else { return true }
            next = fieldStart
            return false
        }
        return next
    }

    /// Calls `body` with the offset of each delimiter in `start ..< end`, in order, until it
    /// returns false. The delimiters are found eight bytes at a time (see the type's comment);
    /// wrapping arithmetic, since offsets within one line cannot overflow and the overflow
    /// checks were a third of the instructions per delimiter.
    @inline(__always)
    private static func forEachDelimiter(_ base: UnsafeRawPointer, from start: Int, to end: Int, delimiter: UInt8,
                                         _ body: (Int) -> Bool) {
        var index = start
        #if _endian(little)
        let pattern = UInt64(delimiter) &* 0x0101_0101_0101_0101
        while end &- index >= 8 {
            var hits = zeroBytes(base.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ pattern)
            while hits != 0 {
                guard body(index &+ hits.trailingZeroBitCount &>> 3) else { return }
                hits &= hits &- 1
            }
            index &+= 8
        }
        #endif
        while index < end {
            if base.load(fromByteOffset: index, as: UInt8.self) == delimiter, !body(index) { return }
            index &+= 1
        }
    }

    /// The top bit of every zero byte of `word`, and no other bit. Exact, unlike the shorter
    /// `(word − 0x01…) & ~word & 0x80…`, which can also flag a 0x01 byte above a zero byte (a
    /// borrow): here `(byte & 0x7F) + 0x7F` never carries out of its byte, and sets the top
    /// bit exactly when the low seven bits are not all zero.
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((word & low) &+ low) | word | low)
    }
}
