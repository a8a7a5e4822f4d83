/// Reads Clarifai's evaluation-metrics document: the response of GetModelVersionMetrics
/// (`{"model_version":{"metrics":{…}}}`), of GetModelVersionEvaluation (`{"eval_metrics":{…}}`)
/// or a bare EvalMetrics object, with snake_case or lowerCamelCase keys.
///
/// `test_set[]` gives the inputs: `predicted_concepts` are the scores (a concept missing from
/// an entry scores 0, because the API omits zero values) and `ground_truth_concepts` the
/// labels (an explicit value of 0 there is a negative annotation, not a label). Concepts are
/// identified by id, shown by name, in the order the entries list them (`ConceptOrder`).
enum ClarifaiLoader {
    static func load(_ source: SourceBytes, options: LoadOptions, progress: ProgressSink, probe: CancellationProbe) throws -> Evaluation {
        do {
            let bytes = source.buffer
            var parser = JSONParser(bytes: bytes, start: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0, end: bytes.count)
            let document = try parser.parseDocument()
            try probe.check()
            let evaluation = try build(document, path: source.path, options: options,
                                       documentOffset: JSONParser.documentStart(bytes), fileSize: bytes.count)
            progress.finish(inputs: evaluation.inputCount)
            return evaluation
        } catch let failure as ParseFailure {
            throw failure.loadError(in: source)
        }
    }

    static let missingTestSetHelp = "ask the API for it: call GetModelVersionMetrics (or GetModelVersionEvaluation) with fields {test_set: true} (`fields.test_set`), and save that response"

    /// `documentOffset` is where the document's value starts in the text.
    static func build(_ document: JSONValue, path: String, options: LoadOptions, documentOffset: Int = 0,
                      fileSize: Int) throws(ParseFailure) -> Evaluation {
        let metrics = try metrics(of: document, documentOffset: documentOffset)
        let entries = try testSet(in: metrics, documentOffset: documentOffset)
        try requireEntries(entries.count, in: metrics)

        var concepts = ClarifaiConcepts()
        var parsed: [ClarifaiEntry] = []
        parsed.reserveCapacity(entries.count)
        let testSetKeyOffset = metrics.memberKeyOffset("test_set")
        for (number, entry) in entries.enumerated() {
            parsed.append(try self.entry(entry, number: number, testSetKeyOffset: testSetKeyOffset, concepts: &concepts))
        }
        let conceptCount = concepts.list.count

        // Entries list only their own concepts (the rest score 0), so a short document can
        // describe a huge matrix: a score for every entry and every concept any entry names.
        // Refused before it (or anything sized by the concept count) is allocated when it
        // exceeds the budget.
        let needed = MemoryBudget.product(parsed.count, conceptCount, MemoryLayout<Double>.size)
        let limit = MemoryBudget.scoreLimit(options)
        if needed.map({ $0 > limit.bytes }) ?? true {
            throw ParseFailure(offset: metrics.memberKeyOffset("test_set"), "test_set has \(parsed.count) entries naming \(conceptCount) concepts between them; a score for every entry and concept (the concepts an entry leaves out score 0) needs \(MemoryBudget.describe(needed)), more than evaltop may use (\(limit.why))")
        }

        // The column order: the order the entries list their concepts in (see ConceptOrder).
        var order = ConceptOrder()
        for entry in parsed { order.add(entry.scores.lazy.map(\.0)) }
        let columns = ClarifaiColumns(order: order.order(count: conceptCount), concepts: concepts.list)
        var builder = SparseEvaluationBuilder(path: path, fileSize: fileSize)
        builder.concepts = columns.concepts
        var row = [Double](repeating: 0, count: conceptCount)
        for (number, entry) in parsed.enumerated() {
            columns.fill(&row, with: entry)
            var metadata = InputMetadata()
            metadata.url = entry.url
            metadata.text = entry.text
            metadata.width = entry.width
            metadata.height = entry.height
            try builder.add(id: entry.id, line: nil, place: "test_set[\(number)]", offset: entry.offset, scores: row,
                            labels: columns.labels(of: entry), metadata: metadata)
        }

        return builder.build(format: .clarifai, mode: options.mode, clarifai: reported(in: metrics))
    }

