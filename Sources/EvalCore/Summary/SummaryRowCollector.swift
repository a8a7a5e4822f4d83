import HeapModule

/// Collects a summary's rows while `SummaryBuilder` counts: per concept three bounded heaps (the
/// K lowest positives, K highest negatives, K highest positives, in `SummaryRowOrder`), and the
/// uniform sample: the N inputs whose SHA-256 of the id (hex) is smallest, ties by id. A hash
/// sample rather than a reservoir: it is the same whatever order the inputs come in, so Spark
/// (which reads partitions in parallel) picks the same N with `sha2(id, 256)` and an ordering.
///
/// Memory: the heaps (3·K·C entries), and the data of each input they hold, kept once
/// (reference-counted by the heaps that hold it): bounded by the summary's rows, never by the
/// file. A min-max heap makes each input O(log K) even in a file sorted by score, where every
/// input enters the heaps.
struct SummaryRowCollector {
    /// A heap entry: smaller is more extreme (the key is the score, or its negation for the
    /// descending lists; equal keys by id bytes).
    struct Ranked: Comparable {
        let key: Double
        let id: String
        let input: Int

        static func < (a: Ranked, b: Ranked) -> Bool {
            a.key != b.key ? a.key < b.key : SummaryRowOrder.idPrecedes(a.id, b.id)
        }

        static func == (a: Ranked, b: Ranked) -> Bool { a.key == b.key && a.id.utf8.elementsEqual(b.id.utf8) }
    }

    /// A sample heap entry: the SHA-256 of the id as bytes (a hex string per input cost about
    /// 5 µs; the digest's words order as its hex digits do), equal digests by id bytes.
    struct Sampled: Comparable {
        let digest: SHA256.Digest
        let id: String
        let input: Int

        static func < (a: Sampled, b: Sampled) -> Bool {
            a.digest != b.digest ? a.digest < b.digest : SummaryRowOrder.idPrecedes(a.id, b.id)
        }

        static func == (a: Sampled, b: Sampled) -> Bool { a.digest == b.digest && a.id.utf8.elementsEqual(b.id.utf8) }
    }

    /// An input's data while a heap or the sample holds it.
    struct Held {
        let id: String
        let labels: [Int32]
        /// Every concept's score cell (dense), or (sparse) those recorded as it entered heaps.
        var scores: [Double]
        var sparse: [Int32: Double]
        let url: String?
        let text: String?
        let width: Int32
        let height: Int32
        let fold: String?
        let meta: [String?]
        var holders = 0
        var inSample = false
    }

    let extremes: Int
    let sampleSize: Int
    let conceptCount: Int
    /// Every concept's score per row (else only those of its lists and labels).
    let dense: Bool
    private var heaps: [[Heap<Ranked>]]
    private var sample = Heap<Sampled>()
    private var held: [Int: Held] = [:]

    init(extremes: Int, sampleSize: Int, conceptCount: Int) {
        self.extremes = extremes
        self.sampleSize = sampleSize
        self.conceptCount = conceptCount
        dense = conceptCount <= SummaryFormat.maximumDenseConcepts
        heaps = Array(repeating: Array(repeating: Heap<Ranked>(), count: 3), count: extremes > 0 ? conceptCount : 0)
    }

    var isActive: Bool { extremes > 0 || sampleSize > 0 }

    /// What the builder knows of the input being counted, made into `Held` only when a heap
    /// takes it (most inputs of a large file never are).
    struct Candidate {
        let input: Int
        let id: String
        let labels: [Int32]
        let cells: [UInt64]
        let url: String?
        let text: String?
        let width: Int32
        let height: Int32
        let fold: String?
        let meta: [String?]
    }

