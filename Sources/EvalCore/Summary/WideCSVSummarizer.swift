import Foundation

/// `evaltop summarize` on a wide CSV/TSV without loading it. The file is cut into the wide
/// loader's chunks (line-aligned, or on record boundaries when the data hold quotes), and
/// parsed by the loader's own code (`WideCSVLoader.parseLines`/`parseSequential` into a
/// `WideRowParser`: the byte-level score parser, the same checks and messages as `evaltop
/// FILE`) a few chunks at a time on every core, while the calling thread feeds the chunks
/// parsed before into one `SummaryBuilder`, row by row in file order. In file order so that the
/// summary is byte for byte the one-row-at-a-time one: the score sums are floating-point
/// additions in the file's order, and a duplicate id or the first bad row is found where a
/// sequential read finds it.
///
/// Memory: the summary, the chunks in flight (two batches of one 4 MB chunk per core, parsed:
/// a few MB each, whatever the file's size), the file's pages while they are read (handed back
/// to the kernel as each chunk is done), and the hashes of the ids to find a duplicate
/// (`IDHashSet`: 8 bytes per input up to its limit, then sorted runs in temporary files).
enum WideCSVSummarizer {
    /// Pages of the mapped file already read are released every this many bytes (the JSON
    /// Lines summarizer's reading step).
    static let releaseEvery = 64 << 20

    /// The size of a chunk (the loader's for files up to 1 GB).
    static let chunkBytes = 4 << 20

    /// The summary of the wide CSV/TSV at `path`; nil when the file needs the full loader to say
    /// what is wrong or to be sure (no data rows, or two ids with one hash: the loader then
    /// reports the duplicate with both lines, or finds it was a hash collision).
    /// `chunking` (tests): how many chunks to cut the data into and how many to parse at once,
    /// in place of the loader's 4 MB chunks and one per core.
    static func summarize(path: String, options: LoadOptions, grid: SummaryGrid, rows: SummaryRowOptions = .none,
                          chunking: (chunks: Int, batch: Int)? = nil) throws -> EvaluationSummary? {
        try read(path: path, options: options, chunking: chunking) { concepts, hasFold, attributeNames in
            SummaryBuilder(concepts: concepts, grid: grid, hasFold: hasFold, attributeNames: attributeNames, rows: rows)
        }?.finish(source: path, mode: options.mode)
    }

    /// Feeds every input of the wide CSV/TSV at `path` to the sink `makeSink` makes from the
    /// header (concepts, whether there is a fold, the attribute names), in the file's order;
    /// nil as `summarize` says. `checkingIDs`: false for a read after one that checked them
    /// (the suspects' passes).
    static func read<Sink: SummaryInputSink>(path: String, options: LoadOptions, chunking: (chunks: Int, batch: Int)? = nil,
                                             checkingIDs: Bool = true, makeSink: ([Concept], Bool, [String]) -> Sink) throws -> Sink? {
        try SummarizerSource.read(path, ifFormat: .wide, options: options) { source in
            do {
                return try CancellationProbe.run { probe in
                    try read(source, chunking: chunking, checkingIDs: checkingIDs, probe: probe, makeSink: makeSink)
                }
            } catch let failure as ParseFailure {
                throw failure.loadError(in: source)
            }
        }
    }

