/// Counts one concept's positives and negatives per distinct score in a single pass, as cheaply
/// as the data allows:
/// 1. while every score is a multiple of 0.0001 (scores rounded to at most 4 decimals), in a
///    direct array of 10,001 cells: no hashing, no sorting, 80 kB that stays in cache;
/// 2. from the first score off that grid, in a `DistinctScoreTable`;
/// 3. past the table's limit it gives up, and the caller radix sorts the column. It also gives
///    up after `probeInputs` scores in the table when, at the rate they were new, the column
///    would pass the limit: most full-precision columns are all distinct, and filling the
///    table to its limit first was 10 % of the CPU of `report` on 50,000 × 1,000 (8 decimals).
///    Either path gives the same curve; this only chooses the cheaper one.
struct ScoreCounter {
    static let gridSteps = 10_000
    /// `gridBits[k]`: the bit pattern of k / 10000, exactly what parsing "0.kkkk" gives.
    static let gridBits: [UInt64] = (0 ... gridSteps).map { (Double($0) / Double(gridSteps)).bitPattern }

    /// `gridBits` for every counter, shared (read only, allocated once for the process): each
    /// counter had its own 80 kB copy, and a worker counts up to 32 columns per pass, so the
    /// copies did not fit in the core's cache; perf on 10M × 20 put half of the counting pass's
    /// samples on that one load (BENCHMARKS.md, sixth pass).
    nonisolated(unsafe) private static let sharedGridBits: UnsafePointer<UInt64> = {
        let bits = UnsafeMutablePointer<UInt64>.allocate(capacity: gridSteps + 1)
        bits.initialize(from: ScoreCounter.gridBits, count: gridSteps + 1)
        return UnsafePointer(bits)
    }()

    private let gridBits: UnsafePointer<UInt64>
    /// `gridCounts[2k]` negatives and `gridCounts[2k + 1]` positives with score k / 10000.
    private let gridCounts: UnsafeMutablePointer<Int32>
    private(set) var onGrid = true
    private(set) var overflowed = false
    private var table = DistinctScoreTable()
    private var distinctLimit = 0
    private var inputCount = 0
    /// Scores added to the table since the column left the grid.
    private var tableInputs = 0
    static let probeInputs = 4_096

    init() {
        gridBits = Self.sharedGridBits
        gridCounts = .allocate(capacity: 2 * (Self.gridSteps + 1))
    }

    func deallocate() {
        gridCounts.deallocate()
        table.deallocate()
    }

    /// Below this many inputs the grid is skipped: clearing and walking its 10,001 cells per
    /// concept would cost more than hashing the few scores (a 1,000 × 20,000 evaluation spent
    /// most of its curve time on the grid; a one-row, 100,000-concept file all of it).
    static let minimumInputsForGrid = gridSteps / 8

    /// Starts a new column of `inputCount` inputs.
    mutating func reset(distinctLimit: Int, inputCount: Int) {
        onGrid = inputCount >= Self.minimumInputsForGrid
        if onGrid { gridCounts.update(repeating: 0, count: 2 * (Self.gridSteps + 1)) }
        overflowed = false
        self.distinctLimit = distinctLimit
        self.inputCount = inputCount
        tableInputs = 0
        table.reset(limit: distinctLimit)
    }

    /// Counts one input. `bits` is the score's bit pattern, at most that of 1.0.
    /// Only the grid's count is inline; the table is a call (`addToTable`), so that this stays
    /// small enough for the inliner: with the table inlined too, every add was a call of 41
    /// instructions on 4-decimal scores (callgrind, BENCHMARKS.md sixth pass).
    @inline(__always)
    mutating func add(score: Double, bits: UInt64, isPositive: Bool) {
        if onGrid {
            let step = Int(score * Double(Self.gridSteps) + 0.5)
            if gridBits[step] == bits {
                gridCounts[2 &* step &+ (isPositive ? 1 : 0)] &+= 1
                return
            }
        } else if overflowed {
            return
        }
        addToTable(bits: bits, isPositive: isPositive)
    }

    /// `add` for a score off the grid (leaving it) or a column already in the table.
    @inline(never)
    private mutating func addToTable(bits: UInt64, isPositive: Bool) {
        if onGrid {
            leaveGrid()
            if overflowed { return }
        }
        guard !overflowed else { return }
        if !table.add(bits: bits, isPositive: isPositive) {
            overflowed = true
            return
        }
        tableInputs &+= 1
        if tableInputs == Self.probeInputs, table.distinct * inputCount > distinctLimit * Self.probeInputs {
            overflowed = true
        }
    }

    /// Moves the grid counts into the hash table, which takes every score from now on.
    private mutating func leaveGrid() {
        onGrid = false
        for step in 0 ... Self.gridSteps {
            let negatives = gridCounts[2 * step], positives = gridCounts[2 * step + 1]
            guard negatives != 0 || positives != 0 else { continue }
            if !table.add(bits: gridBits[step], positives: positives, negatives: negatives) {
                overflowed = true
                return
            }
        }
    }

    /// The curve, or nil when the column had too many distinct scores.
    func curve() -> ConceptCurve? {
        if overflowed { return nil }
        guard onGrid else { return table.curve() }
        var thresholds: [Double] = []
        var cumulativeTP: [Int32] = []
        var cumulativeFP: [Int32] = []
        var tp: Int32 = 0
        var fp: Int32 = 0
        for step in stride(from: Self.gridSteps, through: 0, by: -1) {
            let negatives = gridCounts[2 * step], positives = gridCounts[2 * step + 1]
            guard negatives != 0 || positives != 0 else { continue }
            tp &+= positives
            fp &+= negatives
            thresholds.append(Double(bitPattern: gridBits[step]))
            cumulativeTP.append(tp)
            cumulativeFP.append(fp)
        }
        return CurveBuilder.finish(thresholds: thresholds, cumulativeTP: cumulativeTP, cumulativeFP: cumulativeFP)
    }
}
