/// The optional per-input metadata of a JSON Lines, long-format or Clarifai input.
struct InputMetadata {
    var url: String?
    var text: String?
    var width: Int32?
    var height: Int32?
    var fold: String?
    var attributes: [(name: String, value: String?)] = []
}

/// A categorical column built one input at a time.
struct CategoryColumn {
    var values: [String] = []
    var index: [String: Int32] = [:]
    var codes: [Int32] = []

    mutating func append(_ value: String?, row: Int) {
        while codes.count < row { codes.append(-1) }
        guard let value else { codes.append(-1); return }
        if let code = index[value] { codes.append(code); return }
        let code = Int32(values.count)
        values.append(value)
        index[value] = code
        codes.append(code)
    }

    func attribute(name: String, rowCount: Int) -> CategoricalAttribute {
        CategoricalAttribute(name: name, values: values, codes: codes + Array(repeating: -1, count: rowCount - codes.count))
    }
}

/// Collects inputs one at a time (for the formats where speed matters less than for the wide
/// CSV) and checks id uniqueness as it goes.
struct SparseEvaluationBuilder {
    let path: String
    var concepts: [Concept] = []
    private(set) var ids: [String] = []
    private var firstPlace: [String: String] = [:]
    private var scores: [Double] = []
    private var labelOffsets: [Int32] = [0]
    private var labelConcepts: [Int32] = []
    private var urls: [String] = []
    private var anyURL = false
    private var texts: [String] = []
    private var anyText = false
    private var widths: [Int32] = []
    private var anyWidth = false
    private var heights: [Int32] = []
    private var anyHeight = false
    private var fold = CategoryColumn()
    private var anyFold = false
    private var attributeNames: [String] = []
    private var attributeColumns: [String: CategoryColumn] = [:]

    /// The most the attribute codes may take (see `MemoryBudget`).
    private let attributeBudget: Int

    /// `fileSize`: the source's size in bytes, which bounds the attribute codes.
    init(path: String, fileSize: Int) {
        self.path = path
        attributeBudget = MemoryBudget.attributeBytes(fileSize: fileSize)
    }

    var inputCount: Int { ids.count }

    /// Adds one input; `scores` is dense over `concepts`. `line` (or `place`, with `offset` where
    /// it starts in the text) says where it was, for the duplicate-id message.
    mutating func add(id: String, line: Int?, place: String? = nil, offset: Int? = nil, scores rowScores: [Double], labels: [Int32],
                      metadata: InputMetadata) throws(ParseFailure) {
        let here = place ?? "line \(line ?? 0)"
        if let first = firstPlace[id] {
            let message = "duplicate input id '\(id.quotedForMessage)' (first seen on \(first)); input ids must be unique"
            if let line { throw ParseFailure(line: line, message) }
            throw ParseFailure(offset: offset, "\(here): " + message)
        }
        let row = ids.count
        // Each attribute keeps a code for every input: a file whose lines each bring new
        // attribute names would need inputs × names codes. Refused before that grows past
        // the budget.
        let names = attributeNames.count + metadata.attributes.count { attributeColumns[$0.name] == nil }
        if names > attributeNames.count, let needed = MemoryBudget.product(names, row + 1, 4), needed > attributeBudget {
            let message = "this input brings the attribute names to \(names), which for \(row + 1) inputs need \(MemoryBudget.describe(needed)) of codes (4 bytes per input and attribute name), past what evaltop allows for a file of this size (8 bytes per byte of the file plus 64 MB: \(MemoryBudget.describe(attributeBudget))); give every input the same few attributes"
            if let line { throw ParseFailure(line: line, message) }
            throw ParseFailure(offset: offset, "\(here): " + message)
        }
        firstPlace[id] = here
        ids.append(id)
        scores.append(contentsOf: rowScores)
        let sortedLabels = Array(Set(labels)).sorted()
        labelConcepts.append(contentsOf: sortedLabels)
        labelOffsets.append(Int32(labelConcepts.count))
        urls.append(metadata.url ?? "")
        anyURL = anyURL || metadata.url != nil
        texts.append(metadata.text ?? "")
        anyText = anyText || metadata.text != nil
        widths.append(metadata.width ?? -1)
        anyWidth = anyWidth || metadata.width != nil
        heights.append(metadata.height ?? -1)
        anyHeight = anyHeight || metadata.height != nil
        fold.append(metadata.fold, row: row)
        anyFold = anyFold || metadata.fold != nil
        for (name, value) in metadata.attributes {
            if attributeColumns[name] == nil {
                attributeNames.append(name)
                attributeColumns[name] = CategoryColumn()
            }
            attributeColumns[name]!.append(value, row: row)
        }
    }

    func build(format: EvaluationFormat, mode: ModeOption, clarifai: ClarifaiReported? = nil) -> Evaluation {
        Evaluation(
            sourcePath: path, format: format,
            mode: mode.resolve(everyInputHasOneLabel: Evaluation.everyInputHasOneLabel(labelOffsets)),
            concepts: concepts, inputIDs: ids, scores: scores,
            labelOffsets: labelOffsets, labelConcepts: labelConcepts,
            urls: anyURL ? urls : nil, widths: anyWidth ? widths : nil, heights: anyHeight ? heights : nil,
            fold: anyFold ? fold.attribute(name: "fold", rowCount: ids.count) : nil,
            attributes: attributeNames.map { attributeColumns[$0]!.attribute(name: $0, rowCount: ids.count) },
            clarifai: clarifai, texts: anyText ? texts : nil)
    }
}
