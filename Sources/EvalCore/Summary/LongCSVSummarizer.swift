import Foundation

/// `evaltop summarize` on a long CSV/TSV (`input_id,concept,score,label`, one row per input and
/// concept) without loading it. A file grouped by input (each input's rows together, as a query
/// grouped or sorted by input writes them) is streamed: an input is complete when the next one
/// starts, so it is counted then and forgotten. The first input names every concept, in the
/// order the loader gives them (first appearance). Memory: the summary, one input's rows, and
/// the hashes of the ids to find an input whose rows come back later (`IDHashSet`: bounded,
/// spilled to temporary files past its limit).
///
/// The format does not ask for that grouping (the loader pairs an input's rows wherever they
/// are). Anything other than a well-formed grouped file (an id that comes back, an input missing
/// a concept or naming a new one, rows of one input that disagree on its metadata, any bad
/// value) is sorted by input instead (`LongCSVSortedRows`, an external sort through temporary
/// files), which summarizes an ungrouped file in bounded memory and words every error exactly
/// as `evaltop FILE` does.
enum LongCSVSummarizer {
    static func summarize(path: String, options: LoadOptions, grid: SummaryGrid, rows: SummaryRowOptions = .none,
                          runBytes: Int = LongCSVSortedRows.defaultRunBytes) throws -> EvaluationSummary? {
        try LongCSVReading(runBytes: runBytes).read(path: path, options: options) { concepts, hasFold, attributeNames in
            SummaryBuilder(concepts: concepts, grid: grid, hasFold: hasFold, attributeNames: attributeNames, rows: rows)
        }?.finish(source: path, mode: options.mode)
    }

    /// Feeds every input of a grouped file to the sink `makeSink` makes (see
    /// `WideCSVSummarizer.read`); nil when the file is not a well-formed grouped long file.
    static func readGrouped<Sink: SummaryInputSink>(path: String, options: LoadOptions, checkingIDs: Bool = true,
                                                    makeSink: ([Concept], Bool, [String]) -> Sink) throws -> Sink? {
        try SummarizerSource.read(path, ifFormat: .long, options: options) { source in
            do {
                return try read(source, checkingIDs: checkingIDs, makeSink: makeSink)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // The sorted read says what is wrong, with the loader's message.
                return nil
            }
        }
    }

    /// Counts a complete input (a score for every concept).
    static func add<Sink: SummaryInputSink>(_ group: Group, to sink: inout Sink) {
        let scores = group.scores.map { $0 ?? 0 }
        if group.metadata.fold != nil { sink.addFold() }
        scores.withUnsafeBufferPointer { scores in
            sink.add(scores: scores, labels: Array(Set(group.labels)).sorted(), fold: group.metadata.fold,
                     attributeValues: group.metadata.attributes.map(\.value),
                     width: group.metadata.width ?? -1, height: group.metadata.height ?? -1,
                     id: group.id, url: group.metadata.url, text: group.metadata.text)
        }
    }

    /// One input's rows, gathered until the next input starts.
    struct Group {
        var id = ""
        var metadata = InputMetadata()
        var scores: [Double?] = []
        var labels: [Int32] = []
        var rows = 0
    }

