import EvalCore
import Foundation
import TermUI
import Testing
@testable import EvalTUI

/// Issue 10, item 1: with 8 colours (TERM=xterm, TERM=linux, PuTTY) labels, borders, the
/// selected row, tabs and matrix cells were drawn black on black. Every view in every theme at
/// every palette size must draw no text in its own background colour, and no text whose
/// colour can vanish into the terminal's unknown default colours.
@Suite struct ContrastTests {
    /// Truecolor resolves like 256 colours apart from the downsampling, so 256 stands for both.
    static let capabilities: [ColorCapability] = [.color256, .color16, .color8, .none]

    /// Key scripts reaching every view (the golden views plus the analysis and flags views),
    /// on the exclusive and the multilabel example.
    static let views: [(name: String, keys: String)] = [
        ("start", ""), ("details", "<Enter>"), ("details-tp", "<Enter>3"), ("details-tn", "<Enter>4"),
        ("unfocused-table", "<Enter><S-Tab>"), ("pr-curve", "p"),
        ("matrix", "c"), ("matrix-confusion", "cv"), ("matrix-mean", "cvv"), ("matrix-cooccurrence", "cvvv"),
        ("matrix-cell", "cjl<Enter>"), ("help", "?"), ("input", "<Enter><Enter>"),
        ("threshold-prompt", "t0.3"), ("threshold-moved", "<Right>]]T"), ("filter", "/e<Enter>"),
        ("flags", "F"), ("suspects", "L"), ("picker", "<Enter>r"), ("strategy-menu", "m"),
    ]
    /// The views that need metadata (attributes, folds), on Examples/animals.csv.
    static let analysisViews: [(name: String, keys: String)] = [
        ("start", ""), ("diagnosis", "d"), ("slices", "bj"), ("slice-concepts", "bj<Enter>"),
        ("strategy-applied", "Mj<Enter>"), ("cost-prompt", "mjj<Enter>"),
    ]

    /// A description of every text cell that is unreadable, empty when all read.
    static func unreadableCells(_ buffer: Buffer) -> [String] {
        var problems: [String] = []
        for y in 0 ..< buffer.height {
            for x in 0 ..< buffer.width {
                let cell = buffer[x, y]
                guard !cell.symbol.isEmpty, cell.symbol != " " else { continue }
                let style = cell.style
                // The plain rule of the issue, checked on its own: never fg == bg.
                if style.fg == style.bg, style.fg != .reset {
                    problems.append("(\(x),\(y)) '\(cell.symbol)' fg == bg \(style.fg)")
                } else if !Contrast.isReadable(style) {
                    problems.append("(\(x),\(y)) '\(cell.symbol)' \(style.fg) on \(style.bg)")
                }
            }
        }
        return problems
    }

    /// The app after `keys`, replayed once in the default theme: the state a view is drawn from
    /// does not depend on the theme or the palette, so each view is replayed once and its state
    /// drawn at every theme and palette size (a replay per theme and palette took 16 s).
    static func replayed(session: Session, fileName: String, keys: String, width: Int, height: Int) throws -> App {
        let context = RenderContext(theme: Theme.default.resolve(.color256))
        let state = AppState(fileName: fileName, threshold: 0.5, width: width, height: height, unicode: true)
        return Replay.drive(state: state, session: session, keys: try KeyScript.parse(keys), context: context).app
    }

    static let runs: [(name: String, session: Session, views: [(name: String, keys: String)])] = {
        let bundled = try! EvaluationLoader.loadBundledExample()
        let multilabel = try! EvaluationLoader.load(path: FlagsHarness.examplePath("digits_ml.csv"))
        let animals = try! EvaluationLoader.load(path: FlagsHarness.examplePath("animals.csv"))
        return [("digits.csv", Session(evaluation: bundled), views), ("digits_ml.csv", Session(evaluation: multilabel), views),
                ("animals.csv", Session(evaluation: animals), analysisViews)]
    }()

