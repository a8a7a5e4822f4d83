import EvalCore
import Testing

/// `Diagnoser.suspectCounts(of:conceptCount:)`: only the suspects confident learning puts off
/// the diagonal count towards `suspect_labels`.
@Suite struct SuspectCountsTests {
    static func suspect(_ concept: Int, likely: Int?) -> Suspect {
        Suspect(input: 0, givenLabels: [concept], likelyLabels: likely.map { [$0] } ?? [], concept: concept,
                likelyConcept: likely, givenScore: 0.2, likelyScore: 0.7, margin: -0.5, suspicion: 0.8)
    }

    @Test func countsOffDiagonalSuspectsPerConcept() {
        let suspects = [
            Self.suspect(0, likely: 1),  // exclusive, another likely label: counts
            Self.suspect(0, likely: 0),  // not confidently in its class but likely its own: does not
            Self.suspect(2, likely: 1),
            Self.suspect(1, likely: nil),  // multilabel: counts
        ]
        #expect(Diagnoser.suspectCounts(of: suspects, conceptCount: 3) == [1, 1, 1])
        #expect(Diagnoser.suspectCounts(of: [], conceptCount: 2) == [0, 0])
    }
}
