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
    /// its tied groups, AUC and AP, in one pass.
    /// Why not `finish`: with full-precision scores nearly every score is distinct, and the
    /// two Int32 arrays of cumulative counts that `finish` takes (8 bytes per input per concept
    /// in flight) were only converted to bits afterwards.
    /// `spare` is a buffer of at least as many keys that the sweep may overwrite (the sort's
    /// other buffer): the distinct scores and their fingerprints are written there first.
    static func sweep(sortedKeys keys: UnsafeMutableBufferPointer<UInt64>, spare: UnsafeMutableBufferPointer<UInt64>,
                      keying: CurveKeying) -> ConceptCurve {
        let exact = ExactScoreBits(layout: keying.layout, column: keying.column, droppedBits: keying.droppedBits)
        guard let column = keying.column else {
            return sweep(sortedKeys: keys, spare: spare, exact: exact) { (values: [Double], _) in DistinctScores(values: values) }
        }
        if column.inputCount <= Int(UInt16.max) + 1 {
            return sweep(sortedKeys: keys, spare: spare, exact: exact) { (indices: [UInt16], fingerprints) in
                DistinctScores(narrow: indices, column: column, fingerprints: fingerprints!)
            }
        }
        return sweep(sortedKeys: keys, spare: spare, exact: exact) { (indices: [UInt32], fingerprints) in
            DistinctScores(wide: indices, column: column, fingerprints: fingerprints!)
        }
    }

    /// `distinctScores` gets the fingerprints when the curve keeps input indices.
    ///
    /// One pass: the distinct scores and their fingerprints are written into `spare` (room for
    /// one of each per input: at most 8 bytes a key) and copied out at their exact size at the
    /// end. Why: counting the distinct scores first (to allocate exactly) was a second pass
    /// over the sorted keys, 33 instructions per key on full-precision columns, and the copies
    /// cost a few per distinct score; in the spare buffer they add nothing to the peak memory.
    /// A key whose neighbour below has another prefix (with full precision, nearly every key)
    /// is a group of one, taken without looking for the end of a run.
    private static func sweep<Element: DistinctScoreElement>(
        sortedKeys keys: UnsafeMutableBufferPointer<UInt64>, spare: UnsafeMutableBufferPointer<UInt64>, exact: ExactScoreBits,
        distinctScores: ([Element], ScoreFingerprints?) -> DistinctScores
    ) -> ConceptCurve {
        let layout = exact.layout
        let count = keys.count
        guard count > 0, let base = keys.baseAddress else {
            return finish(thresholds: [], cumulativeTP: [], cumulativeFP: [])
        }
        let keepsIndices = exact.column != nil
        precondition(layout.droppedBits == 0 || (exact.column != nil && Element.self != Double.self),
                     "dropped score bits are read back, and only input indices are kept")
        // `spare` holds `count` elements and then, with indices (at most 4 bytes each), `count`
        // fingerprint bytes.
        precondition(spare.count >= count && MemoryLayout<Element>.stride * count + (keepsIndices ? count : 0) <= 8 * spare.count,
                     "room for a distinct score and a fingerprint per key")
        let spareBytes = UnsafeMutableRawPointer(spare.baseAddress!)
        let elements = spareBytes.bindMemory(to: Element.self, capacity: count)
        let fingerprintBytes = (spareBytes + MemoryLayout<Element>.stride * count).bindMemory(to: UInt8.self, capacity: count)
        let wordCount = (count + 63) / 64
        let bits = UnsafeMutablePointer<UInt64>.allocate(capacity: wordCount)
        bits.initialize(repeating: 0, count: wordCount)
        defer { bits.deallocate() }
        var fingerprints = ScoreFingerprintWriter(bytes: fingerprintBytes, capacity: keepsIndices ? count : 0,
                                                  droppedBits: layout.droppedBits)
        var state = SweepState()
        var tied = TiedGroups()
        // Runs whose scores share a prefix but differ, in exact order (rare: see `SortKeyLayout`).
        var split: [(bits: UInt64, key: UInt64)] = []
        let prefixShift = UInt64(layout.indexBits + 1)
        let labelShift = UInt64(layout.indexBits)
        let indexMask = layout.indexMask
        var index = count - 1
        while index >= 0 {
            let key = base[index]
            let prefix = key &>> prefixShift
            if index == 0 || base[index &- 1] &>> prefixShift != prefix {
                // A group of one.
                elements[state.slot] = Element.element(exactBits: prefix, input: Int(truncatingIfNeeded: key & indexMask))
                if keepsIndices { fingerprints.append(truncatedBits: prefix) }
                state.add(isPositive: key &>> labelShift & 1, into: bits)
                state.closeGroup(tied: &tied)
                index &-= 1
                continue
            }
            // The run keys[low ... index] shares a prefix.
            var low = index &- 1
            while low > 0 && base[low &- 1] &>> prefixShift == prefix { low &-= 1 }
            if layout.droppedBits == 0 || isTie(base, low, index, exact: exact) {
                // One distinct score, kept as the run's lowest key's input. Within it the
                // positives come first (their keys are larger), as `CumulativeCounts` expects.
                elements[state.slot] = Element.element(exactBits: prefix, input: layout.input(base[low]))
                if keepsIndices { fingerprints.append(truncatedBits: prefix) }
                var position = index
                while position >= low {
                    state.add(isPositive: layout.isPositive(base[position]), into: bits)
                    position -= 1
                }
                state.closeGroup(tied: &tied)
            } else {
                split.removeAll(keepingCapacity: true)
                for position in low ... index {
                    split.append((exact.of(base[position]), base[position]))
                }
                split.sort { ($0.bits, $0.key) > ($1.bits, $1.key) }
                let dropped = UInt64(layout.droppedBits)
                var member = 0
                while member < split.count {
                    let exactBits = split[member].bits
                    elements[state.slot] = Element.element(exactBits: exactBits, input: layout.input(split[member].key))
                    if keepsIndices { fingerprints.append(truncatedBits: exactBits >> dropped) }
                    while member < split.count && split[member].bits == exactBits {
                        state.add(isPositive: layout.isPositive(split[member].key), into: bits)
                        member += 1
                    }
                    state.closeGroup(tied: &tied)
                }
            }
            index = low &- 1
        }
        let distinct = state.slot
        let values = Array(UnsafeBufferPointer(start: elements, count: distinct))
        let positiveBits = Array(UnsafeBufferPointer(start: bits, count: wordCount))
        let fingerprintsFound = fingerprints.finish()
        let positives = state.areas.previousTP
        let negatives = state.areas.previousFP
        let counts = CumulativeCounts(count: distinct, positiveBits: positiveBits,
                                      tiedGroups: tied.groups, extraThrough: tied.extraThrough)
        return ConceptCurve(
            positives: positives, negatives: negatives, thresholds: distinctScores(values, keepsIndices ? fingerprintsFound : nil), counts: counts,
            auc: state.areas.auc(positives: positives, negatives: negatives),
            averagePrecision: state.areas.averagePrecision(positives: positives))
    }

    /// Whether the keys `low ... high`, which share a prefix, all have the same exact score
    /// (a tie, the usual case; otherwise the sweep sorts the run by exact score).
    @inline(__always)
    private static func isTie(_ keys: UnsafeMutablePointer<UInt64>, _ low: Int, _ high: Int, exact: ExactScoreBits) -> Bool {
        let first = exact.of(keys[low])
        for position in low + 1 ... high where exact.of(keys[position]) != first { return false }
        return true
    }
}

