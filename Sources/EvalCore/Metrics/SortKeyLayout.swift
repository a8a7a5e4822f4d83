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

    static let valuesOnly = SortKeyLayout(indexBits: 0, droppedBits: 0)

    private init(indexBits: Int, droppedBits: Int) {
        self.indexBits = indexBits
        self.droppedBits = droppedBits
    }

    /// Room for indices below `inputCount`. Score bit patterns of [0, 1] are below 2^62, so
    /// 64 − 1 − indexBits prefix bits drop indexBits − 1 of them.
    init(inputCount: Int) {
        let indexBits = max(1, Int.bitWidth - max(0, inputCount - 1).leadingZeroBitCount)
        self.init(indexBits: indexBits, droppedBits: indexBits - 1)
    }

    @inline(__always)
    var indexMask: UInt64 { (1 << UInt64(indexBits)) &- 1 }

    /// The dropped bits of a score's bit pattern (what `ExactScoreBits` keeps beside the keys).
    @inline(__always)
    func dropped(_ bits: UInt64) -> UInt64 { bits & ((1 << UInt64(droppedBits)) &- 1) }

    /// The key of a score's bit pattern (at most that of 1.0), its label and its input.
    @inline(__always)
    func key(bits: UInt64, isPositive: UInt64, input: Int) -> UInt64 {
        (bits >> UInt64(droppedBits)) << UInt64(indexBits + 1) | isPositive << UInt64(indexBits)
            | (UInt64(truncatingIfNeeded: input) & indexMask)
    }

    /// The score's bit pattern without its dropped bits (the whole pattern when none are).
    @inline(__always)
    func prefix(_ key: UInt64) -> UInt64 { key >> UInt64(indexBits + 1) }

    @inline(__always)
    func isPositive(_ key: UInt64) -> UInt64 { key >> UInt64(indexBits) & 1 }

    @inline(__always)
    func input(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key & indexMask) }

    /// The key with its input replaced (the sweep marks verified ties this way).
    @inline(__always)
    func replacingInput(of key: UInt64, with input: Int) -> UInt64 {
        key & ~indexMask | (UInt64(truncatingIfNeeded: input) & indexMask)
    }
}
