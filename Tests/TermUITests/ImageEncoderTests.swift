import EvalCore
import Foundation
import ImageKit
import Testing
@testable import TermUI

/// A 2 × 4 test image of known colours: red over green, blue over white, then a
/// half-transparent grey over transparent.
private let known = RGBAImage(width: 2, height: 4, pixels: [
    255, 0, 0, 255, /**/ 0, 0, 255, 255,
    0, 255, 0, 255, /**/ 255, 255, 255, 255,
    200, 200, 200, 128, /**/ 10, 20, 30, 255,
    0, 0, 0, 0, /**/ 10, 20, 30, 255,
])

@Suite struct HalfBlockEncoderTests {
    @Test func truecolorPutsTheTopPixelInFrontAndTheBottomBehind() {
        let cells = HalfBlockEncoder.cells(known, palette: .truecolor, background: (0, 0, 0))
        #expect(cells.count == 2 && cells.allSatisfy { $0.count == 2 })
        #expect(cells[0][0] == Cell(symbol: "▀", style: Style(fg: .rgb(255, 0, 0), bg: .rgb(0, 255, 0))))
        #expect(cells[0][1] == Cell(symbol: "▀", style: Style(fg: .rgb(0, 0, 255), bg: .rgb(255, 255, 255))))
        // Alpha 128 blended onto black; alpha 0 is the background.
        #expect(cells[1][0] == Cell(symbol: "▀", style: Style(fg: .rgb(100, 100, 100), bg: .rgb(0, 0, 0))))
        #expect(cells[1][1] == Cell(symbol: "▀", style: Style(fg: .rgb(10, 20, 30), bg: .rgb(10, 20, 30))))
    }

    @Test func fewerColoursTakeTheNearest() {
        let c256 = HalfBlockEncoder.cells(known, palette: .color256)
        #expect(c256[0][0].style == Style(fg: .indexed(196), bg: .indexed(46)))
        #expect(c256[0][1].style == Style(fg: .indexed(21), bg: .indexed(231)))
        let c16 = HalfBlockEncoder.cells(known, palette: .color16)
        #expect(c16[0][0].style == Style(fg: .indexed(9), bg: .indexed(10)))
        let c8 = HalfBlockEncoder.cells(known, palette: .color8)
        #expect(c8[0][0].style == Style(fg: .indexed(1), bg: .indexed(2)))
        #expect(c8.joined().allSatisfy { cell in
            if case .indexed(let f) = cell.style.fg, case .indexed(let b) = cell.style.bg { return f < 8 && b < 8 }
            return false
        })
    }

    @Test func monoUsesAShadeRampByBrightness() {
        let white = RGBAImage(width: 1, height: 2, pixels: [255, 255, 255, 255, 255, 255, 255, 255])
        let black = RGBAImage(width: 1, height: 2, pixels: [0, 0, 0, 255, 0, 0, 0, 255])
        #expect(HalfBlockEncoder.cells(white, palette: .mono(ascii: false))[0][0] == Cell(symbol: "█"))
        #expect(HalfBlockEncoder.cells(black, palette: .mono(ascii: false))[0][0] == Cell(symbol: " "))
        #expect(HalfBlockEncoder.cells(white, palette: .mono(ascii: true))[0][0] == Cell(symbol: "@"))
    }

    @Test func anOddLastRowSitsOnTheBackground() {
        let three = RGBAImage(width: 1, height: 3, pixels: [9, 9, 9, 255, 8, 8, 8, 255, 7, 7, 7, 255])
        let cells = HalfBlockEncoder.cells(three, palette: .truecolor, background: (1, 2, 3))
        #expect(cells.count == 2 && cells[1][0].style == Style(fg: .rgb(7, 7, 7), bg: .rgb(1, 2, 3)))
    }

    @Test func paletteFollowsTheTerminal() {
        #expect(HalfBlockEncoder.Palette.from(.truecolor) == .truecolor)
        #expect(HalfBlockEncoder.Palette.from(.color256, colors: 256) == .color256)
        #expect(HalfBlockEncoder.Palette.from(.color16, colors: 8) == .color8)
        #expect(HalfBlockEncoder.Palette.from(.none, ascii: true) == .mono(ascii: true))
    }
}

@Suite struct KittyEncoderTests {
    /// The payloads of a transmit, joined and decoded back to pixels.
    @Test func transmitDecodesBackToTheSamePixels() throws {
        let image = RGBAImage(width: 40, height: 30, pixels: (0 ..< 1200).flatMap { i in [UInt8(i % 256), UInt8(i / 5 % 256), 77, 255] })
        let bytes = KittyEncoder.transmit(image, id: 7)
        let commands = bytes.components(separatedBy: "\u{1B}\\").filter { !$0.isEmpty }
        #expect(commands.allSatisfy { $0.hasPrefix("\u{1B}_G") })
        #expect(commands[0].hasPrefix("\u{1B}_Ga=t,f=100,t=d,i=7,q=2,m="))
        #expect(commands.last!.contains("m=0"))
        var payload = ""
        for command in commands {
            let parts = command.dropFirst(3).split(separator: ";", maxSplits: 1)
            #expect(parts[1].count <= KittyEncoder.chunkSize)
            payload += parts[1]
        }
        let png = try #require(Data(base64Encoded: payload))
        #expect(try ImageDecoder.decode([UInt8](png)) == image)
    }

