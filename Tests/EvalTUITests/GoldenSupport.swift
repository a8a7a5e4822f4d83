import EvalCore
import EvalTUI
import Foundation
import Testing
import TermUI

/// Renders screens headless exactly as `evaltop --replay` does (mono theme at colour
/// capability `.none`, so the text does not depend on the terminal) and compares them with
/// the committed files in `Golden/`.
///
/// `EVALTOP_UPDATE_GOLDENS=1 swift test --filter GoldenScreenTests` rewrites the files in the
/// source tree instead of comparing; review the change with `git diff` before committing.
enum Golden {
    /// The evaluations the goldens are drawn from, loaded once per test process.
    enum Source: String, CaseIterable, Sendable {
        /// The bundled example (digits, exclusive).
        case bundled
        /// Examples/digits_ml.csv (multilabel).
        case digitsML = "digits_ml"
        /// 60 generated concepts (`ManyConcepts`): the matrix's Top confusions list and the
        /// scrolled grid. Not in `allCases`: it has its own views (ManyConceptsGoldenTests).
        case many60

        static var allCases: [Source] { [.bundled, .digitsML] }

        var fileName: String {
            switch self {
            case .bundled: return "digits.csv (bundled example)"
            case .digitsML: return "digits_ml.csv"
            case .many60: return "many.csv"
            }
        }

        var session: Session { Golden.sessions[self]! }
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Where updates are written: the source tree, not the built bundle.
    static let sourceDirectory = repositoryRoot.appendingPathComponent("Tests/EvalTUITests/Golden")

    static let updating = ProcessInfo.processInfo.environment["EVALTOP_UPDATE_GOLDENS"] == "1"

    private static let sessions: [Source: Session] = {
        let bundled = try! EvaluationLoader.loadBundledExample()
        let multilabel = try! EvaluationLoader.load(
            path: repositoryRoot.appendingPathComponent("Examples/digits_ml.csv").path)
        return [.bundled: Session(evaluation: bundled), .digitsML: Session(evaluation: multilabel),
                .many60: ManyConcepts.session()]
    }()

    /// The screen after `keys` (key-script syntax) at `width`×`height`.
    static func screen(_ source: Source, keys: String, width: Int, height: Int, ascii: Bool = false) throws -> String {
        let theme = try Theme.load(nameOrPath: "mono")
        let context = RenderContext(theme: ResolvedTheme(theme: theme, capability: .none,
                                                         baseGlyphs: ascii ? .ascii : .unicode))
        let state = AppState(fileName: source.fileName, threshold: 0.5, width: width, height: height,
                             unicode: !context.ascii)
        let buffer = Replay.run(state: state, session: source.session, keys: try KeyScript.parse(keys),
                                context: context)
        return Replay.text(of: buffer)
    }

    /// Wall-clock durations in status messages ("ranked … in 0.02 s") differ from run to run:
    /// they are compared as `in #.## s`, padded to the same width so the layout is still checked.
    static func maskingDurations(_ screen: String) -> String {
        screen.replacing(/in (\d+)\.(\d\d) s/) { match in
            "in " + String(repeating: "#", count: match.output.1.count) + ".## s"
        }
    }

    /// Compares `actual` with `Golden/<name>.txt`, or writes it when updating.
    static func check(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let actual = maskingDurations(actual)
        let fileName = name + ".txt"
        if updating {
            try FileManager.default.createDirectory(at: sourceDirectory, withIntermediateDirectories: true)
            try actual.write(to: sourceDirectory.appendingPathComponent(fileName), atomically: true, encoding: .utf8)
            return
        }
        guard let url = Bundle.module.url(forResource: "Golden/" + name, withExtension: "txt")
            ?? Bundle.module.resourceURL?.appendingPathComponent("Golden/" + fileName),
            let expected = try? String(contentsOf: url, encoding: .utf8)
        else {
            Issue.record(Comment(rawValue: "missing golden \(fileName); run with EVALTOP_UPDATE_GOLDENS=1 to create it"),
                         sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let message = "screen differs from Golden/\(fileName) (EVALTOP_UPDATE_GOLDENS=1 rewrites it):\n"
                + lineDiff(expected: expected, actual: actual)
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        }
    }

    /// The differing lines, numbered, expected (-) above actual (+), with the row number.
    static func lineDiff(expected: String, actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for row in 0 ..< max(old.count, new.count) {
            let a = row < old.count ? String(old[row]) : "<no line>"
            let b = row < new.count ? String(new[row]) : "<no line>"
            if a != b {
                out.append(String(format: "row %3d - |%@|", row, a))
                out.append(String(format: "row %3d + |%@|", row, b))
            }
        }
        return out.joined(separator: "\n")
    }
}
