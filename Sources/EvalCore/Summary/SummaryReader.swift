import Foundation

/// Reads a `.evalsum` file (`SummaryFormat`) and checks it: a summary that is truncated, of
/// another version, malformed or inconsistent (counts that do not add up) is a `LoadError`
/// naming the file and line, never a smaller or different evaluation.
public enum SummaryReader {
    /// `progress` (the UI's loading screen) hears every few thousand lines how far the reading
    /// is, with the summarised inputs once the header is read; a cancelled Task stops it there.
    public static func read(path: String, progress: (@Sendable (LoadProgress) -> Void)? = nil) throws -> EvaluationSummary {
        let source = try SourceBytes(path: path)
        return try source.whileIntact { try read(source, progress: progress) }
    }

    public static func read(bytes: [UInt8], name: String) throws -> EvaluationSummary {
        try read(SourceBytes(bytes: bytes, name: name))
    }

    static func read(_ source: SourceBytes, progress: (@Sendable (LoadProgress) -> Void)? = nil) throws -> EvaluationSummary {
        var reader = LineReader(source: source)
        guard let headerLine = try reader.next() else {
            throw LoadError(path: source.path, message: "the file is empty; an evaltop summary starts with its header line")
        }
        var state = try SummaryState(header: headerLine, path: source.path)
        while let (start, end, number) = try reader.nextLine() {
            if state.ended {
                throw LoadError(path: source.path, line: number, message: "a line after the end line: the summary was written twice into one file or edited")
            }
            if let table = SummaryTableLine.parse(source.buffer, start: start, end: end) {
                try state.take(table, line: number)
            } else {
                try state.take(reader.parse(start: start, end: end, number: number))
            }
            if let progress, number % Self.progressLines == 0 {
                try Task.checkCancellation()
                progress(LoadProgress(bytesRead: reader.bytesRead, totalBytes: source.buffer.count, inputs: state.inputs))
            }
        }
        guard state.ended else {
            throw LoadError(path: source.path, line: reader.lineCount,
                            message: "the summary is truncated: it ends after line \(reader.lineCount) without its end line (was the copy cut short?)")
        }
        return try state.finish()
    }
}

extension SummaryReader {
    /// Lines between progress reports (a few milliseconds of parsing).
    static let progressLines = 4_096
}

/// One parsed line and where it was.
struct SummaryLine {
    let number: Int
    let value: JSONValue
    let path: String

    func fail(_ message: String) -> LoadError { LoadError(path: path, line: number, message: message) }

    func member(_ key: String) throws -> JSONValue {
        guard let value = value.member(key) else { throw fail("missing \"\(key)\"") }
        return value
    }

    func count(_ key: String) throws -> Int { try SummaryLine.count(member(key), key, self) }

    static func count(_ value: JSONValue, _ key: String, _ line: SummaryLine) throws -> Int {
        guard case .number(let number) = value, number >= 0, number == number.rounded(), number < 9e15 else {
            throw line.fail("\"\(key)\" must be a whole number, 0 or more")
        }
        return Int(number)
    }

    func index(_ key: String, below limit: Int) throws -> Int {
        let value = try count(key)
        guard value < limit else { throw fail("\"\(key)\" is \(value); there are only \(limit)") }
        return value
    }

    func number(_ key: String) throws -> Double {
        guard case .number(let number) = try member(key) else { throw fail("\"\(key)\" must be a number") }
        return number
    }

    func string(_ key: String) throws -> String {
        guard case .string(let text) = try member(key) else { throw fail("\"\(key)\" must be a string") }
        return text
    }

    func array(_ key: String) throws -> [JSONValue] {
        guard case .array(let items) = try member(key) else { throw fail("\"\(key)\" must be an array") }
        return items
    }

    func counts(_ key: String, expected: Int) throws -> [Int] {
        let items = try array(key)
        guard items.count == expected else { throw fail("\"\(key)\" has \(items.count) entries for \(expected) concepts") }
        return try items.map { try SummaryLine.count($0, key, self) }
    }
}

/// Splits the bytes into lines and parses each as JSON. The file is mapped, and the pages of
/// the lines already read are handed back to the kernel as the reading moves on, so that its
/// memory is the summary's, not the file's (a 565 MB summary kept all its pages resident:
/// 852 MB at the peak, see BENCHMARKS.md).
struct LineReader {
    let source: SourceBytes
    private var position = 0
    private var released = 0
    private(set) var lineCount = 0

    init(source: SourceBytes) { self.source = source }

    /// Bytes consumed so far.
    var bytesRead: Int { min(position, source.buffer.count) }

    mutating func next() throws -> SummaryLine? {
        guard let (start, end, number) = try nextLine() else { return nil }
        return try parse(start: start, end: end, number: number)
    }

