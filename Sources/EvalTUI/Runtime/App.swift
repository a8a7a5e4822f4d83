import EvalCore
import Foundation
import TermUI

/// The application as the event loop sees it: events in, frames out. Owns the state value,
/// the background load and the last frame's hit map (for mouse clicks).
public final class App {
    public private(set) var state: AppState
    private let job: LoadJob
    private var hits = HitMap()
    public let renderContext: RenderContext
    private var pendingEffects: [Effect] = []
    /// The flags journal and background work for flags and suspects.
    public let flagsRuntime: FlagsRuntime
    private var preparedConcept: Int?
    /// When comparing: the concept and threshold whose change lists were last asked for.
    private var preparedChanges: (concept: Int, threshold: Double)?
    private var lastLoadingFrame = Date.distantPast
    /// Clears the status line once its message is stale (it stays in the `!` log).
    private var statusExpiry = StatusExpiry()
    /// The concept whose details wait for their index (see `awaitingSelection`).
    private var waitingFor: Int?
    /// The image loader's generation at the last frame: a change means an image finished.
    private var imageGeneration = 0
    /// `Session.backgroundCompletions` at the last poll: a change means new matrix values or
    /// cell inputs to draw.
    private var seenCompletions = 0
    /// The diagnosis and slices in the background, and the thresholds export.
    public let analysisRuntime: AnalysisRuntime

    public init(state: AppState, job: LoadJob, renderContext: RenderContext, flags: FlagsRuntime? = nil,
                analysis: AnalysisRuntime? = nil) {
        self.state = state
        self.job = job
        self.renderContext = renderContext
        self.flagsRuntime = flags ?? .disabled()
        self.analysisRuntime = analysis ?? AnalysisRuntime()
        _ = poll()
        prepareSelectedConcept()
    }

    public var shouldQuit: Bool { state.quitRequested }

    /// Effects produced since the last call (clipboard writes, …), for the runtime.
    public func takeEffects() -> [Effect] {
        defer { pendingEffects = [] }
        return pendingEffects
    }

    /// Picks up the background load's progress or result, finished flag work (hash, suspects)
    /// and, every couple of seconds, other reviewers' flags. Returns true when the screen
    /// should be redrawn.
    public func poll(now: Date = Date()) -> Bool {
        var redraw = pollLoad()
        if statusExpiry.expire(&state, now: now) { redraw = true }
        if awaitingSelection() { redraw = true }
        if let images = renderContext.images {
            let generation = images.loader.generation
            if generation != imageGeneration {
                imageGeneration = generation
                redraw = true
            }
        }
        if let session = state.session, session.backgroundCompletions != seenCompletions {
            seenCompletions = session.backgroundCompletions
            apply(.resize(width: state.width, height: state.height))  // re-clamps the selections and offsets
            redraw = true
        }
        if state.phase == .ready {
            for action in flagsRuntime.poll(now: Date(), flags: state.flags) {
                apply(action)
                redraw = true
            }
            for action in analysisRuntime.sync(state: state) {
                apply(action)
                redraw = true
            }
        }
        return redraw
    }

    private func pollLoad() -> Bool {
        guard case .loading(let shown) = state.phase else { return false }
        if let outcome = job.takeOutcome() {
            switch outcome {
            case .loaded(let session):
                state.session = session
                if let path = state.analysis.startThresholdsFile {
                    // `--thresholds FILE`: the names are checked now that the concepts are known.
                    do {
                        state = try ThresholdsImport.apply(path: path, to: state, concepts: session.concepts)
                    } catch {
                        state.phase = .failed(error.description)
                        return true
                    }
                }
                state.phase = .ready
                // Before the flags start, whose journal messages matter more; the log keeps both.
                if let note = session.loadNote { state.status = StatusMessage(TerminalText.safe(note), kind: .warning) }
                for action in flagsRuntime.start(session: session) { apply(action) }
                prepareSelectedConcept()
                for action in analysisRuntime.start(session: session) { apply(action) }
            case .failed(let message):
                state.phase = .failed(message)
            case .cancelled:
                state.quitRequested = true
            }
            return true
        }
        let latest = job.latestProgress
        if latest != shown {
            state.phase = .loading(latest)
            return true
        }
        // The loading screen shows the elapsed time: redraw it a few times a second even when
        // the loader has nothing new to say (counting rows, computing the metrics).
        let now = Date()
        if now.timeIntervalSince(lastLoadingFrame) >= 0.25 {
            lastLoadingFrame = now
            return true
        }
        return false
    }

