/// Which column holds what in a wide file, and the concept-name lookup for label cells.
struct WideLayout: @unchecked Sendable {
    let columnCount: Int
    let idColumn: Int
    let labelsColumn: Int
    let urlColumn: Int?
    let textColumn: Int?
    let widthColumn: Int?
    let heightColumn: Int?
    let foldColumn: Int?
    /// The fold column (if any) first, then the `meta:` columns.
    let categoricalColumns: [Int]
    let categoricalNames: [String]
    let conceptColumns: [Int]
    let concepts: [Concept]
    let conceptNames: [String]
    let conceptTable: ByteNameTable

    var conceptCount: Int { conceptColumns.count }
    /// The first concept column when the concept columns are the row's last ones, in order
    /// (`input_id,labels,c00,…`): the rows' scores can then be read by `ScoreRunScanner`.
    let trailingScoreColumn: Int?

    init(header: CSVHeader) throws(ParseFailure) {
        let roles = try CSVColumnRoles.classify(header, long: false)
        guard let id = roles.id else {
            throw ParseFailure(line: 1, "no input id column; the header needs a column named input_id (or id, input)")
        }
        guard let labels = roles.labels else {
            throw ParseFailure(line: 1, "no labels column; the header needs a column named labels (or label, ground_truth) holding each input's concepts separated by ';'")
        }
        guard !roles.others.isEmpty else {
            throw ParseFailure(line: 1, "no concept columns; after input_id and labels, add one score column per concept")
        }
        columnCount = header.names.count
        idColumn = id
        labelsColumn = labels
        urlColumn = roles.url
        textColumn = roles.text
        widthColumn = roles.width
        heightColumn = roles.height
        foldColumn = roles.fold
        categoricalColumns = (roles.fold.map { [$0] } ?? []) + roles.meta.map(\.column)
        categoricalNames = (roles.fold.map { _ in ["fold"] } ?? []) + roles.meta.map(\.name)
        conceptColumns = roles.others
        let firstConcept = columnCount - roles.others.count
        trailingScoreColumn = firstConcept >= 1 && roles.others == Array(firstConcept ..< columnCount) ? firstConcept : nil
        conceptNames = roles.others.map { header.names[$0] }
        concepts = conceptNames.map { Concept(id: $0, name: $0) }
        var table = ByteNameTable()
        for name in conceptNames { _ = table.insert(name) }
        conceptTable = table
    }
}

/// Where parsed rows go: buffers sized for every row, written by row index from any chunk.
final class WideOutput: @unchecked Sendable {
    let rowCount: Int
    let ids: UnsafeMutablePointer<String>
    let idHashes: UnsafeMutablePointer<UInt64>
    let labelCounts: UnsafeMutablePointer<Int32>
    let urls: UnsafeMutablePointer<String>?
    let texts: UnsafeMutablePointer<String>?
    let widths: UnsafeMutablePointer<Int32>?
    let heights: UnsafeMutablePointer<Int32>?
    let categoricalCodes: [UnsafeMutablePointer<Int32>]
    private var idsTaken = false
    private var urlsTaken = false
    private var textsTaken = false
    private var idLookupReleased = false

    init(rowCount: Int, layout: WideLayout) {
        self.rowCount = rowCount
        ids = .allocate(capacity: rowCount)
        ids.initialize(repeating: "", count: rowCount)
        idHashes = .allocate(capacity: rowCount)
        labelCounts = .allocate(capacity: rowCount)
        labelCounts.initialize(repeating: 0, count: rowCount)
        if layout.urlColumn != nil {
            let urls = UnsafeMutablePointer<String>.allocate(capacity: rowCount)
            urls.initialize(repeating: "", count: rowCount)
            self.urls = urls
        } else {
            urls = nil
        }
        if layout.textColumn != nil {
            let texts = UnsafeMutablePointer<String>.allocate(capacity: rowCount)
            texts.initialize(repeating: "", count: rowCount)
            self.texts = texts
        } else {
            texts = nil
        }
        widths = layout.widthColumn == nil ? nil : .allocate(capacity: rowCount)
        heights = layout.heightColumn == nil ? nil : .allocate(capacity: rowCount)
        categoricalCodes = layout.categoricalColumns.map { _ in .allocate(capacity: rowCount) }
    }

    /// Moves the ids into an array (no per-string copies).
    func takeIDs() -> [String] {
        idsTaken = true
        return [String](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
            buffer.baseAddress?.moveInitialize(from: ids, count: rowCount)
            initialized = rowCount
        }
    }

    func takeURLs() -> [String]? {
        guard let urls else { return nil }
        urlsTaken = true
        return [String](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
            buffer.baseAddress?.moveInitialize(from: urls, count: rowCount)
            initialized = rowCount
        }
    }

    func takeTexts() -> [String]? {
        guard let texts else { return nil }
        textsTaken = true
        return [String](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
            buffer.baseAddress?.moveInitialize(from: texts, count: rowCount)
            initialized = rowCount
        }
    }

