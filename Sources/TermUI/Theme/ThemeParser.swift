import Foundation
import TOMLKit

/// Turns theme TOML into a `Theme`, reporting problems with their line.
///
/// TOMLKit reports syntax errors with a position; for meaning errors (an unknown role, a bad
/// colour) the parsed table has no positions, so `SourceLocator` finds the key's line in the text.
struct ThemeParser {
    let text: String
    let file: String
    let base: Theme?
    let locator: SourceLocator

    init(text: String, file: String, base: Theme?) {
        self.text = text
        self.file = file
        self.base = base
        self.locator = SourceLocator(text: text)
    }

    static let sections: Set<String> = ["palette", "roles", "fallback16", "mono", "glyphs"]
    static let glyphSymbolKeys: Set<String> = [
        "flag", "labeled", "unlabeled", "selection_marker", "ellipsis", "slider_filled", "slider_empty",
        "slider_marker", "tab_divider",
    ]

    func parse() throws -> Theme {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ThemeError(file: file, line: error.source.begin.line, column: error.source.begin.column,
                             reason: "TOML syntax: \(error.description)")
        }

        var theme = base ?? Theme(name: "")
        for key in table.keys where key != "name" && !Self.sections.contains(key) {
            throw fail("unknown key or section \"\(key)\" (expected name, \(Self.sections.sorted().joined(separator: ", ")))",
                       line: locator.line(ofSection: key) ?? locator.line(ofKey: key, section: nil))
        }
        if let nameValue = table["name"] {
            guard let name = nameValue.string else { throw fail("\"name\" must be a string", line: locator.line(ofKey: "name", section: nil)) }
            theme.name = name
        } else if base != nil {
            // Unnamed: call it after its file, "mine" for "~/themes/mine.toml".
            let last = file.split(separator: "/").last.map(String.init) ?? file
            theme.name = last.hasSuffix(".toml") ? String(last.dropLast(5)) : last
        }