    @Test(arguments: ["digits.csv", "digits_ml.csv", "animals.csv"])
    func everyViewReadsAtEveryPaletteSize(fileName: String) throws {
        let run = try #require(Self.runs.first { $0.name == fileName })
        let themes = try Theme.builtInNames.map { ($0, try Theme.load(nameOrPath: $0)) }
        var drawn = 0
        for view in run.views {
            let app = try Self.replayed(session: run.session, fileName: fileName, keys: view.keys, width: 100, height: 30)
            for (themeName, theme) in themes {
                for capability in Self.capabilities {
                    var buffer = Buffer(width: 100, height: 30)
                    app.render(into: &buffer, context: RenderContext(theme: theme.resolve(capability)))
                    drawn += 1
                    let problems = Self.unreadableCells(buffer)
                    #expect(problems.isEmpty,
                            "\(themeName) at \(capability), \(fileName), \(view.name): \(problems.count) unreadable cells, e.g. \(problems.prefix(3))")
                }
            }
        }
        #expect(drawn == run.views.count * Theme.builtInNames.count * Self.capabilities.count)
    }

    /// What the test above relies on: a replayed state drawn again in another theme and palette
    /// is the frame a replay in that theme and palette ends on.
    @Test func aStateDrawnAgainInAnotherThemeIsThatThemesReplay() throws {
        let run = Self.runs[0]
        for view in run.views where ["details", "matrix-cell", "help", "suspects"].contains(view.name) {
            let app = try Self.replayed(session: run.session, fileName: run.name, keys: view.keys, width: 100, height: 30)
            for (themeName, capability) in [("default", ColorCapability.color8), (Theme.builtInNames.last!, .color16)] {
                let context = RenderContext(theme: try Theme.load(nameOrPath: themeName).resolve(capability))
                var again = Buffer(width: 100, height: 30)
                app.render(into: &again, context: context)
                let state = AppState(fileName: run.name, threshold: 0.5, width: 100, height: 30, unicode: true)
                let replay = Replay.run(state: state, session: run.session, keys: try KeyScript.parse(view.keys), context: context)
                #expect(again == replay, "\(view.name) in \(themeName) at \(capability)")
            }
        }
    }

    /// Every role of every built-in theme resolves readable on its own (no highlight laid on
    /// top), so the last pass over the frame is a safety net, not what makes themes work.
    @Test(arguments: Theme.builtInNames)
    func everyRoleResolvesReadable(themeName: String) throws {
        let theme = try Theme.load(nameOrPath: themeName)
        for capability in Self.capabilities {
            let resolved = theme.resolve(capability)
            for role in ThemeRole.allCases {
                #expect(Contrast.isReadable(resolved[role]), "\(themeName) at \(capability): \(role) is \(resolved[role])")
            }
        }
    }

    /// What the issue saw on TERM=xterm: grey (bright black) labels and borders became colour
    /// 0 over the default background, and the 16-colour selection named colours 8–15.
    @Test func eightColoursNeverNameTheBrightHalfOrBlackOnDefault() throws {
        for name in Theme.builtInNames {
            let resolved = try Theme.load(nameOrPath: name).resolve(.color8)
            for role in ThemeRole.allCases {
                let style = resolved[role]
                for color in [style.fg, style.bg] {
                    if case .indexed(let i) = color { #expect(i < 8, "\(name): \(role) names colour \(i) with 8 colours") }
                }
                if style.bg == .reset { #expect(style.fg != .indexed(0), "\(name): \(role) is black on the default background") }
            }
        }
        let muted = Theme.default.resolve(.color8)[.muted]
        #expect(muted.fg == .reset && muted.modifiers.contains(.dim), "grey text stays muted as dim text: \(muted)")
    }

    @Test func capabilityIsCappedByTheTerminalsColours() {
        #expect(ColorCapability.color16.limited(toColors: 8) == .color8)
        #expect(ColorCapability.color16.limited(toColors: 0) == .none)
        #expect(ColorCapability.color256.limited(toColors: 256) == .color256)
        #expect(ColorCapability.truecolor.limited(toColors: 256) == .truecolor)
        #expect(ColorCapability.color256.limited(toColors: 16) == .color16)
    }

    /// The rule itself, on the pairs the issue names.
    @Test func contrastRule() {
        #expect(!Contrast.isReadable(Style(fg: .indexed(0), bg: .indexed(0))))
        #expect(!Contrast.isReadable(Style(fg: .indexed(0))), "black on the default background vanishes on a black terminal")
        #expect(!Contrast.isReadable(Style(fg: .indexed(15))), "white on the default background vanishes on a white terminal")
        #expect(!Contrast.isReadable(Style(bg: .indexed(0))), "the default foreground may be black")
        #expect(Contrast.isReadable(Style(fg: .indexed(2))))
        #expect(Contrast.isReadable(Style(fg: .indexed(15), bg: .indexed(4))))
        let fixed = Contrast.readable(Style(fg: .indexed(4), bg: .indexed(4)), capability: .color8)
        #expect(fixed == Style(fg: .indexed(7), bg: .indexed(4)))
        let grey = Contrast.readable(Style(fg: .indexed(244), bg: .indexed(244)), capability: .color256)
        #expect(Contrast.isReadable(grey) && grey.fg != grey.bg)
    }
}