    /// The next line's bytes (`start ..< end`, without its line break) and number.
    mutating func nextLine() throws -> (start: Int, end: Int, number: Int)? {
        let bytes = source.buffer
        guard position < bytes.count, let base = bytes.baseAddress else { return nil }
        let start = position
        let lineBreak = memchr(base + start, 0x0A, bytes.count - start)
        let end = lineBreak.map { base.distance(to: UnsafeRawPointer($0)) } ?? bytes.count
        position = end + 1
        lineCount += 1
        if end == bytes.count {
            // The last line has no line break: the writer always ends lines, so it was cut.
            throw LoadError(path: source.path, line: lineCount,
                            message: "the summary is truncated: line \(lineCount) has no line break (was the copy cut short?)")
        }
        if start - released >= WideCSVSummarizer.releaseEvery {
            source.releasePages(released ..< start)
            released = start
        }
        return (start, end, lineCount)
    }

    /// The line on `start ..< end` as a JSON object.
    func parse(start: Int, end: Int, number: Int) throws -> SummaryLine {
        let bytes = source.buffer
        let lineCount = number
        var parser = JSONParser(bytes: bytes, start: start, end: end)
        do {
            let value = try parser.parseDocument()
            guard case .object = value else {
                throw LoadError(path: source.path, line: lineCount, message: "each line of a summary is a JSON object; this is \(value.kindName)")
            }
            return SummaryLine(number: lineCount, value: value, path: source.path)
        } catch let failure as ParseFailure {
            let column = (failure.offset ?? start) - start + 1
            throw LoadError(path: source.path, line: lineCount, column: column, message: failure.message)
        }
    }
}

/// What the lines read so far say, checked as they come.
struct SummaryState {
    let path: String
    let source: String
    let inputs: Int
    let mode: EvaluationMode
    let grid: SummaryGrid
    let statedBound: Double
    let concepts: [Concept]
    let fold: (values: [String], sizes: [Int], name: String)?
    let attributes: [(name: String, values: [String], sizes: [Int])]
    let top1Correct: Int?
    let withSize: [Int]
    let small: [Int]
    let multiLabelled: [Int]
    let extremes: Int
    let sampleSize: Int
    /// The S of `--suspects` (version 3; 0 before).
    let suspectLimit: Int
    /// Version 3's `"pair_tables": false` (at most 100 concepts): written without pair tables.
    let pairsLeftOut: Bool
    let version: Int
    /// The pair tables (version 2) being read.
    private var pairs: SummaryPairReading
    /// The counts at the asked thresholds (version 4; with `p` since 5) being read.
    private var countsAt: SummaryCountsAtReading
    private(set) var ended = false
    /// The drill-down rows read so far, with their line numbers (for the checks in `finish`).
    private var rows: [SummaryRow] = []
    private var rowLines: [Int] = []
    private var lines = 1
    /// The end line's number: where a check of the whole summary that no single line fails
    /// points (with the header, line 1, when the header states what is missing).
    private var endLine = 1
    /// The first line of each row of the confusion or co-occurrence matrix.
    private var matrixRowLines: [Int: Int] = [:]
    /// The `suspects` line and the `suspect` lines read so far (version 3).
    private var suspectsHeader: (line: Int, ranking: SuspectRanking, estimate: Int, candidates: Int, counts: [Int])?
    private var suspects: [Suspect] = []
    private var suspectLines: [Int] = []

    /// Tables being read: `[group][concept]` as (scores, positives, negatives).
    private var whole: [TableBuilder]
    private var foldTables: [[TableBuilder]]
    private var sliceTables: [[[TableBuilder]]]
    /// The last table line's place, so that the order is checked: (kind, attribute, value, concept).
    private var lastKey: (Int, Int, Int, Int)?
    private var lastScore = 0.0
    private var confusion: [Int: Int]?
    private var cooccurrence: [Int: Int]?
    private var scoreSums: [Int: Double]?
    private var lastMatrixKey: (String, Int)?

    struct TableBuilder {
        /// The table's first line (0 while it has none): where a count that does not add up points.
        var firstLine = 0
        var scores: [Double] = []
        var positives: [Int] = []
        var negatives: [Int] = []
        /// Positives and negatives so far, saturating at `Int.max`: every count is below 9e15
        /// (`SummaryLine.count`), but a table may have any number of lines.
        var total = 0
        var table: ScoreTable { ScoreTable(scores: scores, positives: positives, negatives: negatives) }
    }

