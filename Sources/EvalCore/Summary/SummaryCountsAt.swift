import Foundation

/// One threshold set `--count-thresholds` asks for, as given: a global threshold (`0.5`) or a
/// thresholds file (`deploy.json`, the form `--thresholds PATH` reads), whose concepts are
/// resolved once the summarised file's concepts are known (`resolve`).
public enum SummaryThresholdSpec: Sendable, Equatable {
    case global(Double)
    /// The file's path (its name in the summary) and bytes (read when the option is parsed,
    /// so a missing file fails before the evaluation is read).
    case file(path: String, bytes: [UInt8])

    /// The threshold a thresholds file leaves a concept at when it gives none (null or
    /// absent): evaltop's default `--threshold`, so that `evaltop SUMMARY --thresholds PATH`
    /// opens at exactly the set stored.
    public static let defaultGlobal = 0.5

    /// The sets of one `--count-thresholds` value: comma-separated global thresholds in [0, 1]
    /// and thresholds-file paths (a value naming an existing file is one path, commas and all).
    /// Spaces and tabs around an item are ignored; a threshold is a plain decimal (optional
    /// sign, digits, point, exponent: the score cells' grammar, `ScoreParser.number`), so that
    /// hex floats, digit separators and other digits are paths here and in the Spark job alike
    /// (found while writing the `count-thresholds` fuzz target: Swift's `Double(String)` read
    /// `0x1p-1` as 0.5, Python's `float` reads `0.2_5` as 0.25). −0 is 0.
    public static func parse(_ text: String) throws(LoadError) -> [SummaryThresholdSpec] {
        let items = FileManager.default.fileExists(atPath: text) ? [text] : text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var specs: [SummaryThresholdSpec] = []
        for item in items {
            let trimmed = item.trimmingSpaces
            if let value = Array(trimmed.utf8).withUnsafeBytes(ScoreParser.number) {
                guard value >= 0, value <= 1 else {
                    throw LoadError(path: "--count-thresholds", message: "the threshold \(trimmed) is outside [0, 1]")
                }
                specs.append(.global(value + 0))
            } else {
                guard !trimmed.isEmpty else { throw LoadError(path: "--count-thresholds", message: "an empty item (give thresholds like 0.3,0.5 or a thresholds file)") }
                let bytes = try SmallFile.read(path: trimmed, what: "a thresholds file")
                try ThresholdsFile.check(bytes: bytes, path: trimmed)
                specs.append(.file(path: trimmed, bytes: bytes))
            }
        }
        return specs
    }

    /// The set for these concepts (a file's unknown concept is an error naming the file).
    public func resolve(concepts: [Concept]) throws(LoadError) -> SummaryThresholdSet {
        switch self {
        case .global(let value):
            return SummaryThresholdSet(name: JSONText.number(value), thresholds: Thresholds(global: value))
        case .file(let path, let bytes):
            let thresholds = try ThresholdsFile.parse(bytes: bytes, path: path, concepts: concepts, global: Self.defaultGlobal)
            return SummaryThresholdSet(name: path, thresholds: thresholds)
        }
    }
}

/// A threshold set a summary holds the counts-at-threshold matrix at: its name (the
/// `--count-thresholds` item it came from, for the UI to say) and the thresholds.
public struct SummaryThresholdSet: Sendable, Equatable {
    public let name: String
    public let thresholds: Thresholds

    public init(name: String, thresholds: Thresholds) {
        self.name = name
        self.thresholds = thresholds
    }

    /// True when `thresholds` put every concept at this set's threshold (the stored global
    /// and overrides may be spelt differently and still match: what counts is each concept's
    /// value, exactly).
    public func matches(_ other: Thresholds, conceptCount: Int) -> Bool {
        if other == thresholds { return true }
        return (0 ..< conceptCount).allSatisfy { other.value(for: $0) == thresholds.value(for: $0) }
    }
}

/// The counts-at-threshold matrix at one asked set (format version 4), kept when the summary
/// has no pair tables (over 100 concepts, `--pairs off` or past `--pairs`): cell [A][B] counts
/// the inputs labelled A whose score (rounded to the grid) for B is ≥ B's threshold in the set,
/// as `EvaluationMetrics.countsAtThresholdCounts` counts them on the file.
public struct SummaryCountsAt: Sendable {
    public let set: SummaryThresholdSet
    public let counts: ConceptPairCounts
    /// Off the diagonal, the part of each cell [A][B] labelled B too (version 5): what
    /// multilabel `confused_with` leaves out, since it counts "labelled A and not B" as A
    /// predicted as B (`ConceptFacts`). Nil when read from a version 4 summary, which lacks it.
    public let alsoLabelled: ConceptPairCounts?