        if let palette = try section("palette", in: table) {
            for key in palette.keys {
                theme.palette[key] = try color(palette[key]!, palette: [:], section: "palette", key: key, allowNames: false)
            }
        }
        if let roles = try section("roles", in: table) {
            for key in roles.keys {
                let role = try roleName(key, section: "roles")
                theme.roles[role] = try roleSpec(roles[key]!, palette: theme.palette, key: key)
            }
        }
        if let fallback = try section("fallback16", in: table) {
            for key in fallback.keys {
                let role = try roleName(key, section: "fallback16")
                theme.fallback16[role] = try fallback16(fallback[key]!, key: key)
            }
        }
        if let mono = try section("mono", in: table) {
            for key in mono.keys {
                let role = try roleName(key, section: "mono")
                theme.mono[role] = try modifierList(mono[key]!, section: "mono", key: key)
            }
        }
        if let glyphs = try section("glyphs", in: table) {
            try parseGlyphs(glyphs, into: &theme.glyphs)
        }
        return theme
    }

    // MARK: - Pieces

    private func section(_ name: String, in table: TOMLTable) throws -> TOMLTable? {
        guard let value = table[name] else { return nil }
        guard let sub = value.table else {
            throw fail("\"\(name)\" must be a table ([\(name)])", line: locator.line(ofKey: name, section: nil))
        }
        return sub
    }

    private func roleName(_ key: String, section: String) throws -> ThemeRole {
        guard let role = ThemeRole(rawValue: key) else {
            let suggestion = ThemeRole.allCases.map(\.rawValue).min { editDistance($0, key) < editDistance($1, key) }
            let hint = suggestion.map { " (did you mean \"\($0)\"?)" } ?? ""
            throw fail("unknown role \"\(key)\" in [\(section)]\(hint)", line: locator.line(ofKey: key, section: section))
        }
        return role
    }

    private func roleSpec(_ value: TOMLValueConvertible, palette: [String: Color], key: String) throws -> RoleSpec {
        // Shorthand: `role = "palette name"` sets the foreground only.
        if value.string != nil || value.int != nil {
            return RoleSpec(fg: try color(value, palette: palette, section: "roles", key: key, allowNames: true))
        }
        guard let table = value.table else {
            throw fail("role \"\(key)\" must be a colour or a table like { fg = \"blue\", bold = true }",
                       line: locator.line(ofKey: key, section: "roles"))
        }
        var spec = RoleSpec()
        for field in table.keys {
            let fieldValue = table[field]!
            switch field {
            case "fg": spec.fg = try color(fieldValue, palette: palette, section: "roles", key: key, allowNames: true)
            case "bg": spec.bg = try color(fieldValue, palette: palette, section: "roles", key: key, allowNames: true)
            default:
                guard let modifier = Self.modifier(named: field) else {
                    throw fail("unknown field \"\(field)\" in role \"\(key)\" (expected fg, bg, bold, dim, italic, underline, reverse)",
                               line: locator.line(ofKey: key, section: "roles"))
                }
                guard let on = fieldValue.bool else {
                    throw fail("\"\(field)\" in role \"\(key)\" must be true or false", line: locator.line(ofKey: key, section: "roles"))
                }
                if on { spec.modifiers.insert(modifier) } else { spec.modifiers.remove(modifier) }
            }
        }
        return spec
    }

    /// A colour: `"#rrggbb"`, an index 0–255, `"default"`, or (in roles) a palette name.
    private func color(_ value: TOMLValueConvertible, palette: [String: Color], section: String, key: String, allowNames: Bool) throws -> Color {
        let line = locator.line(ofKey: key, section: section)
        if let index = value.int {
            guard (0...255).contains(index) else { throw fail("colour index \(index) for \"\(key)\" is outside 0–255", line: line) }
            return .indexed(UInt8(index))
        }
        guard let string = value.string else {
            throw fail("colour for \"\(key)\" must be \"#rrggbb\", an index 0–255 or \"default\"", line: line)
        }
        if string == "default" || string == "reset" { return .reset }
        if string.hasPrefix("#") {
            guard let rgb = Self.hexColor(string) else {
                throw fail("bad colour \"\(string)\" for \"\(key)\" (expected #rrggbb)", line: line)
            }
            return rgb
        }
        if allowNames {
            guard let named = palette[string] else {
                throw fail("colour \"\(string)\" for \"\(key)\" is not in [palette] and is not #rrggbb", line: line)
            }
            return named
        }
        throw fail("bad colour \"\(string)\" for \"\(key)\" (expected #rrggbb, an index 0–255 or \"default\")", line: line)
    }

    private func fallback16(_ value: TOMLValueConvertible, key: String) throws -> Fallback16 {
        let line = locator.line(ofKey: key, section: "fallback16")
        func index(_ v: TOMLValueConvertible) throws -> UInt8 {
            guard let i = v.int, (0...15).contains(i) else {
                throw fail("16-colour fallback for \"\(key)\" must be an index 0–15", line: line)
            }
            return UInt8(i)
        }
        if value.int != nil { return Fallback16(fg: try index(value)) }
        guard let table = value.table else { throw fail("16-colour fallback for \"\(key)\" must be an index or { fg = n, bg = n }", line: line) }
        var result = Fallback16()
        for field in table.keys {
            switch field {
            case "fg": result.fg = try index(table[field]!)
            case "bg": result.bg = try index(table[field]!)
            default: throw fail("unknown field \"\(field)\" in 16-colour fallback for \"\(key)\" (expected fg, bg)", line: line)
            }
        }
        return result
    }

    /// `"bold reverse"`, `["bold", "reverse"]` or `"none"`.
    private func modifierList(_ value: TOMLValueConvertible, section: String, key: String) throws -> Modifiers {
        let line = locator.line(ofKey: key, section: section)
        var words: [String] = []
        if let string = value.string {
            words = string.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        } else if let array = value.array {
            for element in array {
                guard let s = element.string else { throw fail("modifiers for \"\(key)\" must be strings", line: line) }
                words.append(s)
            }
        } else {
            throw fail("modifiers for \"\(key)\" must be a string like \"bold reverse\"", line: line)
        }
        var modifiers: Modifiers = []
        for word in words where word != "none" {
            guard let m = Self.modifier(named: word) else {
                throw fail("unknown modifier \"\(word)\" for \"\(key)\" (expected bold, dim, italic, underline, reverse, none)", line: line)
            }
            modifiers.insert(m)
        }
        return modifiers
    }

    private func parseGlyphs(_ table: TOMLTable, into glyphs: inout ThemeGlyphs) throws {
        for key in table.keys {
            let line = locator.line(ofKey: key, section: "glyphs")
            guard let string = table[key]!.string else { throw fail("glyph \"\(key)\" must be a string", line: line) }
            switch key {
            case "plot":
                guard let marker = PlotMarker(rawValue: string) else {
                    throw fail("plot glyphs \"\(string)\" unknown (expected braille, block, ascii)", line: line)
                }
                glyphs.plot = marker
            case "border":
                guard let border = BorderKind(rawValue: string) else {
                    throw fail("border glyphs \"\(string)\" unknown (expected rounded, plain, ascii)", line: line)
                }
                glyphs.border = border
            default:
                guard Self.glyphSymbolKeys.contains(key) else {
                    throw fail("unknown glyph \"\(key)\" (expected plot, border, \(Self.glyphSymbolKeys.sorted().joined(separator: ", ")))", line: line)
                }
                let width = CellWidth.of(string)
                guard CellWidth.sanitize(string) == string, string.count == 1, (1...2).contains(width) else {
                    throw fail("glyph \"\(key)\" must be one printable character", line: line)
                }
                glyphs.symbols[key] = string
            }
        }
    }

    // MARK: - Helpers

    static func modifier(named name: String) -> Modifiers? {
        switch name {
        case "bold": return .bold
        case "dim": return .dim
        case "italic": return .italic
        case "underline": return .underline
        case "reverse": return .reverse
        default: return nil
        }
    }

    static func hexColor(_ string: String) -> Color? {
        let digits = string.dropFirst()
        guard digits.count == 6, let value = UInt32(digits, radix: 16) else { return nil }
        return .rgb(UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff))
    }

    private func fail(_ reason: String, line: Int?) -> ThemeError {
        ThemeError(file: file, line: line, reason: reason)
    }

    private func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}

