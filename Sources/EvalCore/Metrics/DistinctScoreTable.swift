/// Counts positives and negatives per distinct score with an open-addressing hash table, for
/// columns with few distinct scores (rounded scores: 4 decimals give at most 10,001).
///
/// One pass over the scores with the table in cache beats the six passes of the radix sort
/// several times over, and only the distinct scores are then sorted. A column with many
/// distinct scores overflows the table early and is radix sorted instead.
struct DistinctScoreTable {
    static let initialSlotsLog2 = 12
    static let maximumSlotsLog2 = 16
    /// The most distinct scores a table takes (¾ of its largest size).
    static let maximumDistinct = (1 << maximumSlotsLog2) / 4 * 3

    /// One slot: the score's bit pattern with the top bit set when occupied (bit patterns of
    /// scores in [0, 1] are below 2^62), and its counts. 16 bytes: one cache access per update.
    struct Slot {
        var key: UInt64
        var positives: Int32
        var negatives: Int32
    }

    private static let occupied: UInt64 = 1 << 63

    private var slotsLog2 = initialSlotsLog2
    private var slots: UnsafeMutablePointer<Slot>
    private(set) var distinct = 0
    private var limit = maximumDistinct

    init() {
        slots = .allocate(capacity: 1 << Self.maximumSlotsLog2)
        reset(limit: Self.maximumDistinct)
    }

    func deallocate() {
        slots.deallocate()
    }

    /// Empties the table; `add` fails once more than `limit` distinct scores were added.
    mutating func reset(limit: Int) {
        slotsLog2 = Self.initialSlotsLog2
        slots.update(repeating: Slot(key: 0, positives: 0, negatives: 0), count: 1 << slotsLog2)
        distinct = 0
        self.limit = min(limit, Self.maximumDistinct)
    }

    /// Counts one input. Returns false when the score would exceed the distinct limit; the
    /// table is then unusable until the next `reset`.
    @inline(__always)
    mutating func add(bits: UInt64, isPositive: Bool) -> Bool {
        add(bits: bits, positives: isPositive ? 1 : 0, negatives: isPositive ? 0 : 1)
    }

    /// Counts `positives` and `negatives` inputs with the same score.
    @inline(__always)
    mutating func add(bits: UInt64, positives: Int32, negatives: Int32) -> Bool {
        var slot = find(bits)
        if slots[slot].key == 0 {
            if distinct >= limit { return false }
            if (distinct + 1) * 4 > (1 << slotsLog2) * 3 {
                grow()
                slot = find(bits)
            }
            slots[slot].key = bits | Self.occupied
            distinct += 1
        }
        slots[slot].positives &+= positives
        slots[slot].negatives &+= negatives
        return true
    }

    /// The slot holding `bits`, or the empty slot where it belongs (linear probing).
    @inline(__always)
    private func find(_ bits: UInt64) -> Int {
        let mask = (1 << slotsLog2) &- 1
        var slot = Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - slotsLog2))
        let wanted = bits | Self.occupied
        while true {
            let key = slots[slot].key
            if key == wanted || key == 0 { return slot }
            slot = (slot &+ 1) & mask
        }
    }

    /// Doubles the table and reinserts the entries.
    private mutating func grow() {
        let oldCount = 1 << slotsLog2
        let old = UnsafeMutablePointer<Slot>.allocate(capacity: oldCount)
        defer { old.deallocate() }
        old.update(from: slots, count: oldCount)
        slotsLog2 += 1
        slots.update(repeating: Slot(key: 0, positives: 0, negatives: 0), count: 1 << slotsLog2)
        for index in 0 ..< oldCount where old[index].key != 0 {
            slots[find(old[index].key & ~Self.occupied)] = old[index]
        }
    }

    /// The curve from the counted scores: sorts only the distinct scores, descending.
    func curve() -> ConceptCurve {
        var entries: [Slot] = []
        entries.reserveCapacity(distinct)
        for index in 0 ..< 1 << slotsLog2 where slots[index].key != 0 { entries.append(slots[index]) }
        // The occupied bit is common to all keys, so it does not change their order.
        entries.sort { $0.key > $1.key }
        var thresholds = [Double](repeating: 0, count: entries.count)
        var cumulativeTP = [Int32](repeating: 0, count: entries.count)
        var cumulativeFP = [Int32](repeating: 0, count: entries.count)
        var tp: Int32 = 0
        var fp: Int32 = 0
        for (k, entry) in entries.enumerated() {
            tp &+= entry.positives
            fp &+= entry.negatives
            thresholds[k] = Double(bitPattern: entry.key & ~Self.occupied)
            cumulativeTP[k] = tp
            cumulativeFP[k] = fp
        }
        return CurveBuilder.finish(thresholds: thresholds, cumulativeTP: cumulativeTP, cumulativeFP: cumulativeFP)
    }
}
