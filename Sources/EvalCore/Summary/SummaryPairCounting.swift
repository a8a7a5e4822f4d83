/// Counts the pair tables of a summary (`EvaluationSummary.pairTables`) one input at a time:
/// per pair of concepts (r, c), r ≠ c, concept c's score cells over the inputs labelled r, split
/// by whether the input is also labelled c. Kept while there are at most
/// `SummaryFormat.maximumDenseConcepts` concepts (C² tables); its size grows with the distinct
/// cells per pair, never with the inputs.
struct SummaryPairCounting {
    private let conceptCount: Int
    /// The most pair lines (distinct (r, c, cell) keys) kept (`--pairs`); past it the counting
    /// stops and the summary holds none, so that neither the file nor this memory grows to
    /// concepts² × cells (10⁸ lines at 100 concepts on the 1e-4 grid).
    private let lineLimit: Int
    /// Distinct keys so far.
    private var lines = 0
    /// Whether the limit was passed (the tables are then dropped).
    private(set) var overLimit = false
    /// `cells[r * conceptCount + c]`: score bits → counts (empty on the diagonal).
    private var cells: [ScoreCellCounts]

    /// Nil above `SummaryFormat.maximumDenseConcepts` concepts (the summary holds no pairs then).
    init?(conceptCount: Int, lineLimit: Int = SummaryPairLimit.automatic) {
        guard conceptCount <= SummaryFormat.maximumDenseConcepts, lineLimit > 0 else { return nil }
        self.conceptCount = conceptCount
        self.lineLimit = lineLimit
        cells = Array(repeating: ScoreCellCounts(), count: conceptCount * conceptCount)
    }

    /// One input: its score cells (bit patterns, in concept order), its labels and which
    /// concepts it is labelled with.
    mutating func add<Labels: Collection<Int32>>(cells inputCells: [UInt64], labels: Labels, isLabel: [Bool]) {
        guard !overLimit else { return }
        let c = conceptCount
        for label in labels {
            let row = Int(label) * c
            for concept in 0 ..< c where concept != Int(label) {
                if cells[row + concept].add(inputCells[concept], isPositive: isLabel[concept]) { lines += 1 }
            }
        }
        if lines > lineLimit {
            overLimit = true
            cells = []
        }
    }

    /// The non-empty tables, keyed `r * concepts + c`, each descending by score.
    func tables() -> [Int: ScoreTable]? {
        guard !overLimit else { return nil }
        var tables: [Int: ScoreTable] = [:]
        for (key, counts) in cells.enumerated() where !counts.isEmpty {
            tables[key] = counts.table { Double(bitPattern: $0) > Double(bitPattern: $1) }
        }
        return tables
    }
}
