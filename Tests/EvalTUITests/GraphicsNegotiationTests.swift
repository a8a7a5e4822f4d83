import Testing
import TermUI
@testable import EvalTUI

/// The choice of image protocol (issue 9, "How they are drawn") against scripted terminals: the
/// queries each situation sends, and what it makes of the answers.
@Suite struct GraphicsNegotiationTests {
    /// A terminal that answers each query from a script and records what it was asked.
    final class ScriptedTerminal {
        var asked: [String] = []
        let answer: (String) -> String
        init(_ answer: @escaping (String) -> String) { self.answer = answer }
        func ask(_ query: String) -> TerminalReplies {
            asked.append(query)
            return TerminalReplies.parse(Array(answer(query).utf8))
        }
    }

    static let kittyOK = "\u{1B}_Gi=31;OK\u{1B}\\"
    static let da1 = "\u{1B}[?62;22c"
    static let da1Sixel = "\u{1B}[?63;1;2;4;6c"
    static let tmuxVersion = "\u{1B}P>|tmux 3.4\u{1B}\\"

    static func decide(_ mode: InputImages.Mode, environment: [String: String] = [:], winsize: (width: Int, height: Int)? = nil,
                       passthroughOption: Bool = false, terminal: ScriptedTerminal) -> GraphicsNegotiation.Outcome {
        GraphicsNegotiation.decide(mode: mode, environment: environment, winsizeCell: winsize,
                                   tmuxAllowsPassthrough: { passthroughOption }, ask: terminal.ask)
    }

    @Test func aForcedProtocolSendsNoQuery() {
        for (mode, expected) in [(InputImages.Mode.kitty, GraphicsProtocol.kitty), (.sixel, .sixel), (.iterm, .iterm)] {
            let terminal = ScriptedTerminal { _ in Self.kittyOK + Self.da1 }
            let outcome = Self.decide(mode, winsize: (9, 18), terminal: terminal)
            #expect(outcome.graphics == expected && terminal.asked.isEmpty)
            #expect(outcome.cellWidth == 9 && outcome.cellHeight == 18)
        }
        for mode in [InputImages.Mode.blocks, .off] {
            let terminal = ScriptedTerminal { _ in Self.kittyOK + Self.da1 }
            #expect(Self.decide(mode, terminal: terminal).graphics == nil && terminal.asked.isEmpty)
        }
        // Forced inside tmux: wrapped when passthrough is allowed, still without a query.
        let terminal = ScriptedTerminal { _ in "" }
        let inTmux = Self.decide(.kitty, environment: ["TMUX": "/tmp/tmux-0/default,1,0"], passthroughOption: true, terminal: terminal)
        #expect(inTmux.passthrough && terminal.asked.isEmpty)
    }