    /// Feeds one event. Returns true when the screen should be redrawn.
    @discardableResult
    public func handle(_ event: InputEvent) -> Bool {
        switch event {
        case .resize(let w, let h):
            apply(.resize(width: w, height: h))
            return true
        case .key(let key):
            if case .loading = state.phase {
                // While loading, only leaving is possible: Esc or q cancel, Ctrl-C quits.
                if key == .escape || key == .char("q") || key == .ctrl("c") {
                    job.cancel()
                    state.quitRequested = true
                }
                return true
            }
            if case .failed = state.phase {
                state.quitRequested = true
                return true
            }
            guard let action = KeyBindings.action(for: key, in: state) else { return false }
            apply(action)
            return true
        case .mouse(let mouse):
            guard state.phase == .ready, let action = mouseAction(mouse) else { return false }
            apply(action)
            return true
        case .paste(let text):
            return paste(text)
        }
    }

    /// Pasted text goes into an open prompt character by character (line breaks and other
    /// control characters dropped, so a paste never submits); anywhere else it is ignored
    /// rather than run as a string of commands.
    private func paste(_ text: String) -> Bool {
        guard state.phase == .ready else { return false }
        guard case .prompt = state.overlay else {
            state.status = StatusMessage("paste ignored: paste into a prompt (/ filter, t threshold, n note)", kind: .warning)
            return true
        }
        for character in text where !character.unicodeScalars.contains(where: TerminalSafe.needsEscape) {
            guard case .prompt = state.overlay else { break }
            apply(.promptKey(.char(character)))
        }
        return true
    }

    /// Reduces `action`. Flag effects (journal I/O, background work) are carried out here,
    /// and their outcomes reduced in turn; the rest go to the event loop (`takeEffects`).
    public func apply(_ action: Action) {
        var queue = [action]
        while !queue.isEmpty {
            for effect in state.reduce(queue.removeFirst()) {
                switch effect {
                case .flags(let flagsEffect):
                    queue += flagsRuntime.perform(flagsEffect, flags: state.flags)
                case .analysis(let analysisEffect):
                    queue += analysisRuntime.perform(analysisEffect)
                case .copyToClipboard:
                    pendingEffects.append(effect)
                }
            }
            // A change of thresholds (or suspects) starts a new diagnosis in the background.
            if queue.isEmpty, state.phase == .ready { queue += analysisRuntime.sync(state: state) }
        }
        prepareSelectedConcept()
    }

    /// True once when the details' concept index, still being built at the last poll, is ready:
    /// the details pane then fills in (and its selection is clamped to the real rows).
    private func awaitingSelection() -> Bool {
        guard let session = state.session, case .concept(let c)? = state.details?.source else { waitingFor = nil; return false }
        let ready = session.readySelection(for: c) != nil
        defer { waitingFor = ready ? nil : c }
        guard ready, waitingFor == c else { return false }
        apply(.resize(width: state.width, height: state.height))  // re-clamps the selections
        return true
    }

