import Foundation

/// Lets parallel chunk workers see whether the calling Task was cancelled. Dispatch worker
/// threads have no current task, so `Task.isCancelled` there is always false; the handle of the
/// caller's task is taken once and only used while the caller waits for the workers.
struct CancellationProbe: @unchecked Sendable {
    private let task: UnsafeCurrentTask?

    var isCancelled: Bool { task?.isCancelled ?? false }

    static func run<T>(_ body: (CancellationProbe) throws -> T) throws -> T {
        try withUnsafeCurrentTask { task in try body(CancellationProbe(task: task)) }
    }

    func check() throws {
        if isCancelled { throw CancellationError() }
    }
}

/// Accumulates progress from any thread and forwards it to the caller's callback.
final class ProgressSink: @unchecked Sendable {
    private let callback: (@Sendable (LoadProgress) -> Void)?
    private let totalBytes: Int
    private let lock = NSLock()
    private var bytes = 0
    private var inputs = 0

    init(totalBytes: Int, callback: (@Sendable (LoadProgress) -> Void)?) {
        self.totalBytes = totalBytes
        self.callback = callback
    }

    var isActive: Bool { callback != nil }

    func add(bytes newBytes: Int, inputs newInputs: Int) {
        guard let callback else { return }
        lock.lock()
        bytes += newBytes
        inputs += newInputs
        let snapshot = LoadProgress(bytesRead: min(bytes, totalBytes), totalBytes: totalBytes, inputs: inputs)
        lock.unlock()
        callback(snapshot)
    }

    func finish(inputs finalInputs: Int) {
        callback?(LoadProgress(bytesRead: totalBytes, totalBytes: totalBytes, inputs: finalInputs))
    }
}

/// Builds a categorical attribute from per-chunk tables (merged in chunk order, so value order
/// is first appearance in the file whatever the chunking).
enum CategoricalMerge {
    static func merge(name: String, chunkTables: [ByteNameTable], chunkRowRanges: [Range<Int>],
                      codes: UnsafeMutablePointer<Int32>, rowCount: Int) -> CategoricalAttribute {
        var global = ByteNameTable()
        for (chunk, table) in chunkTables.enumerated() {
            var remap: [Int32] = []
            remap.reserveCapacity(table.count)
            for name in table.names {
                remap.append(name.withUnsafeBytes { global.insert($0).index })
            }
            if remap.enumerated().allSatisfy({ $0.offset == Int($0.element) }) { continue }
            for row in chunkRowRanges[chunk] where codes[row] >= 0 {
                codes[row] = remap[Int(codes[row])]
            }
        }
        let values = global.names.map { String(decoding: $0, as: UTF8.self) }
        return CategoricalAttribute(name: name, values: values, codes: Array(UnsafeBufferPointer(start: codes, count: rowCount)))
    }
}

/// Finds the first input id that repeats an earlier one, by precomputed byte hashes.
enum DuplicateIDs {
    /// (earlier row, later row) of the first repeat in row order, or nil.
    ///
    /// Large loads split the ids by the top bits of their hash, one part per core: equal ids
    /// share a hash, so every repeat is found within one part, and the part whose first repeat
    /// comes earliest in row order holds the first repeat of all. (Inserting 10M ids into one
    /// table is a cache miss per id: 0.4 s on one core, while the other core waited.)
    static func firstDuplicate(ids: UnsafePointer<String>, hashes: UnsafePointer<UInt64>, count: Int) -> (Int, Int)? {
        guard count > 1 else { return nil }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let partBits = count < (1 << 18) || cores < 2 ? 0 : cores < 4 ? 1 : 2
        guard partBits > 0 else { return firstDuplicate(ids: ids, hashes: hashes, count: count, part: 0, partBits: 0) }
        let parts = 1 << partBits
        let results = UnsafeMutableBufferPointer<(Int, Int)?>.allocate(capacity: parts)
        results.initialize(repeating: nil)
        defer { results.deinitialize().deallocate() }
        let shared = DisjointWrites((ids: ids, hashes: hashes, results: results))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let (ids, hashes, results) = shared.pointer
            results[part] = firstDuplicate(ids: ids, hashes: hashes, count: count, part: UInt64(part), partBits: partBits)
        }
        return results.compactMap { $0 }.min { $0.1 < $1.1 }
    }

    /// The first repeat among the rows whose hash's top `partBits` bits are `part`.
    private static func firstDuplicate(ids: UnsafePointer<String>, hashes: UnsafePointer<UInt64>, count: Int,
                                       part: UInt64, partBits: Int) -> (Int, Int)? {
        let inPart: (UInt64) -> Bool = { partBits == 0 || $0 >> UInt64(64 - partBits) == part }
        var members = 0
        for row in 0 ..< count where inPart(hashes[row]) { members += 1 }
        // At most ¾ full: 4 bytes per slot, so 10M ids take 64 MB rather than 128 MB, at the
        // moment of the load when every score is already held.
        var capacity = 16
        while capacity * 3 < members * 4 { capacity *= 2 }
        let mask = capacity - 1
        let slots = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        slots.initialize(repeating: -1, count: capacity)
        defer { slots.deallocate() }
        for row in 0 ..< count {
            let hash = hashes[row]
            guard inPart(hash) else { continue }
            var slot = Int(truncatingIfNeeded: hash >> 7) & mask
            while true {
                let other = slots[slot]
                if other < 0 { slots[slot] = Int32(row); break }
                if hashes[Int(other)] == hash, ids[Int(other)] == ids[row] { return (Int(other), row) }
                slot = (slot + 1) & mask
            }
        }
        return nil
    }
}

enum LoadMessages {
    /// "a, b, c" or "a, b, …, l (and 8 more)" for the known-concepts hint.
    static func knownConcepts(_ names: [String]) -> String {
        let shown = names.prefix(12).map { $0.quotedForMessage }.joined(separator: ", ")
        return names.count > 12 ? shown + ", … (\(names.count - 12) more)" : shown
    }

    static func unknownConcept(_ name: String, in place: String, known: [String]) -> String {
        "unknown concept '\(name.quotedForMessage)' in \(place); known concepts: \(knownConcepts(known))"
    }
}

extension Array where Element == Int32 {
    /// Label counts per input turned into compressed-sparse-row offsets.
    static func offsets(fromCounts counts: UnsafePointer<Int32>, count: Int) -> [Int32] {
        [Int32](unsafeUninitializedCapacity: count + 1) { buffer, initialized in
            var running: Int32 = 0
            buffer[0] = 0
            for index in 0 ..< count {
                running += counts[index]
                buffer[index + 1] = running
            }
            initialized = count + 1
        }
    }
}
