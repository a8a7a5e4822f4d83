import Foundation
@testable import EvalCore

/// A deliberately simple reader for the shared fixture files (wide CSV with the header
/// `input_id,fold,labels,<concepts…>`, no quoting, `;`-separated labels), so the metrics can be
/// tested without depending on the real loaders.
enum FixtureCSV {
    static func url(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!
    }

    static func load(_ name: String, mode: ModeOption = .auto) throws -> Evaluation {
        let text = try String(contentsOf: url(name), encoding: .utf8)
        return parse(text, name: name, mode: mode)
    }

    static func parse(_ text: String, name: String = "fixture.csv", mode: ModeOption = .auto) -> Evaluation {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let idColumn = header.firstIndex(of: "input_id")!
        let labelColumn = header.firstIndex(of: "labels")!
        let foldColumn = header.firstIndex(of: "fold")
        let conceptColumns = header.indices.filter { ![idColumn, labelColumn, foldColumn].contains($0) }
        let concepts = conceptColumns.map { Concept(id: header[$0], name: header[$0]) }
        let conceptIndex = Dictionary(uniqueKeysWithValues: concepts.enumerated().map { ($1.name, $0) })

        var ids: [String] = []
        var scores: [Double] = []
        var offsets: [Int32] = [0]
        var labelConcepts: [Int32] = []
        var foldValues: [String] = []
        var foldCodes: [Int32] = []
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            ids.append(fields[idColumn])
            scores.append(contentsOf: conceptColumns.map { Double(fields[$0])! })
            let labels = fields[labelColumn].split(separator: ";").map { Int32(conceptIndex[String($0)]!) }
            labelConcepts.append(contentsOf: labels.sorted())
            offsets.append(Int32(labelConcepts.count))
            if let foldColumn {
                let value = fields[foldColumn]
                if let code = foldValues.firstIndex(of: value) {
                    foldCodes.append(Int32(code))
                } else {
                    foldValues.append(value)
                    foldCodes.append(Int32(foldValues.count - 1))
                }
            }
        }
        return Evaluation(
            sourcePath: name, format: .wide,
            mode: mode.resolve(everyInputHasOneLabel: Evaluation.everyInputHasOneLabel(offsets)),
            concepts: concepts, inputIDs: ids, scores: scores, labelOffsets: offsets, labelConcepts: labelConcepts,
            fold: foldColumn == nil ? nil : CategoricalAttribute(name: "fold", values: foldValues, codes: foldCodes))
    }

    /// An evaluation from columns given in code: `scores[input][concept]`, `labels[input]`.
    static func evaluation(
        concepts names: [String], scores: [[Double]], labels: [[Int]], mode: EvaluationMode? = nil
    ) -> Evaluation {
        var offsets: [Int32] = [0]
        var labelConcepts: [Int32] = []
        for inputLabels in labels {
            labelConcepts.append(contentsOf: inputLabels.sorted().map { Int32($0) })
            offsets.append(Int32(labelConcepts.count))
        }
        return Evaluation(
            sourcePath: "test", format: .wide,
            mode: mode ?? ModeOption.auto.resolve(everyInputHasOneLabel: Evaluation.everyInputHasOneLabel(offsets)),
            concepts: names.map { Concept(id: $0, name: $0) },
            inputIDs: scores.indices.map { "input\($0)" }, scores: scores.flatMap { $0 },
            labelOffsets: offsets, labelConcepts: labelConcepts)
    }
}

/// The scikit-learn report JSON of a fixture, as parsed JSON.
struct ExpectedReport {
    let json: [String: Any]

    init(_ name: String) throws {
        let data = try Data(contentsOf: FixtureCSV.url(name))
        json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    var summary: [String: Any] { json["summary"] as! [String: Any] }
    var perConcept: [[String: Any]] { json["per_concept"] as! [[String: Any]] }
    var threshold: Double { json["threshold"] as! Double }
}

/// `a` and `b` agree within `tolerance`, or are both absent (JSON null / nil).
func approximatelyEqual(_ a: Double?, _ b: Any?, tolerance: Double = 1e-9) -> Bool {
    let expected = (b is NSNull) ? nil : (b as? Double)
    switch (a, expected) {
    case (nil, nil): return true
    case let (actual?, expected?): return abs(actual - expected) <= tolerance
    default: return false
    }
}
