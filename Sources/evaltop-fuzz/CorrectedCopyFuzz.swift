#if FUZZING
import Foundation
@testable import EvalCore

/// `flags --apply`: for any evaluation that loads, relabelling some of its inputs writes a
/// file that loads again with the same inputs and scores, the new labels on the corrected
/// inputs and the old labels everywhere else; or it refuses with a message.
enum CorrectedCopyFuzz {
    static func run(_ bytes: [UInt8]) {
        // The first byte picks the format, so every format's writer is reached.
        guard let selector = bytes.first else { return }
        let formats: [(EvaluationFormat, String)] = [(.wide, "fuzz.csv"), (.long, "fuzz.csv"), (.jsonl, "fuzz.jsonl"), (.clarifai, "fuzz.json")]
        let (format, name) = formats[Int(selector) % formats.count]
        let source = Array(bytes.dropFirst())
        guard let evaluation = try? EvaluationLoader.load(bytes: source, name: name, options: LoadOptions(format: format)),
              evaluation.conceptCount > 0 else { return }
        var corrections: [String: [String]] = [:]
        for input in stride(from: 0, to: evaluation.inputCount, by: 2) {
            let concept = (input + Int(selector)) % evaluation.conceptCount
            corrections[evaluation.inputIDs[input]] = input % 4 == 0 ? [evaluation.concepts[concept].id] : []
        }
        let corrected: [UInt8]
        do {
            corrected = try CorrectedCopy.make(source: source, evaluation: evaluation, corrections: corrections)
        } catch {
            return  // refused with a message: allowed
        }
        let reloaded: Evaluation
        do {
            reloaded = try EvaluationLoader.load(bytes: corrected, name: name, options: LoadOptions(format: format, mode: .multilabel))
        } catch {
            FuzzCheck.fail("the corrected copy does not load: \(error)")
        }
        FuzzCheck.require(reloaded.inputIDs == evaluation.inputIDs, "the corrected copy has other inputs")
        FuzzCheck.require(reloaded.concepts.map(\.id) == evaluation.concepts.map(\.id), "the corrected copy has other concepts")
        FuzzCheck.require(zip(reloaded.scores, evaluation.scores).allSatisfy { $0.bitPattern == $1.bitPattern },
                          "the corrected copy changed a score")
        for input in 0 ..< evaluation.inputCount {
            let got = reloaded.labels(of: input).map { reloaded.concepts[Int($0)].id }
            let expected = corrections[evaluation.inputIDs[input]]
                ?? evaluation.labels(of: input).map { evaluation.concepts[Int($0)].id }
            FuzzCheck.require(Set(got) == Set(expected),
                              "input \(evaluation.inputIDs[input].debugDescription): labels \(got), expected \(expected)")
        }
    }
}
#endif
