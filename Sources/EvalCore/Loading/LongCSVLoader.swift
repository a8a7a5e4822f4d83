/// Reads the long CSV format: `input_id,concept,score,label`, one row per input and concept,
/// plus the wide format's optional metadata columns (read on every row; an input's rows must agree).
/// Inputs and concepts are ordered by first appearance; every input needs exactly one row per
/// concept.
enum LongCSVLoader {
    static func load(_ source: SourceBytes, header: CSVHeader, options: LoadOptions, progress: ProgressSink,
                     probe: CancellationProbe) throws -> Evaluation {
        do {
            return try parse(source, header: header, options: options, progress: progress, probe: probe)
        } catch let failure as ParseFailure {
            throw failure.loadError(in: source)
        }
    }

    private static func parse(_ source: SourceBytes, header: CSVHeader, options: LoadOptions, progress: ProgressSink,
                              probe: CancellationProbe) throws -> Evaluation {
        let roles = try CSVColumnRoles.classify(header, long: true)
        guard roles.id != nil else {
            throw ParseFailure(line: 1, "no input id column in the header '\(header.names.joined(separator: String(UnicodeScalar(header.delimiter))).quotedForMessage)'; the long format's header is input_id,concept,score,label")
        }
        guard roles.concept != nil, roles.score != nil else {
            throw ParseFailure(line: 1, "the long format needs columns concept and score, but this file's header is '\(header.names.joined(separator: String(UnicodeScalar(header.delimiter))).quotedForMessage)' (the long format's is input_id,concept,score,label; for one column per concept, use --format wide)")
        }
        guard roles.labels != nil else {
            throw ParseFailure(line: 1, "no label column in the header '\(header.names.joined(separator: String(UnicodeScalar(header.delimiter))).quotedForMessage)'; the long format's header is input_id,concept,score,label (label is 1/0, true/false or yes/no)")
        }
        if let extra = roles.others.first {
            throw ParseFailure(offset: header.offsets[extra], "unexpected column '\(header.names[extra].quotedForMessage)' in the long format; allowed besides input_id,concept,score,label are url, text, width, height, fold and meta:NAME")
        }

        let bytes = source.buffer
        let reader = CSVRecordReader(source: bytes, delimiter: header.delimiter, start: header.dataStart)
        var fields: [CSVField] = []
        var inputIndex: [String: Int32] = [:]
        var inputIDs: [String] = []
        var inputFirstRow: [Int] = []
        var metadata: [InputMetadata] = []
        var conceptTable = ByteNameTable()
        var conceptNames: [String] = []
        var rowInput: [Int32] = []
        var rowConcept: [Int32] = []
        var rowScore: [Double] = []
        var rowLabel: [Bool] = []
        var rowOffset: [Int] = []

        while let recordStart = try reader.next(into: &fields) {
            let (id, rowMetadata) = try rowStart(fields, recordStart: recordStart, header: header, roles: roles)
            let input: Int32
            if let known = inputIndex[id] {
                input = known
                // Every row's per-input values are read (and so validated) and must agree
                // with the input's first row.
                if let conflict = InputMetadata.firstConflict(metadata[Int(known)], rowMetadata, roles: roles) {
                    throw conflictFailure(id: id, conflict, offset: fields[conflict.column].offset,
                                          firstLine: SourceLocation.line(of: inputFirstRow[Int(known)], in: bytes))
                }
            } else {
                input = Int32(inputIDs.count)
                inputIndex[id] = input
                inputIDs.append(id)
                inputFirstRow.append(recordStart)
                metadata.append(rowMetadata)
            }
            let (conceptName, score, label) = try rowValues(fields, roles: roles)
            let (concept, inserted) = conceptTable.insert(conceptName)
            if inserted { conceptNames.append(conceptName) }
            rowInput.append(input)
            rowConcept.append(concept)
            rowScore.append(score)
            rowLabel.append(label)
            rowOffset.append(recordStart)
            if rowInput.count & 0xFFFF == 0 { try probe.check() }
        }
        guard !inputIDs.isEmpty else {
            throw ParseFailure(line: 1, "the header has no rows below it; add one row per input and concept")
        }

        let conceptCount = conceptNames.count
        // A complete file has exactly inputs × concepts rows. Any other count is an error, found
        // here in memory proportional to the rows: the dense grid below would grow with the
        // product instead (a file of one row per input, each naming a new concept, asks for
        // inputs² cells).
        let (gridCells, overflow) = inputIDs.count.multipliedReportingOverflow(by: conceptCount)
        if overflow || gridCells != rowInput.count {
            throw incompleteGrid(rowInput: rowInput, rowConcept: rowConcept, rowOffset: rowOffset, inputIDs: inputIDs,
                                 inputFirstRow: inputFirstRow, conceptNames: conceptNames, bytes: bytes)
        }
        var scores = [Double](repeating: 0, count: inputIDs.count * conceptCount)
        var rowOf = [Int32](repeating: -1, count: inputIDs.count * conceptCount)
        var labels = [[Int32]](repeating: [], count: inputIDs.count)
        for row in rowInput.indices {
            let cell = Int(rowInput[row]) * conceptCount + Int(rowConcept[row])
            if rowOf[cell] >= 0 {
                throw duplicateFailure(id: inputIDs[Int(rowInput[row])], concept: conceptNames[Int(rowConcept[row])], offset: rowOffset[row],
                                       firstLine: SourceLocation.line(of: rowOffset[Int(rowOf[cell])], in: bytes))
            }
            rowOf[cell] = Int32(row)
            scores[cell] = rowScore[row]
            if rowLabel[row] { labels[Int(rowInput[row])].append(rowConcept[row]) }
        }
        for input in inputIDs.indices {
            for concept in 0 ..< conceptCount where rowOf[input * conceptCount + concept] < 0 {
                throw missingFailure(id: inputIDs[input], concept: conceptNames[concept], offset: inputFirstRow[input])
            }
        }

        var builder = SparseEvaluationBuilder(path: source.path, fileSize: bytes.count)
        builder.concepts = conceptNames.map { Concept(id: $0, name: $0) }
        for input in inputIDs.indices {
            let row = Array(scores[input * conceptCount ..< (input + 1) * conceptCount])
            try builder.add(id: inputIDs[input], line: nil, scores: row, labels: labels[input], metadata: metadata[input])
        }
        progress.finish(inputs: inputIDs.count)
        return builder.build(format: .long, mode: options.mode)
    }

