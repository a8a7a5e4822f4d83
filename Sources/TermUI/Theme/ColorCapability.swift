/// How many colours the terminal can show.
public enum ColorCapability: Int, Comparable, Sendable, CaseIterable {
    /// `color8` is the 8 colours of TERM=xterm, TERM=linux and PuTTY's default: indexes 8–15
    /// do not exist there (ncurses refuses a colour pair that names them).
    case none = 0, color8, color16, color256, truecolor

    public static func < (a: ColorCapability, b: ColorCapability) -> Bool { a.rawValue < b.rawValue }

    /// The `--color` option.
    public enum Option: String, Sendable, CaseIterable {
        case auto, always, never
    }

    /// The capability from the environment and `--color`.
    ///
    /// - `never` gives `.none`; `auto` honours `NO_COLOR` (set and non-empty) and `TERM=dumb`;
    ///   `always` ignores both and gives at least 16 colours.
    /// - `COLORTERM=truecolor|24bit` (or a `TERM` ending in `-direct`) means truecolor, a `TERM`
    ///   containing `256color` means 256; otherwise 16. `COLORTERM` and `NO_COLOR` are often not
    ///   forwarded over SSH, so 256 via `TERM` is the usual best case there.
    public static func detect(environment: [String: String], colorOption: Option = .auto) -> ColorCapability {
        if colorOption == .never { return .none }
        let term = (environment["TERM"] ?? "").lowercased()
        if colorOption == .auto {
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
            if term.isEmpty || term == "dumb" { return .none }
        }
        let colorterm = (environment["COLORTERM"] ?? "").lowercased()
        if colorterm == "truecolor" || colorterm == "24bit" || term.hasSuffix("-direct") { return .truecolor }
        // Terminals known to do 24-bit colour, recognisable by TERM alone (which SSH forwards).
        if truecolorTerms.contains(where: { term == $0 || term.hasPrefix($0 + "-") }) { return .truecolor }
        if term.contains("256color") { return .color256 }
        return .color16
    }

    /// This capability capped by the number of colours the terminal says it has (ncurses'
    /// `COLORS` once the screen is set up): `TERM` alone says 16 for xterm and linux, whose
    /// entries have 8, and 16 for vt100, which has none.
    public func limited(toColors colors: Int) -> ColorCapability {
        let most: ColorCapability
        switch colors {
        case ..<8: most = .none
        case 8 ..< 16: most = .color8
        case 16 ..< 256: most = .color16
        default: most = .truecolor
        }
        return Swift.min(self, most)
    }

    static let truecolorTerms = ["xterm-kitty", "alacritty", "wezterm", "foot", "xterm-ghostty", "contour"]
}