    private static func read<Sink: SummaryInputSink>(_ source: SourceBytes, chunking: (chunks: Int, batch: Int)?, checkingIDs: Bool,
                                                     probe: CancellationProbe,
                                                     makeSink: ([Concept], Bool, [String]) -> Sink) throws -> Sink? {
        let bytes = source.buffer
        let header = try CSVHeader.read(bytes, path: source.path)
        let layout = try WideLayout(header: header)
        let data = header.dataStart ..< bytes.count
        // 4 MB chunks whatever the file's size (the loader caps them at 256, so its chunks grow
        // with a file past 1 GB, and two batches of them are what this holds).
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let pieces = chunking?.chunks ?? (data.count < (256 << 10) ? 1 : max(cores, data.count / Self.chunkBytes))
        let lineChunks = WideCSVLoader.lineAlignedChunks(bytes, data, pieces: pieces)
        let lineCounts = WideCSVLoader.countLinesUnlessQuoted(source, lineChunks)
        let quoted = lineCounts.contains(nil)
        let chunks = quoted ? WideCSVLoader.recordAlignedChunks(bytes, data, releasingPagesOf: source, pieces: pieces) : lineChunks

        let hasFold = layout.foldColumn != nil
        var builder = makeSink(layout.concepts, hasFold, Array(layout.categoricalNames.dropFirst(hasFold ? 1 : 0)))
        var idHashes = IDHashSet(checks: checkingIDs)
        let batchSize = chunking?.batch ?? cores
        let batches = stride(from: 0, to: chunks.count, by: batchSize).map { $0 ..< min($0 + batchSize, chunks.count) }

        // With quotes, every chunk's records are counted (and their quoting checked) before any
        // value is parsed, as the loader does: a broken quote anywhere is then the error both
        // report, not a bad value in an earlier chunk (found by the `summarize` fuzz target).
        let rowCounts = quoted ? try WideCSVLoader.countRecords(source, delimiter: header.delimiter, chunks: chunks, probe: probe)
            : lineCounts.map { $0 ?? 0 }
        let plan = ChunkPlan(source: source, delimiter: header.delimiter, layout: layout, chunks: chunks,
                             rowCounts: rowCounts, quoted: quoted, probe: probe)

        // Batch k + 1 is parsed on the other cores while batch k is counted here.
        var next: (group: DispatchGroup, result: ParsedChunks)?
        func start(_ batch: Int) {
            guard batch < batches.count else { next = nil; return }
            let group = DispatchGroup()
            let result = ParsedChunks(count: batches[batch].count)
            let range = batches[batch]
            DispatchQueue.global().async(group: group) { plan.parse(range, into: result) }
            next = (group, result)
        }
        start(0)
        // Whatever ends the reading, the batch being parsed finishes before its memory goes.
        defer { next?.group.wait() }
        var batch = 0
        while let pending = next {
            pending.group.wait()
            start(batch + 1)
            for chunk in pending.result.chunks {
                guard let chunk else { continue }
                if let failure = chunk.failure {
                    guard idHashes.errorComesFirst(failure) else { return nil }
                    throw failure
                }
                guard chunk.count(into: &builder, idHashes: &idHashes, hasFold: hasFold) else { return nil }
            }
            try probe.check()
            batch += 1
        }
        // A duplicate found only by merging the spilled hashes: the loader says which.
        guard builder.inputCount > 0, idHashes.finish() else { return nil }
        return builder
    }
}

/// What the parallel workers read: the file, its layout and its chunks.
private struct ChunkPlan: @unchecked Sendable {
    let source: SourceBytes
    let delimiter: UInt8
    let layout: WideLayout
    let chunks: [Range<Int>]
    /// Each chunk's rows (records).
    let rowCounts: [Int]
    /// Whether the data hold quotes (a record may then span lines).
    let quoted: Bool
    let probe: CancellationProbe

    /// Parses the chunks `batch` in parallel into `parsed`.
    func parse(_ batch: Range<Int>, into parsed: ParsedChunks) {
        DispatchQueue.concurrentPerform(iterations: batch.count) { index in
            let chunk = batch.lowerBound + index
            parsed.set(index, ParsedChunk.parse(source, delimiter: delimiter, range: chunks[chunk], layout: layout,
                                                 rows: rowCounts[chunk], quoted: quoted, probe: probe))
        }
    }
}

