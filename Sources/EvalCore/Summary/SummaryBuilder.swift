/// Accumulates an `EvaluationSummary` one input at a time, in memory bounded by the summary
/// (the distinct scores or grid cells per concept and group, the non-zero matrix cells), never
/// by the number of inputs: what `evaltop summarize` feeds while it reads a file.
public struct SummaryBuilder: SummaryInputSink {
    /// Score tables being counted: per concept, score bits → counts.
    struct Counting {
        var cells: [ScoreCellCounts]
        var inputs = 0

        init(conceptCount: Int) { cells = Array(repeating: ScoreCellCounts(), count: conceptCount) }

        /// Descending by bit pattern (for the scores of [0, 1], descending by score).
        func tables() -> [ScoreTable] {
            cells.map { $0.table(by: >) }
        }
    }

    /// A categorical column being counted: value → its tables.
    struct AttributeCounting {
        let name: String
        var codes: [String: Int] = [:]
        var values: [String] = []
        var groups: [Counting] = []
    }

    public let concepts: [Concept]
    public let grid: SummaryGrid
    private var whole: Counting
    private var fold: AttributeCounting?
    private var attributes: [AttributeCounting]
    private var inputs = 0
    /// Inputs counted so far.
    public var inputCount: Int { inputs }
    private var everyInputHasOneLabel = true
    private var top1Correct = 0
    private var confusion: [Int: Int] = [:]
    private var cooccurrence: [Int: Int] = [:]
    private var scoreSums: [Double]?
    private var labelledWithSize: [Int]
    private var labelledSmall: [Int]
    private var multiLabelled: [Int]
    private var isLabel: [Bool]
    private var rows: SummaryRowCollector
    /// With suspects asked for: the first suspect pass's exclusive sums, taken in this pass
    /// (`SummarySuspectPass.startingAtJoint`), so that an exclusive file is read once less.
    private(set) var exclusiveSuspectSums: SummarySuspectPass.ExclusiveSums?
    private var pairs: SummaryPairCounting?
    private var countsAt: SummaryCountsAtCounting
    /// True when the counts at the asked thresholds passed `SummaryCountsAtCounting.cellLimit`
    /// (`summary(path:)` then fails: the user asked for them).
    public var countsAtOverLimit: Bool { countsAt.overLimit }

    /// `hasFold`: the rows carry a fold; `attributeNames`: their `meta:` columns, in order;
    /// `rows`: how many extremes per concept and list, and sampled inputs, to keep.
    /// `countThresholds`: the sets whose counts-at-threshold matrix is kept when the summary
    /// ends up without pair tables (`SummaryCountsAt`).
    public init(concepts: [Concept], grid: SummaryGrid, hasFold: Bool, attributeNames: [String], rows: SummaryRowOptions = .none,
                countThresholds: [SummaryThresholdSet] = []) {
        self.concepts = concepts
        self.grid = grid
        whole = Counting(conceptCount: concepts.count)
        fold = hasFold ? AttributeCounting(name: "fold") : nil
        attributes = attributeNames.map { AttributeCounting(name: $0) }
        let c = concepts.count
        scoreSums = c <= SummaryFormat.maximumDenseConcepts ? Array(repeating: 0, count: c * c) : nil
        labelledWithSize = Array(repeating: 0, count: c)
        labelledSmall = Array(repeating: 0, count: c)
        multiLabelled = Array(repeating: 0, count: c)
        isLabel = Array(repeating: false, count: c)
        pairs = SummaryPairCounting(conceptCount: c, lineLimit: rows.pairLines)
        countsAt = SummaryCountsAtCounting(sets: countThresholds, conceptCount: c)
        self.rows = SummaryRowCollector(extremes: rows.extremes, sampleSize: rows.sample, conceptCount: c)
        if rows.suspects > 0 { exclusiveSuspectSums = SummarySuspectPass.ExclusiveSums(conceptCount: c) }
    }

    /// Formats whose inputs bring their own metadata (JSON Lines) find the fold and the
    /// attributes as they read: the fold counts from the first input that has one, and an
    /// attribute from the first input that names it (the inputs before had no value for it,
    /// as in a loaded evaluation). Attributes are listed in the order they were added.
    public var hasFold: Bool { fold != nil }

