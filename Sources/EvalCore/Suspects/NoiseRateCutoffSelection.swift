import HeapModule

extension NoiseRatePruning {
    /// The cut-offs `CutoffFinder` gives, found from inputs streamed in passes (`evaltop summarize
    /// --suspects`) in memory that does not grow with the label-error estimate.
    ///
    /// `CutoffFinder` keeps, per cell, a heap of its quota's largest margins: one margin per unit
    /// of the off-diagonal quotas, about 8 bytes per estimated label error. That is kept while the
    /// quotas sum to at most `heapBudget` margins (8 MB), and for any cell whose quota is at most
    /// `cellHeapLimit`: one pass, today's heaps. A larger cell's cut-off (the q-th largest margin,
    /// and how many inputs at it are in) is found by a radix selection over the margins' bit
    /// patterns (made monotone: `key`), one more pass over the inputs each time: a histogram of the
    /// next 8 bits below the known prefix, with each bucket's smallest and largest key, picks the
    /// bucket holding the q-th largest; the next prefix is that bucket's smallest and largest keys'
    /// common bits (margins on a grid share most of them, so a pass often settles many bits), and
    /// once the bucket holds one key, or at most `collectLimit` keys (collected in a pass and
    /// sorted), the cut-off is exact. Memory per such cell: 6 KB of histogram, or the collected
    /// keys; a few more passes over the file for the largest cells (each settles 8 bits or more).
    struct CutoffSelection {
        /// Quotas summing to at most this many margins keep today's heaps (one pass).
        static let heapBudget = 1 << 20
        /// A cell of at most this quota keeps its heap whatever the sum (4 KB).
        static let cellHeapLimit = 512
        /// A bucket of at most this many keys is collected and sorted (32 KB per cell).
        static let collectLimit = 4096
        /// Tests: a smaller budget and cell limit, to reach the selection on small files.
        @TaskLocal static var limitsOverride: (heapBudget: Int, cellHeapLimit: Int, collectLimit: Int)?

        let pruning: NoiseRatePruning
        private var cells: [[CellSelection]]
        /// Inputs per given label, counted in the first pass (cleanlab flags nothing in a class of
        /// one input).
        private var members: [Int]
        private var pass = 0

        init(_ pruning: NoiseRatePruning) {
            self.pruning = pruning
            let limits = Self.limitsOverride ?? (Self.heapBudget, Self.cellHeapLimit, Self.collectLimit)
            let total = pruning.quotas.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
            cells = pruning.quotas.map { cells in
                cells.map { cell in
                    total <= limits.heapBudget || cell.count <= limits.cellHeapLimit
                        ? CellSelection(heapOf: cell.count) : CellSelection(selecting: cell.count, collectLimit: limits.collectLimit)
                }
            }
            members = Array(repeating: 0, count: pruning.quotas.count)
        }

        /// Whether every cell's cut-off is known (after a pass's `endPass`).
        var isFinished: Bool { pass > 0 && cells.allSatisfy { $0.allSatisfy(\.isSettled) } }

        /// Margins currently held per cell (heaps' margins and collected keys; the histograms'
        /// 6 KB aside), for tests of the memory's shape.
        var heldMargins: Int { cells.reduce(0) { $0 + $1.reduce(0) { $0 + $1.heldMargins } } }

        /// One input with the one label `label`, in the pass under way (every such input, once
        /// per pass, in any order).
        mutating func add(_ row: UnsafeBufferPointer<Double>, label: Int) {
            if pass == 0 { members[label] += 1 }
            let own = row[label]
            for (cell, quota) in pruning.quotas[label].enumerated() where !cells[label][cell].isSettled {
                cells[label][cell].add(row[quota.column] - own)
            }
        }

        /// Ends a pass; true when the cut-offs are known, else another pass is needed.
        mutating func endPass() -> Bool {
            for label in cells.indices {
                for cell in cells[label].indices where !cells[label][cell].isSettled {
                    cells[label][cell].endPass(members: members[label])
                }
            }
            pass += 1
            return isFinished
        }

        /// The cut-offs, once `isFinished`: each cell's as `CutoffFinder.cutoffs` gives it.
        func cutoffs() -> Cutoffs {
            let result = cells.enumerated().map { label, cells in
                cells.map { cell -> Cutoffs.Cell in
                    guard members[label] > 1, let found = cell.settled else { return Cutoffs.Cell(margin: .infinity, atCutoff: 0) }
                    return found
                }
            }
            return Cutoffs(quotas: pruning.quotas, cells: result)
        }

        /// A margin as a key whose unsigned order is the margins' order (−0 as +0, which compare
        /// equal): the sign bit set on positives, every bit flipped on negatives.
        @inline(__always)
        static func key(_ margin: Double) -> UInt64 {
            let bits = (margin + 0.0).bitPattern
            return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
        }

        static func margin(_ key: UInt64) -> Double {
            Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
        }
    }

    /// One cell's cut-off being found: by today's heap, or by the radix selection.
    struct CellSelection {
        private enum State {
            case heap(Heap<Double>, quota: Int)
            /// Keys whose top `prefixBits` bits are `prefix`: counted per next 8 bits, with each
            /// bucket's smallest and largest key; the `rank`-th largest of them is wanted.
            case histogram(prefix: UInt64, prefixBits: Int, rank: Int, counts: [Int], smallest: [UInt64], largest: [UInt64])
            /// The same keys, few enough to collect and sort.
            case collect(prefix: UInt64, prefixBits: Int, rank: Int, keys: [UInt64])
            case settled(Cutoffs.Cell)
        }

