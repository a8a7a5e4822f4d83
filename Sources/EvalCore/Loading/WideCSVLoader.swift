import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the wide CSV/TSV format: one row per input, one score column per concept.
///
/// Built for 1,000,000 × 20 files (about 150 MB) in well under a second:
/// - bytes are parsed in place (the file is memory-mapped); only ids, urls and new categorical
///   values become Strings, and scores go through `ScoreParser`'s exact fast path;
/// - when the data contain no quote character, every line break ends a record, so the data are
///   cut into chunks at line breaks: one parallel pass looks for quotes and counts rows (so every
///   array is allocated once at its final size), a second parses each chunk straight into its rows;
/// - with quotes in the data, a line break may sit inside a quoted field, so one sequential scan
///   of the quote parity finds cuts on record boundaries, and the RFC 4180 reader does the same
///   two passes on each chunk in parallel.
///   Both paths feed the same row parser, so they give identical results.
enum WideCSVLoader {
    static func load(_ source: SourceBytes, header: CSVHeader, options: LoadOptions, progress: ProgressSink,
                     probe: CancellationProbe, forceSequential: Bool = false, pieces: Int? = nil) throws -> Evaluation {
        let layout: WideLayout
        do { layout = try WideLayout(header: header) } catch { throw error.loadError(in: source) }
        let bytes = source.buffer
        let dataStart = header.dataStart
        let dataEnd = bytes.count

        // Without quotes, one parallel pass over line-aligned chunks finds that out and counts
        // each chunk's rows (a separate scan for quotes read the whole file once more, on one
        // core, with its page faults: 9 % of the CPU of `report` on 1M × 20 full precision).
        let lineChunks = forceSequential ? [] : lineAlignedChunks(bytes, dataStart ..< dataEnd, pieces: pieces)
        let lineCounts = countLinesUnlessQuoted(source, lineChunks)
        let sequential = forceSequential || lineCounts.contains(nil)
        let chunks = forceSequential ? [dataStart ..< dataEnd]
            : sequential ? recordAlignedChunks(bytes, dataStart ..< dataEnd, releasingPagesOf: source, pieces: pieces) : lineChunks
        var rowCounts = sequential ? [] : lineCounts.map { $0! }
        PhaseClock.mark("wide CSV: line count and quote scan")

        // Pass 1 with quotes: rows per chunk.
        if sequential { rowCounts = try countRecords(source, delimiter: header.delimiter, chunks: chunks, probe: probe) }
        try probe.check()
        let rowCount = rowCounts.reduce(0, +)
        guard rowCount > 0 else {
            throw LoadError(path: source.path, line: 1, message: "the header has no rows below it; add one row per input")
        }
        var rowStarts: [Int] = []
        var running = 0
        for count in rowCounts { rowStarts.append(running); running += count }
        let chunkRows = chunks.indices.map { rowStarts[$0] ..< rowStarts[$0] + rowCounts[$0] }

        let output = WideOutput(rowCount: rowCount, layout: layout)
        defer { output.deallocateScratch() }
        let workers = chunks.indices.map { _ in WideRowParser(layout: layout) }

        // Pass 2: parse every chunk into its rows.
        let scores = try [Double](unsafeUninitializedCapacity: rowCount * layout.conceptCount) { buffer, initialized in
            initialized = rowCount * layout.conceptCount  // trivial type; every row is written below or we throw
            let scoreBase = SendablePointer(buffer.baseAddress ?? UnsafeMutablePointer<Double>.allocate(capacity: 1))
            DispatchQueue.concurrentPerform(iterations: chunks.count) { chunk in
                let worker = workers[chunk]
                let bytes = source.buffer
                let scoreBase = scoreBase.value
                do {
                    if sequential {
                        try parseSequential(bytes, delimiter: header.delimiter, range: chunks[chunk], firstRow: chunkRows[chunk].lowerBound,
                                            rowLimit: chunkRows[chunk].upperBound, worker: worker, output: output, scores: scoreBase, progress: progress, probe: probe, source: source)
                    } else {
                        try parseLines(bytes, delimiter: header.delimiter, range: chunks[chunk], firstRow: chunkRows[chunk].lowerBound,
                                       rowLimit: chunkRows[chunk].upperBound,
                                       worker: worker, output: output, scores: scoreBase, progress: progress, probe: probe, source: source)
                    }
                } catch let failure as ParseFailure {
                    worker.failure = failure
                } catch {
                    worker.cancelled = true
                }
            }
            if let failure = workers.first(where: { $0.failure != nil })?.failure {
                throw failure.loadError(in: source)
            }
            if workers.contains(where: \.cancelled) { throw CancellationError() }
        }
        try probe.check()
        PhaseClock.mark("wide CSV: parse")

        if let (first, second) = DuplicateIDs.firstDuplicate(ids: output.ids, hashes: output.idHashes, count: rowCount) {
            let idOffset = { (row: Int) in
                idFieldOffset(ofRow: row, source: source, delimiter: header.delimiter, idColumn: layout.idColumn,
                              chunks: chunks, chunkRows: chunkRows)
            }
            let firstLine = SourceLocation.line(of: idOffset(first), in: bytes)
            throw ParseFailure(offset: idOffset(second),
                               "duplicate input id '\(output.ids[second].quotedForMessage)' (first seen on line \(firstLine)); input ids must be unique")
                .loadError(in: source)
        }

        output.releaseIDLookup()
        PhaseClock.mark("wide CSV: duplicate ids")

        let labelOffsets = [Int32].offsets(fromCounts: output.labelCounts, count: rowCount)
        var labelConcepts: [Int32] = []
        labelConcepts.reserveCapacity(Int(labelOffsets[rowCount]))
        for worker in workers {
            labelConcepts.append(contentsOf: worker.labelConcepts)
            worker.labelConcepts = []  // freed chunk by chunk, not at the end of the load
        }

        var categorical: [CategoricalAttribute] = []
        for (slot, name) in layout.categoricalNames.enumerated() {
            categorical.append(CategoricalMerge.merge(
                name: name, chunkTables: workers.map { $0.categoricalTables[slot] }, chunkRowRanges: chunkRows,
                codes: output.categoricalCodes[slot], rowCount: rowCount))
        }
        let fold = layout.foldColumn == nil ? nil : categorical.first
        let attributes = layout.foldColumn == nil ? categorical : Array(categorical.dropFirst())

        let ids = output.takeIDs()
        let urls = output.takeURLs()
        let texts = output.takeTexts()
        progress.finish(inputs: rowCount)
        PhaseClock.mark("wide CSV: labels, attributes, ids")
        let mode = options.mode.resolve(everyInputHasOneLabel: Evaluation.everyInputHasOneLabel(labelOffsets))
        return Evaluation(
            sourcePath: source.path, format: .wide, mode: mode, concepts: layout.concepts,
            inputIDs: ids, scores: scores, labelOffsets: labelOffsets, labelConcepts: labelConcepts,
            urls: urls,
            widths: output.widths.map { Array(UnsafeBufferPointer(start: $0, count: rowCount)) },
            heights: output.heights.map { Array(UnsafeBufferPointer(start: $0, count: rowCount)) },
            fold: fold, attributes: attributes, texts: texts)
    }
}

