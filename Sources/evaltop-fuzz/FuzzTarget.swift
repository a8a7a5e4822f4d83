#if FUZZING
import Foundation
@testable import EvalCore

/// One fuzz target per parser evaltop exposes to other tools' files. Each asserts the
/// parser's contract, not only "no crash": a failed check ends the run through
/// `FuzzCheck.fail`, which libFuzzer reports as a crash with the input saved.
enum FuzzTarget: String, CaseIterable {
    case wide, long, jsonl, clarifai, detect, score, thresholds, journal, apply, keys, summary, summarize
    case countThresholds = "count-thresholds"

    func run(_ bytes: [UInt8]) {
        switch self {
        case .wide: LoaderFuzz.run(bytes, format: .wide, name: "fuzz.csv")
        case .long: LoaderFuzz.run(bytes, format: .long, name: "fuzz.csv")
        case .jsonl: LoaderFuzz.run(bytes, format: .jsonl, name: "fuzz.jsonl")
        case .clarifai: LoaderFuzz.run(bytes, format: .clarifai, name: "fuzz.json")
        case .detect: LoaderFuzz.run(bytes, format: nil, name: "fuzz.data")
        case .score: ScoreFuzz.run(bytes)
        case .thresholds: ThresholdsFuzz.run(bytes)
        case .journal: JournalFuzz.run(bytes)
        case .apply: CorrectedCopyFuzz.run(bytes)
        case .keys: KeysFuzz.run(bytes)
        case .summary: SummaryReadFuzz.run(bytes)
        case .summarize: SummarizeFuzz.run(bytes)
        case .countThresholds: CountThresholdsFuzz.run(bytes)
        }
    }
}

enum FuzzCheck {
    /// Ends the process the way libFuzzer recognises (abort), after saying which invariant broke.
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("evaltop-fuzz: invariant broken: \(message)\n".utf8))
        abort()
    }

    static func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
        if !condition() { fail(message()) }
    }

    /// A refusal's contract: a `LoadError` that names the input's file and a line (an empty
    /// input has none to name).
    static func requireLocatedRefusal(_ error: Error, name: String, empty: Bool) {
        guard let error = error as? LoadError else { fail("not a LoadError: \(error)") }
        require(error.path == name, "error names \(error.path), not \(name): \(error)")
        require(error.line != nil || empty, "error without a line: \(error)")
    }
}
#endif