    /// Where the metrics are: `model_version.metrics`, `eval_metrics` or the document itself.
    static func metrics(of document: JSONValue, documentOffset: Int) throws(ParseFailure) -> JSONValue {
        guard case .object = document else {
            throw ParseFailure(offset: documentOffset, "a Clarifai evaluation must be a JSON object, but this is \(document.kindName)")
        }
        return document.member("model_version")?.member("metrics") ?? document.member("eval_metrics") ?? document
    }

    /// The entries of the metrics' test_set; an error when it is missing or not an array.
    static func testSet(in metrics: JSONValue, documentOffset: Int) throws(ParseFailure) -> [JSONValue] {
        guard let testSetValue = metrics.member("test_set") else {
            throw ParseFailure(offset: metrics.offset ?? documentOffset, "this Clarifai evaluation has no test_set, so it has no per-input scores; \(missingTestSetHelp)")
        }
        guard case .array(let entries) = testSetValue else {
            throw ParseFailure(offset: metrics.memberKeyOffset("test_set"), "test_set must be an array, but it is \(testSetValue.kindName)")
        }
        return entries
    }

    static func requireEntries(_ count: Int, in metrics: JSONValue) throws(ParseFailure) {
        guard count > 0 else {
            throw ParseFailure(offset: metrics.memberKeyOffset("test_set"), "test_set is empty, so there is nothing to evaluate; \(missingTestSetHelp)")
        }
    }

    /// Entry `number` of test_set, checked; the concepts it names are added to `concepts`.
    /// `testSetKeyOffset` places an error about an entry that is not an object.
    static func entry(_ entry: JSONValue, number: Int, testSetKeyOffset: Int?, concepts: inout ClarifaiConcepts) throws(ParseFailure) -> ClarifaiEntry {
        // The places errors name are written only when there is an error: building them for
        // every concept of every entry was a tenth of the summarizer's time (perf).
        func place() -> String { "test_set[\(number)]" }
        guard let id = text(entry.member("input")?.member("id")), !id.isEmpty else {
            throw ParseFailure(offset: entry.offset ?? testSetKeyOffset, "\(place()) has no input.id; every entry needs its input's id")
        }
        var scores: [(Int32, Double)] = []
        for (position, predicted) in try array(entry, "predicted_concepts", "\(place()).predicted_concepts").enumerated() {
            func where_() -> String { "\(place()).predicted_concepts[\(position)] (input '\(id.quotedForMessage)')" }
            let index = try concepts.index(of: predicted, at: where_(), listOffset: entry.memberKeyOffset("predicted_concepts"))
            var value = 0.0
            if let raw = predicted.member("value") {
                guard case .number(let number) = raw else { throw ParseFailure(offset: predicted.offset, "\(where_()): value is \(raw.kindName); scores must be numbers in [0, 1]") }
                guard number >= 0, number <= 1 else { throw ParseFailure(offset: predicted.offset, "\(where_()): value \(number) is outside [0, 1]") }
                value = number == 0 ? 0 : number
            }
            scores.append((index, value))
        }
        var labels: [Int32] = []
        for (position, truth) in try array(entry, "ground_truth_concepts", "\(place()).ground_truth_concepts").enumerated() {
            let index = try concepts.index(of: truth, at: "\(place()).ground_truth_concepts[\(position)] (input '\(id.quotedForMessage)')",
                                           listOffset: entry.memberKeyOffset("ground_truth_concepts"))
            if case .number(let value)? = truth.member("value"), value == 0 { continue }
            labels.append(index)
        }
        let image = entry.member("input")?.member("data")?.member("image")
        let url = text(image?.member("url"))
        // `image_info` (`imageInfo`) carries the size Clarifai measured when the input was added.
        let info = image?.member("image_info")
        let width = try pixels(info?.member("width"), "\(place()).input.data.image.image_info.width", offset: info?.offset)
        let height = try pixels(info?.member("height"), "\(place()).input.data.image.image_info.height", offset: info?.offset)
        // Text inputs: `input.data.text.raw` (a `url` there points at the text's file).
        let text: String?
        if case .string(let raw)? = entry.member("input")?.member("data")?.member("text")?.member("raw") { text = raw } else { text = nil }
        return ClarifaiEntry(id: id, offset: entry.offset, url: url, text: text, width: width, height: height, scores: scores, labels: labels)
    }

