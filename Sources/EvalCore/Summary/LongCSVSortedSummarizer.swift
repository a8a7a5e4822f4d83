import Foundation

/// `evaltop summarize` on a long CSV/TSV whose rows are not grouped by input (an input's rows
/// anywhere, e.g. ordered by concept), in bounded memory: an external sort. The first pass reads
/// the file in order, parses every row with the loader's code, and keeps rows in a buffer of
/// `runBytes`; each full buffer is sorted and spilled to a temporary file (a run). The runs are
/// then merged (k-way, at most `fanIn` at a time), which hands the grouped path's sink each
/// input's rows together.
///
/// The sort key gives the loader's order, so that the summary is the loaded file's byte for
/// byte (score sums are floating-point additions in input order; the extremes break ties by
/// it): inputs by their first row's offset (the loader's first appearance), rows of an input by
/// offset. The first row of each input is found in the first pass with a table from a hash of
/// the id to that offset: 21–43 bytes per input (16 per slot of a hash table at most 3/4 full),
/// up to `defaultFirstRowLimit` inputs (34 MB). Past that the table goes into the sort itself:
/// its entries, and every row after, are sorted by (id hash, offset), so that each input's rows
/// come together behind its first row; a second sort writes them again keyed by that first row,
/// beside the runs keyed so before the table filled. Memory stays the run's and the merge
/// buffers', whatever the file; the rows after the table filled are written twice (the
/// in-memory table is kept below its limit because it costs no second sort). Two ids of one
/// hash (64 bits) share a key either way: the merge sees ids that differ under one key and gives
/// the file to the loader.
///
/// Errors are the loader's, at its line and column: a row's bad value stops the first pass, and
/// the merge of the rows before it looks for the one error the loader finds earlier (a row whose
/// url, size, fold or `meta:` value disagrees with its input's first row); a file read to the end
/// gets, in the loader's order, the first such disagreement, else the first second row of an
/// input and concept, else the first input (in input order) lacking a concept.
final class LongCSVSortedRows {
    /// The default run: 32 MB of encoded rows and their sort keys (the first pass's memory).
    static let defaultRunBytes = 32 << 20
    /// At most this many runs are merged at once, each through a buffer of `mergeBufferBytes`:
    /// 64 × 256 KB = 16 MB. Every 64 runs of one length (64 × 32 MB = 2 GB of rows, then 128 GB…)
    /// are merged into a longer one as the first pass goes, so that at most 63 per length are open.
    static let fanIn = 64
    static let mergeBufferBytes = 256 << 10
    /// The table of first rows holds at most this many inputs (34 MB; a 1M-input file fits).
    static let defaultFirstRowLimit = 1 << 20

    let source: SourceBytes
    private let header: CSVHeader
    private let roles: CSVColumnRoles
    private let conceptNames: [String]
    private let attributeNames: [String]
    private let runs: [LongCSVRunFile]
    /// The row error that stopped the first pass, if any.
    private let stopped: ParseFailure?
    private let mergeBufferBytes: Int
    /// Bytes written to temporary files (the runs, and the longer runs of a merge in steps).
    let spilledBytes: Int
    /// The most inputs the table of first rows held (at most `firstRowLimit` + 1).
    let firstRowsHeld: Int