    public mutating func addFold() {
        if fold == nil { fold = AttributeCounting(name: "fold") }
    }

    public mutating func addAttribute(named name: String) {
        attributes.append(AttributeCounting(name: name))
    }

    /// Counts one input: its score per concept (in concept order), its labels (concept
    /// indices), its fold and attribute values (nil where it has none) and its pixel size
    /// (-1 where unknown); its id, url and text are kept when it is one of the rows.
    public mutating func add<Labels: Collection<Int32>>(
        scores: UnsafeBufferPointer<Double>, labels: Labels, fold foldValue: String?,
        attributeValues: [String?], width: Int32, height: Int32,
        id: String = "", url: String? = nil, text: String? = nil
    ) {
        let c = concepts.count
        inputs += 1
        if labels.count != 1 { everyInputHasOneLabel = false }
        for label in labels { isLabel[Int(label)] = true }
        var cells = [UInt64](repeating: 0, count: c)
        for concept in 0 ..< c { cells[concept] = grid.cell(scores[concept]).bitPattern }
        if exclusiveSuspectSums != nil, labels.count == 1, let label = labels.first.map(Int.init) {
            exclusiveSuspectSums!.add(Double(bitPattern: cells[label]), label: label)
        }
        Self.count(cells: cells, isLabel: isLabel, into: &whole)
        if fold != nil, let value = foldValue { Self.count(cells: cells, isLabel: isLabel, value: value, into: &fold!) }
        for (index, value) in attributeValues.enumerated() {
            if let value { Self.count(cells: cells, isLabel: isLabel, value: value, into: &attributes[index]) }
        }
        if rows.isActive {
            let input = inputs - 1
            rows.offer({
                SummaryRowCollector.Candidate(
                    input: input, id: id, labels: labels.sorted(), cells: cells,
                    url: url.flatMap { $0.isEmpty ? nil : $0 }, text: text.flatMap { $0.isEmpty ? nil : $0 },
                    width: width, height: height, fold: foldValue, meta: attributeValues)
            }, input: input, id: id, cells: cells, isLabel: isLabel)
        }
        // The argmax, ties to the first concept, as `Argmax.ofRows`.
        if c > 0 {
            var top = 0
            for concept in 1 ..< c where scores[concept] > scores[top] { top = concept }
            if isLabel[top] { top1Correct += 1 }
            for label in labels { confusion[Int(label) * c + top, default: 0] += 1 }
        }
        for first in labels {
            for second in labels { cooccurrence[Int(first) * c + Int(second), default: 0] += 1 }
        }
        if scoreSums != nil {
            for label in labels {
                let row = Int(label) * c
                for concept in 0 ..< c { scoreSums![row + concept] += scores[concept] }
            }
        }
        pairs?.add(cells: cells, labels: labels, isLabel: isLabel)
        if pairs?.overLimit == true { pairs = nil }
        if countsAt.isActive { countsAt.add(cells: cells, labels: labels, isLabel: isLabel) }
        let side = DiagnosisRules.smallImageSide
        let hasSize = width >= 0 || height >= 0
        let isSmall = (width >= 0 && width < side) || (height >= 0 && height < side)
        for label in labels {
            let concept = Int(label)
            if hasSize { labelledWithSize[concept] += 1 }
            if isSmall { labelledSmall[concept] += 1 }
            if labels.count > 1 { multiLabelled[concept] += 1 }
            isLabel[concept] = false
        }
    }

    private static func count(cells: [UInt64], isLabel: [Bool], into counting: inout Counting) {
        counting.inputs += 1
        for concept in cells.indices {
            counting.cells[concept].add(cells[concept], isPositive: isLabel[concept])
        }
    }

    private static func count(cells: [UInt64], isLabel: [Bool], value: String, into attribute: inout AttributeCounting) {
        let code: Int
        if let known = attribute.codes[value] {
            code = known
        } else {
            code = attribute.values.count
            attribute.codes[value] = code
            attribute.values.append(value)
            attribute.groups.append(Counting(conceptCount: cells.count))
        }
        count(cells: cells, isLabel: isLabel, into: &attribute.groups[code])
    }

