import EvalCore
import Testing
@testable import TermUI

@Suite struct CanvasTests {
    @Test func brailleDotBitsFollowTheUnicodeLayout() {
        // One cell = 2×4 dots; with bounds 0…1 the corners of the dot grid are the corners of the world.
        let expected: [((Double, Double), UInt32)] = [
            ((0, 1), 0x01), ((1, 1), 0x08),            // top row: left, right
            ((0, 2.0 / 3), 0x02), ((1, 2.0 / 3), 0x10),
            ((0, 1.0 / 3), 0x04), ((1, 1.0 / 3), 0x20),
            ((0, 0), 0x40), ((1, 0), 0x80),            // bottom row
        ]
        for (point, bit) in expected {
            let canvas = Canvas(marker: .braille, layers: [[.points([point])]])
            var buffer = Buffer(width: 1, height: 1)
            canvas.render(into: &buffer, area: buffer.area)
            #expect(buffer[0, 0].symbol == String(UnicodeScalar(0x2800 + bit)!), "point \(point)")
        }
        let all = Canvas(marker: .braille, layers: [expected.map { .points([$0.0]) }])
        var buffer = Buffer(width: 1, height: 1)
        all.render(into: &buffer, area: buffer.area)
        #expect(buffer[0, 0].symbol == "⣿")
    }

    @Test func bresenhamIncludesBothEndsAndStepsOneDotAtATime() {
        #expect(Bresenham.points(from: (0, 0), to: (3, 0)).map { [$0.0, $0.1] } == [[0, 0], [1, 0], [2, 0], [3, 0]])
        #expect(Bresenham.points(from: (0, 0), to: (2, 2)).map { [$0.0, $0.1] } == [[0, 0], [1, 1], [2, 2]])
        #expect(Bresenham.points(from: (0, 0), to: (1, 3)).map { [$0.0, $0.1] } == [[0, 0], [0, 1], [1, 2], [1, 3]])
        var generator = SplitMix64(seed: 11)
        for _ in 0..<300 {
            let a = (Int.random(in: -20...20, using: &generator), Int.random(in: -20...20, using: &generator))
            let b = (Int.random(in: -20...20, using: &generator), Int.random(in: -20...20, using: &generator))
            let points = Bresenham.points(from: a, to: b)
            #expect(points.first! == a && points.last! == b)
            #expect(points.count == max(abs(b.0 - a.0), abs(b.1 - a.1)) + 1)
            for (p, q) in zip(points, points.dropFirst()) { #expect(abs(p.0 - q.0) <= 1 && abs(p.1 - q.1) <= 1) }
        }
    }

    @Test func asciiDiagonalAndClippedLine() {
        var canvas = Canvas(marker: .ascii)
        canvas.addLayer([.line(from: (0, 0), to: (1, 1), ascii: ".")])
        canvas.addLayer([.line(from: (-1, 0.5), to: (2, 0.5), ascii: "*")])   // clipped to the bounds
        var buffer = Buffer(width: 5, height: 5)
        canvas.render(into: &buffer, area: buffer.area)
        #expect(buffer.lines() == [
            "    .",
            "   . ",
            "*****",
            " .   ",
            ".    ",
        ])
    }

    @Test func laterLayersWinTheCellColourAndMarkersReplaceDots() {
        let grey = Style(fg: .indexed(8)), cyan = Style(fg: .indexed(6)), orange = Style(fg: .indexed(3))
        var canvas = Canvas(marker: .braille)
        canvas.addLayer([.line(from: (0, 0), to: (1, 1), style: grey)])
        canvas.addLayer([.line(from: (0, 0), to: (1, 0), style: cyan)])
        canvas.addLayer([.marker(at: (1, 1), glyph: "●", style: orange)])
        var buffer = Buffer(width: 4, height: 2)
        canvas.render(into: &buffer, area: buffer.area)
        // Bottom-left cell holds dots of both lines (union), coloured by the later layer.
        #expect(buffer[0, 1].style == cyan)
        let bits = buffer[0, 1].symbol.unicodeScalars.first!.value - 0x2800
        #expect(bits & 0x40 != 0 && bits & 0x80 != 0)    // the bottom row (the cyan line)
        #expect(bits & 0x20 != 0)                          // a diagonal dot above it
        #expect(buffer[3, 0].symbol == "●" && buffer[3, 0].style == orange)
        #expect(buffer[1, 0].symbol == " ")               // nothing drawn there
    }

    @Test func pointsOutsideTheBoundsAreDropped() {
        let canvas = Canvas(marker: .ascii, layers: [[.points([(2, 2), (-1, 0.5), (.nan, 0.5)])]])
        var buffer = Buffer(width: 3, height: 3)
        canvas.render(into: &buffer, area: buffer.area)
        #expect(buffer.lines() == ["   ", "   ", "   "])
    }

    @Test func blockMarkerUsesHalfBlocks() {
        let canvas = Canvas(marker: .block, layers: [[.points([(0, 1), (1, 0), (1, 1)])]])
        var buffer = Buffer(width: 2, height: 1)
        canvas.render(into: &buffer, area: buffer.area)
        #expect(buffer.lines() == ["▀█"])
    }

    @Test func chartDrawsTitleAxesAndTickLabels() {
        var canvas = Canvas(marker: .ascii)
        canvas.addLayer([.line(from: (0, 0), to: (1, 1), ascii: ".")])
        canvas.addLayer([.marker(at: (0.5, 0.5), glyph: "o")])
        let chart = Chart(title: "ROC AUC 0.50", xTitle: "FPR", yTitle: "TPR", canvas: canvas, glyphs: .ascii)
        var buffer = Buffer(width: 16, height: 10)
        chart.render(into: &buffer, area: buffer.area)
        #expect(chart.plotArea(in: buffer.area) == Rect(x: 4, y: 1, width: 12, height: 6))
        #expect(buffer.lines() == [
            "  ROC AUC 0.50  ",
            "1.0|          ..",
            "TPR|        ..  ",
            "   |      ..    ",
            "0.5|    ..o     ",
            "   |  ..        ",
            "0.0|..          ",
            "   +------------",
            "   0.0   0.5 1.0",
            "        FPR     ",
        ])
    }
}
