/// Reads and checks the pair lines of a summary (`SummaryFormat`, version 2):
/// `{"t":"pair","r","c","s","p","n"}`, by pair (r then c, r ≠ c), each table's scores distinct
/// and descending. Each score must be one of concept c's table with at least those positives
/// and negatives, each pair table must count every input labelled r, and in multilabel mode
/// its positives the co-occurrence of r and c: a summary whose pairs do not add up is refused,
/// never shown as a different matrix.
struct SummaryPairReading {
    /// Whether the summary carries pair tables: version 2 with at most
    /// `SummaryFormat.maximumDenseConcepts` concepts.
    let expected: Bool
    private let conceptCount: Int
    private let leftOut: Bool
    private var scores: [Int: [Double]] = [:]
    private var positives: [Int: [Int]] = [:]
    private var negatives: [Int: [Int]] = [:]
    /// Each pair table's first line: where its counts point when they do not add up.
    private var firstLines: [Int: Int] = [:]
    private var lastKey = -1
    private var lastScore = 0.0
    /// Whether a pair line has been read (the matrices and tables come before).
    private(set) var started = false

    /// `leftOut`: the header says the summary was written without them (`--pairs`).
    init(version: Int, conceptCount: Int, leftOut: Bool = false) {
        expected = version >= 2 && conceptCount <= SummaryFormat.maximumDenseConcepts && !leftOut
        self.leftOut = leftOut
        self.conceptCount = conceptCount
    }

    /// One pair line; `table(c)` is concept c's whole-evaluation score table (complete: the
    /// tables come before the pairs).
    mutating func take(_ line: SummaryLine, version: Int, table tableOf: (Int) -> ScoreTable) throws {
        try checkHeld(version: version, fail: line.fail)
        let c = conceptCount
        let row = try line.index("r", below: c)
        let column = try line.index("c", below: c)
        guard row != column else { throw line.fail(Self.selfPair) }
        let score = try line.number("s")
        guard score >= 0, score <= 1 else { throw line.fail("the score \(score) is outside [0, 1]") }
        try take(row: row, column: column, score: score, positives: line.count("p"), negatives: line.count("n"),
                 line: line.number, fail: line.fail, table: tableOf)
    }

    /// A pair line read by `SummaryTableLine` (its shape, numbers and score range already
    /// checked; `table.value` is r): the JSON path's checks in its order, with its messages.
    mutating func take(_ table: SummaryTableLine, version: Int, line: Int, path: String, table tableOf: (Int) -> ScoreTable) throws {
        let fail = { (message: String) in LoadError(path: path, line: line, message: message) }
        try checkHeld(version: version, fail: fail)
        let c = conceptCount
        guard table.value < c else { throw fail("\"r\" is \(table.value); there are only \(c)") }
        guard table.concept < c else { throw fail("\"c\" is \(table.concept); there are only \(c)") }
        guard table.value != table.concept else { throw fail(Self.selfPair) }
        try take(row: table.value, column: table.concept, score: table.score, positives: table.positives, negatives: table.negatives,
                 line: line, fail: fail, table: tableOf)
    }

    private static let selfPair = "a pair of a concept with itself (its table is the concept's own)"

    /// Whether the header lets the summary hold pair lines.
    private func checkHeld(version: Int, fail: (String) -> LoadError) throws {
        guard version >= 2 else { throw fail("a pair line in a version \(version) summary (pairs came with version 2)") }
        guard !leftOut else { throw fail("a pair line, but the header says the summary holds none (\"pair_tables\": false)") }
        guard expected else { throw fail("pair lines with more than \(SummaryFormat.maximumDenseConcepts) concepts") }
    }

    /// A pair line's counts at its place: (r, c) distinct and in range, the score in [0, 1].
    private mutating func take(row: Int, column: Int, score: Double, positives p: Int, negatives n: Int,
                               line number: Int, fail: (String) -> LoadError, table tableOf: (Int) -> ScoreTable) throws {
        let c = conceptCount
        guard p + n > 0 else { throw fail("a pair line with no inputs (p and n both 0)") }
        let key = row * c + column
        if key < lastKey || (key == lastKey && !(score < lastScore)) {
            throw fail("out of order: pair tables must come by r, then c, each's scores distinct and descending")
        }
        let table = tableOf(column)
        // Scores descend: the first index at or below `score`.
        var low = 0
        var high = table.scores.count
        while low < high {
            let middle = (low + high) / 2
            if table.scores[middle] > score { low = middle + 1 } else { high = middle }
        }
        guard low < table.scores.count, table.scores[low] == score, table.positives[low] >= p, table.negatives[low] >= n else {
            throw fail("inconsistent summary: the pair (\(row), \(column)) counts \(p) positives and \(n) negatives at \(score), which concept \(column)'s table does not hold")
        }
        started = true
        if key != lastKey { firstLines[key] = number }
        lastKey = key
        lastScore = score
        scores[key, default: []].append(score)
        positives[key, default: []].append(p)
        negatives[key, default: []].append(n)
    }

    /// The pair tables, checked against each concept's positives (every input labelled r is in
    /// each of r's pair tables) and, in multilabel mode, the co-occurrence; nil when the
    /// summary holds none (version 1, or more than 100 concepts).
    /// `endLine`: where a missing pair table's failure points.
    func finish(path: String, concepts: [Concept], positives labelled: [Int], cooccurrence: [Int: Int]?, endLine: Int) throws -> [Int: ScoreTable]? {
        guard expected else { return nil }
        let c = conceptCount
        let fail = { (key: Int, message: String) in
            LoadError(path: path, line: firstLines[key] ?? endLine, message: "inconsistent summary: " + message)
        }
        var tables: [Int: ScoreTable] = [:]
        for row in 0 ..< c where labelled[row] > 0 {
            for column in 0 ..< c where column != row {
                let key = row * c + column
                let p = positives[key] ?? []
                let n = negatives[key] ?? []
                let total = p.reduce(0, +) + n.reduce(0, +)
                guard total == labelled[row] else {
                    throw fail(key, "the pair table of \(TerminalSafe.escape(concepts[row].name)) × \(TerminalSafe.escape(concepts[column].name)) counts \(total) inputs; \(TerminalSafe.escape(concepts[row].name)) has \(labelled[row]) positives")
                }
                if let cooccurrence, p.reduce(0, +) != cooccurrence[key] ?? 0 {
                    throw fail(key, "the pair table of \(TerminalSafe.escape(concepts[row].name)) × \(TerminalSafe.escape(concepts[column].name)) counts \(p.reduce(0, +)) inputs labelled both; the co-occurrence says \(cooccurrence[key] ?? 0)")
                }
                tables[key] = ScoreTable(scores: scores[key]!, positives: p, negatives: n)
            }
        }
        if let key = scores.keys.first(where: { labelled[$0 / c] == 0 }) {
            throw fail(key, "a pair table for \(TerminalSafe.escape(concepts[key / c].name)), which labels no input")
        }
        return tables
    }
}
