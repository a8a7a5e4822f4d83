/// An evaluation reduced to the aggregates every number evaltop shows is a function of (issue
/// 13): per concept the distinct scores (or grid cells) with their positive and negative counts,
/// the same per fold and per slice value, the argmax confusion, co-occurrence, mean-score sums
/// and image-size counts. Its size grows with the distinct scores, never with the inputs, so an
/// evaluation too large for one machine can be summarised where it lives (by Apache Spark:
/// `spark/evaltop_summary.py`, or by `evaltop summarize`) and opened here.
///
/// The file format (`.evalsum`, JSON Lines) is in `SummaryFormat`; `SummaryReader` reads and
/// checks it, `SummaryWriter` writes it, `SummaryBuilder` makes one from rows.
public struct EvaluationSummary: Sendable {
    /// Where the rows came from (the path given to `summarize` or the Spark job).
    public let source: String
    public let inputs: Int
    public let mode: EvaluationMode
    public let grid: SummaryGrid
    public let concepts: [Concept]
    /// Per concept, the whole evaluation's score table.
    public let tables: [ScoreTable]
    /// The fold column broken down, when the evaluation has one.
    public let fold: SummaryAttribute?
    /// The `meta:NAME` columns broken down, in file order.
    public let attributes: [SummaryAttribute]
    /// Exclusive mode: the inputs whose argmax (ties to the first concept) is one of their labels.
    public let top1Correct: Int?
    /// Exclusive mode: true concept × argmax, non-zero cells keyed `row * concepts + column`.
    public let confusion: [Int: Int]?
    /// Multilabel mode: label co-occurrence, non-zero cells keyed `row * concepts + column`.
    public let cooccurrence: [Int: Int]?
    /// Cell [A][B]: the sum of B's scores over the inputs labelled A, keyed `A * concepts + B`;
    /// kept while there are at most `SummaryFormat.maximumDenseConcepts` concepts, else nil.
    public let scoreSums: [Int: Double]?
    /// Cell [A][B] (A ≠ B, keyed `A * concepts + B`): B's score table over the inputs labelled
    /// A, its positives the inputs also labelled B: from it the counts-at-threshold matrix (and
    /// multilabel `confused_with`) at any threshold, a cumulated sum as `ConceptCurve` is of a
    /// concept's table (`SummaryPairCounts`). Format version 2, kept while there are at most
    /// `SummaryFormat.maximumDenseConcepts` concepts; nil otherwise and in version 1.
    public let pairTables: [Int: ScoreTable]?
    /// Per concept, over its labelled inputs: those with a known width or height, those under
    /// `DiagnosisRules.smallImageSide` px on a known side, those carrying several labels.
    public let labelledWithSize: [Int]
    public let labelledSmall: [Int]
    public let multiLabelled: [Int]
    /// The K of `--extremes` (0: no extremes kept) and the N of `--sample`; 0 in a summary
    /// written before rows were added to the format.
    public let extremes: Int
    public let sampleSize: Int
    /// The inputs held for the drill-down (`SummaryRow`), by id in UTF-8 byte order.
    public let rows: [SummaryRow]
    /// The first S suspects of confident learning and the numbers the diagnosis reads of all of
    /// them (format version 3, `--suspects S`); nil when the summary holds none.
    public let suspects: SummarySuspects?
    /// True when the summary could hold pair tables (at most 100 concepts) but was written
    /// without them (`--pairs off`, or more lines than `--pairs` allows): what needs them says so.
    public let pairsLeftOut: Bool
    /// The counts-at-threshold matrix at each threshold set `--count-thresholds` asked for
    /// (format version 4), kept only when there are no pair tables (which give it at any
    /// threshold); empty otherwise.
    public let countsAt: [SummaryCountsAt]

    public init(source: String, inputs: Int, mode: EvaluationMode, grid: SummaryGrid, concepts: [Concept],
                tables: [ScoreTable], fold: SummaryAttribute?, attributes: [SummaryAttribute],
                top1Correct: Int?, confusion: [Int: Int]?, cooccurrence: [Int: Int]?, scoreSums: [Int: Double]?,
                labelledWithSize: [Int], labelledSmall: [Int], multiLabelled: [Int],
                extremes: Int = 0, sampleSize: Int = 0, rows: [SummaryRow] = [], pairTables: [Int: ScoreTable]? = nil,
                suspects: SummarySuspects? = nil, pairsLeftOut: Bool = false, countsAt: [SummaryCountsAt] = []) {
        self.source = source
        self.inputs = inputs
        self.mode = mode
        self.grid = grid
        self.concepts = concepts
        self.tables = tables
        self.fold = fold
        self.attributes = attributes
        self.top1Correct = top1Correct
        self.confusion = confusion
        self.cooccurrence = cooccurrence
        self.scoreSums = scoreSums
        self.pairTables = pairTables
        self.labelledWithSize = labelledWithSize
        self.labelledSmall = labelledSmall
        self.multiLabelled = multiLabelled
        self.extremes = extremes
        self.sampleSize = sampleSize
        self.rows = rows
        self.suspects = suspects
        self.pairsLeftOut = pairsLeftOut
        self.countsAt = countsAt
    }