/// The chunks of one batch, filled in by parallel workers (each writes its own slot). Slots in
/// raw memory, not a Swift array: assigning an element of an array is an access to the whole
/// array, which ThreadSanitizer rightly reports as a race between the workers.
private final class ParsedChunks: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<ParsedChunk?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        _ = slots.deinitialize()
        slots.deallocate()
    }

    func set(_ index: Int, _ chunk: ParsedChunk) { slots[index] = chunk }

    /// Read only after every worker of the batch is done.
    var chunks: UnsafeMutableBufferPointer<ParsedChunk?> { slots }
}

/// One chunk's rows, parsed by the wide loader's code into buffers of the chunk's size.
private final class ParsedChunk: @unchecked Sendable {
    let rowCount: Int
    let output: WideOutput
    let parser: WideRowParser
    let scores: UnsafeMutablePointer<Double>
    let conceptCount: Int
    /// The parse failure (or cancellation) that ended the chunk; its rows are not counted.
    var failure: Error?

    private init(rowCount: Int, layout: WideLayout) {
        self.rowCount = rowCount
        output = WideOutput(rowCount: rowCount, layout: layout)
        parser = WideRowParser(layout: layout)
        conceptCount = layout.conceptCount
        scores = .allocate(capacity: max(1, rowCount * layout.conceptCount))
    }

    deinit {
        output.deallocateScratch()
        scores.deallocate()
    }

    /// `rows`: the chunk's records, counted before (by lines without quotes, else by the RFC
    /// 4180 reader, which the quoted path parses with).
    static func parse(_ source: SourceBytes, delimiter: UInt8, range: Range<Int>, layout: WideLayout,
                      rows: Int, quoted: Bool, probe: CancellationProbe) -> ParsedChunk {
        let chunk = ParsedChunk(rowCount: rows, layout: layout)
        let silent = ProgressSink(totalBytes: range.count, callback: nil)
        do {
            if quoted {
                try WideCSVLoader.parseSequential(source.buffer, delimiter: delimiter, range: range, firstRow: 0, rowLimit: rows, worker: chunk.parser,
                                                  output: chunk.output, scores: chunk.scores, progress: silent, probe: probe, source: source)
            } else {
                try WideCSVLoader.parseLines(source.buffer, delimiter: delimiter, range: range, firstRow: 0, rowLimit: rows, worker: chunk.parser,
                                             output: chunk.output, scores: chunk.scores, progress: silent, probe: probe, source: source)
            }
        } catch {
            chunk.failure = error
        }
        return chunk
    }

    /// Feeds the rows to `builder` in order; false at an id whose hash was seen before (the
    /// full loader then says which rows share it, or finds it was a hash collision).
    func count<Sink: SummaryInputSink>(into builder: inout Sink, idHashes: inout IDHashSet, hasFold: Bool) -> Bool {
        let slots = parser.categoricalTables.indices
        // The chunk's own value tables: each name decoded once per chunk.
        let names = slots.map { slot in
            (0 ..< parser.categoricalTables[slot].count).map { String(decoding: parser.categoricalTables[slot].names[$0], as: UTF8.self) }
        }
        let attributeCount = slots.count - (hasFold ? 1 : 0)
        var attributeValues = [String?](repeating: nil, count: attributeCount)
        var labelStart = 0
        for row in 0 ..< rowCount {
            guard idHashes.insert(output.idHashes[row]) else { return false }
            var fold: String?
            for slot in slots {
                let code = Int(output.categoricalCodes[slot][row])
                let value = code >= 0 ? names[slot][code] : nil
                if hasFold && slot == 0 { fold = value } else { attributeValues[slot - (hasFold ? 1 : 0)] = value }
            }
            let labelEnd = labelStart + Int(output.labelCounts[row])
            builder.add(scores: UnsafeBufferPointer(start: scores + row * conceptCount, count: conceptCount),
                        labels: parser.labelConcepts[labelStart ..< labelEnd], fold: fold, attributeValues: attributeValues,
                        width: output.widths?[row] ?? -1, height: output.heights?[row] ?? -1,
                        id: output.ids[row], url: output.urls?[row], text: output.texts?[row])
            labelStart = labelEnd
        }
        return true
    }
}
