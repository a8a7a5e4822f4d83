/// An input a summary holds for the drill-down (issue 13): one of a concept's extremes (its K
/// lowest-scored positives, K highest-scored negatives, K highest-scored positives) or one of the
/// uniform sample. Each is written once, however many lists hold it.
public struct SummaryRow: Sendable, Equatable {
    public let id: String
    /// Concept indices, ascending.
    public let labels: [Int32]
    /// The scores (rounded to the summary's grid, as in its tables): every concept's when the
    /// summary has at most `SummaryFormat.maximumDenseConcepts` concepts (`scoreConcepts` nil),
    /// else only those of `scoreConcepts` (the concepts whose lists hold the row, and its labels),
    /// so that the rows stay within 3·K·C·(C or a few) numbers.
    public let scores: [Double]
    public let scoreConcepts: [Int32]?
    /// One of the uniform sample (`--sample N`).
    public let inSample: Bool
    public let url: String?
    public let text: String?
    public let width: Int32?
    public let height: Int32?
    public let fold: String?
    /// One value per attribute of the summary's header (nil where the input has none).
    public let meta: [String?]

    public init(id: String, labels: [Int32], scores: [Double], scoreConcepts: [Int32]?, inSample: Bool,
                url: String?, text: String?, width: Int32?, height: Int32?, fold: String?, meta: [String?]) {
        self.id = id
        self.labels = labels
        self.scores = scores
        self.scoreConcepts = scoreConcepts
        self.inSample = inSample
        self.url = url
        self.text = text
        self.width = width
        self.height = height
        self.fold = fold
        self.meta = meta
    }

    /// Its score for `concept`, nil where the row does not carry it.
    public func score(of concept: Int) -> Double? {
        guard let scoreConcepts else { return concept < scores.count ? scores[concept] : nil }
        var low = 0
        var high = scoreConcepts.count
        while low < high {
            let middle = (low + high) / 2
            if Int(scoreConcepts[middle]) < concept { low = middle + 1 } else { high = middle }
        }
        return low < scoreConcepts.count && Int(scoreConcepts[low]) == concept ? scores[low] : nil
    }

    public func isLabelled(_ concept: Int) -> Bool { labels.contains(Int32(concept)) }
}

/// The three extremes a summary keeps per concept.
public enum SummaryExtreme: Sendable, CaseIterable {
    /// Positives by ascending score: the head of the false-negative list at any threshold.
    case lowestPositives
    /// Negatives by descending score: the head of the false-positive list.
    case highestNegatives
    /// Positives by descending score: the head of the true-positive list.
    case highestPositives

    var positives: Bool { self != .highestNegatives }
    var ascending: Bool { self == .lowestPositives }
}

/// The order of the extremes, the same in Swift and in Spark (`spark/evaltop_summary.py`):
/// by score (ascending for the lowest positives, descending for the highest), ties broken by
/// input id in UTF-8 byte order, ascending. An input id is unique, so the order is total and
/// the K first of a list do not depend on the order the inputs were read in.
public enum SummaryRowOrder {
    /// True when `a`'s id comes before `b`'s in UTF-8 byte order.
    @inline(__always)
    public static func idPrecedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// True when (scoreA, idA) comes first in a list of the given direction.
    @inline(__always)
    public static func precedes(_ scoreA: Double, _ idA: String, _ scoreB: Double, _ idB: String, ascending: Bool) -> Bool {
        if scoreA != scoreB { return ascending ? scoreA < scoreB : scoreA > scoreB }
        return idPrecedes(idA, idB)
    }
}

extension EvaluationSummary {
    /// The rows of `concept`'s `extreme` list, in its order (indices into `rows`), at most
    /// `extremes` of them: exactly the first K of that list over the whole evaluation, since the
    /// summary holds all of them and no other row can come before one of them.
    public func extremeRows(of concept: Int, _ extreme: SummaryExtreme) -> [Int] {
        var candidates: [(score: Double, row: Int)] = []
        for (index, row) in rows.enumerated() where row.isLabelled(concept) == extreme.positives {
            if let score = row.score(of: concept) { candidates.append((score, index)) }
        }
        candidates.sort { SummaryRowOrder.precedes($0.score, rows[$0.row].id, $1.score, rows[$1.row].id, ascending: extreme.ascending) }
        return candidates.prefix(extremes).map(\.row)
    }

