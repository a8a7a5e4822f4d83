import Foundation

/// The inputs behind one concept's fixed and broken counts at a threshold, and those both models
/// get wrong: what `Enter` on a concept of the comparison lists. Each list is ordered by how much
/// the score moved from A to B, biggest first (ties in input order).
public struct ConceptChanges: Sendable, Equatable {
    /// Right in A and wrong in B.
    public let broken: [Int32]
    /// Wrong in A and right in B.
    public let fixed: [Int32]
    /// Wrong in both.
    public let stillWrong: [Int32]

    public func inputs(_ kind: ChangeKind) -> [Int32] {
        switch kind {
        case .broken: return broken
        case .fixed: return fixed
        case .stillWrong: return stillWrong
        }
    }
}

/// The tabs of the comparison's drill-down.
public enum ChangeKind: String, Sendable, CaseIterable {
    case broken = "Broken"
    case fixed = "Fixed"
    case stillWrong = "Still wrong"
}

extension Comparison {
    /// `concept`'s broken, fixed and still-wrong inputs at `threshold` (right: score ≥ threshold
    /// equals "labelled", against A's labels). One pass over the concept's column of both files,
    /// then a sort of each list: O(n + k log k) for k listed inputs.
    public func changes(concept: Int, threshold: Double) -> ConceptChanges {
        let a = pair.a
        let b = pair.b
        let conceptCount = a.conceptCount
        var broken: [Int32] = []
        var fixed: [Int32] = []
        var stillWrong: [Int32] = []
        a.scores.withUnsafeBufferPointer { scoresA in
            b.scores.withUnsafeBufferPointer { scoresB in
                for input in 0 ..< a.inputCount {
                    let labelled = a.isLabeled(input: input, concept: concept)
                    let rightA = (scoresA[input &* conceptCount &+ concept] >= threshold) == labelled
                    let rightB = (scoresB[input &* conceptCount &+ concept] >= threshold) == labelled
                    switch (rightA, rightB) {
                    case (true, false): broken.append(Int32(input))
                    case (false, true): fixed.append(Int32(input))
                    case (false, false): stillWrong.append(Int32(input))
                    case (true, true): break
                    }
                }
            }
        }
        func change(_ input: Int32) -> Double {
            abs(b.score(input: Int(input), concept: concept) - a.score(input: Int(input), concept: concept))
        }
        func ordered(_ inputs: [Int32]) -> [Int32] {
            inputs.map { ($0, change($0)) }
                .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
                .map(\.0)
        }
        return ConceptChanges(broken: ordered(broken), fixed: ordered(fixed), stillWrong: ordered(stillWrong))
    }
}
