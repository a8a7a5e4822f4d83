import EvalCore
import Foundation
import ImageKit
import Testing
import TermUI
@testable import EvalTUI

/// The input overlay with images drawn in half blocks, from a known test image: a 16 × 16 PNG
/// whose left half is red and right half blue, with a white bottom quarter.
@Suite struct ImageOverlayTests {
    static func testImage() -> RGBAImage {
        var pixels: [UInt8] = []
        for y in 0 ..< 16 { for x in 0 ..< 16 {
            pixels += y >= 12 ? [255, 255, 255, 255] : (x < 8 ? [255, 0, 0, 255] : [0, 0, 255, 255])
        } }
        return RGBAImage(width: 16, height: 16, pixels: pixels)
    }

    /// A folder with `red-blue.png`, and a session whose first input points at `reference`.
    static func session(folder: String, reference: String) -> Session {
        let png = PNGEncoder.encode(testImage())
        FileManager.default.createFile(atPath: folder + "/red-blue.png", contents: Data(png))
        let evaluation = Evaluation(
            sourcePath: folder + "/eval.csv", format: .wide, mode: .exclusive,
            concepts: ["cat", "dog"].map { Concept(id: $0, name: $0) }, inputIDs: ["a", "b"],
            scores: [0.9, 0.1, 0.3, 0.7], labelOffsets: [0, 1, 2], labelConcepts: [0, 1],
            urls: [reference, ""])
        return Session(evaluation: evaluation)
    }

    static func render(_ session: Session, palette: HalfBlockEncoder.Palette, width: Int = 100, height: Int = 30) -> Buffer {
        let theme = try! Theme.load(nameOrPath: "mono")
        let loader = ImageLoader(options: .init(evaluationPath: session.evaluation!.sourcePath, fetch: false, cacheFolder: nil, synchronous: true))
        let context = RenderContext(theme: ResolvedTheme(theme: theme, capability: .none, baseGlyphs: .unicode),
                                    images: InputImages(loader: loader, palette: palette))
        var state = TestSessions.state(session, width: width, height: height)
        state.overlay = .input(index: 0, scroll: 0)
        var buffer = Buffer(width: width, height: height)
        _ = Screens.render(state, into: &buffer, context: context)
        return buffer
    }