    /// The first error of a file whose row count is not inputs × concepts: a second row for
    /// an input and concept (in file order), else the first input (in file order) missing a
    /// concept. The messages are those of the dense check above.
    private static func incompleteGrid(rowInput: [Int32], rowConcept: [Int32], rowOffset: [Int], inputIDs: [String],
                                       inputFirstRow: [Int], conceptNames: [String], bytes: UnsafeRawBufferPointer) -> ParseFailure {
        let conceptCount = conceptNames.count
        var firstRow: [Int: Int] = [:]
        firstRow.reserveCapacity(rowInput.count)
        var rowsOfInput = [Int](repeating: 0, count: inputIDs.count)
        for row in rowInput.indices {
            let cell = Int(rowInput[row]) * conceptCount + Int(rowConcept[row])
            if let first = firstRow[cell] {
                return duplicateFailure(id: inputIDs[Int(rowInput[row])], concept: conceptNames[Int(rowConcept[row])], offset: rowOffset[row],
                                        firstLine: SourceLocation.line(of: rowOffset[first], in: bytes))
            }
            firstRow[cell] = row
            rowsOfInput[Int(rowInput[row])] += 1
        }
        // No duplicates, and fewer rows than cells: some input lacks a concept.
        guard let input = rowsOfInput.firstIndex(where: { $0 < conceptCount }) else {
            return ParseFailure(offset: nil, "the file has \(rowInput.count) rows for \(inputIDs.count) inputs and \(conceptCount) concepts; every input needs exactly one row per concept")
        }
        var present = [Bool](repeating: false, count: conceptCount)
        for row in rowInput.indices where Int(rowInput[row]) == input { present[Int(rowConcept[row])] = true }
        let concept = present.firstIndex(of: false) ?? 0
        return missingFailure(id: inputIDs[input], concept: conceptNames[concept], offset: inputFirstRow[input])
    }

    /// A row's field count, input id and per-input values, checked and parsed in the order
    /// the loader reads them (the id's conflicts with its input's first row come next, then
    /// `rowValues`).
    static func rowStart(_ fields: [CSVField], recordStart: Int, header: CSVHeader,
                         roles: CSVColumnRoles) throws(ParseFailure) -> (id: String, metadata: InputMetadata) {
        guard fields.count == header.names.count else {
            if fields.count < header.names.count {
                throw ParseFailure(offset: recordStart, "this row has \(fields.count) field\(fields.count == 1 ? "" : "s") but the header has \(header.names.count); every row needs one value per column")
            }
            throw ParseFailure(offset: fields[header.names.count].offset, "this row has \(fields.count) fields but the header has \(header.names.count); quote values that contain the delimiter")
        }
        let idField = fields[roles.id!]
        guard !idField.bytes.isEmpty else { throw ParseFailure(offset: idField.offset, "empty input id; every row needs one") }
        guard !UTF8Text.isLoneCR(idField.bytes) else { throw ParseFailure(offset: idField.offset, UTF8Text.loneCRMessage) }
        let id = try UTF8Text.string(idField.bytes, fieldOffset: idField.offset, what: "the input id")
        return (id, try rowMetadata(fields, roles: roles))
    }