/// The running state of a sweep: inputs so far by descending score, the current group.
/// Scalars only, so that it stays in registers: with the tied groups' arrays in it, their
/// appends (calls) kept the whole state in memory, loaded and stored on every key.
private struct SweepState {
    var tp = 0
    /// Inputs so far, and where the current group of equal scores began.
    var total = 0
    var groupStart = 0
    /// The current group's distinct-score index.
    var slot = 0
    var areas = CurveAreas()

    /// The next input by descending score: its bit in `bits` (`CumulativeCounts`' bits by rank).
    @inline(__always)
    mutating func add(isPositive: UInt64, into bits: UnsafeMutablePointer<UInt64>) {
        bits[total &>> 6] |= isPositive &<< UInt64(total & 63)
        tp &+= Int(isPositive)
        total &+= 1
    }

    /// The group of `slot` is complete: its counts, and its extra inputs if tied.
    @inline(__always)
    mutating func closeGroup(tied: inout TiedGroups) {
        areas.add(tp: tp, fp: total &- tp)
        if total &- groupStart > 1 { tied.append(slot: slot, total: total) }
        groupStart = total
        slot &+= 1
    }
}

/// `CumulativeCounts`' tied groups, as the sweep finds them.
private struct TiedGroups {
    var groups: [Int32] = []
    var extraThrough: [Int32] = []

    @inline(never)
    mutating func append(slot: Int, total: Int) {
        groups.append(Int32(slot))
        extraThrough.append(Int32(total &- slot &- 1))
    }
}
