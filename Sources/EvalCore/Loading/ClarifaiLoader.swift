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
        guard case .object = document else {
            throw ParseFailure(offset: documentOffset, "a Clarifai evaluation must be a JSON object, but this is \(document.kindName)")
        }
        let metrics = document.member("model_version")?.member("metrics") ?? document.member("eval_metrics") ?? document
        guard let testSetValue = metrics.member("test_set") else {
            throw ParseFailure(offset: metrics.offset ?? documentOffset, "this Clarifai evaluation has no test_set, so it has no per-input scores; \(missingTestSetHelp)")
        }
        guard case .array(let entries) = testSetValue else {
            throw ParseFailure(offset: metrics.memberKeyOffset("test_set"), "test_set must be an array, but it is \(testSetValue.kindName)")
        }
        guard !entries.isEmpty else {
            throw ParseFailure(offset: metrics.memberKeyOffset("test_set"), "test_set is empty, so there is nothing to evaluate; \(missingTestSetHelp)")
        }

        var conceptIndex: [String: Int32] = [:]
        var concepts: [Concept] = []
        /// `listOffset`: where the list holding `value` is named, for a value that is not an object.
        func concept(_ value: JSONValue, at place: String, listOffset: Int?) throws(ParseFailure) -> Int32 {
            let id = text(value.member("id"))
            let name = text(value.member("name"))
            guard let key = id ?? name else { throw ParseFailure(offset: value.offset ?? listOffset, "\(place) has neither an id nor a name") }
            if let index = conceptIndex[key] { return index }
            let index = Int32(concepts.count)
            conceptIndex[key] = index
            concepts.append(Concept(id: key, name: name ?? key))
            return index
        }

        struct Entry { var id: String; var offset: Int?; var url: String?; var text: String?; var width: Int32?; var height: Int32?; var scores: [(Int32, Double)]; var labels: [Int32] }
        var parsed: [Entry] = []
        parsed.reserveCapacity(entries.count)
        for (number, entry) in entries.enumerated() {
            let place = "test_set[\(number)]"
            guard let id = text(entry.member("input")?.member("id")), !id.isEmpty else {
                throw ParseFailure(offset: entry.offset ?? metrics.memberKeyOffset("test_set"),
                                   "\(place) has no input.id; every entry needs its input's id")
            }
            var scores: [(Int32, Double)] = []
            for (position, predicted) in try array(entry, "predicted_concepts", "\(place).predicted_concepts").enumerated() {
                let where_ = "\(place).predicted_concepts[\(position)] (input '\(id.quotedForMessage)')"
                let index = try concept(predicted, at: where_, listOffset: entry.memberKeyOffset("predicted_concepts"))
                var value = 0.0
                if let raw = predicted.member("value") {
                    guard case .number(let number) = raw else { throw ParseFailure(offset: predicted.offset, "\(where_): value is \(raw.kindName); scores must be numbers in [0, 1]") }
                    guard number >= 0, number <= 1 else { throw ParseFailure(offset: predicted.offset, "\(where_): value \(number) is outside [0, 1]") }
                    value = number == 0 ? 0 : number
                }
                scores.append((index, value))
            }
            var labels: [Int32] = []
            for (position, truth) in try array(entry, "ground_truth_concepts", "\(place).ground_truth_concepts").enumerated() {
                let index = try concept(truth, at: "\(place).ground_truth_concepts[\(position)] (input '\(id.quotedForMessage)')",
                                        listOffset: entry.memberKeyOffset("ground_truth_concepts"))
                if case .number(let value)? = truth.member("value"), value == 0 { continue }
                labels.append(index)
            }
            let image = entry.member("input")?.member("data")?.member("image")
            let url = text(image?.member("url"))
            // `image_info` (`imageInfo`) carries the size Clarifai measured when the input was added.
            let info = image?.member("image_info")
            let width = try pixels(info?.member("width"), "\(place).input.data.image.image_info.width", offset: info?.offset)
            let height = try pixels(info?.member("height"), "\(place).input.data.image.image_info.height", offset: info?.offset)
            // Text inputs: `input.data.text.raw` (a `url` there points at the text's file).
            let text: String?
            if case .string(let raw)? = entry.member("input")?.member("data")?.member("text")?.member("raw") { text = raw } else { text = nil }
            parsed.append(Entry(id: id, offset: entry.offset, url: url, text: text, width: width, height: height, scores: scores, labels: labels))
        }

        // Entries list only their own concepts (the rest score 0), so a short document can
        // describe a huge matrix: a score for every entry and every concept any entry names.
        // Refused before it (or anything sized by the concept count) is allocated when it
        // exceeds the budget.
        let needed = MemoryBudget.product(parsed.count, concepts.count, MemoryLayout<Double>.size)
        let limit = MemoryBudget.scoreLimit(options)
        if needed.map({ $0 > limit.bytes }) ?? true {
            throw ParseFailure(offset: metrics.memberKeyOffset("test_set"), "test_set has \(parsed.count) entries naming \(concepts.count) concepts between them; a score for every entry and concept (the concepts an entry leaves out score 0) needs \(MemoryBudget.describe(needed)), more than evaltop may use (\(limit.why))")
        }

        // The column order: the order the entries list their concepts in (see ConceptOrder).
        let order = ConceptOrder.merge(count: concepts.count, sequences: parsed.map { $0.scores.map(\.0) })
        var position = [Int32](repeating: 0, count: concepts.count)
        for (newIndex, oldIndex) in order.enumerated() { position[oldIndex] = Int32(newIndex) }
        var builder = SparseEvaluationBuilder(path: path, fileSize: fileSize)
        builder.concepts = order.map { concepts[$0] }
        var row = [Double](repeating: 0, count: concepts.count)
        for (number, entry) in parsed.enumerated() {
            for index in row.indices { row[index] = 0 }
            for (index, value) in entry.scores { row[Int(position[Int(index)])] = value }
            var metadata = InputMetadata()
            metadata.url = entry.url
            metadata.text = entry.text
            metadata.width = entry.width
            metadata.height = entry.height
            let labels = entry.labels.map { position[Int($0)] }
            try builder.add(id: entry.id, line: nil, place: "test_set[\(number)]", offset: entry.offset, scores: row, labels: labels, metadata: metadata)
        }

        let summary = metrics.member("summary")
        let binaryMetrics = metrics.member("binary_metrics")
        var reported: ClarifaiReported?
        if summary != nil || binaryMetrics != nil {
            var macroAUC: Double?
            if case .number(let value)? = summary?.member("macro_avg_roc_auc") { macroAUC = value }
            reported = ClarifaiReported(macroAUC: macroAUC, summaryJSON: summary?.serialized(), binaryMetricsJSON: binaryMetrics?.serialized())
        }
        return builder.build(format: .clarifai, mode: options.mode, clarifai: reported)
    }

    private static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: return text
        case .number?: return value!.serialized()
        default: return nil
        }
    }

    /// A size in pixels: a whole number, or the same as a string (protobuf's JSON writes int64
    /// as strings). 0 means "not measured" in Clarifai's documents and reads as no value.
    private static func pixels(_ value: JSONValue?, _ place: String, offset: Int?) throws(ParseFailure) -> Int32? {
        let number: Double
        switch value {
        case nil, .null?: return nil
        case .number(let n)?: number = n
        case .string(let text)?:
            guard let n = Double(text) else { throw ParseFailure(offset: offset, "\(place) must be a whole number of pixels, but it is '\(text.quotedForMessage)'") }
            number = n
        case let other?: throw ParseFailure(offset: offset, "\(place) must be a whole number of pixels, but it is \(other.kindName)")
        }
        guard number >= 0, number == number.rounded(), number <= Double(Int32.max) else {
            throw ParseFailure(offset: offset, "\(place) must be a whole number of pixels, but it is \(number)")
        }
        return number == 0 ? nil : Int32(number)
    }

    /// The array member `key` of `object` (none or null: empty); an error at its key otherwise.
    private static func array(_ object: JSONValue, _ key: String, _ place: String) throws(ParseFailure) -> [JSONValue] {
        switch object.member(key) {
        case nil, .null?: return []
        case .array(let items)?: return items
        case let other?:
            throw ParseFailure(offset: object.memberKeyOffset(key) ?? object.offset,
                               "\(place) must be an array, but it is \(other.kindName)")
        }
    }
}
