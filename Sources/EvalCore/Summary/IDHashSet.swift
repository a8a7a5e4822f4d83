import Foundation

/// The id hashes a streamed summary has seen (every format's reader), to find a duplicate id, in
/// bounded memory: an open-addressing set of 64-bit hashes up to `slotLimit` slots (64 MB: 6M
/// ids, so most files never leave it), then sorted runs of hashes in temporary files.
///
/// In memory, `insert` finds a duplicate at its row, as `Set<UInt64>.insert` would. When the
/// set would grow past its limit, its hashes are sorted in place and spilled to a run (an
/// unlinked temporary file, `LongCSVRunFile`, so that nothing is left however the process ends),
/// and the set starts again empty. A duplicate between two runs, or between a run and the set,
/// is then found by `finish`'s k-way merge (`SortedRunMerge`) after the pass rather than at the
/// row: the readers call it before they hand their sink over (so nothing is written before it
/// passes) and when a row's error ends the pass (`errorComesFirst`: a duplicate before that row
/// is what the in-memory check would have met first). Either way a duplicate hash means what it
/// always meant: the loader reads the file and reports the duplicate, at its lines, or finds a
/// hash collision. Every `fanIn` runs are merged into one as they come, which also finds a
/// duplicate among them early.
///
/// Written by hand because `Set<UInt64>` (SipHash per insert, and its resizes) was 12 % of
/// `evaltop summarize`'s CPU on 1M × 20 once the score tables stopped using `Dictionary`
/// (perf, BENCHMARKS.md "Evaluation summaries"). The hashes come mixed from `ByteNameTable`,
/// but a mask keeps only their low bits, so they are mixed once more first (`OpenAddressing.mix`).
/// Memory: 8 bytes per slot at most 3/4 full, doubling up to `slotLimit`, then the merge's
/// buffers (`fanIn` × `LongCSVSortedRows.mergeBufferBytes`).
struct IDHashSet {
    /// The most slots the set grows to (a power of two): 2^23, 64 MB, at most 6.3M hashes.
    static let defaultSlotLimit = 1 << 23
    /// Tests: a smaller limit, so that a file of a few dozen ids spills several runs.
    @TaskLocal static var slotLimitOverride: Int?
    /// Tests: how many runs are merged into one as they come (at least 2), in place of
    /// `LongCSVSortedRows.fanIn`, so that a few dozen ids reach the merges in steps.
    @TaskLocal static var fanInOverride: Int?
    /// Tests: where the runs go, in place of `$TMPDIR` (a folder that cannot be written to).
    @TaskLocal static var directoryOverride: String?
    /// Tests: one id's hash made another's (a collision). A pair of hashes rather than a closure:
    /// a task-local closure crashed `swift_task_localValuePush` in the release build under
    /// AddressSanitizer (Swift 6.3.1).
    @TaskLocal static var collisionOverride: (hash: UInt64, madeInto: UInt64)?

    private var slots: [UInt64]
    /// The hash 0 marks a free slot, so it is held apart.
    private var holdsZero = false
    /// Hashes in the set (not in the runs).
    private(set) var count = 0
    /// The set's slots (its memory, 8 bytes each).
    var slotCount: Int { slots.count }
    private let slotLimit: Int
    private let fanIn: Int
    private let directory: String
    private let collision: (hash: UInt64, madeInto: UInt64)?
    /// False for a read that does not check (the suspects' passes, after the summary's checked).
    private let checks: Bool
    /// The spilled runs, each sorted and without a duplicate.
    private(set) var runs: [LongCSVRunFile] = []
    /// Set when a merge found a hash in two runs: every later `insert` says so.
    private var duplicateFound = false
    /// Set when a run could not be written (a full or unwritable `$TMPDIR`): the set then grows
    /// in memory, as it did before runs existed, rather than fail a summary it can still make.
    private var spillFailed = false

