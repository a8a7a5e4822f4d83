@testable import EvalCore

/// Builds small evaluations for the diagnosis and slice tests, one input at a time, with sizes,
/// folds and `meta:` values.
struct EvaluationBuilder {
    struct Row {
        var scores: [Double]
        var labels: [Int]
        var width: Int32 = 800
        var height: Int32 = 600
        var fold: String?
        var meta: String?
    }

    let concepts: [String]
    var rows: [Row] = []
    var random = SplitMix64(seed: 42)
    /// The name of the one `meta:` attribute (values in `Row.meta`).
    var metaName = "camera"

    init(concepts: [String]) {
        self.concepts = concepts
    }

    func index(_ name: String) -> Int { concepts.firstIndex(of: name)! }

    /// A clean input of `concept`: its own score in [0.6, 0.95], the others in [0, 0.35].
    /// With `overlap`, its own score is 0.3 instead, below some negatives: the concept is then
    /// not perfectly separated (real data never is).
    @discardableResult
    mutating func add(_ concept: String, overlap: Bool = false, fold: String? = nil, meta: String? = nil) -> Int {
        let own = index(concept)
        var scores = concepts.indices.map { _ in Double.random(in: 0 ... 0.35, using: &random) }
        scores[own] = overlap ? 0.3 : Double.random(in: 0.6 ... 0.95, using: &random)
        rows.append(Row(scores: scores, labels: [own], fold: fold, meta: meta))
        return rows.count - 1
    }

    /// `count` inputs of `concept`, two in a hundred (at least one) overlapping the negatives.
    mutating func add(_ concept: String, count: Int) {
        let overlapping = max(1, count / 50)
        for k in 0 ..< count { add(concept, overlap: k < overlapping) }
    }

    /// A healthy set: `perConcept` inputs of each concept.
    static func healthy(_ concepts: [String], perConcept: Int = 100) -> EvaluationBuilder {
        var builder = EvaluationBuilder(concepts: concepts)
        for concept in concepts { builder.add(concept, count: perConcept) }
        return builder
    }

    /// Round-robin folds f0…f(n−1) and `meta` values a/b, so every slice is a fair sample.
    mutating func assignFoldsAndMeta(folds: Int = 5) {
        for i in rows.indices {
            rows[i].fold = "f\(i % folds)"
            rows[i].meta = i % 2 == 0 ? "phone" : "dslr"
        }
    }

    func build(mode: EvaluationMode = .exclusive, sizes: Bool = true) -> Evaluation {
        var offsets: [Int32] = [0]
        var labels: [Int32] = []
        for row in rows {
            labels += row.labels.sorted().map { Int32($0) }
            offsets.append(Int32(labels.count))
        }
        func attribute(_ name: String, _ values: [String?]) -> CategoricalAttribute? {
            guard values.contains(where: { $0 != nil }) else { return nil }
            var distinct: [String] = []
            let codes = values.map { value -> Int32 in
                guard let value else { return -1 }
                if let code = distinct.firstIndex(of: value) { return Int32(code) }
                distinct.append(value)
                return Int32(distinct.count - 1)
            }
            return CategoricalAttribute(name: name, values: distinct, codes: codes)
        }
        return Evaluation(
            sourcePath: "built", format: .wide, mode: mode,
            concepts: concepts.map { Concept(id: $0, name: $0) },
            inputIDs: rows.indices.map { "input\($0)" }, scores: rows.flatMap(\.scores),
            labelOffsets: offsets, labelConcepts: labels,
            widths: sizes ? rows.map(\.width) : nil, heights: sizes ? rows.map(\.height) : nil,
            fold: attribute("fold", rows.map(\.fold)),
            attributes: [attribute(metaName, rows.map(\.meta))].compactMap { $0 })
    }
}

extension Diagnosis {
    func codes(_ name: String, in evaluation: Evaluation) -> [String] {
        concepts[evaluation.concepts.firstIndex { $0.name == name }!].codes
    }

    func advice(_ code: String, of name: String, in evaluation: Evaluation) -> Advice? {
        concepts[evaluation.concepts.firstIndex { $0.name == name }!].advice.first { $0.code == code }
    }
}

/// The full diagnosis (slices and folds included) at one global threshold.
func diagnose(_ evaluation: Evaluation, threshold: Double = 0.5, perConcept: [Int: Double] = [:],
              suspectCounts: [Int]? = nil) -> Diagnosis {
    let metrics = EvaluationMetrics(evaluation: evaluation)
    return Diagnoser.diagnose(metrics: metrics, thresholds: Thresholds(global: threshold, perConcept: perConcept),
                              slices: Slices(metrics: metrics), suspectCounts: suspectCounts)
}
