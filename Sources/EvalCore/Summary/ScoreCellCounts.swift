/// Positives and negatives per score cell (a score's bit pattern) for one table of a summary
/// being counted: an open-addressing hash table with linear probing.
///
/// Written by hand because `[UInt64: Cell]` was the largest cost of counting a summary: every
/// input updates one cell per concept and table, and a `Dictionary` update hashes its key with
/// SipHash (about 150 instructions; `Hasher._hash` alone was 5 % of `evaltop summarize`'s
/// instructions on 100,000 × 20, callgrind, BENCHMARKS.md "Evaluation summaries"). Unlike
/// `DistinctScoreTable` (the curves' table, bounded, 32-bit counts, scores in [0, 1]) it grows
/// without limit, counts in `Int`, and takes any bit pattern: a slot is free while both its
/// counts are 0, and every key is added with a count.
struct ScoreCellCounts {
    struct Slot {
        var key: UInt64
        var positives: Int
        var negatives: Int
    }

    private var slots: [Slot]
    /// Distinct keys held.
    private(set) var count = 0

    init() {
        slots = Array(repeating: Slot(key: 0, positives: 0, negatives: 0), count: 16)
    }

    var isEmpty: Bool { count == 0 }

    /// Counts one input in `key`'s cell. Returns true when the key is new.
    @inline(__always)
    @discardableResult
    mutating func add(_ key: UInt64, isPositive: Bool) -> Bool {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        return slots.withUnsafeMutableBufferPointer { slots in
            let slot = Self.find(key, in: slots)
            let isNew = slots[slot].positives == 0 && slots[slot].negatives == 0
            if isNew { slots[slot].key = key }
            if isPositive { slots[slot].positives += 1 } else { slots[slot].negatives += 1 }
            if isNew { count += 1 }
            return isNew
        }
    }

    /// The slot holding `key`, or the free slot where it belongs. The key is mixed (MurmurHash3's
    /// finalizer) before it picks a slot: grid cells and full-precision scores differ mostly in
    /// their low bits, which a mask alone would cluster.
    @inline(__always)
    private static func find(_ key: UInt64, in slots: UnsafeMutableBufferPointer<Slot>) -> Int {
        let mask = slots.count &- 1
        var slot = Int(truncatingIfNeeded: OpenAddressing.mix(key)) & mask
        while true {
            let held = slots[slot]
            if held.key == key || (held.positives == 0 && held.negatives == 0) { return slot }
            slot = (slot &+ 1) & mask
        }
    }

    /// Doubles the slots and places every entry again.
    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(key: 0, positives: 0, negatives: 0), count: old.count * 2)
        slots.withUnsafeMutableBufferPointer { slots in
            for entry in old where entry.positives != 0 || entry.negatives != 0 {
                slots[Self.find(entry.key, in: slots)] = entry
            }
        }
    }

    /// Positives over every cell.
    var positives: Int { slots.reduce(0) { $0 + $1.positives } }

    /// The held cells, ordered by `areInIncreasingOrder` on their keys, as a score table
    /// (scores are the keys' doubles).
    func table(by areInIncreasingOrder: (UInt64, UInt64) -> Bool) -> ScoreTable {
        var entries = slots.filter { $0.positives != 0 || $0.negatives != 0 }
        entries.sort { areInIncreasingOrder($0.key, $1.key) }
        return ScoreTable(scores: entries.map { Double(bitPattern: $0.key) },
                          positives: entries.map(\.positives), negatives: entries.map(\.negatives))
    }
}

/// What the summary's open-addressing tables (`ScoreCellCounts`, `IDHashSet`) share.
enum OpenAddressing {
    /// MurmurHash3's 64-bit finalizer: every bit of `key` moves the low bits a table's mask
    /// keeps.
    @inline(__always)
    static func mix(_ key: UInt64) -> UInt64 {
        var mixed = key
        mixed ^= mixed >> 33
        mixed &*= 0xFF51_AFD7_ED55_8CCD
        mixed ^= mixed >> 33
        mixed &*= 0xC4CE_B9FE_1A85_EC53
        mixed ^= mixed >> 33
        return mixed
    }
}
