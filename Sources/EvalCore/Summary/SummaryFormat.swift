import Foundation

/// The `.evalsum` file, version 5: UTF-8 JSON Lines, one object per line, written identically
/// (field for field, in this order) by `evaltop summarize` and `spark/evaltop_summary.py`.
/// README's "Evaluation summaries" documents it for users.
///
/// 1. The header: `{"format":"evaltop-summary","version":5,"source","inputs","mode","grid",
///    "auc_error_bound","concepts":[{"id","name"}],"fold":{"name","values","sizes"}|null,
///    "attributes":[{"name","values","sizes"}],"top1_correct","labelled_with_size",
///    "labelled_small","multi_labelled","extremes","sample","suspects","pair_tables",
///    "count_thresholds"}` (the three counts 0 when absent; `suspects` and `pair_tables` since
///    version 3: whether the pair tables are there, false past `--pairs`, `SummaryPairLimit`;
///    `count_thresholds` since version 4: `[{"name","global","concepts":[[concept,threshold],…]}]`,
///    the sets `--count-thresholds` asked for, overrides by concept ascending, empty when the
///    summary has pair tables).
/// 2. Score tables, one line per distinct score (or grid cell), each table descending by score:
///    `{"t":"score","c":concept,"s":score,"p":positives,"n":negatives}` for every concept, then
///    `{"t":"fold","v":value,…}` per fold value and `{"t":"slice","a":attribute,"v":value,…}`
///    per attribute value (indices into the header's lists).
/// 3. Matrices, non-zero cells by row then column: `{"t":"confusion","r","c","n"}` (exclusive),
///    `{"t":"cooccurrence","r","c","n"}` (multilabel), `{"t":"score_sum","r","c","sum"}` (at most
///    100 concepts; rows of concepts with positives).
/// 3b. Pair tables (version 2, at most 100 concepts), per pair of concepts r ≠ c with inputs
///    labelled r, by r then c, each table descending by score: `{"t":"pair","r","c","s","p","n"}`,
///    concept c's distinct scores (or grid cells) over the inputs labelled r, `p` of them also
///    labelled c and `n` not. The counts-at-threshold matrix at any threshold is their cumulated
///    sum (`SummaryPairCounts`), and multilabel `confused_with` the sum of `n`. A version 1
///    summary (no pair lines) is still read; what needs them says it is not held.
/// 3c. Counts at the asked thresholds (version 4, only without pair tables), non-zero cells by
///    set, then row, then column: `{"t":"at","k":set,"r","c","n","p"}`, the `n` inputs labelled r
///    whose score (rounded to the grid) for c is ≥ c's threshold in the header's set k
///    (`SummaryCountsAt`), `p` of them also labelled c (version 5: multilabel `confused_with`
///    counts the n − p others; on the diagonal p = n); the diagonal is r's true positives, which
///    r's score table gives. A version 4 summary's at lines have no `p`: read, and written back
///    as version 4 (`SummaryCountsAt.alsoLabelled` nil), its confusions are not judged there.
/// 4. Rows for the drill-down (absent from summaries written before them, and with
///    `--extremes 0 --sample 0`), by id in UTF-8 byte order, each input once:
///    `{"t":"row","id","labels":[concept…],"scores","sample":bool,"url","text","width","height",
///    "fold","meta":[value|null per header attribute]}` (null where the input has none).
///    `scores` holds every concept's score (rounded to the grid) when there are at most 100
///    concepts, else `[[concept,score],…]` for the concepts whose lists hold the row and its
///    labels. The header's `extremes` (K) and `sample` (N) say what was kept: per concept the K
///    lowest-scored positives, K highest-scored negatives and K highest-scored positives (ties by
///    id in UTF-8 byte order, `SummaryRowOrder`), and the N inputs with the smallest SHA-256 of
///    the id (`sample` true). At most 3·K·C + N rows.
/// 4b. Suspects (version 3, `--suspects S`, absent with 0): `{"t":"suspects","ranking",
///    "estimated_label_errors","candidates","counts":[per concept]}` (the label-error estimate,
///    how many suspects the file's ranking has, and per concept those that confidently belong
///    to another concept: `suspect_labels`), then the first min(S, candidates) suspects, most
///    suspicious first: `{"t":"suspect","id","concept","likely_concept"|null,"given":[concept…],
///    "likely":[concept…],"given_score","likely_score","margin","suspicion"}`, each one of the
///    rows (the rows then hold at most S more). As `evaltop suspects FILE --json` gives them
///    (on the scores rounded to the grid): `SummarySuspects`, `SummarySuspectPass`.
/// 5. The trailer `{"t":"end","lines":N}`, N counting every line including itself: a summary cut
///    short is detected, never read as a smaller evaluation.
public enum SummaryFormat {
    public static let name = "evaltop-summary"
    public static let version = 5
    /// Versions this evaltop reads: 1 lacks the pair tables (`EvaluationSummary.pairTables` nil),
    /// 1 and 2 the suspects (`EvaluationSummary.suspects` nil), 1 to 3 the counts at asked
    /// thresholds (`EvaluationSummary.countsAt` empty), 4 their part labelled the column's
    /// concept too (`SummaryCountsAt.alsoLabelled` nil).
    public static let readableVersions = 1 ... 5
    /// The version whose at lines carry `p` (`SummaryCountsAt.alsoLabelled`).
    static let versionWithAlsoLabelled = 5