    /// `checks`: false for a read that only needs the inputs (every `insert` is then new).
    init(checks: Bool = true) {
        let limit = max(16, Self.slotLimitOverride ?? Self.defaultSlotLimit)
        precondition(limit & (limit - 1) == 0, "the slot limit is a power of two")
        slotLimit = limit
        fanIn = max(2, Self.fanInOverride ?? LongCSVSortedRows.fanIn)
        collision = Self.collisionOverride
        directory = Self.directoryOverride ?? LongCSVReading.sortDirectory
        self.checks = checks
        slots = checks ? Array(repeating: 0, count: min(1 << 10, slotLimit)) : []
    }

    /// Adds `hash`; false when it was there already (in the set, or found by a merge of runs).
    @inline(__always)
    mutating func insert(_ hash: UInt64) -> Bool {
        guard checks else { return true }
        let held = collision.map { hash == $0.hash ? $0.madeInto : hash } ?? hash
        return insertHeld(held) && !duplicateFound
    }

    @inline(__always)
    private mutating func insertHeld(_ hash: UInt64) -> Bool {
        if hash == 0 {
            defer { holdsZero = true }
            if !holdsZero { count += 1 }
            return !holdsZero
        }
        if (count + 1) * 4 > slots.count * 3 {
            if slots.count < slotLimit || spillFailed { grow() } else { spill() }
        }
        let inserted = slots.withUnsafeMutableBufferPointer { Self.place(hash, in: $0) }
        if inserted { count += 1 }
        return inserted
    }

    /// After the pass: true when no hash came twice (the runs and the set merged); false when one
    /// did, or when the runs could not be read back (the loader then decides).
    mutating func finish() -> Bool {
        guard checks, !duplicateFound else { return !duplicateFound }
        guard !runs.isEmpty else { return true }
        let runs = runs
        let holdsZero = holdsZero
        let found = slots.withUnsafeMutableBufferPointer { slots in
            let held = UnsafeBufferPointer(rebasing: slots[..<Self.sortHeld(slots, holdsZero: holdsZero)])
            do {
                let cursors = try runs.map { try IDHashRunCursor(run: $0, bufferBytes: LongCSVSortedRows.mergeBufferBytes) }
                return try Self.hasDuplicate(cursors + [IDHashRunCursor(memory: held)])
            } catch {
                return true
            }
        }
        duplicateFound = found
        // The set is a sorted list now, and the runs are read: nothing more can be inserted.
        self.runs = []
        slots = []
        return !duplicateFound
    }

    /// Whether `error`, which ended a pass, is the one to report: false when the ids before it
    /// hold a duplicate that only the merge finds, since the in-memory check would have stopped
    /// the pass there first (the loader then decides). A cancellation always stands.
    mutating func errorComesFirst(_ error: Error) -> Bool {
        error is CancellationError || runs.isEmpty || finish()
    }

