/// A curve's cumulative positive and negative counts at each distinct score, stored in about
/// 0.2 bytes per input instead of 8 bytes per distinct score (issue 11: with full-precision
/// scores nearly every score is distinct, and two Int32 arrays per concept took 160 MB of the
/// 583 MB that `report` needed for 1M × 20).
///
/// Picture the inputs sorted by score, highest first. Bit `r` of `positiveBits` says whether the
/// r-th of them is labelled (within a group of tied scores the positives come first, which no
/// reader can see: counts are only read at group ends). The inputs with a score ≥ the k-th
/// distinct score are the first `total(k)` of them, and `total(k) = k + 1` plus the extra inputs
/// of the tied groups up to k, kept only for the groups that have ties. TP is then a rank
/// (`positivesBefore` every 64 inputs plus one popcount) and FP is `total − TP`.
public struct CumulativeCounts: Sendable {
    /// The number of distinct scores.
    public let count: Int
    private let positiveBits: [UInt64]
    /// Positives among the first 64·w inputs, for w in 0...words.
    private let positivesBefore: [Int32]
    /// The distinct-score indices whose group has more than one input, ascending, and the
    /// extra inputs (group size − 1) of all groups up to and including it.
    private let tiedGroups: [Int32]
    private let extraThrough: [Int32]

    /// From the cumulative counts at each distinct score, descending (as a sweep produces them).
    init(cumulativeTP: UnsafeBufferPointer<Int32>, cumulativeFP: UnsafeBufferPointer<Int32>) {
        let distinct = cumulativeTP.count
        count = distinct
        let inputs = distinct == 0 ? 0 : Int(cumulativeTP[distinct - 1]) + Int(cumulativeFP[distinct - 1])
        let words = (inputs + 63) / 64
        var bits = [UInt64](repeating: 0, count: words)
        var groups: [Int32] = []
        var extras: [Int32] = []
        bits.withUnsafeMutableBufferPointer { bits in
            var previousTP: Int32 = 0
            var previousTotal: Int32 = 0
            for k in 0 ..< distinct {
                let total = cumulativeTP[k] &+ cumulativeFP[k]
                let positives = Int(cumulativeTP[k] &- previousTP)
                // The group's positives are ones at [previousTotal, previousTotal + positives).
                var position = Int(previousTotal)
                let end = position + positives
                while position < end {
                    let word = position >> 6
                    let offset = position & 63
                    let take = min(64 - offset, end - position)
                    let run: UInt64 = take == 64 ? ~0 : ((1 << UInt64(take)) - 1)
                    bits[word] |= run << UInt64(offset)
                    position += take
                }
                if total &- previousTotal > 1 {
                    groups.append(Int32(k))
                    extras.append(total &- Int32(k) &- 1)
                }
                previousTP = cumulativeTP[k]
                previousTotal = total
            }
        }
        var before = [Int32](repeating: 0, count: words + 1)
        var running: Int32 = 0
        for word in 0 ..< words {
            before[word] = running
            running &+= Int32(bits[word].nonzeroBitCount)
        }
        before[words] = running
        positiveBits = bits
        positivesBefore = before
        tiedGroups = groups
        extraThrough = extras
    }

    /// From parts already built (`CurveBuilder.sweep`): the bits by rank and the tied groups
    /// with their extra inputs through each; the popcount directory is computed here.
    init(count: Int, positiveBits: [UInt64], tiedGroups: [Int32], extraThrough: [Int32]) {
        self.count = count
        let words = positiveBits.count
        var before = [Int32](repeating: 0, count: words + 1)
        var running: Int32 = 0
        for word in 0 ..< words {
            before[word] = running
            running &+= Int32(positiveBits[word].nonzeroBitCount)
        }
        before[words] = running
        self.positiveBits = positiveBits
        positivesBefore = before
        self.tiedGroups = tiedGroups
        self.extraThrough = extraThrough
    }

    /// Inputs with a score ≥ the k-th distinct score.
    @inline(__always)
    func total(_ k: Int) -> Int {
        guard !tiedGroups.isEmpty else { return k + 1 }
        // The last tied group at or before k (binary search).
        return tiedGroups.withUnsafeBufferPointer { groups in
            var low = 0
            var high = groups.count
            while low < high {
                let middle = (low &+ high) >> 1
                if Int(groups[middle]) <= k { low = middle &+ 1 } else { high = middle }
            }
            return k + 1 + (low == 0 ? 0 : Int(extraThrough[low - 1]))
        }
    }

    /// Positives among the first `inputs` inputs by descending score.
    @inline(__always)
    func positives(amongFirst inputs: Int) -> Int {
        let word = inputs >> 6
        let offset = inputs & 63
        var rank = Int(positivesBefore[word])
        if offset != 0 { rank += (positiveBits[word] & ((1 << UInt64(offset)) - 1)).nonzeroBitCount }
        return rank
    }