/// A pointer handed to parallel workers that write disjoint parts of its memory.
struct SendablePointer<Pointee>: @unchecked Sendable {
    let value: UnsafeMutablePointer<Pointee>
    init(_ value: UnsafeMutablePointer<Pointee>) { self.value = value }
}

extension WideCSVLoader {
    /// Where row `row`'s id field starts, found again by reading its chunk's records. Only a
    /// duplicate-id error needs it, so no offset is kept per input while parsing (8 bytes per
    /// input at the load's peak: 76 MiB at 10M inputs, where the peak was 1 % over its budget).
    static func idFieldOffset(ofRow row: Int, source: SourceBytes, delimiter: UInt8, idColumn: Int,
                              chunks: [Range<Int>], chunkRows: [Range<Int>]) -> Int {
        guard let chunk = chunkRows.firstIndex(where: { $0.contains(row) }) else { return 0 }
        let reader = CSVRecordReader(source: source.buffer, delimiter: delimiter,
                                     start: chunks[chunk].lowerBound, end: chunks[chunk].upperBound)
        var fields: [CSVField] = []
        // The chunk parsed without an error, so its records read again the same way.
        for _ in chunkRows[chunk].lowerBound ..< row { _ = try? reader.next(into: &fields) }
        guard (try? reader.next(into: &fields)) != nil, idColumn < fields.count else { return chunks[chunk].lowerBound }
        return fields[idColumn].offset
    }

