import Foundation

extension CurveBuilder {
    /// At most this many concepts are counted per read of the score matrix. The scores are
    /// row-major and reading them is what costs (the counting itself is cheap), so each worker
    /// takes as many columns per pass as it can: measured on 100k × 50, 32 per batch costs half
    /// the CPU time of 10, and on 1M × 20 (10 per worker) ¾ of the time of 4. At most 64, the
    /// width of the per-row label mask.
    static let conceptsPerBatch = 32

    /// The curves of every concept of `evaluation`, over all inputs or only over `subset`
    /// (input indices). Workers take batches of concepts in parallel. Each batch is counted
    /// in one pass over the rows (`ScoreCounter`); a concept with too many distinct
    /// scores is then extracted on its own and radix sorted.
    /// With `.inputIndices` (and no subset) the sorted columns' curves keep input indices into
    /// `evaluation.scores` instead of their distinct scores (`DistinctScores`): for callers
    /// that keep the evaluation anyway, like `EvaluationMetrics`.
    /// `fusedKeyBudget` and `sortKeyBudget` are parameters only so that tests can take every
    /// path (both ways of writing keys; many extraction passes per batch on small inputs).
    static func curves(of evaluation: Evaluation, subset: [Int32]? = nil, storage: ThresholdStorage = .values,
                       fusedKeyBudget: Int = CurveBuilder.fusedKeyBudget,
                       sortKeyBudget: Int = CurveBuilder.sortKeyBudget) -> [ConceptCurve] {
        let conceptCount = evaluation.conceptCount
        guard conceptCount > 0 else { return [] }
        let inputCount = subset?.count ?? evaluation.inputCount
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, conceptCount))
        let batchesPerWorker = (conceptCount + workers * conceptsPerBatch - 1) / (workers * conceptsPerBatch)
        let batchCount = min(conceptCount, workers * batchesPerWorker)
        let largestBatch = (conceptCount + batchCount - 1) / batchCount
        let distinctLimit = max(16, inputCount / inputsPerDistinctScore)
        let columnsPerSortPass = max(1, min(conceptsPerSortPass, sortKeyBudget / max(1, inputCount)))
        let layout = storage == .inputIndices && subset == nil ? SortKeyLayout(inputCount: inputCount) : .valuesOnly
        let keying: @Sendable (Int) -> CurveKeying = { concept in
            layout.indexBits == 0 ? .values : CurveKeying(
                layout: layout, column: ScoreColumn(scores: evaluation.scores, conceptCount: conceptCount, concept: concept))
        }

        let results = UnsafeMutableBufferPointer<ConceptCurve?>.allocate(capacity: conceptCount)
        results.initialize(repeating: nil)
        defer { results.deinitialize().deallocate() }
        let sharedResults = DisjointWrites(results)

        // Each worker writes only the slots of its own batches.
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let results = sharedResults.pointer
            let tables = UnsafeMutableBufferPointer<ScoreCounter>.allocate(capacity: largestBatch)
            for index in 0 ..< largestBatch { (tables.baseAddress! + index).initialize(to: ScoreCounter()) }
            var tablesAllocated = true
            var sortScratch: SortScratch?
            // The key columns of the extraction passes: one buffer per worker for all its passes,
            // its pages given back only in its last pass. A buffer per pass, with each column's
            // pages released after its curve, had every pass fault its pages in again (20k of
            // the 141k page faults of `report --json` on 1M × 20 full precision, each one a
            // zeroed page; BENCHMARKS.md "Tenth pass"); the peak RSS did not move, because a
            // pass's keys are all held during its extraction either way.
            var passKeyBuffer: UnsafeMutableBufferPointer<UInt64>?
            defer {
                if tablesAllocated { for table in tables { table.deallocate() } }
                tables.deallocate()
                sortScratch?.deallocate()
                passKeyBuffer?.deallocate()
            }
            // Small columns: the counting pass also writes every concept's sort keys, so a
            // column that needs sorting is not read again (with 1,000 concepts the matrix rows
            // are 8 kB apart, and each extra pass was a cache and TLB miss per row: it made
            // three quarters of the curve time on 50,000 × 1,000).
            let fuseKeys = largestBatch * inputCount <= fusedKeyBudget
            var batchKeys: UnsafeMutableBufferPointer<UInt64>?
            // With them, each key's dropped score bits when they fit in 2 bytes (`ExactScoreBits`).
            var batchDroppedBits: UnsafeMutablePointer<UInt16>?
            defer {
                batchKeys?.deallocate()
                batchDroppedBits?.deallocate()
            }
            if fuseKeys {
                batchKeys = .allocate(capacity: max(1, largestBatch * inputCount))
                if (1 ... 16).contains(layout.droppedBits) { batchDroppedBits = .allocate(capacity: max(1, largestBatch * inputCount)) }
            }
            for batch in stride(from: worker, to: batchCount, by: workers) {
                let concepts = (batch * conceptCount / batchCount) ..< ((batch + 1) * conceptCount / batchCount)
                let largestBits = countBatch(
                    of: evaluation, concepts: concepts, subset: subset, tables: tables, distinctLimit: distinctLimit,
                    keys: batchKeys?.baseAddress, droppedBits: batchDroppedBits, layout: layout)
                var fusedSorting: [Int] = []
                var needSorting: [Int] = []
                for (offset, concept) in concepts.enumerated() {
                    if largestBits[offset] > maximumKeyableBits {
                        results[concept] = unkeyableCurve(of: evaluation, concept: concept, subset: subset)
                    } else if let curve = tables[offset].curve() {
                        results[concept] = curve
                    } else if batchKeys != nil {
                        fusedSorting.append(offset)
                    } else {
                        needSorting.append(concept)
                    }
                }
                // After its last count the worker's counters are dead weight while it sorts (a
                // megabyte per concept whose table filled up: 20 MB of the peak on 1M × 20).
                if batch + workers >= batchCount {
                    for table in tables { table.deallocate() }
                    tablesAllocated = false
                }
                if let batchKeys {
                    for offset in fusedSorting {
                        if sortScratch == nil { sortScratch = SortScratch(capacity: inputCount) }
                        let keys = UnsafeMutableBufferPointer(
                            rebasing: batchKeys[offset * inputCount ..< (offset + 1) * inputCount])
                        let concept = concepts.lowerBound + offset
                        var columnKeying = keying(concept)
                        columnKeying.droppedBits = batchDroppedBits.map { UnsafePointer($0 + offset * inputCount) }
                        results[concept] = sortedCurve(keys: keys, scratch: &sortScratch!, keying: columnKeying)
                    }
                }
                // Columns with many distinct scores: their keys are extracted several columns
                // per pass over the rows (at most `sortKeyBudget` keys, in passes of equal
                // width), then each is radix sorted. In the worker's last pass its keys' pages
                // are given back as soon as its curve is built, so that the curves grow as the
                // keys shrink; earlier passes keep them for the next pass's keys.
                let passCount = (needSorting.count + columnsPerSortPass - 1) / columnsPerSortPass
                let passWidth = passCount == 0 ? 1 : (needSorting.count + passCount - 1) / passCount
                for group in stride(from: 0, to: needSorting.count, by: passWidth) {
                    let columns = Array(needSorting[group ..< min(needSorting.count, group + passWidth)])
                    if sortScratch == nil { sortScratch = SortScratch(capacity: inputCount) }
                    if passKeyBuffer == nil {
                        // Untouched pages cost nothing: the widest pass any batch can have.
                        passKeyBuffer = .allocate(capacity: max(1, min(columnsPerSortPass, largestBatch) * inputCount))
                    }
                    let passKeys = passKeyBuffer!
                    let workersLastPass = batch + workers >= batchCount && group + passWidth >= needSorting.count
                    let (smallest, largest) = extractKeys(of: evaluation, concepts: columns, subset: subset, into: passKeys,
                                                          inputCount: inputCount, layout: layout)
                    for (column, concept) in columns.enumerated() {
                        // A score outside [0, 1] after the counting pass stopped early.
                        if largest[column] > maximumKeyableBits {
                            results[concept] = unkeyableCurve(of: evaluation, concept: concept, subset: subset)
                            continue
                        }
                        let keys = UnsafeMutableBufferPointer(
                            rebasing: passKeys[column * inputCount ..< (column + 1) * inputCount])
                        defer { if workersLastPass { releasePages(of: keys) } }
                        // Long columns are sorted over the bits their scores' range leaves varying.
                        var columnKeying = keying(concept)
                        var extra = 0
                        if layout.indexBits > 0 {
                            let fitted: SortKeyLayout
                            (fitted, extra) = layout.fitted(smallest: smallest[column], largest: largest[column])
                            columnKeying = CurveKeying(layout: fitted, column: columnKeying.column)
                        }
                        results[concept] = sortedCurve(keys: keys, scratch: &sortScratch!, keying: columnKeying,
                                                       extraDroppedBits: extra)
                    }
                }
            }
        }
        return results.map { $0! }
    }

    /// Sort keys of a whole batch are written during the counting pass while they take at most
    /// this many per worker (16 MB).
    static let fusedKeyBudget = 2 << 20

    /// One pass over the rows counting every concept of the batch in its counter. Returns, per
    /// concept, a score bit pattern above that of 1.0 when a score is outside [0, 1], else 0.
    /// With `keys`, also writes each concept's sort keys (`layout`; column `j` at `j × inputCount`),
    /// and with `droppedBits` the score bits the keys leave out.
    /// Without, the pass stops once every counter has overflowed (those columns are read again
    /// for sorting anyway, and `extractKeys` then checks the range).
    /// Out of line so that `ScoreCounter.add` is inlined into its loop: inlined into the
    /// workers' closure, a function too large for the inliner, each add was a call (41
    /// instructions per score counted on 4-decimal scores; callgrind, BENCHMARKS.md sixth pass).
    @inline(never)
    private static func countBatch(
        of evaluation: Evaluation, concepts: Range<Int>, subset: [Int32]?,
        tables: UnsafeMutableBufferPointer<ScoreCounter>, distinctLimit: Int,
        keys: UnsafeMutablePointer<UInt64>?, droppedBits: UnsafeMutablePointer<UInt16>?, layout: SortKeyLayout
    ) -> [UInt64] {
        let conceptCount = evaluation.conceptCount
        let width = concepts.count
        let first = concepts.lowerBound
        let inputCount = subset?.count ?? evaluation.inputCount
        var largest = [UInt64](repeating: 0, count: width)
        for offset in 0 ..< width { tables[offset].reset(distinctLimit: distinctLimit, inputCount: inputCount) }
        evaluation.scores.withUnsafeBufferPointer { scores in
            evaluation.labelOffsets.withUnsafeBufferPointer { offsets in
                evaluation.labelConcepts.withUnsafeBufferPointer { labelConcepts in
                        largest.withUnsafeMutableBufferPointer { largest in
                            for position in 0 ..< inputCount {
                                if keys == nil, position & 1023 == 1023,
                                   (0 ..< width).allSatisfy({ tables[$0].overflowed || largest[$0] > maximumKeyableBits }) {
                                    break
                                }
                                let input = subset.map { Int($0[position]) } ?? position
                                // The batch's labels of this input as a bit mask (batches are small).
                                var labelled: UInt64 = 0
                                for label in Int(offsets[input]) ..< Int(offsets[input &+ 1]) {
                                    let offset = Int(labelConcepts[label]) &- first
                                    if offset >= 0 && offset < width { labelled |= 1 << UInt64(offset) }
                                }
                                let row = input &* conceptCount &+ first
                                for offset in 0 ..< width {
                                    let score = scores[row &+ offset]
                                    let bits = scoreBits(score)
                                    if let keys {
                                        keys[offset &* inputCount &+ position] = layout.key(
                                            bits: bits, isPositive: labelled >> UInt64(offset) & 1, input: position)
                                        droppedBits?[offset &* inputCount &+ position] = UInt16(truncatingIfNeeded: layout.dropped(bits))
                                    }
                                    // Scores outside [0, 1] are only noted: the column then takes the comparison sort.
                                    guard bits <= maximumKeyableBits else {
                                        largest[offset] = bits
                                        continue
                                    }
                                    tables[offset].add(score: score, bits: bits, isPositive: labelled >> UInt64(offset) & 1 == 1)
                                }
                            }
                        }
                }
            }
        }
        return largest
    }

    /// At most this many columns of sort keys are extracted per pass over the rows when radix
    /// sorting (each costs 8 bytes per input per worker until its curve is built).
    static let conceptsPerSortPass = 16

    /// At most this many sort keys (48 MB) are extracted per worker and pass, fewer columns
    /// than `conceptsPerSortPass` when the columns are long. Reading the row-major matrix is
    /// what the extraction costs (a cache line per row whether it takes 2 columns or 5), so on
    /// 1M × 20 full precision each worker now reads it twice for its 10 columns instead of 5
    /// times. The peak does not grow with it: in a worker's last pass each column's pages are
    /// released once its curve is built, and the curves (about 5 bytes per input) take their
    /// place; the peak was at the end of the curves, where two 16 MB key buffers were still held.
    static let sortKeyBudget = 6 << 20

    /// Gives the pages wholly inside `keys` back to the system (their contents are dead).
    private static func releasePages(of keys: UnsafeMutableBufferPointer<UInt64>) {
        guard let base = keys.baseAddress, keys.count > 0 else { return }
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let first = UInt(bitPattern: UnsafeRawPointer(base))
        let start = (first + UInt(pageSize) - 1) / UInt(pageSize) * UInt(pageSize)
        let end = (first + UInt(keys.count * MemoryLayout<UInt64>.stride)) / UInt(pageSize) * UInt(pageSize)
        guard end > start else { return }
        madvise(UnsafeMutableRawPointer(bitPattern: start), Int(end - start), MADV_DONTNEED)
    }

    /// Writes the sort keys (`layout`) of `concepts` into `keys`, column `j` at `j × inputCount`.
    /// Returns, per column, the smallest and the largest score bit pattern seen (the largest
    /// above that of 1.0 when a score is outside [0, 1]: the column's keys are then unusable).
    /// The running extremes are kept in buffer pointers, and each input's labels are looked up
    /// once for all its columns (as a mask of the columns it is labelled with).
    private static func extractKeys(
        of evaluation: Evaluation, concepts: [Int], subset: [Int32]?,
        into keys: UnsafeMutableBufferPointer<UInt64>, inputCount: Int, layout: SortKeyLayout
    ) -> (smallest: [UInt64], largest: [UInt64]) {
        let conceptCount = evaluation.conceptCount
        let columnCount = concepts.count
        var smallest = [UInt64](repeating: .max, count: columnCount)
        var largest = [UInt64](repeating: 0, count: columnCount)
        guard let keyBase = keys.baseAddress, columnCount > 0 else { return (smallest, largest) }
        precondition(columnCount <= 64, "a label mask of one bit per column")
        // The columns' concepts, ascending with their column: an input's labels are a few
        // concepts, each matched against the columns with one search.
        let lowestConcept = concepts.min()!
        let span = concepts.max()! - lowestConcept + 1
        // columnOf[concept − lowestConcept]: the column of that concept, or −1.
        var columnOf = [Int](repeating: -1, count: span)
        for (column, concept) in concepts.enumerated() { columnOf[concept - lowestConcept] = column }
        smallest.withUnsafeMutableBufferPointer { smallest in
            largest.withUnsafeMutableBufferPointer { largest in
                concepts.withUnsafeBufferPointer { concepts in
                    columnOf.withUnsafeBufferPointer { columnOf in
                        evaluation.scores.withUnsafeBufferPointer { scores in
                            evaluation.labelOffsets.withUnsafeBufferPointer { offsets in
                                evaluation.labelConcepts.withUnsafeBufferPointer { labelConcepts in
                                    for position in 0 ..< inputCount {
                                        let input = subset.map { Int($0[position]) } ?? position
                                        var labelled: UInt64 = 0
                                        for label in Int(offsets[input]) ..< Int(offsets[input &+ 1]) {
                                            let offset = Int(labelConcepts[label]) &- lowestConcept
                                            if offset >= 0 && offset < span && columnOf[offset] >= 0 {
                                                labelled |= 1 &<< UInt64(columnOf[offset])
                                            }
                                        }
                                        let row = input &* conceptCount
                                        for column in 0 ..< columnCount {
                                            let bits = scoreBits(scores[row &+ concepts[column]])
                                            if bits > largest[column] { largest[column] = bits }
                                            if bits < smallest[column] { smallest[column] = bits }
                                            keyBase[column &* inputCount &+ position] = layout.key(
                                                bits: bits, isPositive: labelled &>> UInt64(column) & 1, input: position)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (smallest, largest)
    }

    /// A column with a score outside [0, 1]: gathered into arrays for the comparison sort.
    private static func unkeyableCurve(of evaluation: Evaluation, concept: Int, subset: [Int32]?) -> ConceptCurve {
        let inputs = subset.map { $0.map(Int.init) } ?? Array(0 ..< evaluation.inputCount)
        let scores = inputs.map { evaluation.score(input: $0, concept: concept) }
        let isPositive = inputs.map { evaluation.isLabeled(input: $0, concept: concept) }
        return comparisonSortedCurve(scores: scores, isPositive: isPositive)
    }
}

/// What the curves of a whole evaluation keep per distinct score (see `DistinctScores`).
enum ThresholdStorage {
    /// The scores themselves, 8 bytes each.
    case values
    /// For sorted columns, the index of an input with that score (2 or 4 bytes); the curves
    /// then share the evaluation's scores.
    case inputIndices
}