    /// Frees the id hashes once the duplicate check is done: 8 bytes per input that would
    /// otherwise still be held while the labels are merged (10M inputs: 80 MB at the peak).
    func releaseIDLookup() {
        guard !idLookupReleased else { return }
        idLookupReleased = true
        idHashes.deallocate()
    }

    func deallocateScratch() {
        if !idsTaken { ids.deinitialize(count: rowCount) }
        ids.deallocate()
        if let urls {
            if !urlsTaken { urls.deinitialize(count: rowCount) }
            urls.deallocate()
        }
        if let texts {
            if !textsTaken { texts.deinitialize(count: rowCount) }
            texts.deallocate()
        }
        releaseIDLookup()
        labelCounts.deallocate()
        widths?.deallocate()
        heights?.deallocate()
        for codes in categoricalCodes { codes.deallocate() }
    }
}

/// Parses the fields of one wide row into the output. One per chunk; holds the chunk's labels
/// and categorical values (merged in chunk order afterwards).
final class WideRowParser: @unchecked Sendable {
    let layout: WideLayout
    // Unchecked: each parser is used by one thread at a time (its chunk), and the runtime
    // exclusivity check (swift_beginAccess) was a third of a label cell's instructions.
    @exclusivity(unchecked) var labelConcepts: [Int32] = []
    var categoricalTables: [ByteNameTable]
    var failure: ParseFailure?
    var cancelled = false
    @exclusivity(unchecked) private var rowLabels: [Int32] = []

    init(layout: WideLayout) {
        self.layout = layout
        categoricalTables = layout.categoricalColumns.map { _ in ByteNameTable() }
    }

    @inline(__always)
    /// `fields` holds the first fields of the row (at least `columnCount + 1` when there are
    /// that many); `fieldCount` is how many the row has.
    func parse(_ fields: UnsafeBufferPointer<CSVField>, fieldCount: Int, recordStart: Int, row: Int, output: WideOutput,
               scores: UnsafeMutablePointer<Double>) throws(ParseFailure) {
        guard fieldCount == layout.columnCount else {
            if fieldCount < layout.columnCount {
                throw ParseFailure(offset: recordStart, "this row has \(fieldCount) field\(fieldCount == 1 ? "" : "s") but the header has \(layout.columnCount); every row needs one value per column")
            }
            throw ParseFailure(offset: fields[layout.columnCount].offset, "this row has \(fieldCount) fields but the header has \(layout.columnCount); quote values that contain the delimiter")
        }
        try parseFields(fields, row: row, output: output, rowScores: scores + row &* layout.conceptCount)
    }

    /// A row whose trailing score cells `ScoreRunScanner` has read (so the row has exactly
    /// `columnCount` fields): everything else, with the errors `parse` would report.
    /// `fields` holds the fields before `layout.trailingScoreColumn`.
    func parseExceptScores(_ fields: UnsafeBufferPointer<CSVField>, row: Int, output: WideOutput) throws(ParseFailure) {
        try parseFields(fields, row: row, output: output, rowScores: nil)
    }

    /// The fields of a row with the right field count, in `parse`'s order; the scores unless
    /// `rowScores` is nil (already read).
    @inline(__always)
    private func parseFields(_ fields: UnsafeBufferPointer<CSVField>, row: Int, output: WideOutput,
                             rowScores: UnsafeMutablePointer<Double>?) throws(ParseFailure) {
        let idField = fields[layout.idColumn]
        guard idField.bytes.count > 0 else { throw ParseFailure(offset: idField.offset, "empty input id; every row needs one") }
        guard !UTF8Text.isLoneCR(idField.bytes) else { throw ParseFailure(offset: idField.offset, UTF8Text.loneCRMessage) }
        output.ids[row] = try UTF8Text.string(idField.bytes, fieldOffset: idField.offset, what: "the input id")
        output.idHashes[row] = ByteNameTable.hash(idField.bytes)

        output.labelCounts[row] = try parseLabels(fields[layout.labelsColumn])

        if let rowScores { try parseScores(fields, into: rowScores) }

        if let column = layout.urlColumn, let urls = output.urls {
            let field = fields[column]
            urls[row] = try UTF8Text.string(field.bytes, fieldOffset: field.offset, what: "the url")
        }
        if let column = layout.textColumn, let texts = output.texts {
            let field = fields[column]
            texts[row] = try UTF8Text.string(field.bytes, fieldOffset: field.offset, what: "the text")
        }
        if let column = layout.widthColumn, let widths = output.widths {
            widths[row] = try Self.pixels(fields[column], "width")
        }
        if let column = layout.heightColumn, let heights = output.heights {
            heights[row] = try Self.pixels(fields[column], "height")
        }
        for slot in layout.categoricalColumns.indices {
            let field = fields[layout.categoricalColumns[slot]]
            var value = field.bytes
            trimSpaces(&value)
            if value.isEmpty {
                output.categoricalCodes[slot][row] = -1
            } else {
                var index = categoricalTables[slot].index(of: value)
                if index < 0 {
                    _ = try UTF8Text.string(value, fieldOffset: field.offset, what: "column '\(layout.categoricalNames[slot])'")
                    index = categoricalTables[slot].insert(value).index
                }
                output.categoricalCodes[slot][row] = index
            }
        }
    }

