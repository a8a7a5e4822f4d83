/// A curve's distinct scores, descending (`ConceptCurve.thresholds`).
///
/// With full-precision scores nearly every score is distinct, and eight bytes per distinct
/// score per concept were as large as the score matrix itself (160 MB of the 459 MB `report`
/// took on 1M × 20, ~360 MB of 872 MB on 50k × 1,000: issue 11). The curves of a whole
/// evaluation therefore keep, for each distinct score, the index of one input that has it
/// (two bytes up to 65,536 inputs, else four) and read the value back from the evaluation's
/// scores, which are kept anyway. Curves built from plain values (single columns, counted
/// columns with few distinct scores, summaries' tables) keep the `Double`s.
///
/// Lookups by value (`count(atOrAbove:)`, every threshold key of the UI) first search
/// `anchors`, every `anchorStride`-th score as a `Double` (half a byte per distinct score),
/// through `anchorBlocks`, every `anchorStride`-th anchor: a binary search over all anchors
/// (500 kB per concept on 1M inputs, 10 MB for 20 concepts) missed the caches at each of its
/// lower steps, while the blocks of all 20 concepts fit in L2 and a block of anchors is two
/// cache lines. Then the stride's one-byte fingerprints
/// (`ScoreFingerprints`), which order like the scores: only a score whose fingerprint equals
/// the threshold's is read from the evaluation's scores.
public struct DistinctScores: RandomAccessCollection, Sendable {
    enum Storage: Sendable {
        case values([Double])
        /// Input indices into `column`, for up to 65,536 inputs.
        case narrow([UInt16], ScoreColumn)
        case wide([UInt32], ScoreColumn)
    }

    let storage: Storage
    /// Every `anchorStride`-th score (indices 0, s, 2s, …), for input-index storage only.
    private let anchors: [Double]
    /// Every `anchorStride`-th anchor (the scores at 0, s², 2s², …).
    private let anchorBlocks: [Double]
    /// For input-index storage only (empty otherwise).
    private let fingerprints: ScoreFingerprints
    static let anchorStride = 16

    init(values: [Double]) {
        storage = .values(values)
        anchors = []
        anchorBlocks = []
        fingerprints = ScoreFingerprints(bytes: [], shifts: [], droppedBits: 0)
    }

    /// `indices[k]`: an input whose score in `column` is the k-th distinct score;
    /// `fingerprints` written from the same scores, in the same order.
    init(narrow indices: [UInt16], column: ScoreColumn, fingerprints: ScoreFingerprints) {
        storage = .narrow(indices, column)
        anchors = Self.anchors(count: indices.count) { column[Int(indices[$0])] }
        anchorBlocks = Self.blocks(of: anchors)
        self.fingerprints = fingerprints
    }

    init(wide indices: [UInt32], column: ScoreColumn, fingerprints: ScoreFingerprints) {
        storage = .wide(indices, column)
        anchors = Self.anchors(count: indices.count) { column[Int(indices[$0])] }
        anchorBlocks = Self.blocks(of: anchors)
        self.fingerprints = fingerprints
    }

    private static func anchors(count: Int, value: (Int) -> Double) -> [Double] {
        stride(from: 0, to: count, by: anchorStride).map(value)
    }