    /// The summary. `mode`: as `--mode` says (auto: exclusive when every input has one label).
    public func finish(source: String, mode option: ModeOption) -> EvaluationSummary {
        let mode = option.resolve(everyInputHasOneLabel: everyInputHasOneLabel)
        let exclusive = mode == .exclusive
        func attribute(_ counting: AttributeCounting) -> SummaryAttribute {
            let order = SummaryAttribute.order(counting.values)
            return SummaryAttribute(name: counting.name, values: order.map { counting.values[$0] },
                                    sizes: order.map { counting.groups[$0].inputs },
                                    tables: order.map { counting.groups[$0].tables() })
        }
        var sums: [Int: Double]?
        if let scoreSums {
            let c = concepts.count
            var cells: [Int: Double] = [:]
            let labelled = whole.cells.map(\.positives)
            for label in 0 ..< c where labelled[label] > 0 {
                for concept in 0 ..< c { cells[label * c + concept] = scoreSums[label * c + concept] }
            }
            sums = cells
        }
        return EvaluationSummary(
            source: source, inputs: inputs, mode: mode, grid: grid, concepts: concepts,
            tables: whole.tables(), fold: fold.map(attribute), attributes: attributes.map(attribute),
            top1Correct: exclusive ? top1Correct : nil, confusion: exclusive ? confusion : nil,
            cooccurrence: exclusive ? nil : cooccurrence, scoreSums: sums,
            labelledWithSize: labelledWithSize, labelledSmall: labelledSmall, multiLabelled: multiLabelled,
            extremes: rows.extremes, sampleSize: rows.sampleSize, rows: rows.rows(attributeCount: attributes.count),
            pairTables: pairs?.tables(), pairsLeftOut: concepts.count <= SummaryFormat.maximumDenseConcepts && pairs == nil,
            // The pair tables give the matrix at every threshold: the asked sets only without them.
            countsAt: pairs == nil ? countsAt.result() ?? [] : [])
    }
}

extension SummaryBuilder {
    /// The summary of the evaluation at `path`: every format is streamed (memory bounded by the
    /// summary, see `WideCSVSummarizer`, `JSONLinesSummarizer`, `LongCSVSummarizer` (a long CSV
    /// not grouped by input is sorted through temporary files first) and `ClarifaiSummarizer`),
    /// and read again for the suspects (`SummarySuspectPass`).
    public static func summary(path: String, options: LoadOptions, grid: SummaryGrid, rows: SummaryRowOptions = .none) throws -> EvaluationSummary {
        let readers: [StreamedReader] = [.wide(chunking: nil), .jsonl, .long(LongCSVReading()), .clarifai(ClarifaiReading())]
        for reader in readers {
            if let summary = try streamedSummary(path: path, options: options, grid: grid, rows: rows, reader: reader) { return summary }
        }
        let evaluation = try EvaluationLoader.load(path: path, options: options)
        let sets = try rows.countThresholds.map { spec throws(LoadError) in try spec.resolve(concepts: evaluation.concepts) }
        return try summary(of: evaluation, grid: grid, rows: rows, countThresholds: sets)
    }

    /// The summary of the file at `path` streamed by `reader` (its suspects' passes included);
    /// nil when the reader declines it (another format, or a file the loader must decide). The
    /// fuzz target calls it with the readers' test sizes (`WideCSVSummarizer`'s chunking,
    /// `LongCSVReading`'s runs, a `ClarifaiReading` of bytes).
    static func streamedSummary(path: String, options: LoadOptions, grid: SummaryGrid, rows: SummaryRowOptions,
                                reader: StreamedReader) throws -> EvaluationSummary? {
        // A thresholds file naming a concept the file lacks is known once its header is read.
        var unresolved: LoadError?
        guard let builder = try reader.read(path: path, options: options, makeSink: { concepts, hasFold, attributeNames in
            var sets: [SummaryThresholdSet] = []
            do throws(LoadError) {
                sets = try rows.countThresholds.map { spec throws(LoadError) in try spec.resolve(concepts: concepts) }
            } catch {
                unresolved = error
            }
            return SummaryBuilder(concepts: concepts, grid: grid, hasFold: hasFold, attributeNames: attributeNames, rows: rows,
                                  countThresholds: unresolved == nil ? sets : [])
        }) else { return nil }
        if let unresolved { throw unresolved }
        if builder.countsAtOverLimit { throw LoadError(path: path, message: SummaryCountsAtCounting.overLimitMessage(builder.countsAt.sets)) }
        let summary = builder.finish(source: path, mode: options.mode)
        guard rows.suspects > 0 else { return summary }
        var pass = builder.suspectPass(for: summary, limit: rows.suspects)
        while !pass.isFinished {
            // The ids were checked by the summary's read.
            guard let read = try reader.read(path: path, options: options, checkingIDs: false, makeSink: { _, _, _ in pass }),
                  read.inputCount == summary.inputs else {
                throw LoadError(path: path, message: "the file changed while it was summarized (read again for the suspects, it no longer has the \(summary.inputs) inputs it had)")
            }
            pass = read
            _ = pass.endPass(inputs: summary.inputs)
        }
        let (suspects, suspectRows) = pass.result()
        return summary.adding(suspects: suspects, rows: suspectRows)
    }

