/// `evaltop summarize` on a Clarifai evaluation document without loading it. The document is
/// one JSON value, but its bulk is the test_set array, so:
/// 1. a skim (`JSONSkim`) finds where that array starts, wherever the keys around it are;
/// 2. the loader's parser reads the whole document, handing test_set's entries one at a time
///    (`JSONParser.streamedArray`) to the loader's own entry checks (`ClarifaiLoader.entry`),
///    which number the concepts and give their column order (`ConceptOrder`): every error is
///    the loader's, met in the loader's order (JSON syntax anywhere, then the document's shape,
///    then the first bad entry);
/// 3. the array is read again, entry by entry, into the sink in those columns.
/// Memory: the summary, the concepts and their orderings, one entry, the file's pages while
/// they are read (handed back as the reading moves on), and the hashes of the ids to find a
/// duplicate (`IDHashSet`: bounded, spilled to temporary files past its limit). The reads for the suspects (`SummarySuspectPass`) repeat step 3
/// only (`Plan`).
enum ClarifaiSummarizer {
    /// What the first read learns: where test_set is, its concepts and their columns.
    struct Plan {
        let fileSize: Int
        let arrayStart: Int
        /// How many arrays and objects enclose test_set's array.
        let arrayDepth: Int
        let testSetKeyOffset: Int?
        let concepts: ClarifaiConcepts
        let columns: ClarifaiColumns
        let inputs: Int
    }

    /// The summary of the Clarifai document at `path`; nil when it is not one, or when the
    /// loader must say what is wrong or be sure (two ids with one hash: the loader then reports
    /// the duplicate with both places, or finds it was a hash collision; a test_set the skim
    /// does not find, which only a document without an array there has).
    static func summarize(path: String, options: LoadOptions, grid: SummaryGrid, rows: SummaryRowOptions = .none) throws -> EvaluationSummary? {
        var plan: Plan?
        return try read(path: path, options: options, plan: &plan) { concepts, hasFold, attributeNames in
            SummaryBuilder(concepts: concepts, grid: grid, hasFold: hasFold, attributeNames: attributeNames, rows: rows)
        }?.finish(source: path, mode: options.mode)
    }

    /// Feeds every input to the sink `makeSink` makes (see `WideCSVSummarizer.read`). `plan`:
    /// nil on the first read, which fills it; later reads of the same file (the suspects'
    /// passes) go straight to the entries.
    static func read<Sink: SummaryInputSink>(path: String, options: LoadOptions, plan: inout Plan?,
                                             makeSink: ([Concept], Bool, [String]) -> Sink) throws -> Sink? {
        try SummarizerSource.read(path, ifFormat: .clarifai, options: options) { source in
            try read(source, plan: &plan, makeSink: makeSink)
        }
    }