    private static func read<Sink: SummaryInputSink>(_ source: SourceBytes, checkingIDs: Bool,
                                                     makeSink: ([Concept], Bool, [String]) -> Sink) throws -> Sink? {
        let bytes = source.buffer
        let header = try CSVHeader.read(bytes, path: source.path)
        let roles = try CSVColumnRoles.classify(header, long: true)
        guard let idColumn = roles.id, let conceptColumn = roles.concept, let scoreColumn = roles.score,
              let labelColumn = roles.labels, roles.others.isEmpty else { return nil }
        let reader = CSVRecordReader(source: bytes, delimiter: header.delimiter, start: header.dataStart)
        var fields: [CSVField] = []
        var conceptTable = ByteNameTable()
        var conceptNames: [String] = []
        var builder: Sink?
        var group: Group?
        var idHashes = IDHashSet(checks: checkingIDs)
        var released = 0
        let attributeNames = roles.meta.map(\.name)

        /// Counts the finished input; false when it lacks a concept.
        func count(_ group: Group) -> Bool {
            if builder == nil {
                builder = makeSink(conceptNames.map { Concept(id: $0, name: $0) }, false, attributeNames)
            }
            guard group.rows == conceptNames.count else { return false }
            add(group, to: &builder!)
            return true
        }

        while try reader.next(into: &fields) != nil {
            guard fields.count == header.names.count else { return nil }
            let idField = fields[idColumn]
            guard !idField.bytes.isEmpty, !UTF8Text.isLoneCR(idField.bytes) else { return nil }
            if group == nil || !idField.bytes.elementsEqual(group!.id.utf8) {
                if let finished = group {
                    guard count(finished) else { return nil }
                }
                guard idHashes.insert(ByteNameTable.hash(idField.bytes)) else { return nil }
                let id = try UTF8Text.string(idField.bytes, fieldOffset: idField.offset, what: "the input id")
                group = Group(id: id, metadata: try LongCSVLoader.rowMetadata(fields, roles: roles),
                              scores: Array(repeating: nil, count: conceptNames.count))
            } else {
                let again = try LongCSVLoader.rowMetadata(fields, roles: roles)
                guard InputMetadata.firstConflict(group!.metadata, again, roles: roles) == nil else { return nil }
            }
            let conceptField = fields[conceptColumn]
            let conceptName = try UTF8Text.string(conceptField.bytes, fieldOffset: conceptField.offset, what: "the concept").trimmingSpaces
            guard !conceptName.isEmpty else { return nil }
            var concept = conceptTable.index(of: conceptName)
            if concept < 0 {
                // Only the first input names concepts; a later one naming a new concept means
                // an input before lacks it.
                guard builder == nil else { return nil }
                concept = conceptTable.insert(conceptName).index
                conceptNames.append(conceptName)
                group!.scores.append(nil)
            }
            guard group!.scores[Int(concept)] == nil,
                  let score = ScoreParser.score(fields[scoreColumn].bytes),
                  let label = LongCSVLoader.labelValue(fields[labelColumn].bytes) else { return nil }
            group!.scores[Int(concept)] = score
            group!.rows += 1
            if label { group!.labels.append(concept) }
            if reader.position - released >= WideCSVSummarizer.releaseEvery {
                source.releasePages(released ..< reader.position)
                released = reader.position
            }
        }
        // An id that came back, found only by merging the spilled hashes: the sort reads it.
        guard let last = group, count(last), let builder, idHashes.finish() else { return nil }
        return builder
    }
}

/// The long CSV reader of one `summarize`: the grouped stream when the file is grouped by input,
/// else the external sort, whose runs are kept (as unlinked temporary files, see
/// `LongCSVRunFile`) for the suspects' passes and freed with this object.
final class LongCSVReading {
    private let runBytes: Int
    private let firstRowLimit: Int
    private let fanIn: Int
    private var sorted: LongCSVSortedRows?
    private var groupedFailed = false

    /// The sort's sizes (`LongCSVSortedRows.sort`); tests and the fuzz target make them small.
    init(runBytes: Int = LongCSVSortedRows.defaultRunBytes, firstRowLimit: Int = LongCSVSortedRows.defaultFirstRowLimit,
         fanIn: Int = LongCSVSortedRows.fanIn) {
        self.runBytes = runBytes
        self.firstRowLimit = firstRowLimit
        self.fanIn = fanIn
    }

    /// Where the runs go: `$TMPDIR` (Foundation's temporary directory), as `sort(1)` does.
    static var sortDirectory: String { FileManager.default.temporaryDirectory.path }

    /// Feeds every input to the sink `makeSink` makes; nil when the file is not a long CSV/TSV
    /// or is one the loader should read (a header that is not a plain long one, no rows).
    /// `checkingIDs`: false for a read after one that checked the grouped file's ids (the
    /// suspects' passes).
    func read<Sink: SummaryInputSink>(path: String, options: LoadOptions, checkingIDs: Bool = true,
                                      makeSink: ([Concept], Bool, [String]) -> Sink) throws -> Sink? {
        if let sorted { return try sorted.read(makeSink: makeSink) }
        if !groupedFailed, let sink = try LongCSVSummarizer.readGrouped(path: path, options: options, checkingIDs: checkingIDs,
                                                                       makeSink: makeSink) { return sink }
        groupedFailed = true
        return try SummarizerSource.read(path, ifFormat: .long, options: options) { (source: SourceBytes) -> Sink? in
            do {
                guard let rows = try LongCSVSortedRows.sort(source, directory: Self.sortDirectory, runBytes: runBytes, fanIn: fanIn,
                                                              firstRowLimit: firstRowLimit) else { return nil }
                sorted = rows
                return try rows.read(makeSink: makeSink)
            } catch let failure as LongCSVSortFailure {
                throw LoadError(path: path, message: failure.message)
            }
        }
    }
}