        /// `add` takes the payload out (leaving this placeholder) before it changes it, so that
        /// the arrays are changed in place rather than copied per margin.
        private static let moved = State.settled(Cutoffs.Cell(margin: 0, atCutoff: 0))
        private var state: State
        private let collectLimit: Int

        init(heapOf quota: Int) {
            state = .heap(Heap(), quota: quota)
            collectLimit = 0
        }

        /// The first pass's rank is the quota, lowered to the members at its end.
        init(selecting quota: Int, collectLimit: Int) {
            state = .histogram(prefix: 0, prefixBits: 0, rank: quota, counts: Array(repeating: 0, count: 256),
                               smallest: Array(repeating: .max, count: 256), largest: Array(repeating: 0, count: 256))
            self.collectLimit = collectLimit
        }

        var isSettled: Bool { if case .settled = state { true } else { false } }
        var settled: Cutoffs.Cell? { if case .settled(let cell) = state { cell } else { nil } }

        var heldMargins: Int {
            switch state {
            case .heap(let heap, _): heap.count
            case .collect(_, _, _, let keys): keys.count
            case .histogram, .settled: 0
            }
        }

        /// The top `bits` bits of `key` (0 bits: 0).
        @inline(__always)
        private static func top(_ key: UInt64, _ bits: Int) -> UInt64 { bits == 0 ? 0 : key >> UInt64(64 - bits) }

        mutating func add(_ margin: Double) {
            switch state {
            case .heap(var heap, let quota):
                // `CutoffFinder.add`, margin for margin.
                state = Self.moved
                if heap.count < quota {
                    heap.insert(margin)
                } else if let smallest = heap.min, margin > smallest {
                    _ = heap.replaceMin(with: margin)
                }
                state = .heap(heap, quota: quota)
            case .histogram(let prefix, let prefixBits, let rank, var counts, var smallest, var largest):
                let key = CutoffSelection.key(margin)
                guard Self.top(key, prefixBits) == prefix else { return }
                state = Self.moved
                let digitBits = min(8, 64 - prefixBits)
                let digit = Int(truncatingIfNeeded: Self.top(key << UInt64(prefixBits), digitBits))
                counts[digit] += 1
                smallest[digit] = min(smallest[digit], key)
                largest[digit] = max(largest[digit], key)
                state = .histogram(prefix: prefix, prefixBits: prefixBits, rank: rank, counts: counts, smallest: smallest, largest: largest)
            case .collect(let prefix, let prefixBits, let rank, var keys):
                let key = CutoffSelection.key(margin)
                guard Self.top(key, prefixBits) == prefix else { return }
                state = Self.moved
                keys.append(key)
                state = .collect(prefix: prefix, prefixBits: prefixBits, rank: rank, keys: keys)
            case .settled:
                break
            }
        }

        /// After a pass: the cut-off when it is known, else the narrower search for the next pass.
        /// `members`: the margins the cell has (its label's inputs).
        mutating func endPass(members: Int) {
            switch state {
            case .heap(let heap, _):
                // `CutoffFinder.cutoffs`, for one cell.
                guard let margin = heap.min else { state = .settled(Cutoffs.Cell(margin: .infinity, atCutoff: 0)); return }
                let above = heap.unordered.reduce(0) { $0 + ($1 > margin ? 1 : 0) }
                state = .settled(Cutoffs.Cell(margin: margin, atCutoff: heap.count - above))
            case .histogram(_, let prefixBits, let wanted, let counts, let smallest, let largest):
                // The first pass knows the members: a heap of the quota holds min(quota, members).
                var rank = prefixBits == 0 ? min(wanted, members) : wanted
                guard rank > 0 else { state = .settled(Cutoffs.Cell(margin: .infinity, atCutoff: 0)); return }
                var digit = counts.count - 1
                while counts[digit] < rank {
                    rank -= counts[digit]
                    digit -= 1
                }
                let low = smallest[digit], high = largest[digit]
                if low == high {
                    // Every key of the bucket is the cut-off; `rank` of them are in.
                    state = .settled(Cutoffs.Cell(margin: CutoffSelection.margin(low), atCutoff: rank))
                    return
                }
                let bits = (low ^ high).leadingZeroBitCount
                let prefix = Self.top(low, bits)
                state = counts[digit] <= collectLimit
                    ? .collect(prefix: prefix, prefixBits: bits, rank: rank, keys: [])
                    : .histogram(prefix: prefix, prefixBits: bits, rank: rank, counts: Array(repeating: 0, count: 256),
                                 smallest: Array(repeating: .max, count: 256), largest: Array(repeating: 0, count: 256))
            case .collect(_, _, let rank, var keys):
                keys.sort(by: >)
                let key = keys[rank - 1]
                let above = keys.prefix { $0 > key }.count
                state = .settled(Cutoffs.Cell(margin: CutoffSelection.margin(key), atCutoff: rank - above))
            case .settled:
                break
            }
        }
    }
}
