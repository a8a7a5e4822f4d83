import ImageKit
import Testing
@testable import TermUI

private let red = RGBAImage(width: 20, height: 40, pixels: Array([UInt8]([255, 0, 0, 255]).repeating(800)))
private let blue = RGBAImage(width: 20, height: 40, pixels: Array([UInt8]([0, 0, 255, 255]).repeating(800)))

private extension Array {
    func repeating(_ n: Int) -> [Element] { (0 ..< n).flatMap { _ in self } }
}

@Suite struct GraphicsCanvasTests {
    @Test func kittyTransmitsOncePlacesAndDeletesPlacementsOnChange() {
        let canvas = GraphicsCanvas(kind: .kitty)
        let a = ImagePlacement(key: "a.png", image: red, area: Rect(x: 4, y: 2, width: 2, height: 2))
        let first = canvas.update([a])
        #expect(first.before.isEmpty && first.erase.isEmpty)
        #expect(first.after.hasPrefix("\u{1B}7\u{1B}[3;5H\u{1B}_Ga=t,f=100,t=d,i=1,q=2"))
        #expect(first.after.hasSuffix(KittyEncoder.place(id: 1, columns: 2, rows: 2) + "\u{1B}8"))
        // The same frame again: nothing to send.
        #expect(canvas.update([a]).isEmpty)
        // Another image: placements deleted first, the new one transmitted with id 2.
        let b = ImagePlacement(key: "b.png", image: blue, area: Rect(x: 4, y: 2, width: 2, height: 2))
        let second = canvas.update([b])
        #expect(second.before == KittyEncoder.deleteAllPlacements())
        #expect(second.after.contains("i=2,q=2"))
        // Back to the first: placed again without transmitting its data.
        let third = canvas.update([a])
        #expect(third.after == "\u{1B}7\u{1B}[3;5H" + KittyEncoder.place(id: 1, columns: 2, rows: 2) + "\u{1B}8")
        // A popup covers it: the placement goes, nothing is drawn.
        let covered = canvas.update([])
        #expect(covered.before == KittyEncoder.deleteAllPlacements() && covered.after.isEmpty)
    }

    @Test func sixelErasesByRepaintingTheOldCellsAndCachesTheBytes() {
        let canvas = GraphicsCanvas(kind: .sixel)
        let a = ImagePlacement(key: "a.png", image: red, area: Rect(x: 0, y: 1, width: 2, height: 2))
        let first = canvas.update([a])
        #expect(first.after == "\u{1B}7\u{1B}[2;1H" + SixelEncoder.encode(red) + "\u{1B}8")
        let moved = ImagePlacement(key: "a.png", image: red, area: Rect(x: 10, y: 1, width: 2, height: 2))
        let second = canvas.update([moved])
        #expect(second.erase == [Rect(x: 0, y: 1, width: 2, height: 2)])
        #expect(second.after.hasPrefix("\u{1B}7\u{1B}[2;11H\u{1B}P"))
    }

    @Test func afterAResetEverythingIsSentAgain() {
        let canvas = GraphicsCanvas(kind: .iterm)
        let a = ImagePlacement(key: "a.png", image: red, area: Rect(x: 0, y: 0, width: 2, height: 2))
        _ = canvas.update([a])
        canvas.reset()
        let again = canvas.update([a])
        #expect(again.erase.isEmpty && again.after.contains("\u{1B}]1337;File=inline=1;"))
    }

    @Test func truecolorHalfBlocksAreWrittenWith24BitSGR() {
        let image = RGBAImage(width: 2, height: 2, pixels: [255, 0, 0, 255, 255, 0, 0, 255, 0, 0, 255, 255, 0, 0, 255, 255])
        let bytes = HalfBlockEncoder.sgr(image, column: 3, row: 1)
        #expect(bytes == "\u{1B}7\u{1B}[2;4H\u{1B}[38;2;255;0;0;48;2;0;0;255m▀▀\u{1B}[0m\u{1B}8")
        let canvas = GraphicsCanvas(kind: .truecolorBlocks)
        let first = canvas.update([ImagePlacement(key: "a", image: image, area: Rect(x: 3, y: 1, width: 2, height: 1))])
        #expect(first.after == bytes)
        let gone = canvas.update([])
        #expect(gone.erase == [Rect(x: 3, y: 1, width: 2, height: 1)] && gone.after.isEmpty)
    }

    @Test func tmuxPassthroughDoublesEveryEscape() {
        #expect(GraphicsCanvas.tmuxPassthrough("\u{1B}_Ga=d\u{1B}\\") == "\u{1B}Ptmux;\u{1B}\u{1B}_Ga=d\u{1B}\u{1B}\\\u{1B}\\")
        let canvas = GraphicsCanvas(kind: .kitty, passthrough: true)
        let update = canvas.update([ImagePlacement(key: "a", image: red, area: Rect(x: 0, y: 0, width: 2, height: 2))])
        #expect(update.after.contains("\u{1B}Ptmux;\u{1B}\u{1B}_Ga=t"))
    }
}

@Suite struct TerminalRepliesTests {
    @Test func kittyAndDA1() {
        let kitty = TerminalReplies.parse(Array("\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[?62;22;52c".utf8))
        #expect(kitty.kittyGraphics && kitty.complete && !kitty.sixel)
        #expect(kitty.deviceAttributes == [62, 22, 52])
    }

    @Test func sixelFromDA1() {
        let xterm = TerminalReplies.parse(Array("\u{1B}[?63;1;2;4;6;9;15;16;22;28c".utf8))
        #expect(!xterm.kittyGraphics && xterm.sixel)
    }

    @Test func cellSizeAndPartialReplies() {
        let replies = TerminalReplies.parse(Array("\u{1B}[6;20;9t\u{1B}[?1;2c".utf8))
        #expect(replies.cellPixels?.width == 9 && replies.cellPixels?.height == 20)
        #expect(!TerminalReplies.parse(Array("\u{1B}[?62;4".utf8)).complete)  // cut short: still waiting
        #expect(!TerminalReplies.parse(Array("\u{1B}_Gi=31;ENOTSUPPORTED:x\u{1B}\\\u{1B}[?62c".utf8)).kittyGraphics)
        #expect(TerminalReplies.parse([]) == TerminalReplies())
    }
}
