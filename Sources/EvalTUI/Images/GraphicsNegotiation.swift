import TermUI

/// Which image protocol to use and how big a cell is, decided from `--images`, the environment
/// and the terminal's answers to start-up queries. The decision is pure: the terminal is a
/// closure (`ask` writes a query and returns the parsed replies), so the app passes the real
/// one (`TerminalProbe`) and tests pass scripted ones.
public enum GraphicsNegotiation {
    public struct Outcome: Sendable, Equatable {
        /// nil: half blocks (or nothing, with `--images off`).
        public var graphics: GraphicsProtocol?
        /// Sequences are wrapped for tmux to pass them on to the outer terminal.
        public var passthrough = false
        public var cellWidth = 10
        public var cellHeight = 20

        public init() {}
    }

    /// XTVERSION (`CSI > 0 q`): tmux answers it itself (`DCS > | tmux 3.4 ST`), which tells
    /// evaltop it runs inside tmux even where `$TMUX` is not set (tmux on the laptop, evaltop
    /// over ssh on a server).
    static let versionQuery = "\u{1B}[>0q"
    static let deviceAttributesQuery = "\u{1B}[c"
    static let cellSizeQuery = "\u{1B}[16t"

    /// - Parameters:
    ///   - winsizeCell: the cell size from `TIOCGWINSZ`, when the terminal fills it in.
    ///   - tmuxAllowsPassthrough: `tmux show -gv allow-passthrough` is on; asked only when
    ///     `$TMUX` is set.
    ///   - ask: writes a query to the terminal and returns its replies, read up to the DA1
    ///     answer (which every terminal gives, last) or a deadline. Never called for a forced
    ///     protocol, `blocks` or `off`.
    public static func decide(mode: InputImages.Mode, environment: [String: String], winsizeCell: (width: Int, height: Int)?,
                              tmuxAllowsPassthrough: () -> Bool, ask: (String) -> TerminalReplies) -> Outcome {
        var outcome = Outcome()
        if let winsizeCell { (outcome.cellWidth, outcome.cellHeight) = winsizeCell }
        let tmuxByEnvironment = !(environment["TMUX"] ?? "").isEmpty
        outcome.passthrough = tmuxByEnvironment && tmuxAllowsPassthrough()
        switch mode {
        case .kitty: outcome.graphics = .kitty
        case .sixel: outcome.graphics = .sixel
        case .iterm: outcome.graphics = .iterm
        case .blocks, .off: break
        case .auto:
            // Inside tmux without passthrough, nothing but text reaches the terminal.
            if tmuxByEnvironment && !outcome.passthrough { return outcome }
            let iTerm = environment["TERM_PROGRAM"] == "iTerm.app" || environment["LC_TERMINAL"] == "iTerm2"
            let cellQuery = winsizeCell == nil ? cellSizeQuery : ""
            let wrap = { (s: String) in outcome.passthrough ? GraphicsCanvas.tmuxPassthrough(s) : s }
            // Outside a known tmux, XTVERSION goes with the other queries: $TMUX does not cross
            // ssh, and a tmux that answers "tmux" gets a second round (below). Elsewhere it
            // costs nothing: terminals that do not know it stay silent.
            let version = tmuxByEnvironment ? "" : versionQuery
            let replies = ask(version + wrap(KittyEncoder.query) + cellQuery + deviceAttributesQuery)
            if let cell = replies.cellPixels { (outcome.cellWidth, outcome.cellHeight) = cell }
            if replies.isTmux {
                // A tmux found by XTVERSION: whether passthrough is on cannot be read from its
                // options (they are on another machine), so the kitty query goes again, wrapped,
                // and only kitty's answer coming back through tmux proves it.
                let through = ask(GraphicsCanvas.tmuxPassthrough(KittyEncoder.query) + deviceAttributesQuery)
                outcome.passthrough = through.kittyGraphics
                // tmux answers DA1 itself: attribute 4 there is tmux's own sixel support.
                outcome.graphics = through.kittyGraphics ? .kitty : (replies.sixel ? .sixel : nil)
            } else if iTerm {
                outcome.graphics = .iterm
            } else if replies.kittyGraphics {
                outcome.graphics = .kitty
            } else if replies.sixel {
                outcome.graphics = .sixel
            }
        }
        return outcome
    }
}
