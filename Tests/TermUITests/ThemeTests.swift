import Foundation
import Testing
@testable import TermUI

@Suite struct ThemeTests {
    static let shipped = ["default", "light", "high-contrast", "mono"]

    @Test(arguments: shipped)
    func shippedThemesLoadAndDefineEveryRole(name: String) throws {
        let theme = try Theme.load(nameOrPath: name)
        #expect(theme.name == name)
        for role in ThemeRole.allCases {
            #expect(theme.roles[role] != nil, "\(name) lacks \(role)")
        }
        for capability in ColorCapability.allCases {
            _ = theme.resolve(capability)   // every role resolves at every capability
        }
    }

    @Test func builtInNamesAreTheShippedThemes() {
        #expect(Set(Theme.builtInNames) == Set(Self.shipped))
    }

    @Test func themesInheritMissingRolesFromDefault() throws {
        let light = try Theme.load(nameOrPath: "light")
        let base = Theme.default
        // light does not mention `title` or `matrix_diagonal`: inherited as-is.
        #expect(light.roles[.title] == base.roles[.title])
        #expect(light.roles[.matrix_diagonal] == base.roles[.matrix_diagonal])
        // It does override `selection`.
        #expect(light.roles[.selection] != base.roles[.selection])
        #expect(light.roles[.selection]?.bg == .rgb(0xaf, 0xd7, 0xff))

        let minimal = try Theme.parse("name = \"tiny\"\n[roles]\nerror = { fg = \"#ff0000\" }\n", file: "tiny.toml")
        #expect(minimal.roles[.error] == RoleSpec(fg: .rgb(255, 0, 0)))
        #expect(minimal.roles[.header] == base.roles[.header])
        #expect(minimal.fallback16[.header] == base.fallback16[.header])
    }

    @Test func rolesAcceptPaletteNamesHexIndexesAndShorthand() throws {
        let text = """
        [palette]
        sea = "#005f87"
        [roles]
        text = "sea"
        title = 208
        header = { fg = "default", bg = "#101010", bold = true, underline = true }
        """
        let theme = try Theme.parse(text, file: "t.toml")
        #expect(theme.roles[.text] == RoleSpec(fg: .rgb(0, 0x5f, 0x87)))
        #expect(theme.roles[.title] == RoleSpec(fg: .indexed(208)))
        #expect(theme.roles[.header] == RoleSpec(fg: .reset, bg: .rgb(16, 16, 16), modifiers: [.bold, .underline]))
    }

    @Test func syntaxErrorsNameFileAndLine() {
        let text = "name = \"x\"\n[roles]\ntext = { fg = \"#ffffff\"\n"
        let error = #expect(throws: ThemeError.self) { try Theme.parse(text, file: "broken.toml") }
        #expect(error?.file == "broken.toml")
        #expect(error?.line == 3)
        #expect(error?.description.hasPrefix("broken.toml:3") == true)
    }

    @Test func unknownRoleErrorNamesLineAndSuggests() {
        let text = "name = \"x\"\n\n[roles]\ntext = \"default\"\nselecton = { bold = true }\n"
        let error = #expect(throws: ThemeError.self) { try Theme.parse(text, file: "typo.toml") }
        #expect(error?.line == 5)
        #expect(error?.reason.contains("unknown role \"selecton\"") == true)
        #expect(error?.reason.contains("did you mean \"selection\"") == true)
    }

    @Test func badColourErrorsNameLine() {
        let cases: [(String, Int, String)] = [
            ("[palette]\nblue = \"#12345\"\n", 2, "bad colour \"#12345\""),
            ("[palette]\nok = 1\n\n[roles]\ntitle = { fg = \"nope\" }\n", 5, "not in [palette]"),
            ("[roles]\ntitle = 300\n", 2, "outside 0–255"),
            ("[fallback16]\ntitle = 16\n", 2, "0–15"),
            ("[glyphs]\nplot = \"dots\"\n", 2, "unknown"),
            ("[roles]\nheader = { fg = \"default\", blink = true }\n", 2, "unknown field \"blink\""),
            ("[mono]\nheader = \"bold sparkly\"\n", 2, "unknown modifier"),
            ("[colours]\na = 1\n", 1, "unknown key or section"),
        ]
        for (text, line, reason) in cases {
            let error = #expect(throws: ThemeError.self) { try Theme.parse(text, file: "bad.toml") }
            #expect(error?.line == line, "\(text)")
            #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "") should mention \(reason)")
        }
    }

    @Test func loadingFromAPathAndMissingFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("termui-theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("mine.toml")
        try "name = \"mine\"\n[roles]\nerror = 9\n".write(to: good, atomically: true, encoding: .utf8)
        let theme = try Theme.load(nameOrPath: good.path)
        #expect(theme.name == "mine" && theme.roles[.error] == RoleSpec(fg: .indexed(9)))

        let bad = directory.appendingPathComponent("bad.toml")
        try "[roles]\n\nerrr = 9\n".write(to: bad, atomically: true, encoding: .utf8)
        let error = #expect(throws: ThemeError.self) { try Theme.load(nameOrPath: bad.path) }
        #expect(error?.file == bad.path && error?.line == 3)

        #expect(throws: ThemeError.self) { try Theme.load(nameOrPath: directory.appendingPathComponent("none.toml").path) }
        let unknown = #expect(throws: ThemeError.self) { try Theme.load(nameOrPath: "solarized") }
        #expect(unknown?.reason.contains("high-contrast") == true)
    }

    @Test func shippedThemeCopiesAreIdentical() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let resources = root.appendingPathComponent("Sources/TermUI/Resources/Themes")
        let userCopies = root.appendingPathComponent("Themes")
        let names = try FileManager.default.contentsOfDirectory(atPath: resources.path).filter { $0.hasSuffix(".toml") }.sorted()
        #expect(names == Self.shipped.map { "\($0).toml" }.sorted())
        for file in names {
            let source = try String(contentsOf: resources.appendingPathComponent(file), encoding: .utf8)
            let copy = try? String(contentsOf: userCopies.appendingPathComponent(file), encoding: .utf8)
            #expect(copy == source, "Themes/\(file) differs from the resource; run scripts/embed-themes.sh")
            let name = String(file.dropLast(".toml".count))
            #expect(EmbeddedThemes.sources[name] == source, "embedded \(name) is stale; run scripts/embed-themes.sh")
        }
        let extra = try FileManager.default.contentsOfDirectory(atPath: userCopies.path).filter { $0.hasSuffix(".toml") }.sorted()
        #expect(extra == names)
    }
}

@Suite struct ColorTests {
    @Test func rgbDegradesTo256ThenTo16ThenNothing() {
        let orange = Color.rgb(0xd7, 0x87, 0x5f)
        #expect(ColorConversion.degrade(orange, to: .truecolor) == orange)
        #expect(ColorConversion.degrade(orange, to: .color256) == .indexed(173))   // exact cube colour
        #expect(ColorConversion.degrade(.rgb(0x80, 0x80, 0x80), to: .color256) == .indexed(244))   // grey ramp
        #expect(ColorConversion.degrade(.rgb(255, 0, 0), to: .color16) == .indexed(9))
        #expect(ColorConversion.degrade(.rgb(0, 0, 0), to: .color16) == .indexed(0))
        #expect(ColorConversion.degrade(.indexed(196), to: .color16) == .indexed(9))
        #expect(ColorConversion.degrade(.indexed(3), to: .color16) == .indexed(3))
        #expect(ColorConversion.degrade(orange, to: .none) == nil)
        #expect(ColorConversion.degrade(.reset, to: .color16) == .reset)
    }

    @Test func every256IndexMapsBackToItselfFromItsRGB() {
        for index in 16...255 {
            let (r, g, b) = ColorConversion.rgb(ofIndex: UInt8(index))
            let back = ColorConversion.nearest256(r, g, b)
            #expect(ColorConversion.rgb(ofIndex: back) == (r, g, b) ? true : false, "index \(index)")
        }
    }