    /// The records of each chunk (cut on record boundaries), counted in parallel with the RFC
    /// 4180 reader, which checks the quoting. The earliest problem in the file is the one
    /// reported, as a sequential read would report it; a structural problem anywhere is found
    /// before any value is parsed (the summarizer does the same, so both report one error).
    static func countRecords(_ source: SourceBytes, delimiter: UInt8, chunks: [Range<Int>], probe: CancellationProbe) throws -> [Int] {
        var rowCounts = [Int](repeating: 0, count: chunks.count)
        // Per chunk: its failure, or whether it was cancelled (written by that chunk only).
        var failures = [ParseFailure?](repeating: nil, count: chunks.count)
        var cancelled = [Bool](repeating: false, count: chunks.count)
        rowCounts.withUnsafeMutableBufferPointer { counts in
            failures.withUnsafeMutableBufferPointer { failed in
                cancelled.withUnsafeMutableBufferPointer { stopped in
                    let counts = SendablePointer(counts.baseAddress!)
                    let failed = SendablePointer(failed.baseAddress!)
                    let stopped = SendablePointer(stopped.baseAddress!)
                    DispatchQueue.concurrentPerform(iterations: chunks.count) { chunk in
                        let reader = CSVRecordReader(source: source.buffer, delimiter: delimiter,
                                                     start: chunks[chunk].lowerBound, end: chunks[chunk].upperBound)
                        var fields: [CSVField] = []
                        var rows = 0
                        do {
                            while try reader.next(into: &fields) != nil {
                                rows += 1
                                if rows & 0xFFFF == 0 { try probe.check() }
                            }
                        } catch let failure as ParseFailure {
                            failed.value[chunk] = failure
                        } catch {
                            stopped.value[chunk] = true
                        }
                        counts.value[chunk] = rows
                        source.releasePages(chunks[chunk])
                    }
                }
            }
        }
        // The earliest problem in the file is the one reported, as a sequential read would.
        if let failure = failures.compactMap({ $0 }).first { throw failure.loadError(in: source) }
        if cancelled.contains(true) { throw CancellationError() }
        return rowCounts
    }

