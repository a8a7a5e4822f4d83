/// One byte per distinct score of an indexed curve (`DistinctScores`) that orders like the
/// score within its anchor stride, so that a threshold lookup compares bytes from one cache
/// line and reads at most a score or two from the evaluation's matrix.
///
/// Why: an indexed curve keeps an input index per distinct score, and a lookup that compared
/// scores read the matrix once per step of its search (rows apart: a cache and TLB miss
/// each). That made the UI's threshold step 2.3× slower on 1M × 20 full precision (7.6 →
/// 17.8 µs) when the indices replaced the values (issue 11).
///
/// The fingerprint of a score is 8 bits of its bit pattern: those just below the bits that
/// every score of its stride shares (the common prefix of the stride's largest and smallest
/// score; `shifts` keeps that length per stride). Non-negative doubles order like their bit
/// patterns, so fingerprints never increase down a stride, and a threshold's fingerprint
/// computed the same way splits the stride exactly: a larger fingerprint means a larger
/// score, a smaller one a smaller score, and only equal fingerprints need the score itself.
/// The patterns are taken without the sort key's dropped bits (`SortKeyLayout`), as the sweep
/// sees them; dropping low bits keeps the order (not strictly), which is all this needs.
struct ScoreFingerprints: Sendable {
    /// Per distinct score.
    let bytes: [UInt8]
    /// Per stride of `DistinctScores.anchorStride` scores: the length of the common prefix of
    /// its scores' (truncated) bit patterns, 1…64.
    let shifts: [UInt8]
    /// Low bits of a score's pattern left out (the sort key's dropped bits).
    let droppedBits: Int

    /// The truncated bit pattern the fingerprints are computed from.
    @inline(__always)
    func truncatedBits(_ score: Double) -> UInt64 {
        CurveBuilder.scoreBits(score) >> UInt64(droppedBits)
    }

    @inline(__always)
    static func fingerprint(_ bits: UInt64, shift: UInt8) -> UInt8 {
        UInt8(truncatingIfNeeded: (bits << UInt64(shift)) >> 56)
    }

    /// How many of the scores at `first ..< end` (one stride after its anchor, descending) are
    /// ≥ `threshold`, given that the stride's anchor `anchor` is. `score(k)` reads the k-th
    /// distinct score; it is called only where the fingerprints tie with the threshold's.
    @inline(__always)
    func count(in first: Int, _ end: Int, stride: Int, anchor: Double, atOrAbove threshold: Double,
               score: (Int) -> Double) -> Int {
        let shift = shifts[stride]
        let thresholdBits = truncatedBits(threshold)
        // Every score of the stride shares the anchor's first `shift` bits; a threshold that does
        // not (and is ≤ the anchor, so also a negative one) is below them all.
        if shift > 0, (thresholdBits ^ truncatedBits(anchor)) >> UInt64(64 - Int(shift)) != 0 {
            return end - first
        }
        let target = Self.fingerprint(thresholdBits, shift: shift)
        return bytes.withUnsafeBufferPointer { bytes in
            var k = first
            while k < end && bytes[k] > target { k &+= 1 }
            while k < end && bytes[k] == target && score(k) >= threshold { k &+= 1 }
            return k &- first
        }
    }

    var byteCount: Int { bytes.count + shifts.count }
}

/// Writes the fingerprints of a curve's distinct scores, given in descending order, one
/// stride at a time (a stride's common prefix is known at its last score). Up to `capacity`
/// scores (the sweep learns how many are distinct only as it goes) into `bytes`, which the
/// caller owns; `finish` copies out as many as were appended.
struct ScoreFingerprintWriter {
    private let bytes: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var shifts: [UInt8]
    private let droppedBits: Int
    /// The current stride's truncated patterns, from its anchor on.
    private let pending: UnsafeMutablePointer<UInt64>
    private var pendingCount = 0
    private var written = 0

    init(bytes: UnsafeMutablePointer<UInt8>, capacity: Int, droppedBits: Int) {
        self.bytes = bytes
        self.capacity = capacity
        shifts = []
        shifts.reserveCapacity((capacity + DistinctScores.anchorStride - 1) / DistinctScores.anchorStride)
        self.droppedBits = droppedBits
        pending = .allocate(capacity: DistinctScores.anchorStride)
    }

    /// The next distinct score's pattern without its `droppedBits` lowest bits.
    @inline(__always)
    mutating func append(truncatedBits bits: UInt64) {
        pending[pendingCount] = bits
        pendingCount &+= 1
        if pendingCount == DistinctScores.anchorStride { flush() }
    }

    private mutating func flush() {
        guard pendingCount > 0 else { return }
        let common = (pending[0] ^ pending[pendingCount - 1]).leadingZeroBitCount
        let shift = UInt8(common)
        shifts.append(shift)
        precondition(written + pendingCount <= capacity, "at most `capacity` distinct scores")
        let target = bytes + written
        if shift < 64 {
            // `fingerprint` with masking shifts (the amount is under 64 here): its checked
            // shifts were a third of this loop's instructions.
            let amount = UInt64(shift)
            for k in 0 ..< pendingCount { target[k] = UInt8(truncatingIfNeeded: (pending[k] &<< amount) &>> 56) }
        } else {
            // A stride of one score: every bit is common, and the checked shift gives 0.
            for k in 0 ..< pendingCount { target[k] = ScoreFingerprints.fingerprint(pending[k], shift: shift) }
        }
        written += pendingCount
        pendingCount = 0
    }

    /// The fingerprints of every score appended; the writer is spent.
    mutating func finish() -> ScoreFingerprints {
        flush()
        pending.deallocate()
        return ScoreFingerprints(bytes: Array(UnsafeBufferPointer(start: bytes, count: written)),
                                 shifts: shifts, droppedBits: droppedBits)
    }
}
