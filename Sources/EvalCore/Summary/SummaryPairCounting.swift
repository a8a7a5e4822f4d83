/// Counts the pair tables of a summary (`EvaluationSummary.pairTables`) one input at a time:
/// per pair of concepts (r, c), r ≠ c, concept c's score cells over the inputs labelled r, split
/// by whether the input is also labelled c. Kept while there are at most
/// `SummaryFormat.maximumDenseConcepts` concepts (C² tables); its size grows with the distinct
/// cells per pair, never with the inputs.
struct SummaryPairCounting {
    private let conceptCount: Int
    /// `cells[r * conceptCount + c]`: score bits → counts (empty on the diagonal).
    private var cells: [[UInt64: SummaryBuilder.Cell]]

    /// Nil above `SummaryFormat.maximumDenseConcepts` concepts (the summary holds no pairs then).
    init?(conceptCount: Int) {
        guard conceptCount <= SummaryFormat.maximumDenseConcepts else { return nil }
        self.conceptCount = conceptCount
        cells = Array(repeating: [:], count: conceptCount * conceptCount)
    }

    /// One input: its score cells (bit patterns, in concept order), its labels and which
    /// concepts it is labelled with.
    mutating func add<Labels: Collection<Int32>>(cells inputCells: [UInt64], labels: Labels, isLabel: [Bool]) {
        let c = conceptCount
        for label in labels {
            let row = Int(label) * c
            for concept in 0 ..< c where concept != Int(label) {
                if isLabel[concept] {
                    cells[row + concept][inputCells[concept], default: SummaryBuilder.Cell()].positives += 1
                } else {
                    cells[row + concept][inputCells[concept], default: SummaryBuilder.Cell()].negatives += 1
                }
            }
        }
    }

    /// The non-empty tables, keyed `r * concepts + c`, each descending by score.
    func tables() -> [Int: ScoreTable] {
        var tables: [Int: ScoreTable] = [:]
        for (key, counts) in cells.enumerated() where !counts.isEmpty {
            let order = counts.keys.sorted { Double(bitPattern: $0) > Double(bitPattern: $1) }
            tables[key] = ScoreTable(scores: order.map { Double(bitPattern: $0) },
                                     positives: order.map { counts[$0]!.positives },
                                     negatives: order.map { counts[$0]!.negatives })
        }
        return tables
    }
}