    /// The reported metrics (`summary`, `binary_metrics`), when the document has them.
    static func reported(in metrics: JSONValue) -> ClarifaiReported? {
        let summary = metrics.member("summary")
        let binaryMetrics = metrics.member("binary_metrics")
        guard summary != nil || binaryMetrics != nil else { return nil }
        var macroAUC: Double?
        if case .number(let value)? = summary?.member("macro_avg_roc_auc") { macroAUC = value }
        return ClarifaiReported(macroAUC: macroAUC, summaryJSON: summary?.serialized(), binaryMetricsJSON: binaryMetrics?.serialized())
    }

    fileprivate static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: return text
        case .number?: return value!.serialized()
        default: return nil
        }
    }

    /// A size in pixels: a whole number, or the same as a string (protobuf's JSON writes int64
    /// as strings). 0 means "not measured" in Clarifai's documents and reads as no value.
    private static func pixels(_ value: JSONValue?, _ place: @autoclosure () -> String, offset: Int?) throws(ParseFailure) -> Int32? {
        let number: Double
        switch value {
        case nil, .null?: return nil
        case .number(let n)?: number = n
        case .string(let text)?:
            guard let n = Double(text) else { throw ParseFailure(offset: offset, "\(place()) must be a whole number of pixels, but it is '\(text.quotedForMessage)'") }
            number = n
        case let other?: throw ParseFailure(offset: offset, "\(place()) must be a whole number of pixels, but it is \(other.kindName)")
        }
        guard number >= 0, number == number.rounded(), number <= Double(Int32.max) else {
            throw ParseFailure(offset: offset, "\(place()) must be a whole number of pixels, but it is \(number)")
        }
        return number == 0 ? nil : Int32(number)
    }

    /// The array member `key` of `object` (none or null: empty); an error at its key otherwise.
    private static func array(_ object: JSONValue, _ key: String, _ place: @autoclosure () -> String) throws(ParseFailure) -> [JSONValue] {
        switch object.member(key) {
        case nil, .null?: return []
        case .array(let items)?: return items
        case let other?:
            throw ParseFailure(offset: object.memberKeyOffset(key) ?? object.offset,
                               "\(place()) must be an array, but it is \(other.kindName)")
        }
    }
}

/// One test_set entry, checked, with its concepts numbered by first appearance in the document.
struct ClarifaiEntry {
    var id: String
    var offset: Int?
    var url: String?
    var text: String?
    var width: Int32?
    var height: Int32?
    var scores: [(Int32, Double)]
    var labels: [Int32]
}

/// The concepts a document's entries name, numbered by first appearance (keyed by id, else name).
struct ClarifaiConcepts {
    private var numbers: [String: Int32] = [:]
    private(set) var list: [Concept] = []

    /// `listOffset`: where the list holding `value` is named, for a value that is not an object.
    mutating func index(of value: JSONValue, at place: @autoclosure () -> String, listOffset: @autoclosure () -> Int?) throws(ParseFailure) -> Int32 {
        let id = ClarifaiLoader.text(value.member("id"))
        let name = ClarifaiLoader.text(value.member("name"))
        guard let key = id ?? name else { throw ParseFailure(offset: value.offset ?? listOffset(), "\(place()) has neither an id nor a name") }
        if let index = numbers[key] { return index }
        let index = Int32(list.count)
        numbers[key] = index
        list.append(Concept(id: key, name: name ?? key))
        return index
    }
}

/// The columns in `ConceptOrder`'s merged order, and an entry's scores and labels placed in them.
struct ClarifaiColumns {
    let concepts: [Concept]
    /// The column of each concept numbered by first appearance.
    private let position: [Int32]

    init(order: [Int], concepts byAppearance: [Concept]) {
        concepts = order.map { byAppearance[$0] }
        var position = [Int32](repeating: 0, count: order.count)
        for (column, index) in order.enumerated() { position[index] = Int32(column) }
        self.position = position
    }

    /// Whether every concept `entry` names has a column (a document read again may have changed).
    func covers(_ entry: ClarifaiEntry) -> Bool {
        entry.scores.allSatisfy { Int($0.0) < position.count } && entry.labels.allSatisfy { Int($0) < position.count }
    }

    /// `row` (one score per column) set to `entry`'s scores, 0 for the concepts it leaves out.
    func fill(_ row: inout [Double], with entry: ClarifaiEntry) {
        for index in row.indices { row[index] = 0 }
        for (index, value) in entry.scores { row[Int(position[Int(index)])] = value }
    }

    /// `entry`'s labels as columns, in its order (duplicates kept).
    func labels(of entry: ClarifaiEntry) -> [Int32] {
        entry.labels.map { position[Int($0)] }
    }
}