    /// The suspects' passes after this one: an exclusive summary starts at the joint, its sums
    /// taken in this pass.
    func suspectPass(for summary: EvaluationSummary, limit: Int) -> SummarySuspectPass {
        let pass = SummarySuspectPass(mode: summary.mode, grid: grid, conceptCount: summary.concepts.count,
                                      attributeCount: summary.attributes.count, limit: limit)
        guard summary.mode == .exclusive, let sums = exclusiveSuspectSums else { return pass }
        return pass.startingAtJoint(sums)
    }

    /// The summarizers that stream a file, each nil when the file is not of its format.
    enum StreamedReader {
        /// `chunking` (tests): see `WideCSVSummarizer.summarize`.
        case wide(chunking: (chunks: Int, batch: Int)?)
        case jsonl
        /// Holds the sorted runs of an ungrouped file between passes.
        case long(LongCSVReading)
        /// Holds what the first read of a document learns (`ClarifaiSummarizer.Plan`) for the next.
        case clarifai(ClarifaiReading)

        /// `checkingIDs`: false for the reads after the first (a Clarifai document's ids are
        /// checked by its first read only, whatever this says).
        func read<Sink: SummaryInputSink>(path: String, options: LoadOptions, checkingIDs: Bool = true,
                                          makeSink: ([Concept], Bool, [String]) -> Sink) throws -> Sink? {
            switch self {
            case .wide(let chunking):
                return try WideCSVSummarizer.read(path: path, options: options, chunking: chunking, checkingIDs: checkingIDs, makeSink: makeSink)
            case .jsonl: return try JSONLinesSummarizer.read(path: path, options: options, checkingIDs: checkingIDs, makeSink: makeSink)
            case .long(let reading): return try reading.read(path: path, options: options, checkingIDs: checkingIDs, makeSink: makeSink)
            case .clarifai(let reading): return try reading.read(path: path, options: options, makeSink: makeSink)
            }
        }
    }

    /// The summary of a loaded evaluation (any format evaltop reads).
    public static func summary(of evaluation: Evaluation, grid: SummaryGrid, rows: SummaryRowOptions = .none) -> EvaluationSummary {
        summary(of: evaluation, grid: grid, rows: rows, builder: builder(for: evaluation, grid: grid, rows: rows, countThresholds: []))
    }

    /// The summary of a loaded evaluation with the counts-at-threshold matrix at `countThresholds`
    /// (kept when it has no pair tables); fails when their cells pass `SummaryCountsAtCounting.cellLimit`.
    public static func summary(of evaluation: Evaluation, grid: SummaryGrid, rows: SummaryRowOptions = .none,
                               countThresholds: [SummaryThresholdSet]) throws(LoadError) -> EvaluationSummary {
        let builder = builder(for: evaluation, grid: grid, rows: rows, countThresholds: countThresholds)
        if builder.countsAtOverLimit {
            throw LoadError(path: evaluation.sourcePath, message: SummaryCountsAtCounting.overLimitMessage(countThresholds))
        }
        return summary(of: evaluation, grid: grid, rows: rows, builder: builder)
    }

