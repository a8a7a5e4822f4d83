import EvalCore
import Testing
import TermUI
@testable import EvalTUI

/// Issue 10, items 2 and 14: keys in prompts act as editing keys (never as the screen's
/// commands), and pasted text is typed into a prompt, never run as commands.
@Suite struct PromptKeysTests {
    let session = TestSessions.tiny()

    func app() -> App {
        Replay.makeApp(state: TestSessions.state(session), session: session,
                       context: RenderContext(theme: Theme.default.resolve(.none)))
    }

    func send(_ app: App, _ keys: [Key]) {
        var buffer = Buffer(width: app.state.width, height: app.state.height)
        app.render(into: &buffer)
        for key in keys { app.handle(.key(key)) }
    }

    @Test func readlineKeysEditTheThresholdPrompt() {
        let app = app()
        // Ctrl-U clears the typed value, Ctrl-A/Ctrl-K and Ctrl-W edit it; only the final text counts.
        send(app, [.char("t"), .char("0"), .char("."), .char("9"), .ctrl("u"), .char("0"), .char("."), .char("7"),
                   .ctrl("a"), .ctrl("k"), .char("0"), .char("."), .char("3"), .ctrl("w"), .char("0"), .char("."),
                   .char("4"), .char("2"), .home, .right, .right, .right, .delete, .end, .char("5"), .enter])
        #expect(app.state.thresholds.global == 0.45)
        #expect(app.state.overlay == nil)
    }

    /// Home and End inside a prompt move its cursor; they neither cancel it nor reach the table.
    @Test func homeAndEndStayInThePrompt() {
        let app = app()
        send(app, [.char("/"), .char("b"), .home, .char("a"), .end, .char("c")])
        guard case .prompt(let prompt) = app.state.overlay else { Issue.record("prompt closed"); return }
        #expect(prompt.text == "abc")
        #expect(app.state.thresholds.global == 0.5)
    }

    @Test func pasteTypesIntoAPromptAndIsIgnoredElsewhere() {
        let app = app()
        send(app, [])
        // Outside a prompt a paste of command keys does nothing (`q` would quit, `]` move t).
        app.handle(.paste("]]q"))
        #expect(!app.shouldQuit && app.state.thresholds.global == 0.5)
        #expect(app.state.status?.kind == .warning)
        // In the threshold prompt it is typed; a line break in it does not submit.
        send(app, [.char("t")])
        app.handle(.paste("0.2\n5"))
        guard case .prompt(let prompt) = app.state.overlay else { Issue.record("prompt closed"); return }
        #expect(prompt.text == "0.25")
        send(app, [.enter])
        #expect(app.state.thresholds.global == 0.25)
    }
}