    /// Warms the drill-down lists of the concept the table points at, so that Enter is instant:
    /// its selection index, or when comparing its Broken / Fixed / Still wrong lists at its
    /// threshold (what Enter opens there).
    private func prepareSelectedConcept() {
        guard let session = state.session, let concept = state.selectedConcept else { return }
        if session.comparison != nil {
            let threshold = state.thresholds.value(for: concept)
            if let prepared = preparedChanges, prepared.concept == concept, prepared.threshold == threshold { return }
            preparedChanges = (concept, threshold)
            session.prepareChanges(for: concept, threshold: threshold)
            return
        }
        guard concept != preparedConcept else { return }
        preparedConcept = concept
        session.prepareSelection(for: concept)
    }

    /// Draws the current state into `buffer` (sized to the terminal) and remembers where
    /// things are for mouse clicks.
    public func render(into buffer: inout Buffer) {
        hits = draw(into: &buffer, context: renderContext)
    }

    /// The current state drawn with another theme or palette, leaving the hit map alone: the
    /// contrast tests draw one replayed state in every theme at every palette size.
    func render(into buffer: inout Buffer, context: RenderContext) {
        _ = draw(into: &buffer, context: context)
    }

    private func draw(into buffer: inout Buffer, context: RenderContext) -> HitMap {
        // In the ASCII fallback every non-ASCII character is drawn (and measured) escaped.
        let hits = CellWidth.$asciiOnly.withValue(context.ascii) {
            Screens.render(state, into: &buffer, context: context, loadStartedAt: job.startedAt)
        }
        // A highlight over a coloured cell can pair close colours on a small palette.
        buffer.makeReadable(capability: context.theme.capability)
        return hits
    }

    /// A click on a thumbnail selects it; a click on the selected one opens it, as Enter does,
    /// so a double click selects and opens. The details' grid takes the focus first.
    private func gridClick(_ index: Int) -> Action? {
        let selected: Int
        switch state.screen {
        case .suspects: selected = state.flags.suspects.selectedRow
        case .flags: selected = state.flags.view.selectedRow
        default: selected = state.details?.selectedRow ?? 0
        }
        let focused = state.screen != .main || state.focus == .details
        if index == selected, focused { return KeyBindings.action(for: .enter, in: state) }
        switch state.screen {
        case .suspects, .flags: return .flags(.moveRow(index - selected))
        default: return .selectDetailsRow(index)
        }
    }

    private func mouseAction(_ mouse: MouseEvent) -> Action? {
        switch mouse.kind {
        case .wheelUp, .wheelDown:
            let delta = mouse.kind == .wheelUp ? -3 : 3
            switch hits.target(x: mouse.x, y: mouse.y) {
            case .detailsRow, .detailsTab, .pane(.details):
                if state.focus != .details { apply(.focus(.details)) }
            case .tableRow, .pane(.table):
                if state.focus != .table { apply(.focus(.table)) }
            case .gridTile where state.screen == .main:
                if state.focus != .details { apply(.focus(.details)) }
            default: break
            }
            return .moveSelection(delta)
        case .release:
            return nil
        case .press:
            switch hits.target(x: mouse.x, y: mouse.y) {
            case .tableRow(let row)?: return .selectRow(row)
            case .detailsRow(let row)?: return .selectDetailsRow(row)
            case .listRow(let row)?:
                let current = state.screen == .suspects ? state.flags.suspects.selectedRow : state.flags.view.selectedRow
                return .flags(.moveRow(row - current))
            case .gridTile(let index)?: return gridClick(index)
            case .detailsTab(let index)?: return .selectTab(index)
            case .matrixCell(let row, let column)?: return .selectMatrixCell(row: row, column: column)
            case .matrixListRow(let row)?: return .selectMatrixListRow(row)
            case .slider(let minX, let maxX)?:
                let fraction = maxX > minX ? Double(mouse.x - minX) / Double(maxX - minX) : 0
                return .setThreshold((min(max(fraction, 0), 1) * 100).rounded() / 100)
            case .pane(let pane)?: return .focus(pane)
            case .key(let key)?: return KeyBindings.action(for: key, in: state)
            case nil: return nil
            }
        }
    }
}
