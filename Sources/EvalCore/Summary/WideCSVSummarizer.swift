/// `evaltop summarize` on a wide CSV/TSV without loading it: one record at a time through the
/// wide loader's own row parser (`WideRowParser`, so every row is checked exactly as `evaltop
/// FILE` checks it, with the same messages), into a `SummaryBuilder`. Memory: the summary, the
/// file's pages while they are read (handed back to the kernel as the reading moves on), and
/// 8 bytes per input (a hash of its id) to find duplicate ids.
enum WideCSVSummarizer {
    /// Pages of the mapped file already read are released every this many bytes.
    static let releaseEvery = 64 << 20

    /// The summary of the wide CSV/TSV at `path`; nil when the file needs the full loader to say
    /// what is wrong or to be sure (no data rows, or two ids with one hash: the loader then
    /// reports the duplicate with both lines, or finds it was a hash collision).
    static func summarize(path: String, options: LoadOptions, grid: SummaryGrid, rows: SummaryRowOptions = .none) throws -> EvaluationSummary? {
        let source = try SourceBytes(path: path)
        // What the loader refuses before parsing (an empty or binary file) it also words.
        let head = Array(UnsafeRawBufferPointer(rebasing: source.buffer.prefix(64 << 10)))
        guard !head.isEmpty, !head.contains(0),
              (options.format ?? EvaluationLoader.detectFormat(path: path, head: head)) == .wide else { return nil }
        do {
            return try summarize(source, grid: grid, mode: options.mode, rows: rows)
        } catch let failure as ParseFailure {
            throw failure.loadError(in: source)
        }
    }

    private static func summarize(_ source: SourceBytes, grid: SummaryGrid, mode: ModeOption, rows rowOptions: SummaryRowOptions) throws -> EvaluationSummary? {
        let bytes = source.buffer
        let header = try CSVHeader.read(bytes, path: source.path)
        let layout = try WideLayout(header: header)
        let parser = WideRowParser(layout: layout)
        let row = WideOutput(rowCount: 1, layout: layout)
        defer { row.deallocateScratch() }
        let scores = UnsafeMutablePointer<Double>.allocate(capacity: max(layout.conceptCount, 1))
        defer { scores.deallocate() }
        let hasFold = layout.foldColumn != nil
        let slots = layout.categoricalColumns.indices
        var builder = SummaryBuilder(concepts: layout.concepts, grid: grid, hasFold: hasFold,
                                     attributeNames: Array(layout.categoricalNames.dropFirst(hasFold ? 1 : 0)), rows: rowOptions)
        let reader = CSVRecordReader(source: bytes, delimiter: header.delimiter, start: header.dataStart)
        var fields: [CSVField] = []
        var idHashes = Set<UInt64>()
        var released = 0
        var values = [String?](repeating: nil, count: layout.categoricalColumns.count)
        var names = [[String]](repeating: [], count: layout.categoricalColumns.count)
        while let recordStart = try reader.next(into: &fields) {
            parser.labelConcepts.removeAll(keepingCapacity: true)
            try fields.withUnsafeBufferPointer { fields throws(ParseFailure) in
                try parser.parse(fields, fieldCount: fields.count, recordStart: recordStart, row: 0, output: row, scores: scores)
            }
            guard idHashes.insert(row.idHashes[0]).inserted else { return nil }
            for slot in slots {
                let code = Int(row.categoricalCodes[slot][0])
                // Names of new values are decoded once (the parser keeps the value table).
                while names[slot].count < parser.categoricalTables[slot].count {
                    names[slot].append(String(decoding: parser.categoricalTables[slot].names[names[slot].count], as: UTF8.self))
                }
                values[slot] = code >= 0 ? names[slot][code] : nil
            }
            builder.add(scores: UnsafeBufferPointer(start: scores, count: layout.conceptCount), labels: parser.labelConcepts,
                        fold: hasFold ? values[0] : nil, attributeValues: Array(values.dropFirst(hasFold ? 1 : 0)),
                        width: row.widths?[0] ?? -1, height: row.heights?[0] ?? -1,
                        id: row.ids[0], url: row.urls?[0], text: row.texts?[0])
            if reader.position - released >= releaseEvery {
                source.releasePages(released ..< reader.position)
                released = reader.position
            }
        }
        guard builder.inputCount > 0 else { return nil }
        return builder.finish(source: source.path, mode: mode)
    }
}