    func folder() -> String {
        let path = NSTemporaryDirectory() + "overlay-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Every half-block cell as two letters (top, bottom): R red, B blue, W white, ? other.
    static func colourMap(_ buffer: Buffer) -> String {
        func letter(_ c: Color) -> String {
            switch c {
            case .rgb(255, 0, 0): return "R"
            case .rgb(0, 0, 255): return "B"
            case .rgb(255, 255, 255): return "W"
            default: return "?"
            }
        }
        var rows: [String] = []
        for y in 0 ..< buffer.height {
            var row = ""
            for x in 0 ..< buffer.width where buffer[x, y].symbol == "▀" {
                row += letter(buffer[x, y].style.fg) + letter(buffer[x, y].style.bg) + " "
            }
            if !row.isEmpty { rows.append(row.trimmingCharacters(in: .whitespaces)) }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    @Test func halfBlockCellsCarryTheImagesColours() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let buffer = Self.render(Self.session(folder: dir, reference: "red-blue.png"), palette: .truecolor)
        let map = Self.colourMap(buffer)
        // The image is scaled up to the pane; the left half of every row is red over red, the
        // right half blue, the bottom quarter white: check the shape, then the exact cells.
        let rows = map.split(separator: "\n")
        #expect(rows.count >= 8)
        #expect(rows.first!.hasPrefix("RR") && rows.first!.hasSuffix("BB"))
        // 16 px fitted in 39 × 40 is 39 × 39: the odd last pixel row sits on the background.
        #expect(rows.last!.split(separator: " ").allSatisfy { $0 == "W?" })
        #expect(rows.dropLast().last!.split(separator: " ").allSatisfy { $0 == "WW" })
        try Golden.check(map, named: "image-overlay-100x30-halfblock-colours")
        // The scores still show beside the image.
        #expect(buffer.lines().contains { $0.contains("● cat 0.9000") })
    }

    @Test func monoScreenWithTheImageInShades() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let buffer = Self.render(Self.session(folder: dir, reference: "red-blue.png"), palette: .mono(ascii: false))
        try Golden.check(Replay.text(of: buffer), named: "image-overlay-100x30-mono")
    }

    @Test func aMissingImageSaysSoInThePane() {
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let buffer = Self.render(Self.session(folder: dir, reference: "img/x.png"), palette: .truecolor)
        #expect(buffer.lines().contains { $0.contains("image not found: img/x.png") })
        // A narrow screen puts the image above the scores and still says it.
        let narrow = Self.render(Self.session(folder: dir, reference: "img/x.png"), palette: .truecolor, width: 60, height: 30)
        #expect(narrow.lines().contains { $0.contains("image not found: img/x.png") })
        #expect(narrow.lines().contains { $0.contains("● cat 0.9000") })
    }

    @Test func withoutImagesTheOverlayIsUnchanged() {
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Self.session(folder: dir, reference: "red-blue.png")
        let theme = try! Theme.load(nameOrPath: "mono")
        let context = RenderContext(theme: ResolvedTheme(theme: theme, capability: .none, baseGlyphs: .unicode))
        var state = TestSessions.state(session, width: 100, height: 30)
        state.overlay = .input(index: 0, scroll: 0)
        var buffer = Buffer(width: 100, height: 30)
        _ = Screens.render(state, into: &buffer, context: context)
        #expect(!buffer.lines().joined().contains("▀"))
        #expect(buffer.lines().contains { $0.contains("url     red-blue.png") })
    }
}

@Suite struct TextInputOverlayTests {
    @Test func theTextIsWrappedAndItsControlCharactersEscaped() {
        let text = "A long review that keeps going well past the width of the popup so that it has to wrap \u{1B}[31mred\nSecond paragraph"
        let evaluation = Evaluation(
            sourcePath: "reviews.jsonl", format: .jsonl, mode: .exclusive,
            concepts: ["pos", "neg"].map { Concept(id: $0, name: $0) }, inputIDs: ["r1"],
            scores: [0.9, 0.1], labelOffsets: [0, 1], labelConcepts: [0], texts: [text])
        let theme = try! Theme.load(nameOrPath: "mono")
        let context = RenderContext(theme: ResolvedTheme(theme: theme, capability: .none, baseGlyphs: .unicode))
        var state = TestSessions.state(Session(evaluation: evaluation), width: 80, height: 24)
        state.overlay = .input(index: 0, scroll: 0)
        var buffer = Buffer(width: 80, height: 24)
        _ = Screens.render(state, into: &buffer, context: context)
        let lines = buffer.lines()
        let start = lines.firstIndex { $0.contains("text    A long review") }
        #expect(start != nil)
        let screen = lines.joined(separator: "\n")
        #expect(screen.contains("\\x1b[31mred") || screen.contains("\\e[31mred"))
        #expect(!screen.contains("\u{1B}"))
        #expect(lines.contains { $0.contains("        Second paragraph") })
        // Wrapped: the first paragraph takes more than one row.
        if let start { #expect(lines[start + 1].contains("        ")) }
    }
}

@Suite struct PreviewPaneTests {
    func screen(_ keys: String, width: Int, images: Bool = true) throws -> [String] {
        let dir = NSTemporaryDirectory() + "preview-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = ImageOverlayTests.session(folder: dir, reference: "red-blue.png")
        let theme = try Theme.load(nameOrPath: "mono")
        let loader = ImageLoader(options: .init(evaluationPath: session.evaluation!.sourcePath, fetch: false, cacheFolder: nil, synchronous: true))
        let context = RenderContext(theme: ResolvedTheme(theme: theme, capability: .none, baseGlyphs: .unicode),
                                    images: images ? InputImages(loader: loader, palette: .mono(ascii: false)) : nil)
        let state = AppState(fileName: "eval.csv", threshold: 0.5, width: width, height: 40, unicode: true)
        return Replay.text(of: Replay.run(state: state, session: session, keys: try KeyScript.parse(keys), context: context))
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func theDetailsGetAPreviewOfTheSelectedInputThatIToggles() throws {
        // Enter opens the details of "cat"; its TP tab (3) holds input a, which has the image.
        let shown = try screen("<Enter>3", width: 120)
        #expect(shown.contains { $0.contains("Preview a") })
        #expect(shown.contains { $0.contains("░░░░") })
        let hidden = try screen("<Enter>3i", width: 120)
        #expect(!hidden.contains { $0.contains("Preview") })
        // Narrower than 100 columns it starts hidden, and i shows it.
        #expect(!(try screen("<Enter>3", width: 90)).contains { $0.contains("Preview") })
        #expect(try screen("<Enter>3i", width: 90).contains { $0.contains("Preview a") })
        // Without images and without text there is nothing to preview.
        #expect(!(try screen("<Enter>3", width: 120, images: false)).contains { $0.contains("Preview") })
    }

    @Test func iIsInTheRegistryForTheListsOfInputs() {
        for context in [KeyContext.details, .flags, .suspects] {
            #expect(KeyBindings.all.contains { $0.context == context && $0.keys == [.char("i")] && $0.action == .togglePreview })
        }
    }
}

@Suite struct GridViewTests {
    @Test func vShowsTheDetailsAsThumbnailsWithIdAndScore() throws {
        let dir = NSTemporaryDirectory() + "grid-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = ImageOverlayTests.session(folder: dir, reference: "red-blue.png")
        let theme = try Theme.load(nameOrPath: "mono")
        let loader = ImageLoader(options: .init(evaluationPath: session.evaluation!.sourcePath, fetch: false, cacheFolder: nil, synchronous: true))
        let context = RenderContext(theme: ResolvedTheme(theme: theme, capability: .none, baseGlyphs: .unicode),
                                    images: InputImages(loader: loader, palette: .mono(ascii: false)))
        let state = AppState(fileName: "eval.csv", threshold: 0.5, width: 120, height: 40, unicode: true)
        let lines = Replay.text(of: Replay.run(state: state, session: session, keys: try KeyScript.parse("<Enter>3v"), context: context))
            .split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("TP of cat, grid") })
        #expect(lines.contains { $0.contains("░░░░░░░░") })
        #expect(lines.contains { $0.hasPrefix("│a ") })
        #expect(lines.contains { $0.contains("  0.9000") })
        // v again: back to the list (its column header), and the preview beside it.
        let list = Replay.text(of: Replay.run(state: state, session: session, keys: try KeyScript.parse("<Enter>3vv"), context: context))
        #expect(list.contains("Preview a") && !list.contains(", grid"))
    }

