import ArgumentParser
import CTermGuard
import EvalCore
import EvalTUI
import Foundation
import ImageKit
import TermUI

/// `evaltop [FILE]`: the terminal UI (the bundled example when no file is given), or with
/// `--replay`, the same UI driven headless by a key script.
struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open an evaluation in the terminal UI (the default command).")

    @Argument(help: "The evaluation file (wide CSV/TSV, long CSV, JSON Lines or Clarifai JSON). Without one, the bundled example opens.")
    var file: String?

    @Argument(help: "A second evaluation of the same inputs: compare it (B) with the first (A). Flags then go to B's journal.")
    var fileB: String?

    @OptionGroup var load: LoadArguments

    @Option(name: .customLong("threshold"), help: "The starting threshold, from 0 to 1; `=` returns to it.")
    var thresholdText: String = "0.5"

    var threshold: Double { (try? NumericOption.threshold(thresholdText)) ?? 0.5 }

    @Option(help: "Theme name (default, light, high-contrast, mono) or a theme file. Also EVALTOP_THEME.")
    var theme: String?

    @Option(help: "Colour: auto, always or never (NO_COLOR is honoured).")
    var color: ColorCapability.Option = .auto

    @Flag(help: "Draw with ASCII only (no braille or box drawing).")
    var ascii = false

    @Flag(name: .customLong("no-mouse"), help: "Leave the mouse to the terminal, so text selection keeps working over SSH.")
    var noMouse = false

    @Option(name: .customLong("flags"), help: "The flags journal (default: <FILE>.flags.jsonl beside the evaluation, or the state directory when that folder is not writable).")
    var flagsPath: String?

    @Option(help: "Start with these per-concept thresholds ({\"dog\": 0.62, …}, as `e` or `evaltop thresholds --output` writes); other concepts use --threshold.")
    var thresholds: String?

    @Option(help: "Inputs' images: auto (asks the terminal), kitty, sixel, iterm, blocks (half blocks, in every terminal) or off. NO_COLOR turns them off.")
    var images: InputImages.Mode = .auto

    @Option(help: "The folder relative image paths resolve against (default: the evaluation file's folder).")
    var imageRoot: String?

    @Flag(help: "Don't fetch http(s) images.")
    var noFetch = false

    @Flag(help: "Don't read image sizes from the image files when the evaluation has none.")
    var noImageSizes = false

    @Option(help: "Headless: read keys from this file (one per character, <Enter>, <Esc>, <Left>, <Tab>, <F1> …).")
    var replay: String?

    @Option(help: "Headless screen size, WIDTHxHEIGHT.")
    var size: String = "100x30"

    @Option(name: .customLong("dump-screen"), help: "Headless: write the final screen as text here (- for stdout).")
    var dumpScreen: String?

    @Option(name: .customLong("replay-timings"),
            help: ArgumentHelp("Headless benchmark: write each key's time to its finished frame and the main thread's CPU time in it (µs, one key a line) here.", visibility: .hidden))
    var replayTimings: String?

    @Flag(name: .customLong("replay-live"),
          help: ArgumentHelp("Headless benchmark: run background work as the terminal UI does (not inline), keys back to back from the first frame.", visibility: .hidden))
    var replayLive = false

    @Flag(name: .customLong("crash-test"),
          help: ArgumentHelp("Testing: crash on purpose (a Swift trap) after the first frame, to check that the terminal is restored.",
                             visibility: .hidden))
    var crashTest = false

    func validate() throws {
        _ = try NumericOption.threshold(thresholdText)
        if replay == nil, dumpScreen != nil { throw ValidationError("--dump-screen needs --replay") }
        if replay == nil, replayTimings != nil { throw ValidationError("--replay-timings needs --replay") }
        if replay != nil, Size(size) == nil { throw ValidationError("--size must look like 100x30") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let resolvedTheme: Theme
        do {
            resolvedTheme = try Theme.load(nameOrPath: theme ?? environment["EVALTOP_THEME"] ?? "default")
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        // The locale decides whether UTF-8 glyphs (braille, box drawing) may be drawn.
        let codeset = setlocale(LC_ALL, "") == nil ? nil : String(cString: nl_langinfo(nl_item(CODESET)))
        let glyphs = GlyphSet.choose(codeset: codeset, forceASCII: ascii)
        var fileName = file.map { ($0 as NSString).lastPathComponent } ?? EvaluationLoader.BundledExample.noFileDefault.displayName
        if let fileB { fileName += " → " + (fileB as NSString).lastPathComponent }
        if let thresholds {
            // What can be checked without the evaluation fails here, before the UI starts.
            do { try ThresholdsImport.check(path: thresholds) } catch {
                printError(error.description)
                throw ExitCode(1)
            }
        }

        if let replay {
            try runReplay(keysPath: replay, theme: resolvedTheme, glyphs: glyphs, fileName: fileName)
            return
        }
        // A missing file or a folder is said plainly, before the screen is taken over.
        for file in [file, fileB].compactMap({ $0 }) {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) {
                printError("\(file): no such file")
                throw ExitCode(1)
            }
            if isDirectory.boolValue {
                printError("\(file): is a directory; give the path of an evaluation file (.csv, .tsv, .jsonl or .json)")
                throw ExitCode(1)
            }
        }
        guard isatty(STDOUT_FILENO) != 0, isatty(STDIN_FILENO) != 0 else {
            printError("evaltop's UI needs a terminal; use `evaltop report FILE` for text output, or --replay for a headless run")
            throw ExitCode(1)
        }
        let detected = ColorCapability.detect(environment: environment, colorOption: color)
        // Asked before ncurses takes the screen, so that the replies never reach the keys; the
        // guard is armed first, so that a signal meanwhile restores the terminal's settings.
        let probe: TerminalProbe.Outcome
        if images == .off || detected == .none {
            probe = TerminalProbe.Outcome()
        } else {
            termguard_install(STDOUT_FILENO)
            probe = TerminalProbe.detect(mode: images, environment: environment)
        }
        let backend = NcursesBackend(mouse: !noMouse, useColor: detected != .none)
        // The terminal's own count of colours (8 for TERM=xterm and linux, none for vt100)
        // caps what TERM suggested, so no role names a colour the terminal lacks.
        let capability = detected.limited(toColors: backend.colorCount)
        let context = RenderContext(theme: ResolvedTheme(theme: resolvedTheme, capability: capability, baseGlyphs: glyphs),
                                    images: inputImages(capability: capability, colors: backend.colorCount, ascii: glyphs.plot == .ascii,
                                                        synchronous: false, environment: environment, probe: probe))
        let canvas = context.images?.graphics.map { GraphicsCanvas(kind: $0, passthrough: probe.passthrough) }
        let path = file
        let pathB = fileB
        let options = load.options
        let readSizes = !noImageSizes, root = imageRoot
        let job = LoadJob { progress in
            // Two summaries, or a summary and a file: pROC's unpaired test, concept by concept.
            if let path, let pathB, SummaryFormat.isSummary(path: path) || SummaryFormat.isSummary(path: pathB) {
                return Session(summaryComparison: try CompareCommand.summaryComparison(path, pathB, options: options, progressA: progress))
            }
            if let path, let pathB {
                let (a, b) = try CompareCommand.loadBoth(path, pathB, options: options, progressA: progress)
                try Task.checkCancellation()
                return Session(comparison: try Comparison.compare(a, b))
            }
            // A summary (issue 13): every number from its tables, through the same loading screen.
            if let path, SummaryFormat.isSummary(path: path) {
                return Session(summary: try SummaryReader.read(path: path, progress: progress))
            }
            var evaluation = try path.map { try EvaluationLoader.load(path: $0, options: options, progress: progress) }
                ?? EvaluationLoader.loadBundledExample(.noFileDefault, options: options)
            try Task.checkCancellation()
            // Image sizes from the headers, still in the background (small_images needs them).
            // Unreadable images are said once the screen is up, never fatal.
            var note: String?
            if readSizes, ImageSizeReader.isNeeded(evaluation) {
                let outcome = ImageSizeReader.fill(evaluation, imageRoot: root)
                evaluation = outcome.evaluation
                if outcome.unreadable > 0 { note = outcome.summary }
                try Task.checkCancellation()
            }
            return Session(evaluation: evaluation, loadNote: note)
        }
        var state = AppState(fileName: fileName, threshold: threshold, width: backend.width, height: backend.height,
                             unicode: !context.ascii, comparing: fileB != nil)
        state.analysis.startThresholdsFile = thresholds
        state.analysis.exportPath = exportPath
        let app = App(state: state, job: job, renderContext: context, flags: flagsRuntime(synchronous: false))
        EventLoop.run(app: app, backend: backend, canvas: canvas, crashAfterFirstFrame: crashTest)
        backend.shutdown()
        // The terminal is restored before any message is printed.
        if case .failed(let message) = app.state.phase {
            printError(message)
            throw ExitCode(1)
        }
    }

    private func runReplay(keysPath: String, theme: Theme, glyphs: GlyphSet, fileName: String) throws {
        let script: String
        do {
            // read(2) underneath, so that pipes (`--replay <(printf …)`) work as well as files.
            script = String(decoding: try SmallFile.read(path: keysPath, what: "a key script"), as: UTF8.self)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        let keys: [Key]
        do { keys = try KeyScript.parse(script) } catch {
            printError("\(keysPath): \(error)")
            throw ExitCode(1)
        }
        var session: Session
        do {
            if let file, let fileB, involvesSummary {
                session = Session(summaryComparison: try CompareCommand.summaryComparison(file, fileB, options: load.options))
            } else if let file, SummaryFormat.isSummary(path: file) {
                session = Session(summary: try SummaryReader.read(path: file))
            } else if let file, let fileB {
                let (a, b) = try CompareCommand.loadBoth(file, fileB, options: load.options)
                session = Session(comparison: try Comparison.compare(a, b))
            } else {
                session = Session(evaluation: try file.map { try EvaluationLoader.load(path: $0, options: load.options) }
                    ?? EvaluationLoader.loadBundledExample(.noFileDefault, options: load.options))
            }
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        if fileB == nil, !noImageSizes, let evaluation = session.evaluation, ImageSizeReader.isNeeded(evaluation) {
            session = Session(evaluation: ImageSizeReader.fill(evaluation, imageRoot: imageRoot).evaluation)
        }
        let dimensions = Size(size)!
        // Headless screens are deterministic: colour never matters for the text dump, and
        // images (only with an explicit --images blocks) are decoded before each frame.
        let context = RenderContext(theme: ResolvedTheme(theme: theme, capability: .none, baseGlyphs: glyphs),
                                    images: images == .blocks
                                        ? inputImages(capability: .none, colors: 0, ascii: glyphs.plot == .ascii, synchronous: true, environment: [:])
                                        : nil)
        var state = AppState(fileName: fileName, threshold: threshold, width: dimensions.width, height: dimensions.height,
                             unicode: !context.ascii, comparing: fileB != nil)
        state.analysis.exportPath = exportPath
        if let thresholds {
            do { state = try ThresholdsImport.apply(path: thresholds, to: state, concepts: session.concepts) } catch {
                printError(error.description)
                throw ExitCode(1)
            }
        }
        // One line per key: microseconds from the key to its finished frame, then the main
        // thread's CPU microseconds in that time.
        var micros: [(wall: Int64, cpu: Int64)] = []
        micros.reserveCapacity(keys.count)
        let toMicros = { (d: Duration) in d.components.seconds * 1_000_000 + d.components.attoseconds / 1_000_000_000_000 }
        let screen = Replay.run(state: state, session: session, keys: keys, context: context,
                                flags: flagsRuntime(synchronous: !replayLive),
                                analysis: AnalysisRuntime(synchronous: !replayLive),
                                timing: replayTimings == nil ? nil : { _, elapsed, cpu in
                                    micros.append((toMicros(elapsed), toMicros(cpu)))
                                }, live: replayLive)
        if let replayTimings {
            let lines = micros.map { "\($0.wall) \($0.cpu)" }.joined(separator: "\n") + "\n"
            do { try OutputFile.write(Array(lines.utf8), to: replayTimings) } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
        }
        let text = Replay.text(of: screen)
        if let dumpScreen, dumpScreen != "-" {
            do { try OutputFile.write(Array(text.utf8), to: dumpScreen) } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
        } else {
            TerminalOutput.write(text)
        }
    }
}

extension OpenCommand {
    /// The image support for this run, or nil when images are off (`--images off`, or colour
    /// turned off by NO_COLOR / --color never, whose users asked for a plain screen).
    func inputImages(capability: ColorCapability, colors: Int, ascii: Bool, synchronous: Bool,
                     environment: [String: String], probe: TerminalProbe.Outcome = .init()) -> InputImages? {
        if images == .off { return nil }
        if !synchronous, capability == .none { return nil }
        let options = ImageLoader.Options(
            evaluationPath: file ?? EvaluationLoader.bundledExamplePath(.noFileDefault), imageRoot: imageRoot, fetch: !noFetch && !synchronous,
            cacheFolder: ImageFetcher.defaultCacheFolder(environment: synchronous ? ProcessInfo.processInfo.environment : environment),
            synchronous: synchronous)
        return InputImages(loader: ImageLoader(options: options),
                           palette: HalfBlockEncoder.Palette.from(capability, colors: colors, ascii: ascii),
                           graphics: probe.graphics ?? (capability == .truecolor && !synchronous ? .truecolorBlocks : nil),
                           cellPixels: probe.cellPixels)
    }

    /// Whether a file opened is an evaltop summary; with two files, the comparison is then of
    /// summaries (`evaltop A.evalsum B.evalsum`).
    var involvesSummary: Bool { [file, fileB].contains { $0.map(SummaryFormat.isSummary(path:)) == true } }

    /// Whether the one file opened is an evaltop summary (its rows flag into its source's journal).
    var opensSummary: Bool { fileB == nil && file.map(SummaryFormat.isSummary(path:)) == true }

    /// Where `e` proposes to write the thresholds: beside the evaluation, or in the current
    /// folder for the bundled example.
    var exportPath: String {
        (fileB ?? file).map { ($0 as NSString).deletingPathExtension + ".thresholds.json" } ?? "digits.thresholds.json"
    }

    /// The flags journal for this run: `--flags PATH`, else beside the evaluation (or the state
    /// directory); for the bundled example, its journal in the state directory (none in headless
    /// replays, whose screens must not depend on what a person flagged before).
    func flagsRuntime(synchronous: Bool) -> FlagsRuntime {
        // A summary flags the rows it holds into the journal of the file it summarises (the
        // journal is keyed by input id, so `evaltop SOURCE` and `flags SOURCE --apply` see them);
        // nothing is hashed (the summary is not the file the events are about).
        if opensSummary {
            guard let summary = file, let source = SummaryFormat.source(path: summary) else {
                return FlagsRuntime.disabled(synchronous: synchronous)
            }
            return FlagsRuntime(location: FlagJournalLocation.resolve(evaluationPath: source, explicitPath: flagsPath), evaluationPath: nil,
                                context: FlagContext.current(evaluationPath: source), synchronous: synchronous,
                                refreshInterval: synchronous ? .infinity : 2)
        }
        // A comparison that involves a summary lists no inputs (its drill-down is B's summary
        // rows at most, and a pair's flags belong to B's file): no journal.
        if involvesSummary { return FlagsRuntime.disabled(synchronous: synchronous) }
        // When comparing, the flags are B's: the newer evaluation is the one being reviewed.
        let file = fileB ?? file
        let bundled = synchronous ? nil : EvaluationLoader.bundledExamplePath(.noFileDefault).map {
            FlagJournalLocation.bundledExample(named: ($0 as NSString).lastPathComponent)
        }
        let location: FlagJournalLocation? = file.map { FlagJournalLocation.resolve(evaluationPath: $0, explicitPath: flagsPath) }
            ?? flagsPath.map { FlagJournalLocation(path: $0, reason: .explicit) } ?? bundled
        let context = FlagContext.current(evaluationPath: file ?? EvaluationLoader.bundledExamplePath(.noFileDefault).map { ($0 as NSString).lastPathComponent } ?? "digits.csv")
        // Headless replays never refresh on a timer, so that their screens are deterministic.
        return FlagsRuntime(location: location, evaluationPath: file ?? (bundled == nil ? nil : EvaluationLoader.bundledExamplePath(.noFileDefault)), context: context,
                            synchronous: synchronous, refreshInterval: synchronous ? .infinity : 2)
    }
}

/// WIDTHxHEIGHT.
struct Size {
    let width: Int
    let height: Int

    init?(_ text: String) {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), w > 0, h > 0, w <= 1000, h <= 1000 else { return nil }
        width = w
        height = h
    }
}

extension ColorCapability.Option: ExpressibleByArgument {}
extension InputImages.Mode: ExpressibleByArgument {}

func printError(_ message: String) {
    TerminalOutput.writeError("error: " + message + "\n")
}
