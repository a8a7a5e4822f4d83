import Foundation

/// One row of a long CSV as the external sort spills it (`LongCSVSortedSummarizer`): its sort
/// key (the offset of its input's first row, then its own offset: the loader's order of inputs
/// and, within one, the file's order of rows), its parsed values and its input's per-input
/// values. The offsets locate it in the mapped file for an error's line and column.
struct LongCSVSpilledRow {
    var inputStart: Int
    var offset: Int
    var id: String
    /// The concept's index in file order; -1 for the row the first pass stopped at, which is
    /// kept only so its per-input values are checked against its input's first row.
    var concept: Int32
    var score: Double
    var label: Bool
    var metadata: InputMetadata

    /// Appends the row to `bytes`: a 4-byte length, then the fields (native byte order: a run
    /// is read back by the process that wrote it).
    func encode(into bytes: inout [UInt8]) {
        let start = bytes.count
        func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) } }
        func put(_ text: String?) {
            guard let text else { put(UInt32.max); return }
            put(UInt32(text.utf8.count))
            bytes.append(contentsOf: text.utf8)
        }
        put(UInt32(0))
        put(Int64(inputStart))
        put(Int64(offset))
        put(concept)
        put(score.bitPattern)
        put(UInt8(label ? 1 : 0))
        put(id)
        // Which per-input values the row has (most files have none), then those values only.
        put(UInt8(metadata.url != nil ? 1 : 0) | (metadata.text != nil ? 2 : 0) | (metadata.width != nil ? 4 : 0)
            | (metadata.height != nil ? 8 : 0) | (metadata.fold != nil ? 16 : 0))
        if let url = metadata.url { put(url) }
        if let text = metadata.text { put(text) }
        if let width = metadata.width { put(width) }
        if let height = metadata.height { put(height) }
        if let fold = metadata.fold { put(fold) }
        // As many as the file has `meta:` columns.
        for attribute in metadata.attributes { put(attribute.value) }
        let length = UInt32(bytes.count - start - 4)
        withUnsafeBytes(of: length) { length in
            for index in 0 ..< 4 { bytes[start + index] = length[index] }
        }
    }

}

extension LongCSVSpilledRow {
    /// The row encoded in `record` (without its length); `attributeNames` are the `meta:` columns'.
    init(decoding record: UnsafeRawBufferPointer, attributeNames: [String]) {
        var position = 0
        func take<T: FixedWidthInteger>(_: T.Type) -> T {
            defer { position += MemoryLayout<T>.size }
            return record.loadUnaligned(fromByteOffset: position, as: T.self)
        }
        func takeText() -> String? {
            let count = take(UInt32.self)
            guard count != UInt32.max else { return nil }
            defer { position += Int(count) }
            return String(decoding: UnsafeRawBufferPointer(rebasing: record[position ..< position + Int(count)]), as: UTF8.self)
        }
        inputStart = Int(take(Int64.self))
        offset = Int(take(Int64.self))
        concept = take(Int32.self)
        score = Double(bitPattern: take(UInt64.self))
        label = take(UInt8.self) != 0
        id = takeText() ?? ""
        metadata = InputMetadata()
        let present = take(UInt8.self)
        if present & 1 != 0 { metadata.url = takeText() }
        if present & 2 != 0 { metadata.text = takeText() }
        if present & 4 != 0 { metadata.width = take(Int32.self) }
        if present & 8 != 0 { metadata.height = take(Int32.self) }
        if present & 16 != 0 { metadata.fold = takeText() }
        for index in attributeNames.indices { metadata.attributes.append((attributeNames[index], takeText())) }
    }

    /// The concept of the encoded `record` (without its length).
    static func concept(of record: UnsafeRawBufferPointer) -> Int32 {
        record.loadUnaligned(fromByteOffset: 16, as: Int32.self)
    }

    /// The sort key of the encoded `record` (without its length).
    static func key(of record: UnsafeRawBufferPointer) -> (inputStart: Int, offset: Int) {
        (Int(record.loadUnaligned(fromByteOffset: 0, as: Int64.self)), Int(record.loadUnaligned(fromByteOffset: 8, as: Int64.self)))
    }
}

/// A sorted run on disk: a temporary file unlinked as soon as it is created, so that it is gone
/// however the process ends (success, error, a signal, a crash) without a cleanup path: the
/// kernel frees its blocks when the descriptor closes (`deinit`, or the process's exit).
final class LongCSVRunFile {
    let descriptor: Int32
    private(set) var size = 0
    private var pending: [UInt8] = []
    static let writeBuffer = 1 << 20

