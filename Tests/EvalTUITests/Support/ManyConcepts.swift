import EvalCore
import Foundation
@testable import EvalTUI

/// A generated exclusive evaluation with many concepts (60 by default), the shape where the
/// matrix opens on the Top confusions list: each concept's inputs mostly score it highest,
/// some score its neighbour (the next concept) higher, fewer the one after, so that the
/// confusions have distinct, known sizes. Names share a long prefix, as taxonomy ids do.
enum ManyConcepts {
    static func csv(concepts: Int = 60, inputsPerConcept: Int = 12, seed: UInt64 = 11) -> String {
        var generator = SplitMix64(seed: seed)
        let names = (0 ..< concepts).map { name($0) }
        var text = "input_id,labels," + names.joined(separator: ",") + "\n"
        for concept in 0 ..< concepts {
            for k in 0 ..< inputsPerConcept {
                var scores = (0 ..< concepts).map { _ in (generator.unit() * 0.05 * 10_000).rounded() / 10_000 }
                // Concept c's inputs go to c + 1 more often when c is small: (c % 5) of them.
                let confusedWith = k < concept % 5 ? (concept + 1) % concepts : (k == inputsPerConcept - 1 && concept % 7 == 0 ? (concept + 2) % concepts : nil)
                scores[concept] = 0.6 + Double(k) / 100
                if let other = confusedWith { scores[other] = 0.9 }
                text += "in_\(concept)_\(k),\(names[concept])," + scores.map { String(format: "%.4f", $0) }.joined(separator: ",") + "\n"
            }
        }
        return text
    }

    static func name(_ concept: Int) -> String { String(format: "species_%02d", concept) }

    static func session(concepts: Int = 60) -> Session {
        let evaluation = try! EvaluationLoader.load(bytes: Array(csv(concepts: concepts).utf8), name: "many.csv")
        return Session(evaluation: evaluation)
    }
}
