/// `evaltop summarize` on a JSON Lines file without loading it: one line at a time through the
/// loader's own row parser (`JSONLinesRowParser`, so every line is checked exactly as `evaltop
/// FILE` checks it, with the same messages), into a `SummaryBuilder`. Memory: the summary, the
/// file's pages while they are read (handed back as the reading moves on), and the hashes of
/// the ids to find a duplicate (`IDHashSet`: bounded, spilled to temporary files past its limit).
enum JSONLinesSummarizer {
    /// The summary of the JSON Lines file at `path`; nil when it is not one, or when the full
    /// loader must say what is wrong or be sure (no inputs, or two ids with one hash: the
    /// loader then reports the duplicate with both lines, or finds it was a hash collision).
    static func summarize(path: String, options: LoadOptions, grid: SummaryGrid, rows: SummaryRowOptions = .none) throws -> EvaluationSummary? {
        try read(path: path, options: options) { concepts, hasFold, attributeNames in
            SummaryBuilder(concepts: concepts, grid: grid, hasFold: hasFold, attributeNames: attributeNames, rows: rows)
        }?.finish(source: path, mode: options.mode)
    }

    /// Feeds every input to the sink `makeSink` makes (see `WideCSVSummarizer.read`).
    static func read<Sink: SummaryInputSink>(path: String, options: LoadOptions, checkingIDs: Bool = true,
                                             makeSink: ([Concept], Bool, [String]) -> Sink) throws -> Sink? {
        try SummarizerSource.read(path, ifFormat: .jsonl, options: options) { source in
                do {
                    return try read(source, checkingIDs: checkingIDs, makeSink: makeSink)
                } catch let failure as ParseFailure {
                    throw failure.loadError(in: source)
                }
            }
        }

        private static func read<Sink: SummaryInputSink>(_ source: SourceBytes, checkingIDs: Bool,
                                                         makeSink: ([Concept], Bool, [String]) -> Sink) throws -> Sink? {
            var rows = JSONLinesRowParser()
            var builder: Sink?
            var attributeIndex: [String: Int] = [:]
            var idHashes = IDHashSet(checks: checkingIDs)
            var duplicate = false
            var released = 0
            var values: [String?] = []
        do {
            try JSONLinesRowParser.forEachLine(of: source.buffer) { start, end, lineEnd, line in
                guard !duplicate, let record = try rows.parse(source.buffer, start: start, end: end, line: line) else { return }
                var id = record.id
                let idHash = id.withUTF8 { ByteNameTable.hash(UnsafeRawBufferPointer($0)) }
                guard idHashes.insert(idHash) else { duplicate = true; return }
                if builder == nil { builder = makeSink(rows.concepts, false, []) }
                let metadata = record.metadata
                if metadata.fold != nil { builder!.addFold() }
                for (name, _) in metadata.attributes where attributeIndex[name] == nil {
                    attributeIndex[name] = attributeIndex.count
                    builder!.addAttribute(named: name)
                }
                values = [String?](repeating: nil, count: attributeIndex.count)
                for (name, value) in metadata.attributes { values[attributeIndex[name]!] = value }
                // The loaded evaluation keeps each label once (`SparseEvaluationBuilder`).
                let labels = Array(Set(record.labels)).sorted()
                record.scores.withUnsafeBufferPointer { scores in
                    builder!.add(scores: scores, labels: labels, fold: metadata.fold, attributeValues: values,
                                 width: metadata.width ?? -1, height: metadata.height ?? -1,
                                 id: record.id, url: metadata.url, text: metadata.text)
                }
                if lineEnd - released >= WideCSVSummarizer.releaseEvery {
                    source.releasePages(released ..< lineEnd)
                    released = lineEnd
                }
            }
        } catch {
            // A duplicate before the bad line, found only by merging the spilled hashes, stops
            // the reading first, as one found in memory does.
            guard idHashes.errorComesFirst(error) else { return nil }
            throw error
        }
        guard !duplicate, let builder, builder.inputCount > 0, idHashes.finish() else { return nil }
        return builder
    }
}