    /// Sorts the rows of the long file `source` into runs under `directory`; nil when the header
    /// is not a plain long one or there are no rows (the loader says what is wrong, at no cost
    /// in memory). `firstRowLimit`: the most inputs the table of first rows holds before the
    /// rows are sorted by id first (tests make it small).
    static func sort(_ source: SourceBytes, directory: String, runBytes: Int = defaultRunBytes, fanIn: Int = fanIn,
                     mergeBufferBytes: Int = mergeBufferBytes, firstRowLimit: Int = defaultFirstRowLimit) throws -> LongCSVSortedRows? {
        let bytes = source.buffer
        let header: CSVHeader
        let roles: CSVColumnRoles
        do {
            header = try CSVHeader.read(bytes, path: source.path)
            roles = try CSVColumnRoles.classify(header, long: true)
        } catch {
            return nil
        }
        guard roles.id != nil, roles.concept != nil, roles.score != nil, roles.labels != nil, roles.others.isEmpty else { return nil }
        let attributeNames = roles.meta.map(\.name)

        let reader = CSVRecordReader(source: bytes, delimiter: header.delimiter, start: header.dataStart)
        var fields: [CSVField] = []
        var conceptTable = ByteNameTable()
        var conceptNames: [String] = []
        var inputStarts: [Int: Int] = [:]
        var writer = LongCSVRunWriter(directory: directory, runBytes: runBytes, fanIn: fanIn, mergeBufferBytes: mergeBufferBytes)
        // Past `firstRowLimit` inputs: the runs keyed by first row so far, the rows since then
        // keyed by (id hash, offset) in the writer.
        var keyedByStart: (runs: [LongCSVRunFile], levels: [Int])?
        var firstRowsHeld = 0
        var stopped: ParseFailure?
        var released = 0
        var rowCount = 0

        while true {
            let recordStart: Int
            do throws(ParseFailure) {
                guard let start = try reader.next(into: &fields) else { break }
                recordStart = start
            } catch {
                stopped = error
                break
            }
            let start: (id: String, metadata: InputMetadata)
            do throws(ParseFailure) {
                start = try LongCSVLoader.rowStart(fields, recordStart: recordStart, header: header, roles: roles)
            } catch {
                stopped = error
                break
            }
            var hasher = Hasher()
            hasher.combine(start.id)
            let hash = hasher.finalize()
            var inputStart = hash
            if keyedByStart == nil {
                inputStart = inputStarts[hash, default: recordStart]
                if inputStart == recordStart { inputStarts[hash] = recordStart }
            }
            var row = LongCSVSpilledRow(inputStart: inputStart, offset: recordStart, id: start.id, concept: -1, score: 0, label: false,
                                        metadata: start.metadata)
            do throws(ParseFailure) {
                let values = try LongCSVLoader.rowValues(fields, roles: roles)
                let (concept, inserted) = conceptTable.insert(values.concept)
                if inserted { conceptNames.append(values.concept) }
                row.concept = concept
                row.score = values.score
                row.label = values.label
            } catch {
                // Kept without values: the loader checks its per-input values before them.
                stopped = error
            }
            try writer.keep(row)
            rowCount += 1
            if stopped != nil { break }
            firstRowsHeld = max(firstRowsHeld, inputStarts.count)
            if keyedByStart == nil && inputStarts.count > firstRowLimit {
                // The table is full: its entries go to the sort by id, each as the first row of
                // its input (`firstRowMark`), ahead of that input's later rows.
                try writer.spill()
                keyedByStart = writer.takeRuns()
                var noValues = InputMetadata()
                noValues.attributes = attributeNames.map { ($0, nil) }
                for (hash, start) in inputStarts {
                    try writer.keep(LongCSVSpilledRow(inputStart: hash, offset: start, id: "", concept: Self.firstRowMark, score: 0, label: false,
                                                      metadata: noValues))
                }
                inputStarts = [:]
            }
            if reader.position - released >= WideCSVSummarizer.releaseEvery {
                source.releasePages(released ..< reader.position)
                released = reader.position
            }
        }
        guard rowCount > 0 || stopped != nil else { return nil }
        try writer.spill()
        inputStarts = [:]
        if let keyedByStart {
            // The rows sorted by (id hash, offset): each input's first row (a mark from the
            // table, else its first row since) comes first; every row is written again with
            // that row's offset as its key, beside the runs keyed so before the table filled.
            var byID = try LongCSVRunMerge(try writer.finishRuns(), bufferBytes: mergeBufferBytes)
            writer.restore(keyedByStart)
            var hash: Int?
            var inputStart = 0
            while let record = try byID.next() {
                let key = LongCSVSpilledRow.key(of: record)
                if key.inputStart != hash {
                    hash = key.inputStart
                    inputStart = key.offset
                }
                guard LongCSVSpilledRow.concept(of: record) != Self.firstRowMark else { continue }
                try writer.keep(record, inputStart: inputStart)
            }
            try writer.spill()
        }
        return LongCSVSortedRows(source: source, header: header, roles: roles, conceptNames: conceptNames, attributeNames: attributeNames,
                                 runs: try writer.finishRuns(), stopped: stopped, mergeBufferBytes: mergeBufferBytes, spilledBytes: writer.spilled,
                                 firstRowsHeld: firstRowsHeld)
    }

    /// The concept of a table entry spilled as an input's first row (`sort`, past
    /// `firstRowLimit`); a real row's is its concept's index, or -1.
    static let firstRowMark: Int32 = -2

    private init(source: SourceBytes, header: CSVHeader, roles: CSVColumnRoles, conceptNames: [String], attributeNames: [String],
                 runs: [LongCSVRunFile], stopped: ParseFailure?, mergeBufferBytes: Int, spilledBytes: Int, firstRowsHeld: Int) {
        self.source = source
        self.header = header
        self.roles = roles
        self.conceptNames = conceptNames
        self.attributeNames = attributeNames
        self.runs = runs
        self.stopped = stopped
        self.mergeBufferBytes = mergeBufferBytes
        self.spilledBytes = spilledBytes
        self.firstRowsHeld = firstRowsHeld
    }