    init(header: SummaryLine, path: String) throws {
        self.path = path
        guard case .string(let format)? = header.value.member("format"), format == SummaryFormat.name else {
            throw header.fail("not an evaltop summary: the first line has no \"format\":\"\(SummaryFormat.name)\"")
        }
        let version = try header.count("version")
        guard SummaryFormat.readableVersions.contains(version) else {
            throw header.fail("this summary is version \(version) of the format; this evaltop reads versions \(SummaryFormat.readableVersions.lowerBound) to \(SummaryFormat.readableVersions.upperBound) (make it again with this version's `evaltop summarize` or spark/evaltop_summary.py)")
        }
        self.version = version
        source = try header.string("source")
        let inputCount = try header.count("inputs")
        // The curves count in 32 bits (as a loaded file's do): a larger count is refused here,
        // and every count below is checked against it before it is added to another.
        guard inputCount <= Int(Int32.max) else {
            throw header.fail("\"inputs\" is \(inputCount); evaltop holds at most \(Int32.max) inputs")
        }
        inputs = inputCount
        let modeText = try header.string("mode")
        guard let mode = EvaluationMode(rawValue: modeText) else { throw header.fail("\"mode\" must be exclusive or multilabel, not \(modeText)") }
        self.mode = mode
        let gridText = try header.string("grid")
        guard let grid = SummaryGrid(rawValue: gridText) else {
            throw header.fail("\"grid\" must be one of \(SummaryGrid.allCases.map(\.rawValue).joined(separator: ", ")), not \(gridText)")
        }
        self.grid = grid
        statedBound = try header.number("auc_error_bound")
        concepts = try header.array("concepts").map { item in
            guard case .string(let id)? = item.member("id"), case .string(let name)? = item.member("name") else {
                throw header.fail("each of \"concepts\" needs a string \"id\" and \"name\"")
            }
            return Concept(id: id, name: name)
        }
        guard Set(concepts.map(\.id)).count == concepts.count else { throw header.fail("two concepts share an id") }
        func attribute(_ value: JSONValue, _ what: String) throws -> (name: String, values: [String], sizes: [Int]) {
            guard case .string(let name)? = value.member("name"), case .array(let values)? = value.member("values"),
                  case .array(let sizes)? = value.member("sizes"), values.count == sizes.count else {
                throw header.fail("\(what) needs \"name\", and \"values\" and \"sizes\" of one length")
            }
            let texts = try values.map { item -> String in
                guard case .string(let text) = item else { throw header.fail("\(what)'s values must be strings") }
                return text
            }
            let counts = try sizes.map { try SummaryLine.count($0, "sizes", header) }
            guard counts.allSatisfy({ $0 <= inputCount }), counts.reduce(0, +) <= inputCount else { throw header.fail("\(what)'s sizes add up to more than the \(inputCount) inputs") }
            return (name, texts, counts)
        }
        let foldValue = try header.member("fold")
        if case .null = foldValue { fold = nil } else {
            let parsed = try attribute(foldValue, "\"fold\"")
            fold = (parsed.values, parsed.sizes, parsed.name)
        }
        attributes = try header.array("attributes").map { try attribute($0, "an attribute") }
        if case .null = try header.member("top1_correct") { top1Correct = nil } else { top1Correct = try header.count("top1_correct") }
        if mode == .exclusive, top1Correct == nil { throw header.fail("an exclusive summary needs \"top1_correct\"") }
        if let top1Correct, top1Correct > inputs { throw header.fail("\"top1_correct\" is \(top1Correct), more than the \(inputs) inputs") }
        withSize = try header.counts("labelled_with_size", expected: concepts.count)
        small = try header.counts("labelled_small", expected: concepts.count)
        multiLabelled = try header.counts("multi_labelled", expected: concepts.count)
        // Written since the rows were added; a summary from before has none.
        extremes = header.value.member("extremes") == nil ? 0 : try header.count("extremes")
        sampleSize = header.value.member("sample") == nil ? 0 : try header.count("sample")
        suspectLimit = version < 3 ? 0 : try header.count("suspects")
        if version >= 3 {
            guard case .bool(let held) = try header.member("pair_tables") else { throw header.fail("\"pair_tables\" must be true or false") }
            pairsLeftOut = !held && concepts.count <= SummaryFormat.maximumDenseConcepts
        } else {
            pairsLeftOut = false
        }
        let c = concepts.count
        pairs = SummaryPairReading(version: version, conceptCount: c, leftOut: pairsLeftOut)
        countsAt = try SummaryCountsAtReading(header: header, version: version, conceptCount: c, pairTablesHeld: pairs.expected)
        whole = Array(repeating: TableBuilder(), count: c)
        foldTables = Array(repeating: Array(repeating: TableBuilder(), count: c), count: fold?.values.count ?? 0)
        sliceTables = attributes.map { Array(repeating: Array(repeating: TableBuilder(), count: c), count: $0.values.count) }
        if mode == .exclusive { confusion = [:] } else { cooccurrence = [:] }
    }

