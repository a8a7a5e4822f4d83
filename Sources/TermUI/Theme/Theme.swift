import Foundation
import EvalCore
import TOMLKit

/// What a theme says about one role. Unset colours mean the terminal default.
public struct RoleSpec: Hashable, Sendable {
    public var fg: Color?
    public var bg: Color?
    public var modifiers: Modifiers

    public init(fg: Color? = nil, bg: Color? = nil, modifiers: Modifiers = []) {
        self.fg = fg
        self.bg = bg
        self.modifiers = modifiers
    }
}

/// A 16-colour override for one role (indexes 0–15).
public struct Fallback16: Hashable, Sendable {
    public var fg: UInt8?
    public var bg: UInt8?

    public init(fg: UInt8? = nil, bg: UInt8? = nil) {
        self.fg = fg
        self.bg = bg
    }
}

/// Glyph choices a theme can make; unset ones keep `GlyphSet.unicode`'s.
public struct ThemeGlyphs: Hashable, Sendable {
    public var plot: PlotMarker?
    public var border: BorderKind?
    /// Single-character overrides such as `flag`, `labeled`, `selection_marker`.
    public var symbols: [String: String]

    public init(plot: PlotMarker? = nil, border: BorderKind? = nil, symbols: [String: String] = [:]) {
        self.plot = plot
        self.border = border
        self.symbols = symbols
    }
}

/// A colour theme: semantic roles over a palette, with 16-colour and monochrome fallbacks and a
/// glyph set. Load with `Theme.load(nameOrPath:)`, then `resolve(_:)` for the terminal at hand.
public struct Theme: Hashable, Sendable {
    public var name: String
    /// Named colours the roles refer to.
    public var palette: [String: Color]
    public var roles: [ThemeRole: RoleSpec]
    /// Overrides used when the terminal has only 16 colours.
    public var fallback16: [ThemeRole: Fallback16]
    /// Attributes used without colour (NO_COLOR, `--color never`, or a `mono` theme).
    public var mono: [ThemeRole: Modifiers]
    public var glyphs: ThemeGlyphs

    public init(name: String, palette: [String: Color] = [:], roles: [ThemeRole: RoleSpec] = [:],
                fallback16: [ThemeRole: Fallback16] = [:], mono: [ThemeRole: Modifiers] = [:], glyphs: ThemeGlyphs = .init()) {
        self.name = name
        self.palette = palette
        self.roles = roles
        self.fallback16 = fallback16
        self.mono = mono
        self.glyphs = glyphs
    }

    /// The names of the themes built into the binary.
    public static var builtInNames: [String] { EmbeddedThemes.sources.keys.sorted() }

    /// The default theme, which every other theme inherits missing roles from.
    public static let `default`: Theme = {
        do {
            return try parse(EmbeddedThemes.sources["default"]!, file: "default", base: nil)
        } catch {
            fatalError("built-in default theme is invalid: \(error)")  // caught by the tests
        }
    }()

    /// A built-in theme by name (`default`, `light`, `high-contrast`, `mono`), or a theme file by path.
    /// Anything containing `/` or ending in `.toml` is taken as a path.
    /// - Throws: `ThemeError` naming the file, the line and the reason.
    public static func load(nameOrPath: String) throws -> Theme {
        if !nameOrPath.contains("/"), !nameOrPath.hasSuffix(".toml") {
            guard let source = EmbeddedThemes.sources[nameOrPath] else {
                throw ThemeError(file: nameOrPath, reason: "no built-in theme named \"\(nameOrPath)\" (built in: \(builtInNames.joined(separator: ", ")); or give a path to a .toml file)")
            }
            return try parse(source, file: nameOrPath)
        }
        let text: String
        do {
            text = String(decoding: try SmallFile.read(path: nameOrPath, what: "a theme file (.toml)"), as: UTF8.self)
        } catch {
            throw ThemeError(file: nameOrPath, reason: error.message)
        }
        return try parse(text, file: nameOrPath)
    }

    /// Parses theme TOML. Roles, palette entries, fallbacks and glyphs the text leaves out come
    /// from `base` (the default theme unless given otherwise; `nil` for none).
    public static func parse(_ text: String, file: String, base: Theme? = Theme.default) throws -> Theme {
        try ThemeParser(text: text, file: file, base: base).parse()
    }

    /// The theme as the terminal can show it.
    public func resolve(_ capability: ColorCapability, glyphs baseGlyphs: GlyphSet = .unicode) -> ResolvedTheme {
        ResolvedTheme(theme: self, capability: capability, baseGlyphs: baseGlyphs)
    }
}
