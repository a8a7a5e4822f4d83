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
        // Concepts are matched by id. A Clarifai document lists only the concepts its entries
        // name, so a concept that was only ever a label of corrected inputs (and scored 0
        // everywhere) may leave; every other concept must stay, with every score bit for bit.
        let originalIndex = Dictionary(evaluation.concepts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        for concept in reloaded.concepts {
            FuzzCheck.require(originalIndex[concept.id] != nil, "the corrected copy has a new concept \(concept.id.debugDescription)")
        }
        let kept = Set(reloaded.concepts.map(\.id))
        for (index, concept) in evaluation.concepts.enumerated() where !kept.contains(concept.id) {
            let scoredSomewhere = (0 ..< evaluation.inputCount).contains { evaluation.score(input: $0, concept: index) != 0 }
            let labelKept = (0 ..< evaluation.inputCount).contains {
                corrections[evaluation.inputIDs[$0]] == nil && evaluation.isLabeled(input: $0, concept: index)
            }
            FuzzCheck.require(evaluation.format == .clarifai && !scoredSomewhere && !labelKept,
                              "the corrected copy lost concept \(concept.id.debugDescription)")
        }
        for (newIndex, concept) in reloaded.concepts.enumerated() {
            let oldIndex = originalIndex[concept.id]!
            for input in 0 ..< evaluation.inputCount {
                FuzzCheck.require(reloaded.score(input: input, concept: newIndex).bitPattern
                                  == evaluation.score(input: input, concept: oldIndex).bitPattern,
                                  "the corrected copy changed a score of \(concept.id.debugDescription)")
            }
        }
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