    mutating func take(_ line: SummaryLine) throws {
        lines += 1
        let kind = try line.string("t")
        let c = concepts.count
        switch kind {
        case "score", "fold", "slice":
            let rank = kind == "score" ? 0 : kind == "fold" ? 1 : 2
            var attribute = 0
            var value = 0
            if kind == "fold" {
                guard let fold else { throw line.fail("a fold table, but the header has no fold") }
                value = try line.index("v", below: fold.values.count)
            } else if kind == "slice" {
                attribute = try line.index("a", below: attributes.count)
                value = try line.index("v", below: attributes[attribute].values.count)
            }
            let concept = try line.index("c", below: c)
            let score = try line.number("s")
            guard score >= 0, score <= 1 else { throw line.fail("the score \(score) is outside [0, 1]") }
            let positives = try line.count("p")
            let negatives = try line.count("n")
            guard positives + negatives > 0 else { throw line.fail("a table line with no inputs (p and n both 0)") }
            let key = (rank, attribute, value, concept)
            let path = path
            try append(key: key, score: score, positives: positives, negatives: negatives, line: line.number) { LoadError(path: path, line: line.number, message: $0) }
        case "confusion", "cooccurrence", "score_sum":
            let row = try line.index("r", below: c)
            let column = try line.index("c", below: c)
            let key = row * c + column
            if !rows.isEmpty || pairs.started || countsAt.started { throw line.fail("a matrix line after the pair tables, the at lines or the rows") }
            if let lastMatrixKey, (lastMatrixKey.0 == kind && key <= lastMatrixKey.1) {
                throw line.fail("out of order or repeated: a matrix's cells must come by row, then column")
            }
            lastMatrixKey = (kind, key)
            if kind == "score_sum" {
                guard c <= SummaryFormat.maximumDenseConcepts else { throw line.fail("score sums with more than \(SummaryFormat.maximumDenseConcepts) concepts") }
                let sum = try line.number("sum")
                guard sum >= 0 else { throw line.fail("a score sum below 0") }
                scoreSums = scoreSums ?? [:]
                guard scoreSums![key] == nil else { throw line.fail("a repeated score-sum cell") }
                scoreSums![key] = sum
            } else {
                let count = try line.count("n")
                if kind == "confusion" {
                    guard confusion != nil else { throw line.fail("a confusion cell in a multilabel summary") }
                    guard confusion![key] == nil else { throw line.fail("a repeated confusion cell") }
                    confusion![key] = count
                    if matrixRowLines[row] == nil { matrixRowLines[row] = line.number }
                } else {
                    guard cooccurrence != nil else { throw line.fail("a co-occurrence cell in an exclusive summary") }
                    guard cooccurrence![key] == nil else { throw line.fail("a repeated co-occurrence cell") }
                    cooccurrence![key] = count
                    if matrixRowLines[row] == nil { matrixRowLines[row] = line.number }
                }
            }
        case "pair":
            if !rows.isEmpty || countsAt.started { throw line.fail("a pair line after the at lines or the rows") }
            try pairs.take(line, version: version) { [whole] in whole[$0].table }
        case "at":
            if !rows.isEmpty { throw line.fail("an at line after the rows") }
            if !countsAt.started { try checkWholeTables() }
            try countsAt.take(line, tables: { [whole] in whole.map(\.table) }, multiLabelled: multiLabelled, cooccurrence: cooccurrence)
        case "suspects":
            guard suspectLimit > 0 else { throw line.fail("a suspects line, but the header keeps no suspects (\"suspects\": 0)") }
            guard suspectsHeader == nil else { throw line.fail("a second suspects line") }
            let rankingText = try line.string("ranking")
            guard let ranking = SuspectRanking(rawValue: rankingText), ranking == SuspectFinder.defaultRanking else {
                throw line.fail("\"ranking\" must be \(SuspectFinder.defaultRanking.rawValue), not \(TerminalSafe.escape(rankingText))")
            }
            let estimate = try line.count("estimated_label_errors")
            let candidates = try line.count("candidates")
            let counts = try line.counts("counts", expected: c)
            guard estimate <= inputs * max(1, mode == .exclusive ? 1 : c) else { throw line.fail("\"estimated_label_errors\" is \(estimate), more than the inputs can have") }
            guard candidates <= inputs else { throw line.fail("\"candidates\" is \(candidates), more than the \(inputs) inputs") }
            guard counts.allSatisfy({ $0 <= candidates }), counts.reduce(0, +) <= candidates else { throw line.fail("\"counts\" add up to more than the \(candidates) candidates") }
            suspectsHeader = (line.number, ranking, estimate, candidates, counts)
        case "suspect":
            guard suspectsHeader != nil else { throw line.fail("a suspect line before the suspects line") }
            guard suspects.count < suspectLimit else { throw line.fail("more suspect lines than the header's \(suspectLimit)") }
            suspects.append(try SummarySuspectLine.parse(line, conceptCount: c, mode: mode, rows: rows))
            suspectLines.append(line.number)
        case "row":
            if suspectsHeader != nil { throw line.fail("a row after the suspects") }
            let row = try SummaryRowLine.parse(line, conceptCount: c, attributeCount: attributes.count)
            if let last = rows.last, !SummaryRowOrder.idPrecedes(last.id, row.id) {
                throw line.fail("out of order or repeated: rows must come by input id in UTF-8 byte order (\(TerminalSafe.escape(row.id)) after \(TerminalSafe.escape(last.id)))")
            }
            if let value = row.fold, !(fold?.values.contains(value) ?? false) {
                throw line.fail("the row's fold \(TerminalSafe.escape(value)) is not one of the header's fold values")
            }
            for (index, value) in row.meta.enumerated() where value != nil && !attributes[index].values.contains(value!) {
                throw line.fail("the row's \(TerminalSafe.escape(attributes[index].name)) \(TerminalSafe.escape(value!)) is not one of the header's values")
            }
            guard extremes > 0 || row.inSample || suspectLimit > 0 else { throw line.fail("a row that is not sampled, but the header keeps no extremes") }
            rows.append(row)
            rowLines.append(line.number)
        case "end":
            let stated = try line.count("lines")
            guard stated == lines else {
                throw line.fail("the end line counts \(stated) lines but the summary has \(lines): lines were lost or added")
            }
            ended = true
            endLine = line.number
        default:
            throw line.fail("unknown line kind \"\(kind)\" (this evaltop reads version \(SummaryFormat.version) of the format)")
        }
    }

