import EvalCore
import Foundation
import ImageKit
import Testing
import TermUI
@testable import EvalTUI

/// Images drawn by a graphics protocol must never touch the last row: a sixel or kitty image
/// whose bottom reaches it makes the terminal scroll (the whole screen moves up one row), and
/// the status bar lives there. Every view that shows images (the details' preview, the grid of
/// thumbnails, the input overlay, the suspects view and its grid, each scrolled to its last
/// input) is rendered on the bundled digits example at several window sizes with every
/// protocol, and each placement is checked:
/// inside the screen, above the last row, and for sixel no taller in pixels than its cells.
@Suite struct ImagePlacementBoundsTests {
    static let sizes: [(Int, Int)] = [(60, 16), (80, 24), (133, 37), (200, 60)]
    /// Odd cell sizes: sixel bands (6 px) and kitty's whole cells round differently.
    static let cellPixels: [(Int, Int)] = [(9, 19), (7, 17)]
    /// What `evaltop` with no file opens: the digits with an 8 × 8 PNG each.
    static let session = Session(evaluation: try! EvaluationLoader.loadBundledExample(.digitsFlippedWithImages))

    /// The views with images, as key scripts from the concept table. `i` first where the
    /// preview starts hidden (below 100 columns) is added by `script(_:width:)`.
    enum View: String, CaseIterable {
        case detailsPreview = "<Enter>3<End>"
        case detailsGrid = "<Enter>3v<End>"
        case inputOverlay = "<Enter>3<Enter>"
        case suspectsPreview = "L"
        case suspectsGrid = "Lv<End>"

        func script(width: Int) -> String {
            guard width < 100 else { return rawValue }
            switch self {
            case .detailsPreview: return rawValue + "i"
            case .suspectsPreview: return rawValue + "i"
            default: return rawValue
            }
        }
    }

    /// One loader for every frame of a test: its cache keeps the digits decoded at each size
    /// drawn. Made per test, not static: a loader that lives until exit keeps a weak-reference
    /// side table that LeakSanitizer reports (scripts/sanitizers.sh).
    static func loader() -> ImageLoader {
        ImageLoader(options: .init(evaluationPath: session.evaluation!.sourcePath, fetch: false, cacheFolder: nil, synchronous: true))
    }

    /// A context drawing images with `graphics` (nil: half blocks in the cells).
    static func context(_ graphics: GraphicsProtocol?, cell: (Int, Int), loader: ImageLoader) throws -> (RenderContext, InputImages) {
        let images = InputImages(loader: loader, palette: .truecolor, graphics: graphics, cellPixels: cell)
        let context = RenderContext(theme: ResolvedTheme(theme: try Theme.load(nameOrPath: "default"), capability: .none, baseGlyphs: .unicode),
                                    images: images)
        return (context, images)
    }