    public init(set: SummaryThresholdSet, counts: ConceptPairCounts, alsoLabelled: ConceptPairCounts?) {
        self.set = set
        self.counts = counts
        self.alsoLabelled = alsoLabelled
    }

    /// Cell [A][B], A ≠ B: the inputs labelled A and not B scoring ≥ B's threshold on B, as
    /// `SummaryPairCounts.predictedAsOther` gives it from pair tables; nil without `alsoLabelled`.
    public var predictedAsOther: ConceptPairCounts? {
        guard let alsoLabelled else { return nil }
        var cells: [Int: Int] = [:]
        for cell in counts.nonZeroCells where cell.row != cell.column {
            let unlabelled = cell.count - alsoLabelled[cell.row, cell.column]
            if unlabelled > 0 { cells[cell.row * counts.conceptCount + cell.column] = unlabelled }
        }
        return ConceptPairCounts(conceptCount: counts.conceptCount, cells: cells)
    }
}

/// Counts the matrices of `SummaryCountsAt` one input at a time. Its memory is the non-zero
/// cells, bounded by `cellLimit`: a low threshold over 20,000 concepts would otherwise make
/// it concepts² (and the summary as many lines).
struct SummaryCountsAtCounting {
    /// 5,000,000 cells over all sets, as many lines as `SummaryPairLimit.automatic` allows
    /// the pair tables (about 250 MB of summary).
    static let cellLimit = SummaryPairLimit.automatic

    let sets: [SummaryThresholdSet]
    private let conceptCount: Int
    /// `cutoffs[set][concept]`.
    private let cutoffs: [[Double]]
    /// `cells[set]`: key `A * concepts + B` → count; `alsoLabelled[set]`: the same keys, A ≠ B,
    /// counting only the inputs labelled B too (never more keys than `cells`).
    private var cells: [[Int: Int]]
    private var alsoLabelled: [[Int: Int]]
    private let limit: Int
    /// Set when the cells passed `cellLimit` (the counting then stops).
    private(set) var overLimit = false

    init(sets: [SummaryThresholdSet], conceptCount: Int, limit: Int = cellLimit) {
        self.sets = sets
        self.conceptCount = conceptCount
        self.limit = limit
        cutoffs = sets.map { set in (0 ..< conceptCount).map(set.thresholds.value(for:)) }
        cells = Array(repeating: [:], count: sets.count)
        alsoLabelled = cells
    }

    var isActive: Bool { !sets.isEmpty && !overLimit }

    /// One input: its score cells (bit patterns, in concept order), its labels and which
    /// concepts it is labelled with.
    mutating func add<Labels: Collection<Int32>>(cells inputCells: [UInt64], labels: Labels, isLabel: [Bool]) {
        guard isActive, !labels.isEmpty else { return }
        let c = conceptCount
        let several = labels.count > 1
        var total = 0
        for set in sets.indices {
            let cutoff = cutoffs[set]
            for concept in 0 ..< c where Double(bitPattern: inputCells[concept]) >= cutoff[concept] {
                for label in labels { cells[set][Int(label) * c + concept, default: 0] += 1 }
                // Only an input of several labels can be labelled A and B ≠ A.
                if several, isLabel[concept] {
                    for label in labels where Int(label) != concept { alsoLabelled[set][Int(label) * c + concept, default: 0] += 1 }
                }
            }
            total += cells[set].count
        }
        if total > limit {
            overLimit = true
            cells = []
            alsoLabelled = []
        }
    }

    /// The matrices, one per set; nil past the limit.
    func result() -> [SummaryCountsAt]? {
        guard !overLimit else { return nil }
        return sets.indices.map {
            SummaryCountsAt(set: sets[$0], counts: ConceptPairCounts(conceptCount: conceptCount, cells: cells[$0]),
                            alsoLabelled: ConceptPairCounts(conceptCount: conceptCount, cells: alsoLabelled[$0]))
        }
    }

    /// What `summarize` says when the cells passed the limit.
    static func overLimitMessage(_ sets: [SummaryThresholdSet]) -> String {
        "the counts at --count-thresholds \(sets.map { TerminalSafe.escape($0.name) }.joined(separator: ",")) have more than \(cellLimit) non-zero cells (a low threshold over many concepts): ask for higher thresholds or fewer sets"
    }
}
