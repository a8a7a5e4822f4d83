/// What a curve keeps per distinct score: its value, or the index of an input that has it.
protocol DistinctScoreElement {
    static func element(exactBits: UInt64, input: Int) -> Self
}

extension Double: DistinctScoreElement {
    @inline(__always)
    static func element(exactBits: UInt64, input: Int) -> Double { Double(bitPattern: exactBits) }
}

extension UInt16: DistinctScoreElement {
    @inline(__always)
    static func element(exactBits: UInt64, input: Int) -> UInt16 { UInt16(truncatingIfNeeded: input) }
}

extension UInt32: DistinctScoreElement {
    @inline(__always)
    static func element(exactBits: UInt64, input: Int) -> UInt32 { UInt32(truncatingIfNeeded: input) }
}

/// How a sorted column's keys are laid out and where its curve keeps its distinct scores.
struct CurveKeying {
    let layout: SortKeyLayout
    /// The column the keys' input indices point into; nil when the curve keeps values.
    let column: ScoreColumn?
    /// The keys' dropped score bits by input, when the counting pass wrote them (see
    /// `ExactScoreBits`); otherwise they are read from `column`.
    var droppedBits: UnsafePointer<UInt16>?

    static var values: CurveKeying { CurveKeying(layout: .valuesOnly, column: nil) }
}

/// A key's exact score bit pattern: its prefix and the dropped bits. Those come from a side
/// column of 2 bytes per input written with the keys when there is one: on 50k × 1,000 with 8
/// decimals every tie was otherwise a read of the 400 MB matrix (rows 8 kB apart, a cache and
/// TLB miss each), which added 1.5 s of CPU to the curves. Else from the score matrix (long
/// columns: few concepts, so narrow rows, and full-precision scores rarely share a prefix).
struct ExactScoreBits {
    let layout: SortKeyLayout
    let column: ScoreColumn?
    let droppedBits: UnsafePointer<UInt16>?

    @inline(__always)
    func of(_ key: UInt64) -> UInt64 {
        let input = layout.input(key)
        if let droppedBits {
            return layout.prefix(key) << UInt64(layout.droppedBits) | UInt64(droppedBits[input])
        }
        return CurveBuilder.scoreBits(column![input])
    }
}

extension CurveBuilder {
    /// Builds the curve from keys sorted ascending (`keying.layout`), walking from the highest
    /// score down: the distinct scores, `CumulativeCounts`' bit per input (in rank order) and
    /// its tied groups, AUC and AP, in one pass after a counting pass.
    /// Why not `finish`: with full-precision scores nearly every score is distinct, and the
    /// two Int32 arrays of cumulative counts that `finish` takes (8 bytes per input per concept
    /// in flight) were only converted to bits afterwards.
    static func sweep(sortedKeys keys: UnsafeMutableBufferPointer<UInt64>, keying: CurveKeying) -> ConceptCurve {
        let exact = ExactScoreBits(layout: keying.layout, column: keying.column, droppedBits: keying.droppedBits)
        guard let column = keying.column else {
            return sweep(sortedKeys: keys, exact: exact) { (values: [Double], _) in DistinctScores(values: values) }
        }
        if column.inputCount <= Int(UInt16.max) + 1 {
            return sweep(sortedKeys: keys, exact: exact) { (indices: [UInt16], fingerprints) in
                DistinctScores(narrow: indices, column: column, fingerprints: fingerprints!)
            }
        }
        return sweep(sortedKeys: keys, exact: exact) { (indices: [UInt32], fingerprints) in
            DistinctScores(wide: indices, column: column, fingerprints: fingerprints!)
        }
    }