    /// Cuts `range` into pieces that start right after a line break (about 4 MB each, at
    /// least one per core so both cores share the work; `pieces` asks for that many, for tests).
    static func lineAlignedChunks(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, pieces: Int? = nil) -> [Range<Int>] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let wanted = max(1, min(256, range.count / (4 << 20)))
        let count = pieces ?? (range.count < (256 << 10) ? 1 : max(wanted, cores))
        var chunks: [Range<Int>] = []
        var start = range.lowerBound
        for piece in 1 ... count {
            var end = piece == count ? range.upperBound : range.lowerBound + range.count / count * piece
            if end < start { end = start }
            if end < range.upperBound, end > start {
                if let newline = memchr(bytes.baseAddress! + end, 0x0A, range.upperBound - end) {
                    end = bytes.baseAddress!.distance(to: UnsafeRawPointer(newline)) + 1
                } else {
                    end = range.upperBound
                }
            }
            if end > start { chunks.append(start ..< end) }
            start = end
        }
        return chunks.isEmpty ? [range] : chunks
    }

    /// Per chunk, its non-blank lines, or nil when it holds a quote character (then a line
    /// break may sit inside a quoted field and lines are not records). The chunks are scanned in
    /// parallel, read through a small buffer (`SourceBytes.forEachBlock`): the mapping's pages
    /// are left alone until the parse (a scan of the whole mapping left all of it resident,
    /// 440 MB on 1M × 20 full precision, and mapping each page only to hand it back cost more
    /// than reading it). A chunk with a quote is not counted (with quoted ids or names, every
    /// chunk finds one in its first line).
    static func countLinesUnlessQuoted(_ source: SourceBytes, _ chunks: [Range<Int>]) -> [Int?] {
        var counts = [Int?](repeating: nil, count: chunks.count)
        counts.withUnsafeMutableBufferPointer { counts in
            let counts = SendablePointer(counts.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: chunks.count) { chunk in
                var counter = NonBlankLineCounter()
                var quoted = false
                source.forEachBlock(of: chunks[chunk]) { block in
                    quoted = memchr(block.baseAddress!, Int32(UInt8(ascii: "\"")), block.count) != nil
                    if !quoted { counter.add(block) }
                    return !quoted
                }
                counts.value[chunk] = quoted ? nil : counter.finish()
            }
        }
        return counts
    }

    /// Like `lineAlignedChunks`, but each cut is a line break outside quotes: the number of
    /// quote characters before it is even (a doubled quote counts twice, so it never changes
    /// the parity). One sequential scan over the data finds them (handing back the pages of
    /// `source` it is done with); without a valid cut (an unterminated quote) the rest of the
    /// data stays in one chunk, whose reader reports it.
    static func recordAlignedChunks(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>,
                                    releasingPagesOf source: SourceBytes? = nil, pieces: Int? = nil) -> [Range<Int>] {
        let targets = lineAlignedChunks(bytes, range, pieces: pieces).map(\.upperBound).dropLast()
        guard !targets.isEmpty else { return [range] }
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var chunks: [Range<Int>] = []
        var start = range.lowerBound
        var position = range.lowerBound
        var inQuotes = false
        for target in targets where target > position {
            // Parity up to the target, then on to the first line break outside quotes.
            while position < target {
                if base[position] == UInt8(ascii: "\"") { inQuotes.toggle() }
                position += 1
            }
            while position < range.upperBound {
                let byte = base[position]
                position += 1
                if byte == UInt8(ascii: "\"") { inQuotes.toggle() } else if byte == 0x0A, !inQuotes { break }
            }
            guard position < range.upperBound else { break }
            chunks.append(start ..< position)
            source?.releasePages(start ..< position)
            start = position
        }
        chunks.append(start ..< range.upperBound)
        return chunks
    }

    private static let progressStride = 8 << 20

    /// Parses the lines of `range` into rows `firstRow ..< rowLimit`, the rows the line count
    /// found there. The count read the file through its own reads, so a file written to in
    /// between can hold other lines now: that is an error, never a row outside the matrix.
    static func parseLines(_ bytes: UnsafeRawBufferPointer, delimiter: UInt8, range: Range<Int>, firstRow: Int, rowLimit: Int,
                                   worker: WideRowParser, output: WideOutput, scores: UnsafeMutablePointer<Double>,
                                   progress: ProgressSink, probe: CancellationProbe, source: SourceBytes) throws {
        let base = bytes.baseAddress!
        let capacity = worker.layout.columnCount + 1
        let fields = UnsafeMutablePointer<CSVField>.allocate(capacity: capacity)
        defer { fields.deallocate() }
        var row = firstRow
        var position = range.lowerBound
        var lastCheckpoint = position
        var rowsAtCheckpoint = row
        while position < range.upperBound {
            let lineBreak = memchr(base + position, 0x0A, range.upperBound - position)
            let next = lineBreak.map { base.distance(to: UnsafeRawPointer($0)) } ?? range.upperBound
            var lineEnd = next
            if lineEnd > position, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            if lineEnd > position {
                guard row < rowLimit else { throw ParseFailure(offset: position, Self.changedWhileRead) }
                // Rows ending in their score cells: the cells read straight from the line when
                // they have the common shape; otherwise (or on any problem) the general split.
                var parsed = false
                if let firstScore = worker.layout.trailingScoreColumn {
                    let scoreStart = CSVLineSplitter.splitPrefix(bytes, lineStart: position, lineEnd: lineEnd, delimiter: delimiter,
                                                                 count: firstScore, into: fields)
                    if scoreStart >= 0, ScoreRunScanner.scan(base, start: scoreStart, lineEnd: lineEnd, count: worker.layout.conceptCount,
                                                             delimiter: delimiter, into: scores + row &* worker.layout.conceptCount) {
                        try worker.parseExceptScores(UnsafeBufferPointer(start: fields, count: firstScore), row: row, output: output)
                        parsed = true
                    }
                }
                if !parsed {
                    let fieldCount = CSVLineSplitter.split(bytes, lineStart: position, lineEnd: lineEnd, delimiter: delimiter,
                                                           into: fields, capacity: capacity)
                    try worker.parse(UnsafeBufferPointer(start: fields, count: min(fieldCount, capacity)), fieldCount: fieldCount,
                                     recordStart: position, row: row, output: output, scores: scores)
                }
                row += 1
            }
            position = next + 1
            if position - lastCheckpoint >= progressStride {
                try probe.check()
                source.releasePages(lastCheckpoint ..< min(position, range.upperBound))
                progress.add(bytes: position - lastCheckpoint, inputs: row - rowsAtCheckpoint)
                lastCheckpoint = position
                rowsAtCheckpoint = row
            }
        }
        source.releasePages(lastCheckpoint ..< range.upperBound)
        progress.add(bytes: range.upperBound - lastCheckpoint, inputs: row - rowsAtCheckpoint)
        guard row == rowLimit else { throw ParseFailure(offset: nil, Self.changedWhileRead) }
    }

    static let changedWhileRead = "the file changed while it was being read; open it again once it is written"

    /// Parses the records of `range` (quoted fields allowed) into rows `firstRow ..< rowLimit`,
    /// the rows `countRecords` found there. The count's pass handed the mapping's pages back, so
    /// this pass reads them from the file again: a file written to in between is an error, as in
    /// `parseLines`, never a row outside the matrix.
    static func parseSequential(_ bytes: UnsafeRawBufferPointer, delimiter: UInt8, range: Range<Int>, firstRow: Int, rowLimit: Int,
                                        worker: WideRowParser, output: WideOutput, scores: UnsafeMutablePointer<Double>,
                                        progress: ProgressSink, probe: CancellationProbe, source: SourceBytes) throws {
        let reader = CSVRecordReader(source: bytes, delimiter: delimiter, start: range.lowerBound, end: range.upperBound)
        var fields: [CSVField] = []
        var row = firstRow
        var lastCheckpoint = range.lowerBound
        var rowsAtCheckpoint = row
        while let recordStart = try reader.next(into: &fields) {
            guard row < rowLimit else { throw ParseFailure(offset: recordStart, Self.changedWhileRead) }
            try fields.withUnsafeBufferPointer { fields in
                try worker.parse(fields, fieldCount: fields.count, recordStart: recordStart, row: row, output: output, scores: scores)
            }
            row += 1
            if reader.position - lastCheckpoint >= progressStride {
                try probe.check()
                source.releasePages(lastCheckpoint ..< min(reader.position, range.upperBound))
                progress.add(bytes: reader.position - lastCheckpoint, inputs: row - rowsAtCheckpoint)
                lastCheckpoint = reader.position
                rowsAtCheckpoint = row
            }
        }
        source.releasePages(lastCheckpoint ..< range.upperBound)
        progress.add(bytes: range.upperBound - lastCheckpoint, inputs: row - rowsAtCheckpoint)
        guard row == rowLimit else { throw ParseFailure(offset: nil, Self.changedWhileRead) }
    }
}
