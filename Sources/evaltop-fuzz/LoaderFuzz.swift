#if FUZZING
import Foundation
@testable import EvalCore

/// Loaders: a load either succeeds with a well-formed evaluation (finite scores in [0, 1],
/// unique ids, labels that point at concepts) whose metrics and report can be computed, or
/// throws a `LoadError` that names the file and a line.
enum LoaderFuzz {
    static func run(_ bytes: [UInt8], format: EvaluationFormat?, name: String) {
        let evaluation: Evaluation
        do {
            evaluation = try EvaluationLoader.load(bytes: bytes, name: name, options: LoadOptions(format: format, mode: .auto))
        } catch {
            FuzzCheck.requireLocatedRefusal(error, name: name, empty: bytes.isEmpty)
            if format == .clarifai { ClarifaiSummarizeFuzz.check(bytes, name: name, loaded: nil, loadError: error) }
            return
        }
        if format == .clarifai { ClarifaiSummarizeFuzz.check(bytes, name: name, loaded: evaluation, loadError: nil) }
        checkWellFormed(evaluation)
        exercise(evaluation)
    }

    static func checkWellFormed(_ evaluation: Evaluation) {
        let inputs = evaluation.inputCount, concepts = evaluation.conceptCount
        FuzzCheck.require(evaluation.scores.count == inputs * concepts, "scores are not inputs × concepts")
        for score in evaluation.scores {
            FuzzCheck.require(score.isFinite && score >= 0 && score <= 1, "score \(score) outside [0, 1]")
        }
        FuzzCheck.require(Set(evaluation.inputIDs).count == inputs, "duplicate input ids accepted")
        FuzzCheck.require(evaluation.labelOffsets.count == inputs + 1 && evaluation.labelOffsets.first == 0,
                          "label offsets malformed")
        for input in 0 ..< inputs {
            let labels = evaluation.labels(of: input)
            FuzzCheck.require(labels.allSatisfy { $0 >= 0 && Int($0) < concepts }, "label outside the concepts")
            FuzzCheck.require(zip(labels, labels.dropFirst()).allSatisfy { $0 < $1 }, "labels not ascending and unique")
        }
        for attribute in evaluation.attributes + (evaluation.fold.map { [$0] } ?? []) {
            FuzzCheck.require(attribute.codes.count == inputs, "attribute \(attribute.name) has the wrong length")
            FuzzCheck.require(attribute.codes.allSatisfy { $0 >= -1 && Int($0) < attribute.values.count },
                              "attribute code outside its values")
        }
    }

    /// Everything the report computes, so that odd shapes (one input, no labels, thousands of
    /// concepts) reach the metrics too.
    static func exercise(_ evaluation: Evaluation) {
        let metrics = EvaluationMetrics(evaluation: evaluation)
        let thresholds = Thresholds(global: 0.5)
        for curve in metrics.curves {
            if let auc = curve.auc { FuzzCheck.require(auc >= 0 && auc <= 1, "AUC \(auc) outside [0, 1]") }
            if let ap = curve.averagePrecision { FuzzCheck.require(ap >= 0 && ap <= 1.000_000_1, "AP \(ap) outside [0, 1]") }
        }
        _ = metrics.summary(thresholds: thresholds)
        let report = EvaluationReport(metrics: metrics, thresholds: thresholds)
        let json = ReportJSON.render(report)
        FuzzCheck.require((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil, "report JSON does not parse")
    }
}
#endif