    /// Offers one input to every heap (its cells: its scores rounded to the grid, as bit
    /// patterns; `isLabel[concept]`: whether it is labelled with that concept).
    mutating func offer(_ candidate: () -> Candidate, input: Int, id: String, cells: [UInt64], isLabel: [Bool]) {
        var made: Candidate?
        func take() -> Candidate {
            if let made { return made }
            let value = candidate()
            made = value
            return value
        }
        // One list of one concept (no array of lists per concept and input: that was an
        // allocation per score, a tenth of `summarize`'s time on 1M × 20).
        func consider(_ concept: Int, _ list: Int, key: Double, score: Double) {
            let count = heaps[concept][list].count
            if count == extremes, let worst = heaps[concept][list].max {
                guard key < worst.key || (key == worst.key && SummaryRowOrder.idPrecedes(id, worst.id)) else { return }
            }
            hold(take(), concept: concept, score: score)
            let entry = Ranked(key: key, id: id, input: input)
            if count == extremes {
                let evicted = heaps[concept][list].replaceMax(with: entry)
                release(evicted.input)
            } else {
                heaps[concept][list].insert(entry)
            }
        }
        if extremes > 0 {
            for concept in 0 ..< conceptCount {
                let score = Double(bitPattern: cells[concept])
                if isLabel[concept] {
                    consider(concept, 0, key: score, score: score)
                    consider(concept, 2, key: -score, score: score)
                } else {
                    consider(concept, 1, key: -score, score: score)
                }
            }
        }
        if sampleSize > 0 {
            var id = id
            let digest = id.withUTF8 { SHA256.digest(UnsafeRawBufferPointer($0)) }
            let entry = Sampled(digest: digest, id: id, input: input)
            if sample.count < sampleSize || entry < sample.max! {
                hold(take(), concept: nil, score: 0)
                held[input]!.inSample = true
                if sample.count == sampleSize {
                    let evicted = sample.replaceMax(with: entry)
                    held[evicted.input]?.inSample = false
                    release(evicted.input)
                } else {
                    sample.insert(entry)
                }
            }
        }
    }

    private mutating func hold(_ candidate: Candidate, concept: Int?, score: Double) {
        if held[candidate.input] == nil {
            var sparse: [Int32: Double] = [:]
            if !dense {
                for label in candidate.labels { sparse[label] = Double(bitPattern: candidate.cells[Int(label)]) }
            }
            held[candidate.input] = Held(
                id: candidate.id, labels: candidate.labels,
                scores: dense ? candidate.cells.map { Double(bitPattern: $0) } : [], sparse: sparse,
                url: candidate.url, text: candidate.text, width: candidate.width, height: candidate.height,
                fold: candidate.fold, meta: candidate.meta)
        }
        held[candidate.input]!.holders += 1
        if let concept, !dense { held[candidate.input]!.sparse[Int32(concept)] = score }
    }

    private mutating func release(_ input: Int) {
        held[input]!.holders -= 1
        if held[input]!.holders == 0 { held[input] = nil }
    }

    /// The rows, by id in UTF-8 byte order; `attributeCount` pads the meta of inputs read before
    /// an attribute was first seen (JSON Lines).
    func rows(attributeCount: Int) -> [SummaryRow] {
        // Sparse scores: the concepts whose final lists hold the row, and its labels (what was
        // recorded for lists it has since left is dropped, so the rows do not depend on the order).
        var listed: [Int: Set<Int32>] = [:]
        if !dense {
            for (concept, lists) in heaps.enumerated() {
                for heap in lists {
                    for entry in heap.unordered { listed[entry.input, default: []].insert(Int32(concept)) }
                }
            }
        }
        let rows = held.map { input, row -> SummaryRow in
            var scores = row.scores
            var concepts: [Int32]?
            if !dense {
                let kept = listed[input, default: []].union(row.labels).sorted()
                concepts = kept
                scores = kept.map { row.sparse[$0]! }
            }
            let meta = row.meta + Array(repeating: nil, count: max(0, attributeCount - row.meta.count))
            return SummaryRow(id: row.id, labels: row.labels, scores: scores, scoreConcepts: concepts, inSample: row.inSample,
                              url: row.url, text: row.text, width: row.width >= 0 ? row.width : nil,
                              height: row.height >= 0 ? row.height : nil, fold: row.fold, meta: meta)
        }
        return rows.sorted { SummaryRowOrder.idPrecedes($0.id, $1.id) }
    }
}
