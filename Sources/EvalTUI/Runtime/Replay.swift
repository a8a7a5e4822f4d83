import EvalCore
import Foundation
import TermUI

/// The headless mode (`--replay KEYS --size WxH --dump-screen OUT`): feeds keys to the app
/// with no terminal and returns the final screen. Golden-screen tests and the frame-time
/// benchmark use it.
public enum Replay {
    ///
    /// `timing`, when given, receives each key's index, the time from the key to its finished
    /// frame (handling plus rendering) and the main thread's CPU time in it, for the
    /// key-to-frame benchmark (on a shared machine the wall time also counts waiting for a
    /// core; the CPU time is the work the key itself did).
    public static func run(state initial: AppState, session: Session, keys: [Key], context: RenderContext,
                           flags: FlagsRuntime? = nil, analysis: AnalysisRuntime? = nil,
                           timing: ((Int, Duration, Duration) -> Void)? = nil, live: Bool = false) -> Buffer {
        drive(state: initial, session: session, keys: keys, context: context, flags: flags, analysis: analysis,
              timing: timing, live: live).screen
    }

    /// `run`, returning the app after the keys as well as its last screen (tests draw that state
    /// again in other contexts).
    static func drive(state initial: AppState, session: Session, keys: [Key], context: RenderContext,
                      flags: FlagsRuntime? = nil, analysis: AnalysisRuntime? = nil,
                      timing: ((Int, Duration, Duration) -> Void)? = nil, live: Bool = false) -> (app: App, screen: Buffer) {
        let app = makeApp(state: initial, session: session, context: context, flags: flags, analysis: analysis)
        var buffer = Buffer(width: initial.width, height: initial.height)
        // Render once first, as the real loop does, so that mouse maps and sizes are settled.
        app.render(into: &buffer)
        let clock = ContinuousClock()
        for (index, key) in keys.enumerated() {
            if app.shouldQuit { break }
            let start = clock.now
            let cpuStart = threadCPUTime()
            // `live`: background work runs as in the terminal, and each key first picks up what
            // finished, as the event loop's idle tick does (timed with the key: it delays it).
            if live { _ = app.poll() }
            app.handle(.key(key))
            buffer = Buffer(width: initial.width, height: initial.height)
            app.render(into: &buffer)
            timing?(index, clock.now - start, threadCPUTime() - cpuStart)
        }
        if !live { settle(app, session: session, buffer: &buffer) }
        return (app, buffer)
    }

    /// The last frame once the background caches are idle: a curve thinned, or a matrix
    /// counted, off the main thread (large files) would otherwise show "drawing…" or
    /// "computing…" depending on timing. A frame may ask for more (the PR plot after the ROC
    /// one), so this draws again until nothing is pending, for at most `limit`.
    static func settle(_ app: App, session: Session, buffer: inout Buffer, limit: Duration = .seconds(120)) {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while !session.backgroundIdle, clock.now < deadline {
            while !session.backgroundIdle, clock.now < deadline { Thread.sleep(forTimeInterval: 0.002) }
            _ = app.poll()
            buffer = Buffer(width: buffer.width, height: buffer.height)
            app.render(into: &buffer)
        }
    }

    /// The calling thread's CPU time so far.
    private static func threadCPUTime() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    /// An app with its evaluation loaded, as replay drives it (tests use it to look at the
    /// state between keys). Background work runs inline unless `flags` or `analysis` say otherwise.
    public static func makeApp(state initial: AppState, session: Session, context: RenderContext,
                               flags: FlagsRuntime? = nil, analysis: AnalysisRuntime? = nil) -> App {
        var state = initial
        state.phase = .loading(nil)
        return App(state: state, job: LoadJob(finished: .loaded(session)), renderContext: context,
                   flags: flags ?? .disabled(synchronous: true), analysis: analysis ?? AnalysisRuntime(synchronous: true))
    }

    /// The screen as text, one line per row, trailing spaces trimmed (the golden format).
    public static func text(of buffer: Buffer) -> String {
        buffer.lines().map { line in
            var l = Substring(line)
            while l.last == " " { l = l.dropLast() }
            return String(l)
        }.joined(separator: "\n") + "\n"
    }
}
