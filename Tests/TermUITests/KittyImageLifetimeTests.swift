import Foundation
import ImageKit
import Testing
@testable import TermUI

/// kitty keeps every transmitted image until it is told to free it: the canvas must free the
/// ones it no longer keeps, so that browsing thousands of inputs does not grow the terminal's
/// memory. Checked on the bytes, by replaying them into a model of kitty's image store.
@Suite struct KittyImageLifetimeTests {
    /// kitty's image store as the bytes build it: `a=t` stores image `i`, `a=d,d=I` frees `i`,
    /// `a=p` places `i` (which must be stored).
    struct ModelTerminal {
        var stored: Set<UInt32> = []
        var placedMissing: [UInt32] = []
        var freed: [UInt32] = []

        mutating func feed(_ bytes: String) {
            for command in bytes.components(separatedBy: "\u{1B}_G").dropFirst() {
                let control = command.prefix { $0 != ";" && $0 != "\u{1B}" }
                var keys: [String: String] = [:]
                for pair in control.split(separator: ",") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    if parts.count == 2 { keys[String(parts[0])] = String(parts[1]) }
                }
                guard let action = keys["a"] else { continue }  // a continuation chunk
                let id = keys["i"].flatMap { UInt32($0) }
                switch action {
                case "t": if let id { stored.insert(id) }
                case "p": if let id, !stored.contains(id) { placedMissing.append(id) }
                case "d" where keys["d"] == "I": if let id { stored.remove(id); freed.append(id) }
                default: break
                }
            }
        }

        mutating func feed(_ update: GraphicsCanvas.Update) {
            feed(update.before)
            feed(update.after)
        }
    }

    static func image(_ shade: UInt8) -> RGBAImage {
        RGBAImage(width: 4, height: 4, pixels: Array((0 ..< 16).flatMap { _ in [shade, shade, 0, 255] }))
    }

    static func placement(_ n: Int, at x: Int = 0) -> ImagePlacement {
        ImagePlacement(key: "img\(n).png", image: image(UInt8(n % 256)), area: Rect(x: x, y: 0, width: 2, height: 2))
    }

    @Test func browsingManyImagesKeepsAtMostTheLimitInTheTerminal() {
        let canvas = GraphicsCanvas(kind: .kitty)
        var terminal = ModelTerminal()
        for n in 0 ..< 500 { terminal.feed(canvas.update([Self.placement(n)])) }
        #expect(terminal.stored.count == GraphicsCanvas.kittyLimit)
        #expect(canvas.kittyImagesHeld == GraphicsCanvas.kittyLimit)
        #expect(terminal.placedMissing.isEmpty)
        // The oldest went first: image 0 (id 1) was freed when image 64 (id 65) arrived.
        #expect(terminal.freed.first == 1)
        #expect(terminal.freed.count == 500 - GraphicsCanvas.kittyLimit)
    }

    @Test func anImageOnScreenIsNeverFreedAndARecentOneIsReused() {
        let canvas = GraphicsCanvas(kind: .kitty)
        var terminal = ModelTerminal()
        // Image 0 stays in view (the overlay) while the list below it scrolls through 200.
        for n in 1 ... 200 { terminal.feed(canvas.update([Self.placement(0, at: 10), Self.placement(n)])) }
        #expect(!terminal.freed.contains(1))
        #expect(terminal.stored.contains(1))
        #expect(terminal.placedMissing.isEmpty)
        // Back to a recent input: placed again, not transmitted again.
        let back = canvas.update([Self.placement(0, at: 10), Self.placement(190)])
        #expect(!back.after.contains("a=t"))
        terminal.feed(back)
        // Back to an old one: it was freed, so it is transmitted again under a new id.
        let old = canvas.update([Self.placement(0, at: 10), Self.placement(2)])
        #expect(old.after.contains("a=t,f=100,t=d,i=202,"))
        terminal.feed(old)
        #expect(terminal.placedMissing.isEmpty)
    }

    @Test func releaseAllFreesEveryImageAtExit() {
        let canvas = GraphicsCanvas(kind: .kitty, passthrough: false)
        var terminal = ModelTerminal()
        for n in 0 ..< 10 { terminal.feed(canvas.update([Self.placement(n)])) }
        #expect(terminal.stored.count == 10)
        terminal.feed(canvas.releaseAll())
        #expect(terminal.stored.isEmpty)
        #expect(canvas.kittyImagesHeld == 0)
        #expect(canvas.releaseAll().isEmpty)
        // Other protocols hold nothing in the terminal.
        #expect(GraphicsCanvas(kind: .sixel).releaseAll().isEmpty)
    }

    @Test func insideTmuxTheFreesArePassedThroughToo() {
        let canvas = GraphicsCanvas(kind: .kitty, passthrough: true)
        for n in 0 ... GraphicsCanvas.kittyLimit { _ = canvas.update([Self.placement(n)]) }
        let next = canvas.update([Self.placement(1000)])
        #expect(next.after.contains("\u{1B}Ptmux;\u{1B}\u{1B}_Ga=d,d=I,i=2,q=2\u{1B}\u{1B}\\\u{1B}\\"))
        #expect(canvas.releaseAll().hasPrefix("\u{1B}Ptmux;\u{1B}\u{1B}_Ga=d,d=I,i="))
    }
}