    /// The version `summary` is written as: the current one, but 4 when it holds counts at
    /// asked thresholds read from a version 4 summary, whose at lines have no `p` to write (so
    /// that such a summary written back reads back the same).
    static func version(writing summary: EvaluationSummary) -> Int {
        summary.countsAt.contains { $0.alsoLabelled == nil } ? versionWithAlsoLabelled - 1 : version
    }
    /// Score sums (the mean-score matrix) are kept up to this many concepts (C² lines).
    public static let maximumDenseConcepts = 100

    /// True when the bytes start like a summary's header (the commands use it to tell a
    /// summary from an evaluation file, whatever its extension).
    public static func looksLikeSummary(prefix: [UInt8]) -> Bool {
        let text = String(decoding: prefix.prefix(200), as: UTF8.self)
        return text.hasPrefix("{\"format\":\"\(name)\"")
    }

    /// The `source` of the summary at `path` (the file it summarises, as given to `summarize`
    /// or the Spark job), read from its header line alone; nil when it has none. The UI keys a
    /// summary's flags journal by it, so that flags land where `evaltop SOURCE` and `flags
    /// --apply` find them.
    public static func source(path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var header: [UInt8] = []
        // The header grows with the concepts' names and the attribute values: read to its line break.
        while header.count < 256 << 20, let chunk = try? handle.read(upToCount: 1 << 16), !chunk.isEmpty {
            if let end = chunk.firstIndex(of: 0x0A) {
                header += chunk[chunk.startIndex ..< end]
                break
            }
            header += chunk
        }
        let value: JSONValue? = header.withUnsafeBytes { bytes in
            var parser = JSONParser(bytes: bytes, start: 0, end: bytes.count)
            return try? parser.parseDocument()
        }
        guard case .string(let source)? = value?.member("source"), !source.isEmpty else { return nil }
        return source
    }

    /// True when the file at `path` starts like a summary.
    public static func isSummary(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let bytes = (try? handle.read(upToCount: 64)) ?? Data()
        return looksLikeSummary(prefix: Array(bytes))
    }
}

/// `--pairs auto|off|N`: how many pair lines (`{"t":"pair"}`) a summary may hold, the same in
/// `evaltop summarize` and the Spark job. Past the limit the summary holds none (`pair_tables`
/// false in the header), and the counts-at-threshold matrix says why it is not there.
public enum SummaryPairLimit {
    /// 5,000,000 lines, about 250 MB: 1M inputs × 20 concepts on the 1e-4 grid keeps its pair
    /// tables (3.8M lines at most), 100 concepts on it (up to 10⁸ lines) does not.
    public static let automatic = 5_000_000

    /// The limit `--pairs` asks for: auto, off (0) or a whole number of lines; nil when unreadable.
    public static func parse(_ text: String) -> Int? {
        switch text {
        case "auto": return automatic
        case "off": return 0
        default:
            guard let value = Int(text), value >= 0 else { return nil }
            return value
        }
    }
}

/// Writes an `EvaluationSummary` in `SummaryFormat`.
public enum SummaryWriter {
    /// The summary's text to `emit`, about a megabyte at a time, each piece whole lines (so a
    /// large one is never one string).
    public static func write(_ summary: EvaluationSummary, emit: (String) throws -> Void) rethrows {
        try writeBytes(summary) { try emit(String(decoding: $0, as: UTF8.self)) }
    }

    /// How many bytes `writeBytes` gathers before it hands them on.
    static let pieceSize = 1 << 20