    /// The state after `script` on the bundled example, with images on.
    static func state(_ view: View, width: Int, height: Int, loader: ImageLoader) throws -> AppState {
        let folder = NSTemporaryDirectory() + "placement-bounds-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let flags = FlagsRuntime(location: FlagJournalLocation(path: folder + "/flags.jsonl", reason: .explicit),
                                 evaluationPath: nil, context: FlagContext(user: "tester", evaluation: "digits.csv"),
                                 synchronous: true, refreshInterval: .infinity)
        let app = Replay.makeApp(state: AppState(fileName: "digits.csv", width: width, height: height, unicode: true),
                                 session: session, context: try context(nil, cell: (10, 20), loader: loader).0, flags: flags)
        var buffer = Buffer(width: width, height: height)
        app.render(into: &buffer)
        for key in try KeyScript.parse(view.script(width: width)) {
            app.handle(.key(key))
            _ = app.poll()
            buffer = Buffer(width: width, height: height)
            app.render(into: &buffer)
        }
        return app.state
    }

    /// The placements of one frame of `state` drawn with `graphics`.
    static func placements(_ state: AppState, graphics: GraphicsProtocol, cell: (Int, Int), loader: ImageLoader) throws -> [ImagePlacement] {
        let (context, images) = try context(graphics, cell: cell, loader: loader)
        var buffer = Buffer(width: state.width, height: state.height)
        _ = Screens.render(state, into: &buffer, context: context)
        return images.takePlacements()
    }

    @Test func noImageReachesTheLastRow() throws {
        var placed = 0
        let loader = Self.loader()
        for (width, height) in Self.sizes {
            for view in View.allCases {
                let state = try Self.state(view, width: width, height: height, loader: loader)
                // iTerm2's placements are kitty's (the same cells; only the bytes differ).
                for graphics in [GraphicsProtocol.kitty, .sixel, .truecolorBlocks] {
                    for cell in Self.cellPixels {
                        let placements = try Self.placements(state, graphics: graphics, cell: cell, loader: loader)
                        placed += placements.count
                        let label = "\(graphics) \(view) \(width)×\(height) cell \(cell)"
                        for placement in placements {
                            let area = placement.area
                            #expect(area.x >= 0 && area.y >= 1 && area.width > 0 && area.height > 0, "\(label): \(area)")
                            #expect(area.x + area.width <= width, "\(label): \(area) is wider than the screen")
                            #expect(area.y + area.height <= height - 1, "\(label): \(area) reaches the last row")
                            switch graphics {
                            case .sixel:
                                // Sixel draws pixels as they are: they must fit the cells, or
                                // the image spills into the row below.
                                #expect(placement.image.height <= area.height * cell.1, "\(label): \(placement.image.height) px in \(area.height) rows")
                                #expect(placement.image.width <= area.width * cell.0, "\(label)")
                            case .truecolorBlocks:
                                #expect((placement.image.height + 1) / 2 == area.height, "\(label)")
                            case .kitty, .iterm:
                                break
                            }
                        }
                        // The bytes the terminal gets move the cursor inside the placements
                        // only (encoding is the slow part in a debug build: one cell size).
                        if cell == Self.cellPixels[0] {
                            let bytes = GraphicsCanvas(kind: graphics).update(placements).after
                                + (graphics == .kitty ? GraphicsCanvas(kind: .iterm).update(placements).after : "")
                            for row in Self.cursorRows(bytes) {
                                #expect(row >= 2 && row <= height - 1, "\(label): cursor to row \(row) of \(height)")
                            }
                        }
                    }
                }
            }
        }
        // Not vacuous: images are placed in most views at every size.
        #expect(placed >= Self.sizes.count * View.allCases.count * 3 * Self.cellPixels.count)
    }

    /// The 1-based rows of every `ESC [ row ; column H` in `bytes`.
    static func cursorRows(_ bytes: String) -> [Int] {
        var rows: [Int] = []
        var rest = Substring(bytes)
        while let start = rest.range(of: "\u{1B}[") {
            rest = rest[start.upperBound...]
            let digits = rest.prefix { $0.isNumber }
            let after = rest.dropFirst(digits.count)
            if after.first == ";", let row = Int(digits) {
                let column = after.dropFirst().prefix { $0.isNumber }
                if after.dropFirst(1 + column.count).first == "H" { rows.append(row) }
            }
        }
        return rows
    }
}

/// The preview pane of a text input (JSON Lines `text`, Clarifai `input.data.text.raw`): the
/// text wrapped to the pane, control characters escaped, as in the input overlay.
@Suite struct TextPreviewPaneTests {
    @Test func theSelectedInputsTextIsWrappedAndEscapedInThePreview() throws {
        let long = "A long review that keeps going well past the width of the preview pane so that it has to wrap \u{1B}]0;pwned\u{07}\u{1B}[31mred"
        let evaluation = Evaluation(
            sourcePath: "reviews.jsonl", format: .jsonl, mode: .exclusive,
            concepts: ["pos", "neg"].map { Concept(id: $0, name: $0) }, inputIDs: ["r1", "r2"],
            scores: [0.9, 0.1, 0.2, 0.8], labelOffsets: [0, 1, 2], labelConcepts: [0, 1],
            texts: [long, "short\nsecond line"])
        let context = RenderContext(theme: ResolvedTheme(theme: try Theme.load(nameOrPath: "mono"), capability: .none, baseGlyphs: .unicode))
        let state = AppState(fileName: "reviews.jsonl", threshold: 0.5, width: 120, height: 30, unicode: true)
        // Enter: the details of "pos"; 3: its TP list, which holds r1. Text alone turns the
        // preview on (no images in this context).
        let screen = Replay.text(of: Replay.run(state: state, session: Session(evaluation: evaluation),
                                                keys: try KeyScript.parse("<Enter>3"), context: context))
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let title = try #require(lines.firstIndex { $0.contains("Preview r1") })
        // The pane is on the right of the list; the review starts under its title and wraps.
        let first = try #require(lines.firstIndex { $0.contains("A long review") })
        let last = try #require(lines.firstIndex { $0.contains("31mred") })
        #expect(first == title + 1 && last > first)
        #expect(lines[first].components(separatedBy: "│").count >= 3, "the text sits inside the pane's borders")
        let body = lines[first ... last].joined(separator: "\n")
        // Escaped: no ESC or BEL reaches the screen; the sequences are shown as text.
        #expect(!screen.contains("\u{1B}") && !screen.contains("\u{07}"))
        #expect(body.contains("\\x1b]0;pwned") || body.contains("\\e]0;pwned"))
    }
}