    /// The same on bytes already opened (the fuzz target's). `releaseEvery`: how many bytes are
    /// read between two hand-backs of the pages behind (small in tests, to reach that code).
    static func read<Sink: SummaryInputSink>(_ source: SourceBytes, plan: inout Plan?, releaseEvery: Int = WideCSVSummarizer.releaseEvery,
                                             makeSink: ([Concept], Bool, [String]) -> Sink) throws -> Sink? {
        do throws(ParseFailure) {
            if plan == nil {
                plan = try self.plan(source, releaseEvery: releaseEvery)
            } else if plan?.fileSize != source.count {
                return nil
            }
            guard let plan else { return nil }
            return try feed(source, plan: plan, releaseEvery: releaseEvery, into: makeSink(plan.columns.concepts, false, []))
        } catch {
            throw error.loadError(in: source)
        }
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Steps 1 and 2: the document checked as the loader checks it, in memory for one entry.
    private static func plan(_ source: SourceBytes, releaseEvery: Int) throws(ParseFailure) -> Plan? {
        let bytes = source.buffer
        let documentOffset = JSONParser.documentStart(bytes)
        guard let testSet = locateTestSet(source, documentOffset: documentOffset, releaseEvery: releaseEvery) else { return nil }

        var concepts = ClarifaiConcepts()
        var order = ConceptOrder()
        var count = 0
        var firstBadEntry: ParseFailure?
        var idHashes = IDHashSet()
        var duplicate = false
        var released = 0
        var parser = JSONParser(bytes: bytes, start: bytes.starts(with: byteOrderMark) ? 3 : 0, end: bytes.count)
        parser.streamedArray = (testSet.arrayStart, { element, end in
            defer { count += 1 }
            // The loader stops at the first bad entry, but only after the whole document has
            // parsed: a syntax error further on comes first.
            if firstBadEntry == nil {
                do throws(ParseFailure) {
                    let entry = try ClarifaiLoader.entry(element, number: count, testSetKeyOffset: testSet.keyOffset, concepts: &concepts)
                    order.add(entry.scores.lazy.map(\.0))
                    var id = entry.id
                    let idHash = id.withUTF8 { ByteNameTable.hash(UnsafeRawBufferPointer($0)) }
                    duplicate = duplicate || !idHashes.insert(idHash)
                } catch {
                    firstBadEntry = error
                }
            }
            if end - released >= releaseEvery {
                source.releasePages(released ..< end)
                released = end
            }
        })
        let document = try parser.parseDocument()
        let metrics = try ClarifaiLoader.metrics(of: document, documentOffset: documentOffset)
        // The skim mirrors `JSONValue.member`, so this holds on any document that parses; if it
        // did not, the loader decides.
        guard metrics.memberKeyOffset("test_set") == testSet.keyOffset,
              case .array(let kept)? = metrics.member("test_set"), kept.isEmpty else { return nil }
        try ClarifaiLoader.requireEntries(count, in: metrics)
        if let firstBadEntry { throw firstBadEntry }
        // Every error of the document comes before a duplicate id (the loader checks ids last).
        guard !duplicate, idHashes.finish() else { return nil }
        let columns = ClarifaiColumns(order: order.order(count: concepts.list.count), concepts: concepts.list)
        return Plan(fileSize: bytes.count, arrayStart: testSet.arrayStart, arrayDepth: testSet.arrayDepth,
                    testSetKeyOffset: testSet.keyOffset, concepts: concepts, columns: columns, inputs: count)
    }

    /// Where `ClarifaiLoader.metrics(of:)` and `testSet(in:)` would find test_set's array, found
    /// by skimming; nil when it is not an array (or the document is no object, or breaks
    /// first).
    private static func locateTestSet(_ source: SourceBytes, documentOffset: Int, releaseEvery: Int) -> (arrayStart: Int, arrayDepth: Int, keyOffset: Int)? {
        let skim = JSONSkim(bytes: source.buffer, reportEvery: releaseEvery) { source.releasePages($0) }
        let bytes = source.buffer
        func isObject(_ offset: Int) -> Bool { offset < bytes.count && bytes[offset] == UInt8(ascii: "{") }
        guard isObject(documentOffset) else { return nil }
        // `model_version.metrics`, else `eval_metrics`, else the document: each looked up on its
        // own, so that a key found before test_set ends the scan of its object there.
        var metrics = (start: documentOffset, depth: 0)
        if let version = skim.members(ofObjectAt: documentOffset, named: ["model_version"])[0], isObject(version.valueStart),
           let inner = skim.members(ofObjectAt: version.valueStart, named: ["metrics"])[0] {
            metrics = (inner.valueStart, 2)
        } else if let evalMetrics = skim.members(ofObjectAt: documentOffset, named: ["eval_metrics"])[0] {
            metrics = (evalMetrics.valueStart, 1)
        }
        guard let testSet = skim.members(ofObjectAt: metrics.start, named: ["test_set"])[0],
              testSet.valueStart < bytes.count, bytes[testSet.valueStart] == UInt8(ascii: "[") else { return nil }
        return (testSet.valueStart, metrics.depth + 1, testSet.keyOffset)
    }

    /// Step 3: every entry into `sink`; nil when the file no longer matches `plan`.
    private static func feed<Sink: SummaryInputSink>(_ source: SourceBytes, plan: Plan, releaseEvery: Int, into sink: Sink) throws(ParseFailure) -> Sink? {
        let bytes = source.buffer
        guard plan.arrayStart < bytes.count, bytes[plan.arrayStart] == UInt8(ascii: "[") else { return nil }
        var sink = sink
        var concepts = plan.concepts
        var number = 0
        var changed = false
        var released = 0
        var row = [Double](repeating: 0, count: plan.columns.concepts.count)
        var parser = JSONParser(bytes: bytes, start: plan.arrayStart, end: bytes.count, depth: plan.arrayDepth)
        try parser.forEachElement { element, end throws(ParseFailure) in
            guard !changed else { return }
            let entry = try ClarifaiLoader.entry(element, number: number, testSetKeyOffset: plan.testSetKeyOffset, concepts: &concepts)
            number += 1
            guard plan.columns.covers(entry) else { changed = true; return }
            plan.columns.fill(&row, with: entry)
            // The loaded evaluation keeps each label once, ascending (`SparseEvaluationBuilder`).
            let labels = Array(Set(plan.columns.labels(of: entry))).sorted()
            row.withUnsafeBufferPointer { scores in
                sink.add(scores: scores, labels: labels, fold: nil, attributeValues: [],
                         width: entry.width ?? -1, height: entry.height ?? -1, id: entry.id, url: entry.url, text: entry.text)
            }
            if end - released >= releaseEvery {
                source.releasePages(released ..< end)
                released = end
            }
        }
        guard !changed, number == plan.inputs else { return nil }
        return sink
    }
}

/// The reads of one Clarifai document by `SummaryBuilder.summary(path:)`: the summary's, then
/// the suspects' passes, which reuse the first read's `Plan` (as `LongCSVReading` reuses its
/// sorted runs).
final class ClarifaiReading {
    private var plan: ClarifaiSummarizer.Plan?
    /// The fuzz target: the document's bytes, already opened, read in place of the file at the
    /// path (which is then only its name).
    private let source: SourceBytes?

    init(source: SourceBytes? = nil) {
        self.source = source
    }

    func read<Sink: SummaryInputSink>(path: String, options: LoadOptions, makeSink: ([Concept], Bool, [String]) -> Sink) throws -> Sink? {
        if let source { return try ClarifaiSummarizer.read(source, plan: &plan, makeSink: makeSink) }
        return try ClarifaiSummarizer.read(path: path, options: options, plan: &plan, makeSink: makeSink)
    }
}