    /// The row's scores, in a function of its own: small enough for the score parser's fast
    /// path to be inlined into the loop (inside `parse`, too large for the inliner, each score
    /// was a call; callgrind on the 10M × 20 benchmark's rows, BENCHMARKS.md sixth pass).
    @inline(never)
    private func parseScores(_ fields: UnsafeBufferPointer<CSVField>, into rowScores: UnsafeMutablePointer<Double>) throws(ParseFailure) {
        try layout.conceptColumns.withUnsafeBufferPointer { columns throws(ParseFailure) in
            for concept in 0 ..< columns.count {
                let field = fields[columns[concept]]
                guard let value = ScoreParser.score(field.bytes) else { throw scoreFailure(field, concept: concept) }
                rowScores[concept] = value
            }
        }
    }

    @inline(never)
    private func scoreFailure(_ field: CSVField, concept: Int) -> ParseFailure {
        ParseFailure(offset: field.offset, ScoreParser.diagnose(field.bytes) + " (concept '\(layout.conceptNames[concept].quotedForMessage)')")
    }

    /// Appends the row's concept indices (ascending, no repeats) and returns how many.
    @inline(__always)
    private func parseLabels(_ field: CSVField) throws(ParseFailure) -> Int32 {
        let bytes = field.bytes
        // The usual row (every exclusive one) has a single label: it is looked up and appended
        // without the row's buffer, whose accesses (checked for exclusivity, retained) were
        // 2 % of `report`'s CPU on 1M × 20 (perf, BENCHMARKS.md "Ninth pass").
        if !bytes.contains(where: { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: "|") }) {
            var part = bytes
            trimSpaces(&part)
            guard !part.isEmpty else { return 0 }
            labelConcepts.append(try concept(named: part, in: field))
            return 1
        }
        var count: Int32 = 0
        var partStart = 0
        rowLabels.removeAll(keepingCapacity: true)
        var index = 0
        while index <= bytes.count {
            if index == bytes.count || bytes[index] == UInt8(ascii: ";") || bytes[index] == UInt8(ascii: "|") {
                var part = UnsafeRawBufferPointer(rebasing: bytes[partStart ..< index])
                trimSpaces(&part)
                if !part.isEmpty {
                    rowLabels.append(try concept(named: part, in: field))
                    count += 1
                }
                partStart = index + 1
            }
            index += 1
        }
        if count == 1 {
            labelConcepts.append(rowLabels[0])
            return 1
        }
        if count > 1 {
            rowLabels.sort()
            var previous: Int32 = -1
            count = 0
            for concept in rowLabels where concept != previous {
                labelConcepts.append(concept)
                previous = concept
                count += 1
            }
        }
        return count
    }

    /// The index of the concept a label names (`part`, trimmed, inside the labels `field`).
    @inline(__always)
    private func concept(named part: UnsafeRawBufferPointer, in field: CSVField) throws(ParseFailure) -> Int32 {
        let concept = layout.conceptTable.index(of: part)
        if concept < 0 {
            let offset = field.offset + (field.bytes.baseAddress.map { UnsafeRawPointer(part.baseAddress!) - $0 } ?? 0)
            let name = try UTF8Text.string(part, fieldOffset: offset, what: "the labels")
            throw ParseFailure(offset: offset, LoadMessages.unknownConcept(name, in: "labels", known: layout.conceptNames))
        }
        return concept
    }

    /// Drops leading and trailing spaces and tabs; returns how many leading bytes were dropped.
    @inline(__always) @discardableResult
    private func trimSpaces(_ bytes: inout UnsafeRawBufferPointer) -> Int {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        if start != 0 || end != bytes.count { bytes = UnsafeRawBufferPointer(rebasing: bytes[start ..< end]) }
        return start
    }

    static func pixels(_ field: CSVField, _ what: String) throws(ParseFailure) -> Int32 {
        var value: Int64 = 0
        var digits = 0
        for byte in field.bytes where byte != 0x20 {
            let digit = byte &- 0x30
            guard digit < 10 else {
                throw ParseFailure(offset: field.offset, "\(what) '\(String(decoding: field.bytes, as: UTF8.self).quotedForMessage)' is not a whole number of pixels")
            }
            value = min(value * 10 + Int64(digit), Int64(Int32.max))
            digits += 1
        }
        return digits == 0 ? -1 : Int32(value)
    }
}