    /// Merges the runs and feeds each input, in the loader's order, to the sink `makeSink` makes;
    /// nil when two ids share a hash (the loader reads the file). Throws the loader's error for
    /// a bad file. Each call reads the runs again (the suspects' passes).
    func read<Sink: SummaryInputSink>(makeSink: ([Concept], Bool, [String]) -> Sink) throws -> Sink? {
        var merge = try LongCSVRunMerge(runs, bufferBytes: mergeBufferBytes)
        let conceptCount = conceptNames.count
        var sink: Sink? = stopped == nil ? makeSink(conceptNames.map { Concept(id: $0, name: $0) }, false, attributeNames) : nil
        var group: LongCSVSummarizer.Group?
        var groupStart = -1
        var conceptRows = [Int](repeating: -1, count: conceptCount)
        // The earliest error of each kind the loader reports after reading the rows.
        var conflict: (offset: Int, id: String, inputStart: Int, what: (what: String, column: Int, first: String, here: String))?
        var duplicate: (offset: Int, first: Int, id: String, concept: Int)?
        var missing: (offset: Int, id: String, concept: Int)?

        func finish(_ group: LongCSVSummarizer.Group) {
            if group.rows < conceptCount {
                if missing == nil, let concept = conceptRows.firstIndex(of: -1) {
                    missing = (groupStart, group.id, concept)
                }
            } else if conflict == nil && duplicate == nil && missing == nil && sink != nil {
                LongCSVSummarizer.add(group, to: &sink!)
            }
        }

        while let record = try merge.next() {
            let row = LongCSVSpilledRow(decoding: record, attributeNames: attributeNames)
            if row.inputStart != groupStart {
                if let group { finish(group) }
                groupStart = row.inputStart
                group = LongCSVSummarizer.Group(id: row.id, metadata: row.metadata, scores: Array(repeating: nil, count: conceptCount))
                for index in conceptRows.indices { conceptRows[index] = -1 }
            } else {
                // Two ids under one key: their hashes collide.
                guard row.id == group!.id else { return nil }
                if conflict.map({ row.offset < $0.offset }) ?? true,
                   let what = InputMetadata.firstConflict(group!.metadata, row.metadata, roles: roles) {
                    conflict = (row.offset, row.id, groupStart, what)
                }
            }
            guard row.concept >= 0 else { continue }
            let concept = Int(row.concept)
            if conceptRows[concept] >= 0 {
                if duplicate.map({ row.offset < $0.offset }) ?? true {
                    duplicate = (row.offset, conceptRows[concept], group!.id, concept)
                }
                continue
            }
            conceptRows[concept] = row.offset
            group!.scores[concept] = row.score
            group!.rows += 1
            if row.label { group!.labels.append(row.concept) }
        }
        if let group { finish(group) }

        let bytes = source.buffer
        if let conflict {
            // The disagreeing field's offset, from the row read again.
            let reader = CSVRecordReader(source: bytes, delimiter: header.delimiter, start: conflict.offset)
            var fields: [CSVField] = []
            let offset = (try? reader.next(into: &fields)).flatMap { _ in fields.indices.contains(conflict.what.column) ? fields[conflict.what.column].offset : nil }
            throw LongCSVLoader.conflictFailure(id: conflict.id, conflict.what, offset: offset ?? conflict.offset,
                                                firstLine: SourceLocation.line(of: conflict.inputStart, in: bytes)).loadError(in: source)
        }
        if let stopped { throw stopped.loadError(in: source) }
        if let duplicate {
            throw LongCSVLoader.duplicateFailure(id: duplicate.id, concept: conceptNames[duplicate.concept], offset: duplicate.offset,
                                                 firstLine: SourceLocation.line(of: duplicate.first, in: bytes)).loadError(in: source)
        }
        if let missing {
            throw LongCSVLoader.missingFailure(id: missing.id, concept: conceptNames[missing.concept], offset: missing.offset).loadError(in: source)
        }
        return sink
    }
}