    /// The summary's UTF-8 bytes to `emit`, a piece of at least `pieceSize` bytes at a time (the
    /// last one shorter), each ending at a line's end.
    static func writeBytes(_ summary: EvaluationSummary, emit: ([UInt8]) throws -> Void) rethrows {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(pieceSize + (1 << 16))
        var lines = 0
        func lineEnded() throws {
            lines += 1
            if buffer.count >= pieceSize {
                try emit(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        func line(_ pairs: [(String, String)]) throws {
            buffer.append(contentsOf: JSONText.object(pairs).utf8)
            buffer.append(UInt8(ascii: "\n"))
            try lineEnded()
        }
        let n = JSONText.number as (Int?) -> String
        let d = JSONText.number as (Double?) -> String
        func attribute(_ attribute: SummaryAttribute) -> String {
            JSONText.object([("name", JSONText.string(attribute.name)),
                             ("values", JSONText.array(attribute.values.map(JSONText.string))),
                             ("sizes", JSONText.array(attribute.sizes.map(n)))])
        }
        try line([
            ("format", JSONText.string(SummaryFormat.name)),
            ("version", n(SummaryFormat.version(writing: summary))),
            ("source", JSONText.string(summary.source)),
            ("inputs", n(summary.inputs)),
            ("mode", JSONText.string(summary.mode.rawValue)),
            ("grid", JSONText.string(summary.grid.rawValue)),
            ("auc_error_bound", d(summary.aucErrorBound)),
            ("concepts", JSONText.array(summary.concepts.map {
                JSONText.object([("id", JSONText.string($0.id)), ("name", JSONText.string($0.name))])
            })),
            ("fold", summary.fold.map(attribute) ?? "null"),
            ("attributes", JSONText.array(summary.attributes.map(attribute))),
            ("top1_correct", n(summary.top1Correct)),
            ("labelled_with_size", JSONText.array(summary.labelledWithSize.map(n))),
            ("labelled_small", JSONText.array(summary.labelledSmall.map(n))),
            ("multi_labelled", JSONText.array(summary.multiLabelled.map(n))),
            ("extremes", n(summary.extremes)),
            ("sample", n(summary.sampleSize)),
            ("suspects", n(summary.suspects?.limit ?? 0)),
            ("pair_tables", summary.pairTables != nil ? "true" : "false"),
            ("count_thresholds", JSONText.array(summary.countsAt.map { held in
                JSONText.object([("name", JSONText.string(held.set.name)), ("global", d(held.set.thresholds.global)),
                                 ("concepts", JSONText.array(held.set.thresholds.perConcept.keys.sorted().map {
                                     JSONText.array([n($0), d(held.set.thresholds.perConcept[$0]!)])
                                 }))])
            })),
        ])
        // The table lines byte by byte (`SummaryLineBytes`), the same text `line` would give.
        typealias Bytes = SummaryLineBytes
        func tables(_ tables: [ScoreTable], prefix: (inout [UInt8]) -> Void) throws {
            for (concept, table) in tables.enumerated() {
                for k in table.scores.indices {
                    prefix(&buffer)
                    Bytes.append("\"c\":", to: &buffer)
                    Bytes.append(concept, to: &buffer)
                    Bytes.append(",", to: &buffer)
                    Bytes.appendCell(score: table.scores[k], positives: table.positives[k], negatives: table.negatives[k], to: &buffer)
                    try lineEnded()
                }
            }
        }
        try tables(summary.tables) { Bytes.append("{\"t\":\"score\",", to: &$0) }
        if let fold = summary.fold {
            for (value, valueTables) in fold.tables.enumerated() {
                try tables(valueTables) {
                    Bytes.append("{\"t\":\"fold\",\"v\":", to: &$0)
                    Bytes.append(value, to: &$0)
                    Bytes.append(",", to: &$0)
                }
            }
        }
        for (index, attribute) in summary.attributes.enumerated() {
            for (value, valueTables) in attribute.tables.enumerated() {
                try tables(valueTables) {
                    Bytes.append("{\"t\":\"slice\",\"a\":", to: &$0)
                    Bytes.append(index, to: &$0)
                    Bytes.append(",\"v\":", to: &$0)
                    Bytes.append(value, to: &$0)
                    Bytes.append(",", to: &$0)
                }
            }
        }
        let c = summary.concepts.count
        for (kind, cells) in [("confusion", summary.confusion), ("cooccurrence", summary.cooccurrence)] {
            guard let cells else { continue }
            for key in cells.keys.sorted() where cells[key]! != 0 {
                try line([("t", JSONText.string(kind)), ("r", n(key / c)), ("c", n(key % c)), ("n", n(cells[key]!))])
            }
        }
        if let sums = summary.scoreSums {
            for key in sums.keys.sorted() {
                try line([("t", "\"score_sum\""), ("r", n(key / c)), ("c", n(key % c)), ("sum", d(sums[key]!))])
            }
        }
        if let pairs = summary.pairTables {
            for key in pairs.keys.sorted() {
                let table = pairs[key]!
                for k in table.scores.indices {
                    Bytes.append("{\"t\":\"pair\",\"r\":", to: &buffer)
                    Bytes.append(key / c, to: &buffer)
                    Bytes.append(",\"c\":", to: &buffer)
                    Bytes.append(key % c, to: &buffer)
                    Bytes.append(",", to: &buffer)
                    Bytes.appendCell(score: table.scores[k], positives: table.positives[k], negatives: table.negatives[k], to: &buffer)
                    try lineEnded()
                }
            }
        }
        for (index, held) in summary.countsAt.enumerated() {
            for cell in held.counts.nonZeroCells {
                var fields = [("t", "\"at\""), ("k", n(index)), ("r", n(cell.row)), ("c", n(cell.column)), ("n", n(cell.count))]
                if let also = held.alsoLabelled { fields.append(("p", n(cell.row == cell.column ? cell.count : also[cell.row, cell.column]))) }
                try line(fields)
            }
        }
        for row in summary.rows {
            let scores = row.scoreConcepts.map { concepts in
                JSONText.array(zip(concepts, row.scores).map { JSONText.array([n(Int($0.0)), d($0.1)]) })
            } ?? JSONText.array(row.scores.map(d))
            let text = { (value: String?) in value.map(JSONText.string) ?? "null" }
            try line([("t", "\"row\""), ("id", JSONText.string(row.id)),
                      ("labels", JSONText.array(row.labels.map { n(Int($0)) })), ("scores", scores),
                      ("sample", row.inSample ? "true" : "false"), ("url", text(row.url)), ("text", text(row.text)),
                      ("width", n(row.width.map(Int.init))), ("height", n(row.height.map(Int.init))),
                      ("fold", text(row.fold)), ("meta", JSONText.array(row.meta.map(text)))])
        }
        if let suspects = summary.suspects {
            try line([("t", "\"suspects\""), ("ranking", JSONText.string(suspects.ranking.rawValue)),
                      ("estimated_label_errors", n(suspects.estimatedLabelErrors)), ("candidates", n(suspects.candidates)),
                      ("counts", JSONText.array(suspects.confidentCounts.map(n)))])
            for suspect in suspects.ranked {
                try line([("t", "\"suspect\""), ("id", JSONText.string(summary.rows[suspect.input].id)), ("concept", n(suspect.concept)),
                          ("likely_concept", n(suspect.likelyConcept)), ("given", JSONText.array(suspect.givenLabels.map(n))),
                          ("likely", JSONText.array(suspect.likelyLabels.map(n))), ("given_score", d(suspect.givenScore)),
                          ("likely_score", d(suspect.likelyScore)), ("margin", d(suspect.margin)), ("suspicion", d(suspect.suspicion))])
            }
        }
        try line([("t", "\"end\""), ("lines", n(lines + 1))])
        if !buffer.isEmpty { try emit(buffer) }
    }

    /// Writes the summary to `path` (through a buffered stream), replacing it.
    public static func write(_ summary: EvaluationSummary, to path: String) throws(LoadError) {
        guard let stream = OutputStream(toFileAtPath: path, append: false) else {
            throw LoadError(path: path, message: SmallFile.writeProblem(path: path) ?? "cannot write the summary")
        }
        stream.open()
        defer { stream.close() }
        func write(_ buffer: [UInt8]) throws(LoadError) {
            var offset = 0
            while offset < buffer.count {
                let written = buffer[offset...].withUnsafeBufferPointer { stream.write($0.baseAddress!, maxLength: $0.count) }
                guard written > 0 else {
                    throw LoadError(path: path, message: SmallFile.writeProblem(path: path) ?? "cannot write the summary (\(stream.streamError?.localizedDescription ?? "write failed"))")
                }
                offset += written
            }
        }
        do {
            try writeBytes(summary) { piece in try write(piece) }
        } catch let error as LoadError {
            throw error
        } catch {
            throw LoadError(path: path, message: "cannot write the summary")
        }
    }
}