    /// TP and FP with score ≥ the k-th distinct score (k in 0..<count).
    @inline(__always)
    public func at(_ k: Int) -> (tp: Int, fp: Int) {
        let inputs = total(k)
        let tp = positives(amongFirst: inputs)
        return (tp, inputs - tp)
    }

    /// Calls `body(k, tp, fp)` for k = 0, 1, …, count − 1: O(1) per step, for sweeps over the curve.
    /// Through buffer pointers, counting one bit per step where there is no tie: with
    /// full-precision scores a sweep visits a million distinct scores per concept, and the
    /// arrays' checks and a rank per step (a popcount, which this target builds without the
    /// instruction) were most of the diagnosis's max-F1 pass (callgrind, BENCHMARKS.md, session 8).
    @inline(__always)
    public func forEach(_ body: (_ k: Int, _ tp: Int, _ fp: Int) -> Void) {
        let count = self.count
        positiveBits.withUnsafeBufferPointer { bits in
            positivesBefore.withUnsafeBufferPointer { before in
                tiedGroups.withUnsafeBufferPointer { groups in
                    extraThrough.withUnsafeBufferPointer { extras in
                        var tie = 0
                        var nextTie = groups.isEmpty ? -1 : Int(groups[0])
                        var extra = 0
                        var tp = 0
                        var counted = 0  // inputs whose bits `tp` holds
                        for k in 0 ..< count {
                            if k == nextTie {
                                extra = Int(extras[tie])
                                tie &+= 1
                                nextTie = tie < groups.count ? Int(groups[tie]) : -1
                            }
                            let inputs = k &+ 1 &+ extra
                            if inputs == counted &+ 1 {
                                // One more input (no tie, nearly always with full precision): its bit.
                                tp &+= Int(truncatingIfNeeded: (bits[counted &>> 6] &>> UInt64(counted & 63)) & 1)
                            } else {
                                // A tied group: the rank. The word is read only when some of its
                                // bits count (the last word's index may be one past the bits).
                                let word = inputs &>> 6
                                let offset = UInt64(inputs & 63)
                                tp = Int(before[word])
                                if offset != 0 { tp &+= (bits[word] & ((1 &<< offset) &- 1)).nonzeroBitCount }
                            }
                            counted = inputs
                            body(k, tp, inputs &- tp)
                        }
                    }
                }
            }
        }
    }

    /// Calls `body(k, tp, fp)` in increasing k for the points where a value that grows
    /// strictly with each positive step and never with a negative one can reach its first
    /// maximum: k = 0, the last point, and each point whose input is a positive followed by a
    /// negative (the end of a run of positives). Skipped points are followed by a strictly
    /// better one, or come after one at least as good. With tied scores every point is visited
    /// (`forEach`).
    ///
    /// Why: the diagnosis's max-F1 pass visited every distinct score of every concept, 39
    /// instructions each, 6 % of `report`'s instructions on 300k × 20 full precision
    /// (callgrind, BENCHMARKS.md "Ninth pass"); a concept has at most as many run ends as
    /// positives. The ends of a word's runs are found 64 inputs at a time.
    @inline(__always)
    public func forEachRunEnd(_ body: (_ k: Int, _ tp: Int, _ fp: Int) -> Void) {
        let count = self.count
        guard count > 0 else { return }
        guard tiedGroups.isEmpty else { return forEach(body) }
        positiveBits.withUnsafeBufferPointer { bits in
            positivesBefore.withUnsafeBufferPointer { before in
                // Without ties point k is the k-th input by descending score.
                let first = positives(amongFirst: 1)
                body(0, first, 1 &- first)
                let words = (count &+ 63) &>> 6
                for word in 0 ..< words {
                    let current = bits[word]
                    let next = word &+ 1 < bits.count ? bits[word &+ 1] : 0
                    // Bit i: input i is a positive and input i + 1 a negative (or past the end,
                    // which the last point's own visit below covers).
                    var ends = current & ~(current &>> 1 | next &<< 63)
                    let valid = count &- word &* 64
                    if valid < 64 { ends &= (1 &<< UInt64(valid)) &- 1 }
                    while ends != 0 {
                        let bit = ends.trailingZeroBitCount
                        ends &= ends &- 1
                        let k = word &* 64 &+ bit
                        let tp = Int(before[word]) &+ (current & (~0 &>> UInt64(63 &- bit))).nonzeroBitCount
                        body(k, tp, k &+ 1 &- tp)
                    }
                }
                let tp = positives(amongFirst: count)
                body(count &- 1, tp, count &- tp)
            }
        }
    }

    /// Bytes held (for the benchmarks' memory accounting).
    var byteCount: Int { positiveBits.count * 8 + positivesBefore.count * 4 + tiedGroups.count * 8 }
}
