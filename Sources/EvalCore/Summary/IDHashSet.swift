/// The id hashes a streamed summary has seen (every format's reader), to find a duplicate
/// id: an open-addressing set of 64-bit hashes, with `Set<UInt64>.insert`'s shape.
///
/// Written by hand because `Set<UInt64>` (SipHash per insert, and its resizes) was 12 % of
/// `evaltop summarize`'s CPU on 1M × 20 once the score tables stopped using `Dictionary`
/// (perf, BENCHMARKS.md "Evaluation summaries"). The hashes come mixed from `ByteNameTable`,
/// but a mask keeps only their low bits, so they are mixed once more first (`OpenAddressing.mix`).
struct IDHashSet {
    private var slots: [UInt64]
    /// The hash 0 marks a free slot, so it is held apart.
    private var holdsZero = false
    private(set) var count = 0

    init() {
        slots = Array(repeating: 0, count: 1 << 10)
    }

    /// Adds `hash`; `inserted` is false when it was there already.
    @discardableResult
    mutating func insert(_ hash: UInt64) -> (inserted: Bool, memberAfterInsert: UInt64) {
        if hash == 0 {
            defer { holdsZero = true }
            if !holdsZero { count += 1 }
            return (!holdsZero, 0)
        }
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let inserted = slots.withUnsafeMutableBufferPointer { Self.place(hash, in: $0) }
        if inserted { count += 1 }
        return (inserted, hash)
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
}
