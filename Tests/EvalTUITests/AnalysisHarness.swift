import EvalCore
import Foundation
import TermUI
import Testing
@testable import EvalTUI

/// Goldens for the diagnosis views: the screen text is compared with a committed file in
/// Golden/; `EVALTOP_UPDATE_GOLDENS=1` rewrites the files instead (then review the diff).
enum AnalysisGoldens {
    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    static func check(_ name: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["EVALTOP_UPDATE_GOLDENS"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "screen differs from Golden/\(name).txt (EVALTOP_UPDATE_GOLDENS=1 regenerates)",
                sourceLocation: sourceLocation)
    }
}

/// Small evaluations for the strategy and export tests.
enum AnalysisSessions {
    /// Three concepts in exclusive mode where no input is labelled "bird": every strategy
    /// gives bird no threshold.
    static func withoutBirds() -> Session {
        TestSessions.exclusive(path: "nobirds.csv", rows: [
            ("a", 0, [0.9, 0.05, 0.05]),
            ("b", 0, [0.3, 0.6, 0.1]),
            ("c", 1, [0.55, 0.4, 0.05]),
            ("d", 1, [0.1, 0.8, 0.1]),
            ("e", 0, [0.6, 0.1, 0.3]),
            ("f", 1, [0.1, 0.45, 0.45]),
        ])
    }

    static func context(unicode: Bool = true) throws -> RenderContext {
        RenderContext(theme: ResolvedTheme(theme: try Theme.load(nameOrPath: "default"), capability: .none,
                                           baseGlyphs: unicode ? .unicode : .ascii))
    }

    /// An app on `session` driven like the replay mode (background work inline).
    static func app(_ session: Session, width: Int = 100, height: Int = 30, state: AppState? = nil) throws -> App {
        let initial = state ?? AppState(fileName: (session.evaluation!.sourcePath as NSString).lastPathComponent,
                                         width: width, height: height)
        return Replay.makeApp(state: initial, session: session, context: try context())
    }
}

extension App {
    func press(_ script: String) throws {
        for key in try KeyScript.parse(script) {
            handle(.key(key))
            _ = poll()
        }
    }

    var screenText: String {
        var buffer = Buffer(width: state.width, height: state.height)
        render(into: &buffer)
        return Replay.text(of: buffer)
    }
}
