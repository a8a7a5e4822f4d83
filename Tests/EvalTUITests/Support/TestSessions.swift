import EvalCore
@testable import EvalTUI

/// Small evaluations built in code, so reducer tests know every number by heart.
enum TestSessions {
    /// Three concepts, six inputs, one label each (exclusive):
    /// scores chosen so that at t = 0.5 `cat` has 1 TP, 1 FN and 1 FP.
    static func tiny() -> Session {
        exclusive(path: "tiny.csv", rows: [
            ("a", 0, [0.9, 0.05, 0.05]),
            ("b", 0, [0.3, 0.6, 0.1]),
            ("c", 1, [0.55, 0.4, 0.05]),
            ("d", 1, [0.1, 0.8, 0.1]),
            ("e", 2, [0.2, 0.1, 0.7]),
            ("f", 2, [0.1, 0.2, 0.45]),
        ], withURLs: true)
    }

    /// An exclusive cat/dog/bird evaluation from (id, label, scores) rows.
    static func exclusive(path: String, rows: [(String, Int, [Double])], withURLs: Bool = false) -> Session {
        let concepts = ["cat", "dog", "bird"].map { Concept(id: $0, name: $0) }
        let evaluation = Evaluation(
            sourcePath: path, format: .wide, mode: .exclusive, concepts: concepts,
            inputIDs: rows.map(\.0), scores: rows.flatMap(\.2),
            labelOffsets: (0 ... rows.count).map(Int32.init), labelConcepts: rows.map { Int32($0.1) },
            urls: withURLs ? rows.map { "https://example.com/\($0.0).jpg" } : nil)
        return Session(evaluation: evaluation)
    }

    static func state(_ session: Session, width: Int = 120, height: Int = 40) -> AppState {
        var state = AppState(fileName: "tiny.csv", width: width, height: height)
        state.session = session
        state.phase = .ready
        return state
    }
}