    /// A table line read by `SummaryTableLine` (its shape, numbers and score range already
    /// checked): the checks of `take`'s JSON path, in its order, with its messages.
    mutating func take(_ table: SummaryTableLine, line: Int) throws {
        lines += 1
        let path = path
        if table.rank == 3 {
            if !rows.isEmpty || countsAt.started { throw LoadError(path: path, line: line, message: "a pair line after the at lines or the rows") }
            try pairs.take(table, version: version, line: line, path: path) { [whole] in whole[$0].table }
            return
        }
        let fail = { (message: String) in LoadError(path: path, line: line, message: message) }
        func index(_ key: String, _ value: Int, below limit: Int) throws -> Int {
            guard value < limit else { throw fail("\"\(key)\" is \(value); there are only \(limit)") }
            return value
        }
        var attribute = 0
        var value = 0
        if table.rank == 1 {
            guard let fold else { throw fail("a fold table, but the header has no fold") }
            value = try index("v", table.value, below: fold.values.count)
        } else if table.rank == 2 {
            attribute = try index("a", table.attribute, below: attributes.count)
            value = try index("v", table.value, below: attributes[attribute].values.count)
        }
        let concept = try index("c", table.concept, below: concepts.count)
        guard table.positives + table.negatives > 0 else { throw fail("a table line with no inputs (p and n both 0)") }
        try append(key: (table.rank, attribute, value, concept), score: table.score, positives: table.positives,
                   negatives: table.negatives, line: line, fail: fail)
    }

    /// Appends a table line after checking its place: (kind, attribute, value, concept).
    private mutating func append(key: (Int, Int, Int, Int), score: Double, positives: Int, negatives: Int,
                                 line: Int, fail: (String) -> LoadError) throws {
        if let lastKey {
            if key < lastKey {
                throw fail("out of order: tables must come as score, fold, slice lines, each by attribute, value and concept")
            }
            if key == lastKey, !(score < lastScore) {
                throw fail("out of order: a table's scores must be distinct and descending (\(score) after \(lastScore))")
            }
        }
        if lastMatrixKey != nil || pairs.started || countsAt.started { throw fail("a table line after the matrices") }
        if !rows.isEmpty { throw fail("a table line after the rows") }
        lastKey = key
        lastScore = score
        func append(_ table: inout TableBuilder) {
            table.total = SaturatingCount.sum(table.total, positives + negatives)
            if table.scores.isEmpty { table.firstLine = line }
            table.scores.append(score)
            table.positives.append(positives)
            table.negatives.append(negatives)
        }
        let (rank, attribute, value, concept) = key
        switch rank {
        case 0: append(&whole[concept])
        case 1: append(&foldTables[value][concept])
        default: append(&sliceTables[attribute][value][concept])
        }
    }

    /// Each concept's table counts the header's inputs: checked at the end, and before the at
    /// lines build curves from the tables (whose counts are 32-bit: a table counting more than
    /// the inputs, up to 9e15 a line, would not fit them).
    func checkWholeTables() throws {
        for (concept, table) in whole.enumerated() where table.total != inputs {
            throw LoadError(path: path, line: table.firstLine > 0 ? table.firstLine : 1,
                            message: "inconsistent summary: concept \(concepts[concept].name)'s table counts \(SaturatingCount.text(table.total)) inputs; the header says \(inputs)")
        }
    }

