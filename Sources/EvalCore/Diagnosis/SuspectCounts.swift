extension Diagnoser {
    /// Per-concept counts of the suspects that confident learning puts off the diagonal: in
    /// exclusive mode, those whose likely label is another concept; in multilabel mode, every
    /// suspect (each one is a concept whose presence or absence the model confidently contradicts).
    ///
    /// The suspects list also ranks inputs that are merely not confidently in their class
    /// (`SuspectFinder`), which are many in any evaluation; counting them would make
    /// `suspect_labels` fire on ordinary concepts.
    public static func suspectCounts(of suspects: [Suspect], conceptCount: Int) -> [Int] {
        let confident = suspects.filter { suspect in
            guard let likely = suspect.likelyConcept else { return true }
            return likely != suspect.concept
        }
        return suspectCounts(ofConcepts: confident.map(\.concept), conceptCount: conceptCount)
    }
}
