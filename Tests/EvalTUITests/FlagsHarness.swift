import EvalCore
import Foundation
import TermUI
@testable import EvalTUI

/// An app on an example evaluation with a journal in a fresh temp folder, driven by key
/// scripts as the replay mode drives it, so tests can look at the state and the screen.
final class FlagsHarness {
    let app: App
    let journalPath: String
    let folder: String
    let session: Session
    let context: RenderContext

    /// - Parameters:
    ///   - example: a file in Examples/ (nil: the bundled example).
    ///   - journalPath: the journal (nil: `flags.jsonl` in a temp folder).
    ///   - hashFile: hash the example file (the sha256 check needs it).
    ///   - session: a session to drive instead of the example's (a summary's, issue 13).
    init(example: String? = nil, journalPath: String? = nil, hashFile: Bool = false, unicode: Bool = true,
         width: Int = 120, height: Int = 40, session given: Session? = nil) throws {
        folder = NSTemporaryDirectory() + "evaltop-flagsui-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        self.journalPath = journalPath ?? folder + "/flags.jsonl"
        let path = example.map { Self.examplePath($0) }
        let evaluation = try path.map { try EvaluationLoader.load(path: $0) } ?? EvaluationLoader.loadBundledExample()
        session = given ?? Session(evaluation: evaluation)
        context = RenderContext(theme: ResolvedTheme(theme: try Theme.load(nameOrPath: "default"), capability: .none,
                                                     baseGlyphs: unicode ? .unicode : .ascii))
        let runtime = FlagsRuntime(
            location: FlagJournalLocation(path: self.journalPath, reason: .explicit),
            evaluationPath: hashFile ? path : nil,
            context: FlagContext(user: "tester", evaluation: example ?? "digits.csv"),
            synchronous: true, refreshInterval: .infinity)
        app = Replay.makeApp(state: AppState(fileName: example ?? "digits.csv", width: width, height: height, unicode: unicode),
                             session: session, context: context, flags: runtime)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    static func examplePath(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/\(name)").path
    }

    var state: AppState { app.state }

    /// Feeds a key script (`<Enter>`, `<Esc>`, … as in replay files).
    func press(_ script: String) throws {
        for key in try KeyScript.parse(script) {
            app.handle(.key(key))
            _ = app.poll()
        }
    }

    /// The screen as text lines.
    var screen: [String] {
        var buffer = Buffer(width: state.width, height: state.height)
        app.render(into: &buffer)
        return Replay.text(of: buffer).components(separatedBy: "\n")
    }

    var header: String { screen[0] }
    var statusLine: String { screen[state.height - 1] }

    /// The journal's lines, parsed.
    var journalEvents: [FlagEvent] {
        (try? FlagJournal(path: journalPath).readAll().events) ?? []
    }

    /// The id of the input the details list shows at `row`.
    func detailsID(_ row: Int) -> String? {
        state.detailsInput(atRow: row).map { session.evaluation!.inputIDs[$0] }
    }
}