    /// Checks that the counts add up, then builds the summary.
    func finish() throws -> EvaluationSummary {
        // Each failure points at the line that states the count that does not add up: a table's
        // first line, a matrix row's, the header's (line 1), or the end line.
        let fail = { (line: Int, message: String) in LoadError(path: path, line: line, message: "inconsistent summary: " + message) }
        let header = 1
        try checkWholeTables()
        let positives = whole.map { $0.positives.reduce(0, +) }
        func checkGroups(_ tables: [[TableBuilder]], sizes: [Int], values: [String], what: String) throws {
            for (value, group) in tables.enumerated() {
                for (concept, table) in group.enumerated() where table.total != sizes[value] {
                    throw fail(table.firstLine > 0 ? table.firstLine : header, "\(what) \(values[value]): concept \(concepts[concept].name)'s table counts \(table.total) inputs; the header says \(sizes[value])")
                }
            }
        }
        if let fold { try checkGroups(foldTables, sizes: fold.sizes, values: fold.values, what: "fold") }
        for (index, attribute) in attributes.enumerated() {
            try checkGroups(sliceTables[index], sizes: attribute.sizes, values: attribute.values, what: attribute.name)
        }
        for concept in concepts.indices {
            guard withSize[concept] <= positives[concept], small[concept] <= withSize[concept],
                  multiLabelled[concept] <= positives[concept] else {
                throw fail(header, "concept \(concepts[concept].name)'s image-size or multi-label counts exceed its \(positives[concept]) positives")
            }
        }
        let c = concepts.count
        if let confusion {
            var rows = [Int](repeating: 0, count: c)
            for (key, count) in confusion { rows[key / c] = SaturatingCount.sum(rows[key / c], count) }
            if let concept = concepts.indices.first(where: { rows[$0] != positives[$0] }) {
                throw fail(matrixRowLines[concept] ?? endLine, "the confusion row of \(concepts[concept].name) counts \(rows[concept]) inputs; its table has \(positives[concept]) positives")
            }
        }
        if let cooccurrence, let concept = concepts.indices.first(where: { (cooccurrence[$0 * c + $0] ?? 0) != positives[$0] }) {
            throw fail(matrixRowLines[concept] ?? endLine, "the co-occurrence of \(concepts[concept].name) with itself is \(cooccurrence[concept * c + concept] ?? 0); its table has \(positives[concept]) positives")
        }
        try checkRows(positives: positives)
        let heldSuspects = try checkSuspects()
        let pairTables = try pairs.finish(path: path, concepts: concepts, positives: positives, cooccurrence: cooccurrence, endLine: endLine)
        let summary = EvaluationSummary(
            source: source, inputs: inputs, mode: mode, grid: grid, concepts: concepts,
            tables: whole.map(\.table),
            fold: fold.map { SummaryAttribute(name: $0.name, values: $0.values, sizes: $0.sizes, tables: foldTables.map { $0.map(\.table) }) },
            attributes: attributes.indices.map { index in
                SummaryAttribute(name: attributes[index].name, values: attributes[index].values, sizes: attributes[index].sizes,
                                 tables: sliceTables[index].map { $0.map(\.table) })
            },
            top1Correct: top1Correct, confusion: confusion, cooccurrence: cooccurrence, scoreSums: scoreSums,
            labelledWithSize: withSize, labelledSmall: small, multiLabelled: multiLabelled,
            extremes: extremes, sampleSize: sampleSize, rows: rows, pairTables: pairTables, suspects: heldSuspects,
            pairsLeftOut: pairsLeftOut,
            countsAt: try countsAt.finish(path: path, concepts: concepts, tables: whole.map(\.table), endLine: endLine))
        guard abs(summary.aucErrorBound - statedBound) <= 1e-9 else {
            throw fail(header, "the header's auc_error_bound \(statedBound) is not what the tables give (\(summary.aucErrorBound))")
        }
        return summary
    }
}

