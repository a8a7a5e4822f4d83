/// How a column's radix-sort keys are laid out: `score prefix | isPositive | input index`.
///
/// The curve of a whole evaluation keeps each distinct score as the index of an input that has
/// it (`DistinctScores`), so the sort has to say which input each key came from. Sorting a
/// separate 4-byte payload with the keys would add half to the sort's memory traffic (it is
/// memory-bound on long columns); instead the index takes the key's low bits and the score
/// gives up as many of its lowest bits (19 for a million inputs: 33 of 52 mantissa bits stay).
/// Keys then order by score prefix, label, input. Inputs whose scores share a prefix form one
/// run after the sort, and the sweep reads their exact scores back from the matrix to tell
/// them apart (`CurveBuilder.sweep`): with full-precision scores such runs are nearly all
/// exact ties, or do not occur at all.
///
/// `valuesOnly` is the plain layout `scoreBits << 1 | isPositive` (no index, nothing
/// dropped), for curves that keep their scores as values.
struct SortKeyLayout {
    /// Bits of the input index at the bottom of the key (0: no index).
    let indexBits: Int
    /// Low bits of the score's bit pattern that do not fit in the key.
    let droppedBits: Int
    /// Every key of the column agrees on its bits from this one up (64: nothing known).
    let keyEnd: Int

    static let valuesOnly = SortKeyLayout(indexBits: 0, droppedBits: 0)

    private init(indexBits: Int, droppedBits: Int, keyEnd: Int = 64) {
        self.indexBits = indexBits
        self.droppedBits = droppedBits
        self.keyEnd = keyEnd
    }

    /// Room for indices below `inputCount`. Score bit patterns of [0, 1] are below 2^62, so
    /// 64 − 1 − indexBits prefix bits drop indexBits − 1 of them.
    init(inputCount: Int) {
        let indexBits = max(1, Int.bitWidth - max(0, inputCount - 1).leadingZeroBitCount)
        self.init(indexBits: indexBits, droppedBits: indexBits - 1)
    }

    /// Most bits a column's sort may cover in three radix passes (`RadixSort.digits`).
    static let threePassBits = 3 * RadixSort.maximumDigitBits
    /// At most this many more score bits than `init(inputCount:)` drops are given up to fit.
    static let maximumExtraDroppedBits = 4

    /// This layout for one column whose score bit patterns lie in `smallest ... largest`, and
    /// how many more low score bits it drops (keys written with `self` become its keys by
    /// `refit(_:extraDroppedBits:)`). The bits every pattern of the range shares are constant in
    /// the keys, so the sort covers only the label and the prefix bits that vary (`keyEnd`);
    /// when dropping up to `maximumExtraDroppedBits` more bits brings that within three radix
    /// passes, they are dropped. Why: softmax scores from 10^-6 to 1 vary in their lowest 57
    /// bits, 38 of them in a million inputs' prefix, which took four passes; dropping 3 more
    /// takes three, and scores that share the shorter prefix (a few hundred pairs per million
    /// distinct scores) are told apart by the sweep from the matrix, as before.
    func fitted(smallest: UInt64, largest: UInt64) -> (layout: SortKeyLayout, extraDroppedBits: Int) {
        guard indexBits > 0, smallest <= largest else { return (self, 0) }
        let varying = UInt64.bitWidth - (smallest ^ largest).leadingZeroBitCount
        func end(dropping dropped: Int) -> Int { indexBits + 1 + max(0, varying - dropped) }
        var extra = 0
        while extra < Self.maximumExtraDroppedBits, end(dropping: droppedBits + extra) - indexBits > Self.threePassBits {
            extra += 1
        }
        if end(dropping: droppedBits + extra) - indexBits > Self.threePassBits { extra = 0 }
        let dropped = droppedBits + extra
        return (SortKeyLayout(indexBits: indexBits, droppedBits: dropped, keyEnd: end(dropping: dropped)), extra)
    }

    /// A key of the layout this one was `fitted` from, as this layout writes it.
    @inline(__always)
    func refit(_ key: UInt64, extraDroppedBits: Int) -> UInt64 {
        Self.refit(key, labelBit: indexBits, extraDroppedBits: extraDroppedBits)
    }

    /// `refit` for keys whose label is at `labelBit` (`RadixSort.sort` refits as it counts).
    @inline(__always)
    static func refit(_ key: UInt64, labelBit: Int, extraDroppedBits: Int) -> UInt64 {
        let low = UInt64(labelBit + 1)
        return (key >> (low &+ UInt64(extraDroppedBits))) << low | key & ((1 << low) &- 1)
    }

    @inline(__always)
    var indexMask: UInt64 { (1 << UInt64(indexBits)) &- 1 }

    /// The dropped bits of a score's bit pattern (what `ExactScoreBits` keeps beside the keys).
    @inline(__always)
    func dropped(_ bits: UInt64) -> UInt64 { bits & ((1 << UInt64(droppedBits)) &- 1) }

    /// The key of a score's bit pattern (at most that of 1.0), its label and its input.
    @inline(__always)
    func key(bits: UInt64, isPositive: UInt64, input: Int) -> UInt64 {
        // Masking shifts (`&>>`): every amount here is under 64, and Swift's checked shifts
        // cost a compare and a select each in the key extraction's inner loop.
        (bits &>> UInt64(droppedBits)) &<< UInt64(indexBits &+ 1) | isPositive &<< UInt64(indexBits)
            | (UInt64(truncatingIfNeeded: input) & indexMask)
    }

    /// The score's bit pattern without its dropped bits (the whole pattern when none are).
    @inline(__always)
    func prefix(_ key: UInt64) -> UInt64 { key &>> UInt64(indexBits &+ 1) }

    @inline(__always)
    func isPositive(_ key: UInt64) -> UInt64 { key &>> UInt64(indexBits) & 1 }

    @inline(__always)
    func input(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key & indexMask) }
}