/// Finds the line of a key in TOML text: tracks `[section]` headers and matches `key =` or
/// `"key" =` at the start of a line, or a `[section.key]` header.
struct SourceLocator {
    private let lines: [Substring]

    init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// 1-based line of `key` inside `[section]` (`nil` section: before any header).
    func line(ofKey key: String, section: String?) -> Int? {
        var current: String? = nil
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let header = Self.header(line) {
                current = header
                if let section, header == "\(section).\(key)" || header == "\(section).\"\(key)\"" { return index + 1 }
                continue
            }
            guard current == section else { continue }
            for candidate in [key, "\"\(key)\"", "'\(key)'"] where line.hasPrefix(candidate) {
                let rest = line.dropFirst(candidate.count).drop(while: { $0 == " " || $0 == "\t" })
                if rest.hasPrefix("=") || rest.hasPrefix(".") { return index + 1 }
            }
        }
        return nil
    }

    /// 1-based line of a `[section]` header.
    func line(ofSection section: String) -> Int? {
        lines.firstIndex { Self.header($0.trimmingCharacters(in: .whitespaces)) == section }.map { $0 + 1 }
    }

    private static func header(_ line: String) -> String? {
        guard line.hasPrefix("["), !line.hasPrefix("[["), let close = line.firstIndex(of: "]") else { return nil }
        return line[line.index(after: line.startIndex)..<close].trimmingCharacters(in: .whitespaces)
    }
}