extension SummaryState {
    /// The rows against the tables: every score a row carries is in its concept's table on the
    /// row's side (positive or negative), each list holds its K (or all there are), the sample
    /// its N, and there are no more rows than the lists and the sample can hold.
    func checkRows(positives: [Int]) throws {
        let c = concepts.count
        let limit = 3 * extremes * c + sampleSize + suspectLimit
        if rows.count > limit {
            throw LoadError(path: path, line: rowLines[limit], message: "inconsistent summary: more rows than \(extremes) extremes × 3 lists × \(c) concepts + a sample of \(sampleSize) + \(suspectLimit) suspects can hold")
        }
        var heldPositives = [Int](repeating: 0, count: c)
        var heldNegatives = [Int](repeating: 0, count: c)
        for (index, row) in rows.enumerated() {
            let fail = { (message: String) in LoadError(path: path, line: rowLines[index], message: "inconsistent summary: " + message) }
            for concept in 0 ..< c {
                guard let score = row.score(of: concept) else { continue }
                let labelled = row.isLabelled(concept)
                if labelled { heldPositives[concept] += 1 } else { heldNegatives[concept] += 1 }
                let table = whole[concept]
                // Scores descend: the first index at or below `score`.
                var low = 0
                var high = table.scores.count
                while low < high {
                    let middle = (low + high) / 2
                    if table.scores[middle] > score { low = middle + 1 } else { high = middle }
                }
                let found = low < table.scores.count && table.scores[low] == score
                    && (labelled ? table.positives[low] : table.negatives[low]) > 0
                guard found else {
                    throw fail("input \(TerminalSafe.escape(row.id)) has score \(score) for \(TerminalSafe.escape(concepts[concept].name)) as a \(labelled ? "positive" : "negative"), which its table has no \(labelled ? "positive" : "negative") at")
                }
            }
        }
        let sampled = rows.filter(\.inSample).count
        guard sampled == min(sampleSize, inputs) else {
            throw LoadError(path: path, line: 1, message: "inconsistent summary: \(sampled) sampled rows; the header asks for \(sampleSize) of \(inputs) inputs")
        }
        guard extremes > 0 else { return }
        for concept in 0 ..< c {
            let negatives = inputs - positives[concept]
            // A positive is in two lists (lowest and highest), so min(K, P) rows at least.
            guard heldPositives[concept] >= min(extremes, positives[concept]), heldNegatives[concept] >= min(extremes, negatives) else {
                throw LoadError(path: path, line: endLine, message: "inconsistent summary: concept \(TerminalSafe.escape(concepts[concept].name)) has \(heldPositives[concept]) positive and \(heldNegatives[concept]) negative rows; its extremes need \(min(extremes, positives[concept])) and \(min(extremes, negatives))")
            }
        }
    }
}

extension SummaryState {
    /// The suspects against the header: a suspects line when it keeps some, and as many
    /// suspects as it asks for (or as there are).
    func checkSuspects() throws -> SummarySuspects? {
        guard suspectLimit > 0 else { return nil }
        guard let header = suspectsHeader else {
            throw LoadError(path: path, line: 1, message: "inconsistent summary: the header keeps \(suspectLimit) suspects but there is no suspects line")
        }
        let expected = min(suspectLimit, header.candidates)
        guard suspects.count == expected else {
            throw LoadError(path: path, line: suspectLines.last ?? header.line,
                            message: "inconsistent summary: \(suspects.count) suspect lines; the header asks for \(suspectLimit) of \(header.candidates) candidates")
        }
        let ids = Set(suspects.map(\.input))
        if ids.count < suspects.count {
            throw LoadError(path: path, line: header.line, message: "inconsistent summary: an input is listed twice among the suspects")
        }
        return SummarySuspects(ranking: header.ranking, limit: suspectLimit, estimatedLabelErrors: header.estimate,
                               candidates: header.candidates, confidentCounts: header.counts, ranked: suspects)
    }
}

/// Parses one `suspect` line against the rows (read before it): its `input` is its row's index.
enum SummarySuspectLine {
    static func parse(_ line: SummaryLine, conceptCount c: Int, mode: EvaluationMode, rows: [SummaryRow]) throws -> Suspect {
        let id = try line.string("id")
        // The rows are by id in UTF-8 byte order.
        var low = 0
        var high = rows.count
        while low < high {
            let middle = (low + high) / 2
            if SummaryRowOrder.idPrecedes(rows[middle].id, id) { low = middle + 1 } else { high = middle }
        }
        guard low < rows.count, rows[low].id.utf8.elementsEqual(id.utf8) else {
            throw line.fail("the suspect \(TerminalSafe.escape(id)) is not one of the rows")
        }
        let row = rows[low]
        let concept = try line.index("concept", below: c)
        var likelyConcept: Int?
        if case .null = try line.member("likely_concept") {} else { likelyConcept = try line.index("likely_concept", below: c) }
        guard (likelyConcept == nil) == (mode == .multilabel) else {
            throw line.fail(mode == .exclusive ? "an exclusive suspect needs a \"likely_concept\"" : "a multilabel suspect's \"likely_concept\" is null")
        }
        func concepts(_ key: String) throws -> [Int] {
            var result: [Int] = []
            for item in try line.array(key) {
                let value = try SummaryLine.count(item, key, line)
                guard value < c else { throw line.fail("\"\(key)\" names concept \(value); there are only \(c)") }
                if let last = result.last, last >= value { throw line.fail("\"\(key)\" must be distinct concept indices, ascending") }
                result.append(value)
            }
            return result
        }
        let given = try concepts("given")
        let likely = try concepts("likely")
        let expectedGiven = mode == .exclusive ? [concept] : row.labels.map(Int.init)
        guard given == expectedGiven, row.labels.map(Int.init) == (mode == .exclusive ? [concept] : given) else {
            throw line.fail("the suspect's \"given\" labels are not its row's labels")
        }
        func score(_ key: String) throws -> Double {
            let value = try line.number(key)
            guard value >= 0, value <= 1 else { throw line.fail("\"\(key)\" must be from 0 to 1") }
            return value
        }
        let givenScore = try score("given_score")
        let likelyScore = try score("likely_score")
        if let held = row.score(of: concept) {
            let expected = row.isLabelled(concept) ? held : 1 - held
            guard expected == givenScore else {
                throw line.fail("\"given_score\" is \(givenScore); the row's score for its concept says \(expected)")
            }
        }
        var margin = Double.infinity
        if case .null = try line.member("margin") {} else { margin = try line.number("margin") }
        let suspicion = try line.number("suspicion")
        return Suspect(input: low, givenLabels: given, likelyLabels: likely, concept: concept, likelyConcept: likelyConcept,
                       givenScore: givenScore, likelyScore: likelyScore, margin: margin, suspicion: suspicion)
    }
}