    @Test func arrowsMoveByATileAndByARow() {
        var state = AppState(fileName: "x", threshold: 0.5, width: 120, height: 40, unicode: true)
        state.grid = true
        state.screen = .suspects
        #expect(KeyBindings.activeContexts(state) == [.grid, .suspects, .global])
        #expect(KeyBindings.action(for: .down, in: state) == .gridMove(dx: 0, dy: 1))
        #expect(KeyBindings.action(for: .right, in: state) == .gridMove(dx: 1, dy: 0))
        // Enter, f, r and n fall through to the list's bindings: they act on the selected tile.
        #expect(KeyBindings.action(for: .enter, in: state) == .flags(.openInput))
        #expect(KeyBindings.action(for: .char("f"), in: state) == .flags(.toggle))
        #expect(GridLayout.columns(width: 120) == 6 && GridLayout.columns(width: 10) == 1)
    }
}

/// Images whose size could not be read from their files (the header reader runs in the
/// background load) are said in the status bar once the screen is up, and kept in the log.
@Suite struct ImageSizeNoteTests {
    @Test func unreadableImagesAreSaidOnceTheScreenIsUp() throws {
        let dir = NSTemporaryDirectory() + "sizes-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Input a's image is a readable PNG, b's is missing.
        let loaded = ImageOverlayTests.session(folder: dir, reference: "red-blue.png").evaluation!
        let evaluation = Evaluation(
            sourcePath: loaded.sourcePath, format: .wide, mode: .exclusive, concepts: loaded.concepts, inputIDs: loaded.inputIDs,
            scores: [0.9, 0.1, 0.3, 0.7], labelOffsets: [0, 1, 2], labelConcepts: [0, 1], urls: ["red-blue.png", "img/missing.png"])
        let outcome = ImageSizeReader.fill(evaluation)
        #expect(outcome.read == 1 && outcome.unreadable == 1)
        let note = try #require(outcome.summary)
        let session = Session(evaluation: outcome.evaluation, loadNote: note)
        let context = RenderContext(theme: ResolvedTheme(theme: try Theme.load(nameOrPath: "mono"), capability: .none, baseGlyphs: .unicode))
        let app = Replay.makeApp(state: AppState(fileName: "eval.csv", width: 120, height: 30, unicode: true), session: session, context: context)
        _ = app.poll()
        #expect(app.state.status?.text == note && app.state.status?.kind == .warning)
        #expect(note.contains("1 unreadable (image not found: img/missing.png)"))
        #expect(app.state.messageLog.contains { $0.text == note })
    }
}

