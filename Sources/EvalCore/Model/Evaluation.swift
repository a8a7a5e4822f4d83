import Foundation

/// A concept the model scores. `id` identifies it (Clarifai concept ids differ from names);
/// `name` is what people read. For CSV and JSON Lines files the two are the same.
public struct Concept: Sendable, Hashable {
    public let id: String
    public let name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// How the concepts relate. Exclusive: every input has exactly one true concept
/// (the model's argmax is its answer). Multilabel: any number of concepts per input.
public enum EvaluationMode: String, Sendable, CaseIterable {
    case exclusive
    case multilabel
}

/// The `--mode` option: `auto` picks exclusive exactly when every input has one label.
public enum ModeOption: String, Sendable, CaseIterable {
    case auto, exclusive, multilabel

    public func resolve(everyInputHasOneLabel: Bool) -> EvaluationMode {
        switch self {
        case .auto: return everyInputHasOneLabel ? .exclusive : .multilabel
        case .exclusive: return .exclusive
        case .multilabel: return .multilabel
        }
    }
}

/// The file formats evaltop reads. See README "Formats".
public enum EvaluationFormat: String, Sendable, CaseIterable {
    case wide, long, jsonl, clarifai
}

/// A categorical attribute of the inputs (a `meta:NAME` column, or the fold), stored as
/// small integer codes into `values` so that slicing a million inputs stays cheap.
public struct CategoricalAttribute: Sendable, Equatable {
    public let name: String
    /// The distinct values in order of first appearance.
    public let values: [String]
    /// One code per input, an index into `values`; -1 where the input has no value.
    public let codes: [Int32]

    public init(name: String, values: [String], codes: [Int32]) {
        self.name = name
        self.values = values
        self.codes = codes
    }
}

/// What Clarifai's own evaluation document said, kept so the UI and report can show it
/// beside our numbers. The values are kept as parsed JSON.
public struct ClarifaiReported: Sendable {
    /// `summary.macro_avg_roc_auc` (or lowerCamelCase), when present.
    public let macroAUC: Double?
    /// The whole `summary` object, re-serialised as JSON text.
    public let summaryJSON: String?
    /// The whole `binary_metrics` array, re-serialised as JSON text.
    public let binaryMetricsJSON: String?

    public init(macroAUC: Double?, summaryJSON: String?, binaryMetricsJSON: String?) {
        self.macroAUC = macroAUC
        self.summaryJSON = summaryJSON
        self.binaryMetricsJSON = binaryMetricsJSON
    }
}

/// One loaded evaluation: for every input, its ground-truth concepts and the model's score
/// for every concept. Immutable and shared by reference: a 1,000,000 × 20 evaluation holds
/// 160 MB of scores, which must never be copied by accident.
///
/// Storage is chosen for the hot paths:
/// - `scores` is row-major (`scores[input * conceptCount + concept]`): loaders write rows
///   sequentially, and the input overlay reads one row.
/// - labels are in compressed sparse rows: the labels of input `i` are
///   `labelConcepts[labelOffsets[i] ..< labelOffsets[i + 1]]`, ascending concept indices.
public final class Evaluation: Sendable {
    /// The file it came from, as given on the command line (for messages and the header).
    public let sourcePath: String
    public let format: EvaluationFormat
    public let mode: EvaluationMode
    public let concepts: [Concept]
    public let inputIDs: [String]
    public let scores: [Double]
    public let labelOffsets: [Int32]
    public let labelConcepts: [Int32]
    /// Optional metadata, one entry per input when present.
    public let urls: [String]?
    /// Text inputs: the `text` column (JSON Lines `text`, Clarifai `input.data.text.raw`),
    /// "" where a row has none.
    public let texts: [String]?
    /// Pixel sizes; -1 where a row has no value.
    public let widths: [Int32]?
    public let heights: [Int32]?
    /// The `fold` column, when present.
    public let fold: CategoricalAttribute?
    /// The `meta:NAME` columns, in file order (name without the `meta:` prefix).
    public let attributes: [CategoricalAttribute]
    /// Clarifai's own reported metrics, for Clarifai documents that carry them.
    public let clarifai: ClarifaiReported?

    public init(
        sourcePath: String,
        format: EvaluationFormat,
        mode: EvaluationMode,
        concepts: [Concept],
        inputIDs: [String],
        scores: [Double],
        labelOffsets: [Int32],
        labelConcepts: [Int32],
        urls: [String]? = nil,
        widths: [Int32]? = nil,
        heights: [Int32]? = nil,
        fold: CategoricalAttribute? = nil,
        attributes: [CategoricalAttribute] = [],
        clarifai: ClarifaiReported? = nil,
        texts: [String]? = nil
    ) {
        precondition(scores.count == inputIDs.count * concepts.count, "scores must be inputs × concepts")
        precondition(labelOffsets.count == inputIDs.count + 1, "labelOffsets must have inputs + 1 entries")
        self.sourcePath = sourcePath
        self.format = format
        self.mode = mode
        self.concepts = concepts
        self.inputIDs = inputIDs
        self.scores = scores
        self.labelOffsets = labelOffsets
        self.labelConcepts = labelConcepts
        self.urls = urls
        self.texts = texts
        self.widths = widths
        self.heights = heights
        self.fold = fold
        self.attributes = attributes
        self.clarifai = clarifai
    }

    public var inputCount: Int { inputIDs.count }
    public var conceptCount: Int { concepts.count }

    /// The score of `input` for `concept`.
    @inlinable public func score(input: Int, concept: Int) -> Double {
        scores[input &* concepts.count &+ concept]
    }

    /// The concept indices `input` is labelled with, ascending.
    public func labels(of input: Int) -> ArraySlice<Int32> {
        labelConcepts[Int(labelOffsets[input]) ..< Int(labelOffsets[input + 1])]
    }

    public func isLabeled(input: Int, concept: Int) -> Bool {
        labels(of: input).contains(Int32(concept))
    }

    /// True when every input has exactly one label (what `--mode auto` checks).
    public var everyInputHasOneLabel: Bool {
        Evaluation.everyInputHasOneLabel(labelOffsets)
    }

    public static func everyInputHasOneLabel(_ offsets: [Int32]) -> Bool {
        guard offsets.count > 1 else { return false }
        for i in 0 ..< offsets.count - 1 where offsets[i + 1] - offsets[i] != 1 { return false }
        return true
    }

    /// A copy with another mode (the loaders resolve `--mode`; tests and tools may override).
    public func with(mode: EvaluationMode) -> Evaluation {
        Evaluation(
            sourcePath: sourcePath, format: format, mode: mode, concepts: concepts,
            inputIDs: inputIDs, scores: scores, labelOffsets: labelOffsets, labelConcepts: labelConcepts,
            urls: urls, widths: widths, heights: heights, fold: fold, attributes: attributes, clarifai: clarifai,
            texts: texts)
    }

    /// A copy with image sizes filled in (`ImageSizeReader` reads them from the files).
    public func with(widths: [Int32], heights: [Int32]) -> Evaluation {
        Evaluation(
            sourcePath: sourcePath, format: format, mode: mode, concepts: concepts,
            inputIDs: inputIDs, scores: scores, labelOffsets: labelOffsets, labelConcepts: labelConcepts,
            urls: urls, widths: widths, heights: heights, fold: fold, attributes: attributes, clarifai: clarifai,
            texts: texts)
    }
}