    @Test func resolvedThemesFollowTheCapability() throws {
        let theme = Theme.default
        let selection = theme.roles[.selection]!
        #expect(theme.resolve(.truecolor)[.selection].bg == selection.bg)
        guard case .indexed = theme.resolve(.color256)[.selection].bg else { Issue.record("256 should be indexed"); return }
        // 16 colours: the theme's explicit fallback wins over nearest-colour.
        #expect(theme.resolve(.color16)[.selection] == Style(fg: .indexed(15), bg: .indexed(4), modifiers: [.bold]))
        // A role without a fallback still gets a 16-colour index.
        if case .indexed(let i) = theme.resolve(.color16)[.pr_curve].fg { #expect(i < 16) } else { Issue.record("pr_curve") }
        // No colour: modifiers only, from [mono].
        let mono = theme.resolve(.none)
        #expect(mono[.selection] == Style(modifiers: [.reverse, .bold]))
        for role in ThemeRole.allCases {
            #expect(mono[role].fg == .reset && mono[role].bg == .reset)
        }
        // Every 256-colour and 16-colour style uses indexes within range.
        for role in ThemeRole.allCases {
            for color in [theme.resolve(.color16)[role].fg, theme.resolve(.color16)[role].bg] {
                if case .indexed(let i) = color { #expect(i < 16) }
                if case .rgb = color { Issue.record("rgb at 16 colours for \(role)") }
            }
            for color in [theme.resolve(.color256)[role].fg, theme.resolve(.color256)[role].bg] {
                if case .rgb = color { Issue.record("rgb at 256 colours for \(role)") }
            }
        }
    }

    @Test func monoThemeHasNoColourEvenInTruecolor() throws {
        let mono = try Theme.load(nameOrPath: "mono").resolve(.truecolor)
        for role in ThemeRole.allCases {
            #expect(mono[role].fg == .reset && mono[role].bg == .reset, "\(role)")
        }
        #expect(mono[.selection].modifiers.contains(.reverse))
    }

    @Test func capabilityDetection() {
        func detect(_ env: [String: String], _ option: ColorCapability.Option = .auto) -> ColorCapability {
            ColorCapability.detect(environment: env, colorOption: option)
        }
        #expect(detect(["TERM": "xterm-256color", "COLORTERM": "truecolor"]) == .truecolor)
        #expect(detect(["TERM": "xterm-256color", "COLORTERM": "24bit"]) == .truecolor)
        #expect(detect(["TERM": "xterm-256color"]) == .color256)
        #expect(detect(["TERM": "screen-256color"]) == .color256)
        #expect(detect(["TERM": "xterm"]) == .color16)
        #expect(detect(["TERM": "xterm-kitty"]) == .truecolor)
        #expect(detect(["TERM": "alacritty"]) == .truecolor)
        #expect(detect(["TERM": "vt100", "NO_COLOR": "1"]) == .none)
        #expect(detect(["TERM": "xterm-256color", "NO_COLOR": ""]) == .color256)   // empty NO_COLOR doesn't count
        #expect(detect(["TERM": "dumb"]) == .none)
        #expect(detect([:]) == .none)
        #expect(detect(["TERM": "xterm-256color", "NO_COLOR": "1"], .always) == .color256)
        #expect(detect(["TERM": "dumb"], .always) == .color16)
        #expect(detect(["TERM": "xterm-256color", "COLORTERM": "truecolor"], .never) == .none)
    }

    @Test func glyphSetFollowsTheCodeset() {
        #expect(GlyphSet.choose(codeset: "UTF-8") == .unicode)
        #expect(GlyphSet.choose(codeset: "utf8") == .unicode)
        #expect(GlyphSet.choose(codeset: "en_US.UTF-8") == .unicode)
        #expect(GlyphSet.choose(codeset: "ANSI_X3.4-1968") == .ascii)
        #expect(GlyphSet.choose(codeset: "ISO-8859-1") == .ascii)
        #expect(GlyphSet.choose(codeset: nil) == .ascii)
        #expect(GlyphSet.choose(codeset: "UTF-8", forceASCII: true) == .ascii)
        // The ASCII set really is ASCII.
        let ascii = GlyphSet.ascii
        let all = [ascii.ellipsis, ascii.flag, ascii.labeled, ascii.unlabeled, ascii.selectionMarker, ascii.sliderFilled,
                   ascii.sliderEmpty, ascii.sliderMarker, ascii.axisVertical, ascii.axisHorizontal, ascii.axisCorner,
                   ascii.tabDivider, ascii.arrowUp, ascii.arrowDown] + ascii.shadeRamp
        #expect(all.allSatisfy { $0.allSatisfy(\.isASCII) })
        let border = ascii.border.glyphs
        #expect([border.topLeft, border.horizontal, border.vertical].allSatisfy { $0.allSatisfy(\.isASCII) })
    }

    @Test func themeGlyphChoicesDoNotLeakIntoASCII() throws {
        let theme = try Theme.load(nameOrPath: "high-contrast")
        #expect(theme.resolve(.color256, glyphs: .unicode).glyphs.border == .plain)
        #expect(theme.resolve(.color256, glyphs: .ascii).glyphs.border == .ascii)
        let custom = try Theme.parse("[glyphs]\nflag = \"★\"\nplot = \"block\"\n", file: "g.toml")
        #expect(custom.resolve(.truecolor).glyphs.flag == "★")
        #expect(custom.resolve(.truecolor).glyphs.plot == .block)
        #expect(custom.resolve(.truecolor, glyphs: .ascii).glyphs.flag == "!")
        #expect(custom.resolve(.truecolor, glyphs: .ascii).glyphs.plot == .ascii)
    }

    @Test func heatShadingByCapability() throws {
        let theme = Theme.default
        let none = theme.resolve(.none, glyphs: .ascii)
        #expect(HeatShading.shade(0, theme: none).glyph == " ")
        #expect(HeatShading.shade(0.1, theme: none).glyph == ".")
        #expect(HeatShading.shade(0.3, theme: none).glyph == ":")
        #expect(HeatShading.shade(0.6, theme: none).glyph == "*")
        #expect(HeatShading.shade(1.0, theme: none).glyph == "#")
        #expect(HeatShading.shade(0.9, theme: none).style == Style(modifiers: .bold))
        #expect(HeatShading.shade(0.9, theme: theme.resolve(.none)).glyph == "█")

        let truecolor = theme.resolve(.truecolor)
        #expect(HeatShading.shade(1, theme: truecolor).style.bg == .rgb(0xd7, 0x5f, 0x00))
        #expect(HeatShading.shade(0.0001, theme: truecolor).style.bg == .rgb(0x1c, 0x35, 0x50))
        #expect(HeatShading.shade(0, theme: truecolor).style.bg == .reset)    // empty stays empty
        #expect(HeatShading.shade(.nan, theme: truecolor).style.bg == .reset)
        // Brighter backgrounds as the value grows, in every colour mode.
        for capability in [ColorCapability.truecolor, .color256] {
            let resolved = theme.resolve(capability)
            let lums = stride(from: 0.1, through: 1.0, by: 0.1).map { ColorConversion.luminance(HeatShading.shade($0, theme: resolved).style.bg)! }
            #expect(lums.first! < lums.last!)
        }
        // A mono theme shades without colour even on a truecolor terminal.
        let mono = try Theme.load(nameOrPath: "mono").resolve(.truecolor)
        #expect(HeatShading.shade(0.9, theme: mono).style == Style(modifiers: .bold))

        let sixteen = theme.resolve(.color16)
        #expect(HeatShading.shade(0.2, theme: sixteen).style.bg == .indexed(4))
        #expect(HeatShading.shade(0.8, theme: sixteen).style.bg == .indexed(1))
        #expect(HeatShading.shade(0.8, theme: sixteen).style.fg == .indexed(15))
    }
}