    /// A row's concept (trimmed), score and label, after `rowStart`.
    static func rowValues(_ fields: [CSVField], roles: CSVColumnRoles) throws(ParseFailure) -> (concept: String, score: Double, label: Bool) {
        let conceptField = fields[roles.concept!]
        let conceptName = try UTF8Text.string(conceptField.bytes, fieldOffset: conceptField.offset, what: "the concept").trimmingSpaces
        guard !conceptName.isEmpty else { throw ParseFailure(offset: conceptField.offset, "empty concept name") }
        let scoreField = fields[roles.score!]
        guard let score = ScoreParser.score(scoreField.bytes) else {
            throw ParseFailure(offset: scoreField.offset, ScoreParser.diagnose(scoreField.bytes))
        }
        let labelField = fields[roles.labels!]
        guard let label = labelValue(labelField.bytes) else {
            throw ParseFailure(offset: labelField.offset, "label '\(String(decoding: labelField.bytes, as: UTF8.self).quotedForMessage)' is not 1/0, true/false or yes/no")
        }
        return (conceptName, score, label)
    }

    /// A row whose per-input value disagrees with its input's first row (on `firstLine`);
    /// `offset`: the value's field.
    static func conflictFailure(id: String, _ conflict: (what: String, column: Int, first: String, here: String), offset: Int,
                                firstLine: Int) -> ParseFailure {
        ParseFailure(offset: offset,
                     "input '\(id.quotedForMessage)' has \(conflict.what) '\(conflict.here.quotedForMessage)' here but '\(conflict.first.quotedForMessage)' on line \(firstLine); an input's url, width, height, fold and meta: values must agree on every row")
    }

    /// A second row (at `offset`) for an input and concept first seen on `firstLine`.
    static func duplicateFailure(id: String, concept: String, offset: Int, firstLine: Int) -> ParseFailure {
        ParseFailure(offset: offset, "second row for input '\(id.quotedForMessage)' and concept '\(concept.quotedForMessage)' (first on line \(firstLine)); every input needs exactly one row per concept")
    }

    /// An input (first row at `offset`) without a row for `concept`.
    static func missingFailure(id: String, concept: String, offset: Int) -> ParseFailure {
        ParseFailure(offset: offset, "input '\(id.quotedForMessage)' has no row for concept '\(concept.quotedForMessage)'; every input needs exactly one row per concept")
    }

    static func labelValue(_ bytes: UnsafeRawBufferPointer) -> Bool? {
        switch String(decoding: bytes, as: UTF8.self).trimmingSpaces.lowercased() {
        case "1", "true", "yes": return true
        case "0", "false", "no": return false
        default: return nil
        }
    }

    static func rowMetadata(_ fields: [CSVField], roles: CSVColumnRoles) throws(ParseFailure) -> InputMetadata {
        var metadata = InputMetadata()
        if let column = roles.text {
            metadata.text = try UTF8Text.string(fields[column].bytes, fieldOffset: fields[column].offset, what: "the text")
        }
        if let column = roles.url {
            metadata.url = try UTF8Text.string(fields[column].bytes, fieldOffset: fields[column].offset, what: "the url")
        }
        if let column = roles.width {
            let value = try WideRowParser.pixels(fields[column], "width")
            metadata.width = value < 0 ? nil : value
        }
        if let column = roles.height {
            let value = try WideRowParser.pixels(fields[column], "height")
            metadata.height = value < 0 ? nil : value
        }
        if let column = roles.fold {
            let text = try UTF8Text.string(fields[column].bytes, fieldOffset: fields[column].offset, what: "the fold").trimmingSpaces
            metadata.fold = text.isEmpty ? nil : text
        }
        for (column, name) in roles.meta {
            let text = try UTF8Text.string(fields[column].bytes, fieldOffset: fields[column].offset, what: "column 'meta:\(name)'").trimmingSpaces
            metadata.attributes.append((name, text.isEmpty ? nil : text))
        }
        return metadata
    }
}

extension InputMetadata {
    /// The first per-input value on which two rows of one input disagree: what it is, its
    /// column, and both values as written (empty for none).
    static func firstConflict(_ first: InputMetadata, _ here: InputMetadata, roles: CSVColumnRoles)
        -> (what: String, column: Int, first: String, here: String)? {
        func text(_ value: Int32?) -> String { value.map(String.init) ?? "" }
        if let column = roles.url, first.url != here.url { return ("url", column, first.url ?? "", here.url ?? "") }
        if let column = roles.width, first.width != here.width { return ("width", column, text(first.width), text(here.width)) }
        if let column = roles.height, first.height != here.height { return ("height", column, text(first.height), text(here.height)) }
        if let column = roles.fold, first.fold != here.fold { return ("fold", column, first.fold ?? "", here.fold ?? "") }
        for ((column, name), (a, b)) in zip(roles.meta, zip(first.attributes, here.attributes)) where a.value != b.value {
            return ("meta:\(name)", column, a.value ?? "", b.value ?? "")
        }
        return nil
    }
}
