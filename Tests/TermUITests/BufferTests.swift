import EvalCore
import Testing
@testable import TermUI

@Suite struct BufferTests {
    @Test func setStringWritesAndReturnsNextColumn() {
        var buffer = Buffer(width: 8, height: 2)
        let end = buffer.setString("abc", x: 1, y: 0, style: .plain)
        #expect(end == 4)
        #expect(buffer.lines() == [" abc    ", "        "])
    }

    @Test func wideCharacterAtTheRightEdgeIsNeverSplit() {
        var buffer = Buffer(width: 5, height: 1)
        let end = buffer.setString("abcd漢", x: 0, y: 0, style: .plain)
        #expect(buffer.lines() == ["abcd "])
        #expect(end == 5)
        #expect(buffer[4, 0].symbol == " ")

        var limited = Buffer(width: 10, height: 1)
        limited.setString("a漢字", x: 0, y: 0, style: .plain, maxWidth: 4)
        #expect(limited.lines() == ["a漢       "])
        #expect(limited[3, 0].symbol == " ")        // padded, not half a 字
    }

    @Test func wideCharacterCutAtTheLeftEdgeBecomesASpace() {
        var buffer = Buffer(width: 4, height: 1)
        buffer.setString("漢ab", x: -1, y: 0, style: .plain)
        #expect(buffer.lines() == [" ab "])
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = Buffer(width: 6, height: 1)
        buffer.setString("漢字", x: 0, y: 0, style: .plain)
        #expect(buffer.lines() == ["漢字  "])
        buffer.setString("x", x: 1, y: 0, style: .plain)   // right half of 漢
        #expect(buffer.lines() == [" x字  "])
        buffer.setString("y", x: 2, y: 0, style: .plain)   // left half of 字
        #expect(buffer.lines() == [" xy   "])
        buffer.setString("字", x: 3, y: 0, style: .plain)
        buffer.setString("漢", x: 2, y: 0, style: .plain)  // lands on 字's left half: its right half goes
        #expect(buffer.lines() == [" x漢  "])
        #expect(buffer[5, 0].symbol == " ")
    }

    @Test func controlCharactersAreEscapedNeverEmitted() {
        var buffer = Buffer(width: 40, height: 1)
        buffer.setString("id\u{1b}]2;title\u{07}\u{1b}[31mX\u{9b}", x: 0, y: 0, style: .plain)
        let line = buffer.lines()[0]
        #expect(line.hasPrefix("id\\x1b]2;title\\x07\\x1b[31mX\\x9b"))
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7f...0x9f).contains($0.value) })
    }

    @Test func everyRowKeepsTheBufferWidthWhateverIsWritten() {
        var generator = SplitMix64(seed: 42)
        let pool = ["a", "漢", "🙂", "\u{1b}", "e\u{301}", "👨‍👩‍👧", "\t", "字", " "]
        for _ in 0..<200 {
            var buffer = Buffer(width: Int.random(in: 1...12, using: &generator), height: 2)
            for _ in 0..<4 {
                let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pool.randomElement(using: &generator)! }.joined()
                let x = Int.random(in: -3...buffer.width, using: &generator)
                buffer.setString(text, x: x, y: Int.random(in: 0...1, using: &generator), style: .plain,
                                 maxWidth: Bool.random(using: &generator) ? Int.random(in: 0...6, using: &generator) : nil)
            }
            for line in buffer.lines() {
                #expect(CellWidth.of(line) == buffer.width, "\(buffer.lines())")
                #expect(!line.unicodeScalars.contains(where: CellWidth.isUnsafe))
            }
            // Every continuation cell follows a wide leading cell.
            for y in 0..<buffer.height {
                for x in 0..<buffer.width where buffer[x, y].isContinuation {
                    #expect(x > 0 && CellWidth.of(buffer[x - 1, y].symbol) == 2)
                }
            }
        }
    }

    @Test func fillAndSetStyleClipToTheBuffer() {
        var buffer = Buffer(width: 4, height: 3)
        let red = Style(fg: .indexed(1))
        buffer.fill(Rect(x: 2, y: 1, width: 10, height: 10), cell: Cell(symbol: "#", style: red))
        #expect(buffer.lines() == ["    ", "  ##", "  ##"])
        buffer.setStyle(Rect(x: 0, y: 0, width: 1, height: 1), style: Style(modifiers: .bold))
        #expect(buffer[0, 0].style.modifiers == .bold)
        #expect(buffer[3, 2].style == red)
        #expect(buffer[99, 99] == .blank)
    }

    @Test func diffReturnsOnlyChangedCells() {
        var before = Buffer(width: 10, height: 3)
        before.setString("threshold", x: 0, y: 0, style: .plain)
        before.setString("0.50", x: 0, y: 1, style: .plain)
        var after = before
        #expect(after.diff(from: before).isEmpty)
        after.setString("0.51", x: 0, y: 1, style: .plain)
        let changes = after.diff(from: before)
        #expect(changes.count == 1)
        #expect(changes[0].x == 3 && changes[0].y == 1 && changes[0].cell.symbol == "1")

        after.setStyle(Rect(x: 5, y: 2, width: 1, height: 1), style: Style(modifiers: .bold))
        #expect(after.diff(from: before).map { "\($0.x),\($0.y)" } == ["3,1", "5,2"])
    }

    @Test func diffSkipsContinuationCellsButRepaintsWhatAWideCharacterLeaves() {
        let before = Buffer(width: 4, height: 1)
        var after = before
        after.setString("漢", x: 0, y: 0, style: .plain)
        #expect(after.diff(from: before).map(\.x) == [0])
        var narrow = after
        narrow.setString("a", x: 0, y: 0, style: .plain)
        #expect(narrow.diff(from: after).map(\.x) == [0, 1])   // the old right half is repainted
    }

    @Test func diffAgainstADifferentSizeRepaintsEverything() {
        let small = Buffer(width: 2, height: 1)
        let big = Buffer(width: 3, height: 2)
        #expect(big.diff(from: small).count == 6)
    }
}
