/// Reads and checks a summary's counts at the asked thresholds (`SummaryFormat`, version 4): the
/// header's `count_thresholds` and the `{"t":"at","k","r","c","n","p"}` lines (`p` since version
/// 5), by set, row, then column. Every cell is checked against the score tables and matrices
/// that come before it: at most r's positives, at most the inputs scoring ≥ c's threshold on c,
/// and on the diagonal exactly r's true positives at r's threshold (present whenever they are not
/// 0); its `p` (labelled c too) at most `n`, all of it on the diagonal, and off it at most r's
/// inputs of several labels, c's true positives and (multilabel) the co-occurrence of r and c. A
/// summary whose counts do not add up is refused, never shown as a different matrix.
struct SummaryCountsAtReading {
    let sets: [SummaryThresholdSet]
    private let conceptCount: Int
    /// Whether the lines carry `p` (version 5).
    private let hasAlsoLabelled: Bool
    private var cells: [[Int: Int]]
    private var alsoLabelled: [[Int: Int]]
    private var lastKey: (Int, Int)?
    /// Per set, concept → its true positives and predicted positives at the set's threshold,
    /// from the score tables (computed at the first line: the tables are complete then).
    private var atThreshold: [[(positives: Int, tp: Int, predicted: Int)]]?
    /// Whether an at line has been read (tables and matrices come before).
    private(set) var started = false

    /// The header's sets (none before version 4). `pairTablesHeld`: the summary has pair
    /// tables, which give the matrix at any threshold, so it lists no sets.
    init(header: SummaryLine, version: Int, conceptCount c: Int, pairTablesHeld: Bool) throws {
        conceptCount = c
        hasAlsoLabelled = version >= SummaryFormat.versionWithAlsoLabelled
        guard version >= 4 else {
            sets = []
            cells = []
            alsoLabelled = []
            return
        }
        sets = try header.array("count_thresholds").map { item in
            let what = "each of \"count_thresholds\""
            guard case .string(let name)? = item.member("name"), case .number(let global)? = item.member("global"),
                  case .array(let overrides)? = item.member("concepts") else {
                throw header.fail("\(what) needs a string \"name\", a number \"global\" and a list \"concepts\"")
            }
            guard global >= 0, global <= 1 else { throw header.fail("\(what): the global threshold \(global) is outside [0, 1]") }
            var perConcept: [Int: Double] = [:]
            var last = -1
            for pair in overrides {
                guard case .array(let entry) = pair, entry.count == 2, case .number(let index) = entry[0], case .number(let value) = entry[1],
                      index == index.rounded(), index >= 0, index < Double(c) else {
                    throw header.fail("\(what): \"concepts\" holds [concept, threshold] pairs, concept an index below \(c)")
                }
                guard Int(index) > last else { throw header.fail("\(what): \"concepts\" must be by concept, ascending and distinct") }
                guard value >= 0, value <= 1 else { throw header.fail("\(what): the threshold \(value) is outside [0, 1]") }
                last = Int(index)
                perConcept[last] = value
            }
            return SummaryThresholdSet(name: name, thresholds: Thresholds(global: global, perConcept: perConcept))
        }
        if pairTablesHeld, !sets.isEmpty {
            throw header.fail("\"count_thresholds\" lists sets, but the summary has pair tables (which give the counts at any threshold)")
        }
        cells = Array(repeating: [:], count: sets.count)
        alsoLabelled = cells
    }

    /// One at line; `tables()` gives every concept's whole-evaluation score table,
    /// `multiLabelled` the header's count per concept, `cooccurrence` the multilabel matrix.
    mutating func take(_ line: SummaryLine, tables: () -> [ScoreTable], multiLabelled: [Int], cooccurrence: [Int: Int]?) throws {
        guard !sets.isEmpty else { throw line.fail("an at line, but the header's \"count_thresholds\" lists no threshold sets") }
        let c = conceptCount
        let set = try line.index("k", below: sets.count)
        let row = try line.index("r", below: c)
        let column = try line.index("c", below: c)
        let count = try line.count("n")
        guard count > 0 else { throw line.fail("an at line counting 0 (only non-zero cells are written)") }
        let both = try hasAlsoLabelled ? line.count("p") : 0
        let key = row * c + column
        if let lastKey, (set, key) <= lastKey {
            throw line.fail("out of order or repeated: at lines must come by set, then row, then column")
        }
        lastKey = (set, key)
        if atThreshold == nil {
            let curves = tables().map(ConceptCurve.init(table:))
            atThreshold = sets.map { held in
                curves.indices.map { concept in
                    let counts = curves[concept].counts(at: held.thresholds.value(for: concept))
                    return (curves[concept].positives, counts.tp, counts.tp + counts.fp)
                }
            }
        }
        let facts = atThreshold![set]
        let name = TerminalSafe.escape(sets[set].name)
        if row == column {
            guard count == facts[row].tp else {
                throw line.fail("inconsistent summary: at \(name), concept \(row) counts \(count) of its own inputs at its threshold; its table gives \(facts[row].tp) true positives")
            }
            guard !hasAlsoLabelled || both == count else {
                throw line.fail("inconsistent summary: at \(name), the diagonal cell (\(row), \(row)) has \"p\" \(both); every one of its \(count) inputs is labelled \(row)")
            }
        } else {
            guard count <= facts[row].positives else {
                throw line.fail("inconsistent summary: at \(name), the cell (\(row), \(column)) counts \(count) inputs; concept \(row) has \(facts[row].positives) positives")
            }
            guard count <= facts[column].predicted else {
                throw line.fail("inconsistent summary: at \(name), the cell (\(row), \(column)) counts \(count) inputs; only \(facts[column].predicted) score at or above concept \(column)'s threshold")
            }
            // Labelled c too: of the cell, of r's inputs of several labels, of c's true
            // positives at its threshold, and of the inputs labelled both.
            let bound = min(count, multiLabelled[row], facts[column].tp, cooccurrence.map { $0[key] ?? 0 } ?? count)
            guard both <= bound else {
                throw line.fail("inconsistent summary: at \(name), the cell (\(row), \(column)) has \"p\" \(both) inputs labelled \(column) too; at most \(bound) can be (of its \(count), of concept \(row)'s inputs of several labels, of concept \(column)'s true positives, of the inputs labelled both)")
            }
            if both > 0 { alsoLabelled[set][key] = both }
        }
        started = true
        cells[set][key] = count
    }

    /// The matrices, checked for their diagonals: every concept with true positives at a set's
    /// threshold has its diagonal cell. `endLine`: where a missing one's failure points.
    func finish(path: String, concepts: [Concept], tables: [ScoreTable], endLine: Int) throws -> [SummaryCountsAt] {
        let c = conceptCount
        return try sets.indices.map { set in
            for concept in 0 ..< c where cells[set][concept * c + concept] == nil {
                let tp = ConceptCurve(table: tables[concept]).counts(at: sets[set].thresholds.value(for: concept)).tp
                if tp > 0 {
                    throw LoadError(path: path, line: endLine, message: "inconsistent summary: at \(TerminalSafe.escape(sets[set].name)), no diagonal cell for \(TerminalSafe.escape(concepts[concept].name)), whose table gives \(tp) true positives")
                }
            }
            return SummaryCountsAt(set: sets[set], counts: ConceptPairCounts(conceptCount: c, cells: cells[set]),
                                   alsoLabelled: hasAlsoLabelled ? ConceptPairCounts(conceptCount: c, cells: alsoLabelled[set]) : nil)
        }
    }
}