    /// Puts `hash` (not 0) in its slot; false when it was there already.
    @inline(__always)
    private static func place(_ hash: UInt64, in slots: UnsafeMutableBufferPointer<UInt64>) -> Bool {
        let mask = slots.count &- 1
        var slot = Int(truncatingIfNeeded: OpenAddressing.mix(hash)) & mask
        while true {
            let held = slots[slot]
            if held == hash { return false }
            if held == 0 {
                slots[slot] = hash
                return true
            }
            slot = (slot &+ 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        slots.withUnsafeMutableBufferPointer { slots in
            for hash in old where hash != 0 { _ = Self.place(hash, in: slots) }
        }
    }

    /// Sorts the held hashes (and 0 when `holdsZero`) at the front of `slots`, in place; how
    /// many there are. The set is unusable as a set until `clear`.
    private static func sortHeld(_ slots: UnsafeMutableBufferPointer<UInt64>, holdsZero: Bool) -> Int {
        var end = 0
        for index in slots.indices where slots[index] != 0 {
            slots[end] = slots[index]
            end += 1
        }
        // At most 3/4 of the slots are held: there is room for the 0, which sorts first.
        if holdsZero {
            slots[end] = 0
            end += 1
        }
        var held = UnsafeMutableBufferPointer(rebasing: slots[..<end])
        held.sort()
        return end
    }

    /// Writes the held hashes as a sorted run and empties the set; every `fanIn` runs are then
    /// merged into one, which finds a duplicate among them.
    private mutating func spill() {
        let holdsZero = holdsZero
        var run: LongCSVRunFile?
        var kept: [UInt64] = []
        slots.withUnsafeMutableBufferPointer { slots in
            let held = UnsafeBufferPointer(rebasing: slots[..<Self.sortHeld(slots, holdsZero: holdsZero)])
            let bytes = UnsafeRawBufferPointer(held)
            do {
                let file = try LongCSVRunFile(directory: directory)
                for start in stride(from: 0, to: bytes.count, by: LongCSVRunFile.writeBuffer) {
                    try file.append(UnsafeRawBufferPointer(rebasing: bytes[start ..< min(start + LongCSVRunFile.writeBuffer, bytes.count)]))
                }
                try file.flush()
                run = file
            } catch {
                kept = Array(held)
            }
        }
        clear()
        guard let run else {
            // Kept in memory: the set is rebuilt from its hashes and grows from now on.
            spillFailed = true
            for hash in kept { _ = insertHeld(hash) }
            return
        }
        runs.append(run)
        if runs.count >= fanIn {
            do {
                try mergeRuns()
            } catch {
                // Runs that cannot be merged cannot be checked: the loader decides.
                duplicateFound = true
            }
        }
    }

    private mutating func clear() {
        slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        holdsZero = false
        count = 0
    }

    /// Merges every run into one, noting a hash found in two.
    private mutating func mergeRuns() throws {
        let merged = try LongCSVRunFile(directory: directory)
        var merge = SortedRunMerge(try runs.map { try IDHashRunCursor(run: $0, bufferBytes: LongCSVSortedRows.mergeBufferBytes) })
        var previous: UInt64?
        var hash = UInt64(0)
        while let cursor = try merge.next() {
            hash = cursor.hash
            if hash == previous { duplicateFound = true }
            previous = hash
            try withUnsafeBytes(of: &hash) { try merged.append($0) }
        }
        try merged.flush()
        runs = [merged]
    }

    /// Whether two of `cursors` (each sorted, without a duplicate) share a hash.
    private static func hasDuplicate(_ cursors: [IDHashRunCursor]) throws -> Bool {
        var merge = SortedRunMerge(cursors)
        var previous: UInt64?
        while let cursor = try merge.next() {
            if cursor.hash == previous { return true }
            previous = cursor.hash
        }
        return false
    }
}

/// A sorted run of id hashes being read: from a temporary file through a buffer of bounded
/// size, or from memory (the set's last hashes, sorted in place).
final class IDHashRunCursor: SortedRunCursor {
    private let run: LongCSVRunFile?
    private let buffer: UnsafeMutableBufferPointer<UInt64>
    private let ownsBuffer: Bool
    private var position = 0
    private var filled = 0
    private var fileOffset = 0
    /// The current hash, valid while `hasItem`.
    private(set) var hash = UInt64(0)
    private(set) var hasItem = false

    init(run: LongCSVRunFile, bufferBytes: Int) throws {
        self.run = run
        buffer = .allocate(capacity: max(1, bufferBytes / 8))
        ownsBuffer = true
        try advance()
    }

    init(memory: UnsafeBufferPointer<UInt64>) {
        run = nil
        buffer = UnsafeMutableBufferPointer(mutating: memory)
        ownsBuffer = false
        filled = memory.count
        try? advance()
    }

    deinit { if ownsBuffer { buffer.deallocate() } }

    func advance() throws {
        if position == filled, let run {
            let bytes = try run.read(into: UnsafeMutableRawBufferPointer(buffer), at: fileOffset)
            guard bytes % 8 == 0 else { throw LongCSVSortFailure("a temporary file of the sort was cut short") }
            fileOffset += bytes
            filled = bytes / 8
            position = 0
        }
        hasItem = position < filled
        if hasItem {
            hash = buffer[position]
            position += 1
        }
    }

    static func precedes(_ a: IDHashRunCursor, _ b: IDHashRunCursor) -> Bool { a.hash < b.hash }
}