    private static func builder(for evaluation: Evaluation, grid: SummaryGrid, rows: SummaryRowOptions, countThresholds: [SummaryThresholdSet]) -> SummaryBuilder {
        feed(evaluation, into: SummaryBuilder(concepts: evaluation.concepts, grid: grid, hasFold: evaluation.fold != nil,
                                              attributeNames: evaluation.attributes.map(\.name), rows: rows, countThresholds: countThresholds))
    }

    private static func summary(of evaluation: Evaluation, grid: SummaryGrid, rows: SummaryRowOptions, builder: SummaryBuilder) -> EvaluationSummary {
        let mode: ModeOption = evaluation.mode == .exclusive ? .exclusive : .multilabel
        let summary = builder.finish(source: evaluation.sourcePath, mode: mode)
        guard rows.suspects > 0 else { return summary }
        var pass = builder.suspectPass(for: summary, limit: rows.suspects)
        while !pass.isFinished {
            pass = feed(evaluation, into: pass)
            _ = pass.endPass(inputs: summary.inputs)
        }
        let (suspects, suspectRows) = pass.result()
        return summary.adding(suspects: suspects, rows: suspectRows)
    }

    /// Every input of `evaluation` to `sink`, in order.
    private static func feed<Sink: SummaryInputSink>(_ evaluation: Evaluation, into sink: Sink) -> Sink {
        var sink = sink
        let c = evaluation.conceptCount
        func value(_ attribute: CategoricalAttribute?, _ input: Int) -> String? {
            guard let attribute else { return nil }
            let code = Int(attribute.codes[input])
            return code >= 0 && code < attribute.values.count ? attribute.values[code] : nil
        }
        evaluation.scores.withUnsafeBufferPointer { scores in
            for input in 0 ..< evaluation.inputCount {
                sink.add(
                    scores: UnsafeBufferPointer(rebasing: scores[input * c ..< input * c + c]),
                    labels: evaluation.labels(of: input), fold: value(evaluation.fold, input),
                    attributeValues: evaluation.attributes.map { value($0, input) },
                    width: evaluation.widths?[input] ?? -1, height: evaluation.heights?[input] ?? -1,
                    id: evaluation.inputIDs[input], url: evaluation.urls?[input], text: evaluation.texts?[input])
            }
        }
        return sink
    }
}

/// How many rows `evaltop summarize` keeps for the drill-down (`--extremes K`, `--sample N`).
public struct SummaryRowOptions: Sendable, Equatable {
    /// Per concept and list (lowest positives, highest negatives, highest positives).
    public var extremes: Int
    /// Inputs of the uniform sample.
    public var sample: Int
    /// The first S suspects of confident learning (`SummarySuspects`).
    public var suspects: Int
    /// The most pair lines the summary may hold (`--pairs`; 0: none, `Int.max`: no limit).
    public var pairLines: Int
    /// The threshold sets `--count-thresholds` asks the counts-at-threshold matrix at, kept
    /// when the summary has no pair tables (`SummaryCountsAt`).
    public var countThresholds: [SummaryThresholdSpec]

    public init(extremes: Int, sample: Int, suspects: Int = 0, pairLines: Int = SummaryPairLimit.automatic,
                countThresholds: [SummaryThresholdSpec] = []) {
        self.extremes = extremes
        self.sample = sample
        self.suspects = suspects
        self.pairLines = pairLines
        self.countThresholds = countThresholds
    }

    /// No rows (the aggregates only).
    public static let none = SummaryRowOptions(extremes: 0, sample: 0)
    /// `evaltop summarize`'s defaults: the first 100 of every drill-down list at any
    /// threshold (a screenful or more), and no sample: no view reads the sample yet (`--sample N`
    /// asks for it; the SHA-256 of each id is taken as digest bytes, which costs little).
    /// The first 100 suspects too: a few screens of the suspects view, and they cost two more
    /// reads of the file (an exclusive one's thresholds come with the summary's own pass), three
    /// for an exclusive model too weak for the noise weights, a few more when its estimate of
    /// label errors passes a million (`NoiseRatePruning.CutoffSelection`; BENCHMARKS.md, "Summaries").
    public static let defaults = SummaryRowOptions(extremes: 100, sample: 0, suspects: 100)
}