    /// `distinctScores` gets the fingerprints when the curve keeps input indices.
    private static func sweep<Element: DistinctScoreElement>(
        sortedKeys keys: UnsafeMutableBufferPointer<UInt64>, exact: ExactScoreBits,
        distinctScores: ([Element], ScoreFingerprints?) -> DistinctScores
    ) -> ConceptCurve {
        let layout = exact.layout
        let count = keys.count
        guard count > 0 else { return finish(thresholds: [], cumulativeTP: [], cumulativeFP: []) }
        let keepsIndices = exact.column != nil
        precondition(layout.droppedBits == 0 || (exact.column != nil && Element.self != Double.self),
                     "dropped score bits are read back, and only input indices are kept")
        // First count the distinct scores, so they are allocated at their exact size.
        let distinct = countDistinct(keys, exact: exact)
        var state = SweepState()
        var positiveBits = [UInt64](repeating: 0, count: (count + 63) / 64)
        let dropped = UInt64(layout.droppedBits)
        // Runs whose scores share a prefix but differ, in exact order (rare: see `SortKeyLayout`).
        var split: [(bits: UInt64, key: UInt64)] = []
        var fingerprints = ScoreFingerprintWriter(count: keepsIndices ? distinct : 0, droppedBits: layout.droppedBits)
        let elements = positiveBits.withUnsafeMutableBufferPointer { positiveBits in
            let bits = positiveBits.baseAddress!
            return [Element](unsafeUninitializedCapacity: distinct) { values, initialized in
                var index = count - 1
                while index >= 0 {
                    // The run keys[low ... index] shares a prefix.
                    let prefix = layout.prefix(keys[index])
                    var low = index
                    while low > 0 && layout.prefix(keys[low - 1]) == prefix { low -= 1 }
                    if low == index || dropped == 0 || layout.input(keys[low]) == layout.input(keys[index]) {
                        // One distinct score (`countDistinct` marked the verified ties). Within it
                        // the positives come first (their keys are larger), as `CumulativeCounts`
                        // expects.
                        values[state.slot] = Element.element(exactBits: prefix, input: layout.input(keys[index]))
                        if keepsIndices { fingerprints.append(truncatedBits: prefix) }
                        var position = index
                        while position >= low {
                            state.add(isPositive: layout.isPositive(keys[position]), into: bits)
                            position -= 1
                        }
                        state.closeGroup()
                    } else {
                        split.removeAll(keepingCapacity: true)
                        for position in low ... index {
                            split.append((exact.of(keys[position]), keys[position]))
                        }
                        split.sort { ($0.bits, $0.key) > ($1.bits, $1.key) }
                        var member = 0
                        while member < split.count {
                            let exact = split[member].bits
                            values[state.slot] = Element.element(exactBits: exact, input: layout.input(split[member].key))
                            if keepsIndices { fingerprints.append(truncatedBits: exact >> dropped) }
                            while member < split.count && split[member].bits == exact {
                                state.add(isPositive: layout.isPositive(split[member].key), into: bits)
                                member += 1
                            }
                            state.closeGroup()
                        }
                    }
                    index = low - 1
                }
                initialized = distinct
            }
        }
        let fingerprintBytes = fingerprints.finish()
        let positives = state.areas.previousTP
        let negatives = state.areas.previousFP
        let counts = CumulativeCounts(count: distinct, positiveBits: positiveBits,
                                      tiedGroups: state.tiedGroups, extraThrough: state.extraThrough)
        return ConceptCurve(
            positives: positives, negatives: negatives, thresholds: distinctScores(elements, keepsIndices ? fingerprintBytes : nil), counts: counts,
            auc: state.areas.auc(positives: positives, negatives: negatives),
            averagePrecision: state.areas.averagePrecision(positives: positives))
    }

    /// The number of distinct scores among sorted keys. With dropped score bits, a run of keys
    /// sharing a prefix is read back from the column: when its scores are all equal (a tie,
    /// the usual case), every key of the run gets the same input (any input of a tie will do
    /// for the curve), which tells the sweep that the run is verified; otherwise its distinct
    /// exact scores are counted and the sweep sorts the run again.
    private static func countDistinct(_ keys: UnsafeMutableBufferPointer<UInt64>, exact: ExactScoreBits) -> Int {
        let layout = exact.layout
        let count = keys.count
        var distinct = 1
        guard layout.droppedBits > 0 else {
            for index in 1 ..< count where layout.prefix(keys[index]) != layout.prefix(keys[index - 1]) { distinct += 1 }
            return distinct
        }
        distinct = 0
        var bits: [UInt64] = []
        var start = 0
        while start < count {
            let prefix = layout.prefix(keys[start])
            var end = start + 1
            while end < count && layout.prefix(keys[end]) == prefix { end += 1 }
            if end - start > 1 {
                let first = exact.of(keys[start])
                var allEqual = true
                for position in start + 1 ..< end where exact.of(keys[position]) != first {
                    allEqual = false
                    break
                }
                if allEqual {
                    let representative = layout.input(keys[start])
                    for position in start ..< end { keys[position] = layout.replacingInput(of: keys[position], with: representative) }
                    distinct += 1
                } else {
                    bits = (start ..< end).map { exact.of(keys[$0]) }
                    bits.sort()
                    distinct += 1
                    for position in 1 ..< bits.count where bits[position] != bits[position - 1] { distinct += 1 }
                }
            } else {
                distinct += 1
            }
            start = end
        }
        return distinct
    }
}

/// The running state of a sweep: inputs so far by descending score, the current group.
private struct SweepState {
    var tp = 0
    /// Inputs so far, and where the current group of equal scores began.
    var total = 0
    var groupStart = 0
    /// The current group's distinct-score index.
    var slot = 0
    var tiedGroups: [Int32] = []
    var extraThrough: [Int32] = []
    var areas = CurveAreas()

    /// The next input by descending score: its bit in `bits` (`CumulativeCounts`' bits by rank).
    @inline(__always)
    mutating func add(isPositive: UInt64, into bits: UnsafeMutablePointer<UInt64>) {
        bits[total >> 6] |= isPositive << UInt64(total & 63)
        tp &+= Int(isPositive)
        total &+= 1
    }

    /// The group of `slot` is complete: its counts, and its extra inputs if tied.
    @inline(__always)
    mutating func closeGroup() {
        areas.add(tp: tp, fp: total &- tp)
        if total &- groupStart > 1 {
            tiedGroups.append(Int32(slot))
            extraThrough.append(Int32(total &- slot &- 1))
        }
        groupStart = total
        slot &+= 1
    }
}
