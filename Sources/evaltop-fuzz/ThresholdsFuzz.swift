#if FUZZING
import Foundation
@testable import EvalCore

/// Thresholds files: either every threshold read is finite and in [0, 1] and belongs to a
/// known concept, or the error names the file and a line.
enum ThresholdsFuzz {
    static let concepts = [Concept(id: "cat", name: "cat"), Concept(id: "dog", name: "dog"),
                           Concept(id: "c2", name: "jalapeño"), Concept(id: "c3", name: "猫")]

    static func run(_ bytes: [UInt8]) {
        do throws(LoadError) {
            let thresholds = try ThresholdsFile.parse(bytes: bytes, path: "fuzz.json", concepts: concepts, global: 0.5)
            FuzzCheck.require(thresholds.global == 0.5, "the global threshold changed")
            for (concept, value) in thresholds.perConcept {
                FuzzCheck.require(concept >= 0 && concept < concepts.count, "threshold for concept \(concept)")
                FuzzCheck.require(value.isFinite && value >= 0 && value <= 1, "threshold \(value) outside [0, 1]")
            }
        } catch {
            FuzzCheck.require(error.path == "fuzz.json", "error names \(error.path)")
            FuzzCheck.require(error.line != nil || bytes.isEmpty, "error without a line: \(error)")
        }
    }
}
#endif