    private static func blocks(of anchors: [Double]) -> [Double] {
        stride(from: 0, to: anchors.count, by: anchorStride).map { anchors[$0] }
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .values(let values): return values.count
        case .narrow(let indices, _): return indices.count
        case .wide(let indices, _): return indices.count
        }
    }

    public subscript(k: Int) -> Double {
        switch storage {
        case .values(let values): return values[k]
        case .narrow(let indices, let column): return column[Int(indices[k])]
        case .wide(let indices, let column): return column[Int(indices[k])]
        }
    }

    /// All the scores, descending, as an array: the stored one, or one read of the evaluation's
    /// scores per distinct score (for passes over every score, which would otherwise pay a
    /// lookup per step).
    public func allValues() -> [Double] {
        switch storage {
        case .values(let values): return values
        case .narrow(let indices, let column): return column.values(at: indices)
        case .wide(let indices, let column): return column.values(at: indices)
        }
    }

    /// How many distinct scores are ≥ `threshold`: O(log n) comparisons.
    public func count(atOrAbove threshold: Double) -> Int {
        switch storage {
        case .values(let values):
            return values.withUnsafeBufferPointer { Self.countDescending($0, atOrAbove: threshold) }
        case .narrow(let indices, let column):
            return countWithAnchors(atOrAbove: threshold) { column[Int(indices[$0])] }
        case .wide(let indices, let column):
            return countWithAnchors(atOrAbove: threshold) { column[Int(indices[$0])] }
        }
    }

    /// The anchors narrow the answer to one stride, whose fingerprints count the scores ≥ the
    /// threshold after its anchor (`score(k)` reads the k-th distinct score where they tie).
    @inline(__always)
    private func countWithAnchors(atOrAbove threshold: Double, score: (Int) -> Double) -> Int {
        let blocksAbove = anchorBlocks.withUnsafeBufferPointer { Self.countDescending($0, atOrAbove: threshold) }
        guard blocksAbove > 0 else { return 0 }
        // The block's first anchor is ≥ the threshold; count the rest of its anchors that are.
        let blockStart = (blocksAbove - 1) * Self.anchorStride
        let blockEnd = Swift.min(blockStart + Self.anchorStride, anchors.count)
        let anchorsAbove = blockStart + 1 + anchors.withUnsafeBufferPointer {
            Self.countDescending(UnsafeBufferPointer(rebasing: $0[blockStart + 1 ..< blockEnd]), atOrAbove: threshold)
        }
        // The anchor at (anchorsAbove − 1)·s is ≥ the threshold and the next anchor is not.
        let stride = anchorsAbove - 1
        let first = stride * Self.anchorStride + 1
        let end = Swift.min(first - 1 + Self.anchorStride, count)
        guard first < end else { return first }
        return first + fingerprints.count(in: first, end, stride: stride, anchor: anchors[stride],
                                          atOrAbove: threshold, score: score)
    }

    /// Binary search in values sorted descending.
    @inline(__always)
    private static func countDescending(_ values: UnsafeBufferPointer<Double>, atOrAbove threshold: Double) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low &+ high) >> 1
            if values[middle] >= threshold { low = middle &+ 1 } else { high = middle }
        }
        return low
    }

    /// Bytes held, shared scores not counted (for the tests' and benchmarks' accounting).
    var byteCount: Int {
        switch storage {
        case .values(let values): return values.count * 8
        case .narrow(let indices, _): return indices.count * 2 + (anchors.count + anchorBlocks.count) * 8 + fingerprints.byteCount
        case .wide(let indices, _): return indices.count * 4 + (anchors.count + anchorBlocks.count) * 8 + fingerprints.byteCount
        }
    }
}

extension DistinctScores: Equatable {
    public static func == (lhs: DistinctScores, rhs: DistinctScores) -> Bool {
        lhs.elementsEqual(rhs)
    }
}

extension DistinctScores: ExpressibleByArrayLiteral {
    public init(arrayLiteral values: Double...) {
        self.init(values: values)
    }
}

extension DistinctScores: CustomStringConvertible {
    public var description: String { Array(self).description }
}

/// One concept's column of an evaluation's row-major scores, shared (not copied) by the
/// curves that index into it.
struct ScoreColumn: Sendable {
    let scores: [Double]
    let stride: Int
    let offset: Int

    init(scores: [Double], conceptCount: Int, concept: Int) {
        self.scores = scores
        stride = conceptCount
        offset = concept
    }

    var inputCount: Int { stride > 0 ? scores.count / stride : 0 }

    @inline(__always)
    subscript(input: Int) -> Double { scores[input &* stride &+ offset] }

    /// The scores of `inputs`, in their order.
    func values<Index: BinaryInteger>(at inputs: [Index]) -> [Double] {
        scores.withUnsafeBufferPointer { scores in
            inputs.map { scores[Int($0) &* stride &+ offset] }
        }
    }
}