    @Test func autoPicksKittyThenSixelThenHalfBlocks() {
        let kitty = ScriptedTerminal { _ in Self.kittyOK + "\u{1B}[6;20;10t" + Self.da1 }
        let outcome = Self.decide(.auto, terminal: kitty)
        #expect(outcome.graphics == .kitty && !outcome.passthrough)
        #expect(outcome.cellWidth == 10 && outcome.cellHeight == 20)
        // One round: XTVERSION, kitty's query, the cell size (the window size did not say), DA1.
        #expect(kitty.asked == [GraphicsNegotiation.versionQuery + KittyEncoder.query + GraphicsNegotiation.cellSizeQuery
                    + GraphicsNegotiation.deviceAttributesQuery])
        let sixel = ScriptedTerminal { _ in Self.da1Sixel }
        #expect(Self.decide(.auto, winsize: (8, 16), terminal: sixel).graphics == .sixel)
        #expect(!sixel.asked[0].contains(GraphicsNegotiation.cellSizeQuery))  // known from TIOCGWINSZ
        let plain = ScriptedTerminal { _ in Self.da1 }
        let none = Self.decide(.auto, terminal: plain)
        #expect(none.graphics == nil && none.cellWidth == 10 && none.cellHeight == 20)  // the 10 × 20 default
        let silent = ScriptedTerminal { _ in "" }  // the deadline passed
        #expect(Self.decide(.auto, terminal: silent).graphics == nil)
        let iTerm = ScriptedTerminal { _ in Self.da1 }
        #expect(Self.decide(.auto, environment: ["LC_TERMINAL": "iTerm2"], terminal: iTerm).graphics == .iterm)
    }

    @Test func tmuxByItsEnvironmentUsesPassthroughOnlyWhenAllowed() {
        let environment = ["TMUX": "/tmp/tmux-0/default,1,0"]
        let closed = ScriptedTerminal { _ in Self.kittyOK + Self.da1 }
        let withoutPassthrough = Self.decide(.auto, environment: environment, passthroughOption: false, terminal: closed)
        #expect(withoutPassthrough.graphics == nil && !withoutPassthrough.passthrough && closed.asked.isEmpty)
        let open = ScriptedTerminal { query in query.contains("\u{1B}Ptmux;") ? Self.kittyOK + Self.da1 : Self.da1 }
        let withPassthrough = Self.decide(.auto, environment: environment, passthroughOption: true, terminal: open)
        #expect(withPassthrough.graphics == .kitty && withPassthrough.passthrough)
        #expect(open.asked.count == 1 && !open.asked[0].contains(GraphicsNegotiation.versionQuery))
    }

    /// tmux on the laptop, evaltop over ssh: no $TMUX, but tmux answers XTVERSION itself.
    @Test func tmuxFoundByXTVersionIsProbedThroughPassthrough() {
        // Passthrough on, kitty outside: the wrapped query comes back answered.
        let open = ScriptedTerminal { query in
            if query.hasPrefix(GraphicsNegotiation.versionQuery) { return Self.tmuxVersion + Self.da1 }
            return query.hasPrefix("\u{1B}Ptmux;") ? Self.kittyOK + Self.da1 : Self.da1
        }
        let kitty = Self.decide(.auto, terminal: open)
        #expect(kitty.graphics == .kitty && kitty.passthrough && open.asked.count == 2)
        // Passthrough off: nothing comes back through; tmux's own DA1 decides (here no sixel).
        let closed = ScriptedTerminal { query in
            query.hasPrefix(GraphicsNegotiation.versionQuery) ? Self.tmuxVersion + Self.da1 : Self.da1
        }
        let blocks = Self.decide(.auto, terminal: closed)
        #expect(blocks.graphics == nil && !blocks.passthrough)
        // A tmux built with sixel says 4 in its own DA1: sixel, unwrapped.
        let sixelTmux = ScriptedTerminal { query in
            query.hasPrefix(GraphicsNegotiation.versionQuery) ? Self.tmuxVersion + Self.da1Sixel : Self.da1Sixel
        }
        let sixel = Self.decide(.auto, terminal: sixelTmux)
        #expect(sixel.graphics == .sixel && !sixel.passthrough)
        // iTerm2's variables crossed ssh, but tmux sits between: no iTerm images.
        let iTermBehindTmux = Self.decide(.auto, environment: ["LC_TERMINAL": "iTerm2"], terminal: closed)
        #expect(iTermBehindTmux.graphics == nil)
    }

    @Test func xtversionRepliesAreParsedAsPrintableText() {
        #expect(TerminalReplies.parse(Array((Self.tmuxVersion + Self.da1).utf8)).isTmux)
        #expect(TerminalReplies.parse(Array("\u{1B}P>|XTerm(390)\u{1B}\\\u{1B}[?63c".utf8)).version == "XTerm(390)")
        #expect(!TerminalReplies.parse(Array("\u{1B}P>|XTerm(390)\u{1B}\\".utf8)).isTmux)
        // Control bytes in the name: not kept.
        #expect(TerminalReplies.parse(Array("\u{1B}P>|tmux\u{7}3\u{1B}\\".utf8)).version == nil)
    }
}