    @Test func aLargeImageIsSplitIntoChunks() {
        var random = SplitMix64(seed: 9)
        let noisy = RGBAImage(width: 64, height: 64, pixels: (0 ..< 64 * 64 * 4).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        let commands = KittyEncoder.transmit(noisy, id: 1).components(separatedBy: "\u{1B}\\").filter { !$0.isEmpty }
        #expect(commands.count > 1)
        #expect(commands.dropLast().allSatisfy { $0.contains("m=1") })
    }

    @Test func placeAndDeleteCommands() {
        #expect(KittyEncoder.place(id: 3, columns: 20, rows: 10) == "\u{1B}_Ga=p,i=3,p=1,c=20,r=10,C=1,q=2\u{1B}\\")
        #expect(KittyEncoder.deleteAllPlacements() == "\u{1B}_Ga=d,d=a,q=2\u{1B}\\")
    }
}

@Suite struct ITermEncoderTests {
    @Test func inlineImageCarriesThePNGAndTheCellSize() throws {
        let image = RGBAImage(width: 3, height: 2, pixels: (0 ..< 6).flatMap { [UInt8($0 * 40), 0, 200, 255] })
        let bytes = ITermEncoder.inline(image, columns: 6, rows: 2)
        #expect(bytes.hasPrefix("\u{1B}]1337;File=inline=1;"))
        #expect(bytes.contains("width=6;height=2;") && bytes.hasSuffix("\u{07}"))
        let base64 = bytes.split(separator: ":", maxSplits: 1)[1].dropLast()
        let png = try #require(Data(base64Encoded: String(base64)))
        #expect(bytes.contains("size=\(png.count);"))
        #expect(try ImageDecoder.decode([UInt8](png)) == image)
    }
}

@Suite struct SixelEncoderTests {
    /// Decodes sixel bytes with libsixel's `sixel2png` and reads the PNG back.
    func decodeWithLibsixel(_ sixel: String) throws -> RGBAImage {
        let folder = NSTemporaryDirectory() + "sixel-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(sixel.utf8).write(to: URL(fileURLWithPath: folder + "/in.six"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sixel2png", "-i", folder + "/in.six", "-o", folder + "/out.png"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/out.png"))))
    }

    @Test func roundTripThroughLibsixelKeepsEveryPixelWithinHalfAStep() throws {
        // 13 rows: two full bands and a partial one; a gradient so that runs and many colours occur.
        let (w, h) = (23, 13)
        var pixels: [UInt8] = []
        for y in 0 ..< h { for x in 0 ..< w { pixels += [UInt8(x * 11), UInt8(y * 19), UInt8((x + y) * 7), 255] } }
        let image = RGBAImage(width: w, height: h, pixels: pixels)
        let decoded = try decodeWithLibsixel(SixelEncoder.encode(image))
        #expect(decoded.width == w && decoded.height == h)
        var worst = 0
        for y in 0 ..< h { for x in 0 ..< w {
            let a = image.pixel(x: x, y: y), b = decoded.pixel(x: x, y: y)
            worst = max(worst, abs(Int(a.0) - Int(b.0)), abs(Int(a.1) - Int(b.1)), abs(Int(a.2) - Int(b.2)))
        } }
        // Half a step of the 6-level axis (51/2) plus the percent rounding of the registers.
        #expect(worst <= 28, "worst channel error \(worst)")
    }

    @Test func greysStayGrey() throws {
        // Every grey level once (a 256 × 1 ramp, repeated over 6 rows: one band).
        var pixels: [UInt8] = []
        for _ in 0 ..< 6 { for v in 0 ..< 256 { pixels += [UInt8(v), UInt8(v), UInt8(v), 255] } }
        let ramp = RGBAImage(width: 256, height: 6, pixels: pixels)
        let decoded = try decodeWithLibsixel(SixelEncoder.encode(ramp))
        var worst = 0
        for x in 0 ..< 256 {
            let p = decoded.pixel(x: x, y: 3)
            // Equal channels up to the percent rounding of the registers; near the original.
            #expect(abs(Int(p.0) - Int(p.1)) <= 2 && abs(Int(p.1) - Int(p.2)) <= 2, "x \(x): \(p)")
            worst = max(worst, abs(Int(p.0) - x))
        }
        // Half a step of the 40 greys (3.3) plus the percent rounding.
        #expect(worst <= 6, "worst grey error \(worst)")
    }

    @Test func aFlatImageIsOneColourWithRuns() throws {
        let flat = RGBAImage(width: 50, height: 6, pixels: Array([255, 0, 0, 255].repeatedTimes(300)))
        let sixel = SixelEncoder.encode(flat)
        #expect(sixel == "\u{1B}P0;1;0q\"1;1;50;6#180;2;100;0;0#180!50~-\u{1B}\\")
        let decoded = try decodeWithLibsixel(sixel)
        #expect(decoded.pixel(x: 49, y: 5) == (255, 0, 0, 255))
    }
}

private extension Array {
    func repeatedTimes(_ n: Int) -> [Element] { (0 ..< n).flatMap { _ in self } }
}