    /// The sampled rows (`--sample N`) that are negatives of `concept` and carry its score, by
    /// descending score (ties by id, `SummaryRowOrder`): the true-negative list of a uniform
    /// sample, once the ones at or above a threshold are cut off. Above
    /// `SummaryFormat.maximumDenseConcepts` concepts a sampled row carries only its labels' and
    /// lists' scores, so most concepts find few here (`sampledNegativesWithoutScore` says how many).
    public func sampledNegatives(of concept: Int) -> [Int] {
        var candidates: [(score: Double, row: Int)] = []
        for (index, row) in rows.enumerated() where row.inSample && !row.isLabelled(concept) {
            if let score = row.score(of: concept) { candidates.append((score, index)) }
        }
        candidates.sort { SummaryRowOrder.precedes($0.score, rows[$0.row].id, $1.score, rows[$1.row].id, ascending: false) }
        return candidates.map(\.row)
    }

    /// Sampled negatives of `concept` whose row does not carry its score.
    public func sampledNegativesWithoutScore(of concept: Int) -> Int {
        rows.reduce(0) { $0 + ($1.inSample && !$1.isLabelled(concept) && $1.score(of: concept) == nil ? 1 : 0) }
    }
}

/// The drill-down of one concept at one threshold on a summary: the held rows of its FN, FP
/// and TP lists that are certainly the first ones of the full lists, in the full lists' order.
///
/// A score at or above the threshold is predicted positive. The FN list (positives below the
/// threshold, lowest first) starts with the lowest-scored positives: of the K held, those below
/// the threshold are exactly its first min(K, FN) rows. Likewise FP (negatives at or above,
/// highest first) with the highest negatives, and TP with the highest positives. Rows held for
/// other reasons (another concept's lists, the sample) are left out: they may be members, but
/// not at a known place. True negatives, which no extreme reaches, come from the uniform sample
/// alone: its members that are TN at the threshold, a sample of the full list, not its head.
public struct SummaryDrillDown: Sendable, Equatable {
    /// Row indices (into `EvaluationSummary.rows`) per list, in the list's order.
    public let falseNegatives: [Int]
    public let falsePositives: [Int]
    public let truePositives: [Int]
    /// The sampled rows that are TN at the threshold, highest score first (the file's TN order).
    public let sampledTrueNegatives: [Int]
    /// The full lists' lengths (from the score table).
    public let falseNegativeCount: Int
    public let falsePositiveCount: Int
    public let truePositiveCount: Int

    /// `lists`: `concept`'s three extreme lists (`extremeRows`, in `SummaryExtreme.allCases`
    /// order) when the caller keeps them across thresholds; computed here otherwise.
    public init(summary: EvaluationSummary, concept: Int, threshold: Double, lists: [[Int]]? = nil,
                sampledNegatives: [Int]? = nil) {
        let table = summary.tables[concept]
        var tp = 0
        var fp = 0
        for index in table.scores.indices where table.scores[index] >= threshold {
            tp += table.positives[index]
            fp += table.negatives[index]
        }
        truePositiveCount = tp
        falsePositiveCount = fp
        falseNegativeCount = table.positiveCount - tp
        let rows = summary.rows
        let lists = lists ?? SummaryExtreme.allCases.map { summary.extremeRows(of: concept, $0) }
        falseNegatives = lists[0].prefix { rows[$0].score(of: concept)! < threshold }
        falsePositives = lists[1].prefix { rows[$0].score(of: concept)! >= threshold }
        truePositives = lists[2].prefix { rows[$0].score(of: concept)! >= threshold }
        let negatives = sampledNegatives ?? summary.sampledNegatives(of: concept)
        sampledTrueNegatives = Array(negatives.drop { rows[$0].score(of: concept)! >= threshold })
    }
}