/// Parses one `row` line.
enum SummaryRowLine {
    static func parse(_ line: SummaryLine, conceptCount c: Int, attributeCount: Int) throws -> SummaryRow {
        let id = try line.string("id")
        guard !id.isEmpty else { throw line.fail("a row with an empty \"id\"") }
        var labels: [Int32] = []
        for item in try line.array("labels") {
            let label = try SummaryLine.count(item, "labels", line)
            guard label < c else { throw line.fail("the label \(label) is not a concept (there are \(c))") }
            if let last = labels.last, Int(last) >= label { throw line.fail("\"labels\" must be distinct concept indices, ascending") }
            labels.append(Int32(label))
        }
        func score(_ value: JSONValue) throws -> Double {
            guard case .number(let number) = value, number >= 0, number <= 1 else { throw line.fail("each score must be a number from 0 to 1") }
            return number
        }
        var scores: [Double] = []
        var scoreConcepts: [Int32]?
        let items = try line.array("scores")
        if c <= SummaryFormat.maximumDenseConcepts {
            guard items.count == c else { throw line.fail("\"scores\" has \(items.count) entries for \(c) concepts") }
            scores = try items.map(score)
        } else {
            var concepts: [Int32] = []
            for item in items {
                guard case .array(let pair) = item, pair.count == 2 else { throw line.fail("with more than \(SummaryFormat.maximumDenseConcepts) concepts, \"scores\" holds [concept, score] pairs") }
                let concept = try SummaryLine.count(pair[0], "scores", line)
                guard concept < c else { throw line.fail("the concept \(concept) in \"scores\" is not one (there are \(c))") }
                if let last = concepts.last, Int(last) >= concept { throw line.fail("\"scores\" pairs must be by concept, ascending and distinct") }
                concepts.append(Int32(concept))
                scores.append(try score(pair[1]))
            }
            for label in labels where !concepts.contains(label) { throw line.fail("\"scores\" lacks the score of the row's label \(label)") }
            scoreConcepts = concepts
        }
        guard case .bool(let inSample) = try line.member("sample") else { throw line.fail("\"sample\" must be true or false") }
        func text(_ key: String) throws -> String? {
            switch try line.member(key) {
            case .null: return nil
            case .string(let value): return value
            default: throw line.fail("\"\(key)\" must be a string or null")
            }
        }
        func pixels(_ key: String) throws -> Int32? {
            let value = try line.member(key)
            if case .null = value { return nil }
            let count = try SummaryLine.count(value, key, line)
            guard count <= Int(Int32.max) else { throw line.fail("\"\(key)\" is too large") }
            return Int32(count)
        }
        let meta = try line.array("meta").map { item -> String? in
            switch item {
            case .null: return nil
            case .string(let value): return value
            default: throw line.fail("\"meta\" values must be strings or null")
            }
        }
        guard meta.count == attributeCount else { throw line.fail("\"meta\" has \(meta.count) values for the header's \(attributeCount) attributes") }
        return SummaryRow(id: id, labels: labels, scores: scores, scoreConcepts: scoreConcepts, inSample: inSample,
                          url: try text("url"), text: try text("text"), width: try pixels("width"), height: try pixels("height"),
                          fold: try text("fold"), meta: meta)
    }
}

/// Sums of a summary's counts that cannot overflow: each count is below 9e15, but a table or a
/// matrix row may add any number of them; past `Int.max` the sum stays there (it is then an
/// error anyway: no count of a summary can pass its inputs).
enum SaturatingCount {
    static func sum(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }

    static func text(_ count: Int) -> String { count == Int.max ? "more than \(Int.max)" : "\(count)" }
}
