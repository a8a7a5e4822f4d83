import EvalCore
@testable import EvalTUI

/// Small evaluations built in code, so reducer tests know every number by heart.
enum TestSessions {
    /// Three concepts, six inputs, one label each (exclusive):
    /// scores chosen so that at t = 0.5 `cat` has 1 TP, 1 FN and 1 FP.
    static func tiny() -> Session {
        let concepts = ["cat", "dog", "bird"].map { Concept(id: $0, name: $0) }
        let rows: [(String, Int, [Double])] = [
            ("a", 0, [0.9, 0.05, 0.05]),
            ("b", 0, [0.3, 0.6, 0.1]),
            ("c", 1, [0.55, 0.4, 0.05]),
            ("d", 1, [0.1, 0.8, 0.1]),
            ("e", 2, [0.2, 0.1, 0.7]),
            ("f", 2, [0.1, 0.2, 0.45]),
        ]
        let evaluation = Evaluation(
            sourcePath: "tiny.csv", format: .wide, mode: .exclusive, concepts: concepts,
            inputIDs: rows.map(\.0), scores: rows.flatMap(\.2),
            labelOffsets: (0 ... rows.count).map(Int32.init), labelConcepts: rows.map { Int32($0.1) },
            urls: rows.map { "https://example.com/\($0.0).jpg" })
        return Session(evaluation: evaluation)
    }

    static func state(_ session: Session, width: Int = 120, height: Int = 40) -> AppState {
        var state = AppState(fileName: "tiny.csv", width: width, height: height)
        state.session = session
        state.phase = .ready
        return state
    }
}