/// The external sort's runs as they are written (`LongCSVSortedRows.sort`): rows kept in a
/// buffer of `runBytes`, sorted by key and spilled to a run when it is full; every `fanIn` runs
/// of one level merged into one of the next as they come, so that open runs stay under `fanIn`
/// per level. A struct held in a local variable (not a class): its buffer's accesses are then
/// checked for exclusivity at compile time rather than per row.
struct LongCSVRunWriter {
    private let directory: String
    private let runBytes: Int
    private let fanIn: Int
    private let mergeBufferBytes: Int
    private var buffer: [UInt8] = []
    private var keys: [(inputStart: Int, offset: Int, position: Int)] = []
    private var runs: [LongCSVRunFile] = []
    /// How many merges made each run (0: spilled from the buffer): non-increasing along `runs`.
    private var levels: [Int] = []
    /// Bytes written to temporary files (the runs, and the longer runs of a merge in steps).
    private(set) var spilled = 0

    init(directory: String, runBytes: Int, fanIn: Int, mergeBufferBytes: Int) {
        self.directory = directory
        self.runBytes = runBytes
        self.fanIn = fanIn
        self.mergeBufferBytes = mergeBufferBytes
    }

    mutating func keep(_ row: LongCSVSpilledRow) throws {
        keys.append((row.inputStart, row.offset, buffer.count))
        row.encode(into: &buffer)
        try spillIfFull()
    }

    /// Keeps an encoded row (without its length) under another `inputStart`.
    mutating func keep(_ record: UnsafeRawBufferPointer, inputStart: Int) throws {
        let position = buffer.count
        let key = LongCSVSpilledRow.key(of: record)
        keys.append((inputStart, key.offset, position))
        var length = UInt32(record.count)
        withUnsafeBytes(of: &length) { buffer.append(contentsOf: $0) }
        buffer.append(contentsOf: record)
        var start = Int64(inputStart)
        withUnsafeBytes(of: &start) { start in
            for index in 0 ..< 8 { buffer[position + 4 + index] = start[index] }
        }
        try spillIfFull()
    }

    private mutating func spillIfFull() throws {
        if buffer.count + keys.count * MemoryLayout<(Int, Int, Int)>.stride >= runBytes { try spill() }
    }

    /// Sorts the buffered rows into a run.
    mutating func spill() throws {
        guard !keys.isEmpty else { return }
        keys.sort { ($0.inputStart, $0.offset) < ($1.inputStart, $1.offset) }
        let run = try LongCSVRunFile(directory: directory)
        try buffer.withUnsafeBytes { buffer in
            for key in keys {
                let length = Int(buffer.loadUnaligned(fromByteOffset: key.position, as: UInt32.self))
                try run.append(UnsafeRawBufferPointer(rebasing: buffer[key.position ..< key.position + 4 + length]))
            }
        }
        try run.flush()
        spilled += run.size
        runs.append(run)
        levels.append(0)
        buffer.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        // Every `fanIn` runs of one level are merged into one of the next as soon as they
        // exist: open runs (each a descriptor) stay under fanIn per level (a few hundred
        // for any file), each row is rewritten once per level.
        while levels.count >= fanIn, levels.suffix(fanIn).allSatisfy({ $0 == levels.last! }) {
            let level = levels.last!
            let merged = try merge(Array(runs.suffix(fanIn)))
            runs.removeLast(fanIn)
            levels.removeLast(fanIn)
            runs.append(merged)
            levels.append(level + 1)
        }
    }

    /// One run of the rows of `parts`, in order.
    private mutating func merge(_ parts: [LongCSVRunFile]) throws -> LongCSVRunFile {
        var merge = try LongCSVRunMerge(parts, bufferBytes: mergeBufferBytes)
        let run = try LongCSVRunFile(directory: directory)
        var length = UInt32(0)
        while let record = try merge.next() {
            length = UInt32(record.count)
            try withUnsafeBytes(of: &length) { try run.append($0) }
            try run.append(record)
        }
        try run.flush()
        spilled += run.size
        return run
    }

    /// The runs so far (with their levels), the writer starting again without them.
    mutating func takeRuns() -> (runs: [LongCSVRunFile], levels: [Int]) {
        defer {
            runs = []
            levels = []
        }
        return (runs, levels)
    }

    /// Puts back runs `takeRuns` took, ahead of those written since (none).
    mutating func restore(_ taken: (runs: [LongCSVRunFile], levels: [Int])) {
        runs = taken.runs + runs
        levels = taken.levels + levels
    }

    /// The runs, at most `fanIn` of them (the oldest merged first), for the last merge; the
    /// writer starts again without them.
    mutating func finishRuns() throws -> [LongCSVRunFile] {
        while runs.count > fanIn {
            let merged = try merge(Array(runs.prefix(fanIn)))
            runs.removeFirst(fanIn)
            runs.append(merged)
        }
        return takeRuns().runs
    }
}