    /// The same summary with other rows and suspects (`adding(suspects:rows:)`).
    func replacing(rows: [SummaryRow], suspects: SummarySuspects?) -> EvaluationSummary {
        EvaluationSummary(source: source, inputs: inputs, mode: mode, grid: grid, concepts: concepts, tables: tables, fold: fold,
                          attributes: attributes, top1Correct: top1Correct, confusion: confusion, cooccurrence: cooccurrence,
                          scoreSums: scoreSums, labelledWithSize: labelledWithSize, labelledSmall: labelledSmall,
                          multiLabelled: multiLabelled, extremes: extremes, sampleSize: sampleSize, rows: rows,
                          pairTables: pairTables, suspects: suspects, pairsLeftOut: pairsLeftOut, countsAt: countsAt)
    }

    /// The largest error in any concept's AUC that rounding the scores to the grid can cause:
    /// half the share of positive–negative pairs that share a cell (0 with the exact grid, where
    /// tied pairs count ½ as in scikit-learn and nothing is rounded).
    public var aucErrorBound: Double {
        guard grid != .exact else { return 0 }
        return tables.map(\.aucErrorBound).max() ?? 0
    }
}

/// One concept's distinct scores, descending, with the positives and negatives at each.
public struct ScoreTable: Sendable, Equatable {
    public let scores: [Double]
    public let positives: [Int]
    public let negatives: [Int]

    public init(scores: [Double], positives: [Int], negatives: [Int]) {
        precondition(scores.count == positives.count && scores.count == negatives.count, "one count per score")
        self.scores = scores
        self.positives = positives
        self.negatives = negatives
    }

    public static let empty = ScoreTable(scores: [], positives: [], negatives: [])

    public var positiveCount: Int { positives.reduce(0, +) }
    public var negativeCount: Int { negatives.reduce(0, +) }
    public var inputCount: Int { positiveCount + negativeCount }

    /// Half the share of positive–negative pairs tied in one cell: how far the AUC can be from
    /// that of the unrounded scores.
    public var aucErrorBound: Double {
        let pairs = Double(positiveCount) * Double(negativeCount)
        guard pairs > 0 else { return 0 }
        var tied = 0.0
        for index in scores.indices { tied += Double(positives[index]) * Double(negatives[index]) }
        return tied / pairs / 2
    }
}

/// A categorical column (the fold or a `meta:` attribute) with a score table per value and concept.
public struct SummaryAttribute: Sendable {
    /// "fold" or the `meta:` name without the prefix.
    public let name: String
    /// Values in `SummaryAttribute.order`: numbers ascending when every value is a whole
    /// number, else by code point; inputs without a value are left out.
    public let values: [String]
    /// Inputs per value.
    public let sizes: [Int]
    /// `tables[value][concept]`.
    public let tables: [[ScoreTable]]

    public init(name: String, values: [String], sizes: [Int], tables: [[ScoreTable]]) {
        self.name = name
        self.values = values
        self.sizes = sizes
        self.tables = tables
    }

    /// The order a summary lists values in, the same in Swift and in PySpark: whole numbers
    /// ascending when every value is one, else by Unicode code points (Python's `sorted`).
    public static func order(_ values: [String]) -> [Int] {
        let numbers = values.map { Int($0.trimmingCharacters(in: .whitespaces)) }
        if numbers.allSatisfy({ $0 != nil }) {
            return values.indices.sorted { (numbers[$0]!, $0) < (numbers[$1]!, $1) }
        }
        return values.indices.sorted { Array(values[$0].unicodeScalars.map(\.value)).lexicographicallyPrecedes(values[$1].unicodeScalars.map(\.value)) }
    }
}

/// How scores are rounded before they are counted. A grid bounds the summary's size (at most
/// 10⁶ + 1 or 10⁴ + 1 cells per concept) at the price of the error `aucErrorBound` states.
public enum SummaryGrid: String, Sendable, CaseIterable {
    case exact
    case micro = "1e-6"
    case tenThousandth = "1e-4"

    /// Cells per unit score, nil for exact.
    var cellsPerUnit: Double? {
        switch self {
        case .exact: return nil
        case .micro: return 1e6
        case .tenThousandth: return 1e4
        }
    }

    /// The score rounded to the grid, half up: ⌊s·m + ½⌋ / m, which IEEE 754 arithmetic gives
    /// bit for bit in Swift, Java (Spark) and Python alike. -0 becomes +0.
    @inline(__always)
    public func cell(_ score: Double) -> Double {
        guard let scale = cellsPerUnit else { return score + 0.0 }
        return (score * scale + 0.5).rounded(.down) / scale + 0.0
    }
}
