import Foundation

/// Counts the non-blank lines of bytes handed over in blocks, as the wide reader skips them: a
/// line is blank when it is empty once a `\r` before its `\n` is dropped. Lines may span
/// blocks; `finish` counts the last one when the bytes do not end with `\n`.
/// Blocks rather than one buffer so that the line count can read the file through a small
/// buffer (`SourceBytes.forEachBlock`) instead of through its mapping.
struct NonBlankLineCounter {
    private(set) var lines = 0
    /// Bytes of the line begun in an earlier block and not yet ended (counted up to 2: a line of
    /// two bytes or more is never blank).
    private var pendingLength = 0
    /// That line's first byte.
    private var pendingFirst: UInt8 = 0

    mutating func add(_ block: UnsafeRawBufferPointer) {
        guard let base = block.baseAddress, block.count > 0 else { return }
        let end = base + block.count
        var start = base
        while let lineBreak = memchr(start, 0x0A, end - start) {
            let length = start.distance(to: UnsafeRawPointer(lineBreak))
            if pendingLength + length > 0 {
                let first = pendingLength > 0 ? pendingFirst : start.load(as: UInt8.self)
                endLine(length: pendingLength + length, first: first)
            }
            pendingLength = 0
            start = UnsafeRawPointer(lineBreak) + 1
        }
        let rest = start.distance(to: end)
        if rest > 0 {
            if pendingLength == 0 { pendingFirst = start.load(as: UInt8.self) }
            pendingLength = min(2, pendingLength + rest)
        }
    }

    /// The count, with a last line that has no `\n`.
    mutating func finish() -> Int {
        if pendingLength > 0 { endLine(length: pendingLength, first: pendingFirst) }
        pendingLength = 0
        return lines
    }

    /// A line of `length` bytes (before its `\n`) starting with `first`: blank only when it is
    /// the `\r` of a CRLF line ending alone.
    private mutating func endLine(length: Int, first: UInt8) {
        if length >= 2 || first != 0x0D { lines += 1 }
    }
}