    /// A new, empty run in `directory`.
    init(directory: String) throws {
        var template = Array((directory + "/evaltop-sort-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw LongCSVSortFailure("cannot create a temporary file for sorting the rows (\(String(cString: strerror(errno)))); set TMPDIR to a writable folder")
        }
        unlink(template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Appends encoded records.
    func append(_ bytes: UnsafeRawBufferPointer) throws {
        pending.append(contentsOf: bytes)
        if pending.count >= Self.writeBuffer { try flush() }
    }

    /// Writes what `append` buffered; the run is complete after it.
    func flush() throws {
        var written = 0
        while written < pending.count {
            let count = pending.withUnsafeBytes { Foundation.pwrite(descriptor, $0.baseAddress! + written, $0.count - written, off_t(size + written)) }
            guard count > 0 else {
                throw LongCSVSortFailure("cannot write the rows being sorted to a temporary file (\(String(cString: strerror(errno)))); set TMPDIR to a folder with free space")
            }
            written += count
        }
        size += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    /// Reads up to `buffer.count` bytes of the run from `offset` (of those `flush` wrote);
    /// how many were read, 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        let wanted = min(buffer.count, size - offset)
        guard wanted > 0 else { return 0 }
        let read = Foundation.pread(descriptor, buffer.baseAddress!, wanted, off_t(offset))
        guard read > 0 else {
            throw LongCSVSortFailure("cannot read back a temporary file of the sort (\(String(cString: strerror(errno))))")
        }
        return read
    }
}

/// Reads a run's records in order through a buffer of bounded size (grown only for a record
/// larger than it).
final class LongCSVRunReader {
    private let run: LongCSVRunFile
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var fileOffset = 0
    /// The current record (without its length), valid until `advance`; nil at the end.
    private(set) var record: UnsafeRawBufferPointer?
    private(set) var key = (inputStart: 0, offset: 0)

    init(_ run: LongCSVRunFile, bufferBytes: Int) throws {
        self.run = run
        buffer = .allocate(byteCount: max(bufferBytes, 64), alignment: 8)
        try advance()
    }

    deinit { buffer.deallocate() }

    /// Moves to the next record.
    func advance() throws {
        start += record.map { 4 + $0.count } ?? 0
        record = nil
        guard try fill(4) else { return }
        let length = Int(UnsafeRawBufferPointer(buffer).loadUnaligned(fromByteOffset: start, as: UInt32.self))
        guard try fill(4 + length) else {
            throw LongCSVSortFailure("a temporary file of the sort was cut short")
        }
        let bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[start + 4 ..< start + 4 + length])
        record = bytes
        key = LongCSVSpilledRow.key(of: bytes)
    }

    /// Makes `count` bytes from `start` available; false at the end of the run.
    private func fill(_ count: Int) throws -> Bool {
        if end - start >= count { return true }
        if count > buffer.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: count * 2, alignment: 8)
            larger.copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[start ..< end]))
            buffer.deallocate()
            buffer = larger
        } else {
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[start ..< end]))
        }
        end -= start
        start = 0
        while end < count && fileOffset < run.size {
            let read = try run.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]), at: fileOffset)
            end += read
            fileOffset += read
        }
        return end >= count
    }
}

/// A sorted run being read, for `SortedRunMerge`: its current item, and how two runs' current
/// items compare.
protocol SortedRunCursor: AnyObject {
    /// False once the run is read to its end.
    var hasItem: Bool { get }
    /// Moves to the next item.
    func advance() throws
    /// Whether `a`'s current item comes before `b`'s.
    static func precedes(_ a: Self, _ b: Self) -> Bool
}

extension LongCSVRunReader: SortedRunCursor {
    var hasItem: Bool { record != nil }
    static func precedes(_ a: LongCSVRunReader, _ b: LongCSVRunReader) -> Bool { a.key < b.key }
}

/// The k-way merge of sorted runs: a binary heap of their cursors by current item (the long
/// sort's rows, `LongCSVRunMerge`; the id hashes' runs, `IDHashSet`).
struct SortedRunMerge<Cursor: SortedRunCursor> {
    private var heap: [Cursor]

    init(_ cursors: [Cursor]) {
        heap = cursors.filter(\.hasItem)
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    /// The cursor holding the smallest item left, valid until the next call to `next`; nil
    /// when every run is read.
    mutating func next() throws -> Cursor? {
        if let cursor = pendingAdvance {
            // Always the heap's top: nothing moved since it was handed out.
            pendingAdvance = nil
            try cursor.advance()
            if !cursor.hasItem {
                heap.swapAt(0, heap.count - 1)
                heap.removeLast()
            }
            if !heap.isEmpty { siftDown(0) }
        }
        guard let top = heap.first else { return nil }
        pendingAdvance = top
        return top
    }

    /// The cursor whose item `next` handed out, moved on at the following call.
    private var pendingAdvance: Cursor?

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var child = left
            if left + 1 < heap.count && Cursor.precedes(heap[left + 1], heap[left]) { child = left + 1 }
            guard Cursor.precedes(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            parent = child
        }
    }
}

/// The k-way merge of the long sort's runs, record by record.
struct LongCSVRunMerge {
    private var merge: SortedRunMerge<LongCSVRunReader>

    init(_ runs: [LongCSVRunFile], bufferBytes: Int) throws {
        merge = SortedRunMerge(try runs.map { try LongCSVRunReader($0, bufferBytes: bufferBytes) })
    }

    /// The smallest record left (without its length), valid until the next call to `next`; nil
    /// when every run is read.
    mutating func next() throws -> UnsafeRawBufferPointer? {
        try merge.next()?.record
    }
}

/// A temporary file of the sort that could not be made, written or read back (said with the
/// source's path by `LongCSVSortedSummarizer`).
struct LongCSVSortFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
