import EvalTUI
import Foundation
import TermUI

/// Runs the application on the real terminal until it quits. The loop never blocks on
/// work: it waits at most 50 ms for a key, then polls the background load.
enum EventLoop {
    /// `crashAfterFirstFrame` (the hidden `--crash-test`) traps once a frame is on screen, so
    /// that the end-to-end test can check the crash path of the terminal guard for real.
    static func run(app: App, backend: NcursesBackend, canvas: GraphicsCanvas? = nil, crashAfterFirstFrame: Bool = false) {
        var buffer = Buffer(width: backend.width, height: backend.height)
        app.handle(.resize(width: backend.width, height: backend.height))
        var dirty = true
        while !app.shouldQuit {
            if app.poll() { dirty = true }
            if dirty {
                if buffer.area.width != backend.width || buffer.area.height != backend.height {
                    buffer = Buffer(width: backend.width, height: backend.height)
                }
                var frame = Buffer(width: backend.width, height: backend.height)
                app.render(into: &frame)
                // Images in a graphics protocol: old ones erased, the text drawn, then the new
                // ones written over their blank cells.
                let update = canvas?.update(app.renderContext.images?.takePlacements() ?? [])
                if let update, !update.before.isEmpty { backend.writeRaw(update.before) }
                for rect in update?.erase ?? [] { backend.repaint(rect) }
                backend.draw(frame)
                if let update, !update.after.isEmpty { backend.writeRaw(update.after) }
                buffer = frame
                dirty = false
                if crashAfterFirstFrame { fatalError("--crash-test: a deliberate crash after the first frame") }
            }
            carryOut(app.takeEffects(), backend: backend)
            guard let event = backend.readEvent() else { continue }
            if case .resize = event {
                backend.invalidate()
                // The screen is cleared: every image is sent again (kitty's placements deleted),
                // at the cell size the window now has (a font change resizes the cells).
                if let canvas {
                    if let cell = TerminalProbe.cellPixelsFromWinsize() { app.renderContext.images?.updateCellPixels(cell) }
                    if canvas.kind == .kitty { backend.writeRaw(KittyEncoder.deleteAllPlacements()) }
                    canvas.reset()
                }
            }
            if app.handle(event) { dirty = true }
        }
        // kitty keeps transmitted images until told: free them before the screen is handed back.
        if let bytes = canvas?.releaseAll(), !bytes.isEmpty { backend.writeRaw(bytes) }
    }

    private static func carryOut(_ effects: [Effect], backend: NcursesBackend) {
        for effect in effects {
            switch effect {
            case .copyToClipboard(let text):
                // OSC 52: the terminal (even across SSH) puts the text on the local clipboard.
                let encoded = Data(text.utf8).base64EncodedString()
                backend.writeRaw("\u{1b}]52;c;\(encoded)\u{07}")
            case .flags, .analysis:
                break  // the App carries out journal and thresholds-file I/O itself
            }
        }
    }
}
