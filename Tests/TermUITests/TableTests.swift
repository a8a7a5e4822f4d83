import EvalCore
import Testing
@testable import TermUI

@Suite struct TableTests {
    let columns = [
        TableColumn("Concept", width: .fill(1)),
        TableColumn("AUC", width: .length(5), alignment: .right),
    ]

    @Test func alignsColumnsByDisplayWidthWithCJKAndEmoji() {
        let table = Table(columns: columns, rows: [["cat", "0.91"], ["猫咪", "0.85"], ["🐈 kitty", "0.70"], ["e\u{301}te\u{301}", "0.60"]])
        var buffer = Buffer(width: 16, height: 5)
        table.render(into: &buffer, area: buffer.area)
        #expect(buffer.lines() == [
            "Concept      AUC",
            "cat         0.91",
            "猫咪        0.85",
            "🐈 kitty    0.70",
            "été         0.60",
        ])
        for line in buffer.lines() { #expect(CellWidth.of(line) == 16) }
    }

    @Test func truncatesCellsWithAnEllipsisWithoutSplittingWideCharacters() {
        let table = Table(columns: [TableColumn("Name", width: .length(6)), TableColumn("N", width: .length(2), alignment: .right)],
                          rows: [["abcdefghij", "1"], ["漢字漢字漢字", "22"]])
        var buffer = Buffer(width: 9, height: 3)
        table.render(into: &buffer, area: buffer.area)
        #expect(buffer.lines() == [
            "Name    N",
            "abcde…  1",
            "漢字…  22",
        ])
    }

    @Test func scrollingKeepsTheSelectionVisible() {
        // 5 visible rows of 100.
        #expect(Table.scrolledOffset(offset: 0, selected: 0, visibleRows: 5, rowCount: 100) == 0)
        #expect(Table.scrolledOffset(offset: 0, selected: 4, visibleRows: 5, rowCount: 100) == 0)
        #expect(Table.scrolledOffset(offset: 0, selected: 5, visibleRows: 5, rowCount: 100) == 1)
        #expect(Table.scrolledOffset(offset: 50, selected: 10, visibleRows: 5, rowCount: 100) == 10)
        #expect(Table.scrolledOffset(offset: 97, selected: 99, visibleRows: 5, rowCount: 100) == 95)   // no scrolling past the end
        #expect(Table.scrolledOffset(offset: 3, selected: nil, visibleRows: 5, rowCount: 4) == 0)

        var generator = SplitMix64(seed: 3)
        for _ in 0..<500 {
            let count = Int.random(in: 1...50, using: &generator)
            let visible = Int.random(in: 1...10, using: &generator)
            let selected = Int.random(in: 0..<count, using: &generator)
            let offset = Table.scrolledOffset(offset: Int.random(in: -5...60, using: &generator), selected: selected, visibleRows: visible, rowCount: count)
            #expect(offset <= selected && selected < offset + visible)
            #expect(offset >= 0 && offset <= max(0, count - visible))
        }
    }

    @Test func rendersTheScrolledWindowAndHighlightsTheSelection() {
        let rows = (0..<20).map { [TableCell("row \($0)"), TableCell("\($0)")] }
        let highlight = Style(bg: .indexed(4))
        var table = Table(columns: columns, rows: rows, selected: 12, offset: 0)
        table.selectedStyle = highlight
        var buffer = Buffer(width: 12, height: 4)
        table.render(into: &buffer, area: buffer.area)
        #expect(buffer.lines() == [
            "Conce…   AUC",
            "row 10    10",
            "row 11    11",
            "row 12    12",
        ])
        #expect(buffer[0, 3].style.bg == .indexed(4))
        #expect(buffer[11, 3].style.bg == .indexed(4))
        #expect(buffer[0, 2].style.bg == .reset)
        #expect(table.rowIndex(atY: 1, area: buffer.area) == 10)
        #expect(table.rowIndex(atY: 0, area: buffer.area) == nil)
    }

    @Test func perCellStylesSurviveTheSelectionHighlight() {
        let red = Style(fg: .indexed(1))
        let table = Table(columns: columns, rows: [["a", TableCell("0.10", style: red)]], selected: 0)
        var buffer = Buffer(width: 10, height: 2)
        table.render(into: &buffer, area: buffer.area)
        #expect(buffer[9, 1].style.fg == .indexed(1))
        #expect(buffer[9, 1].style.modifiers.contains(.reverse))
        #expect(buffer[0, 1].style.modifiers.contains(.reverse))
    }

    @Test func rowsAreFetchedOnlyWhenVisible() {
        final class Counter: @unchecked Sendable { var fetched: [Int] = [] }
        let counter = Counter()
        let table = Table(columns: columns, rowCount: 1_000_000, row: { i in counter.fetched.append(i); return ["x", "1"] }, selected: 500_000)
        var buffer = Buffer(width: 10, height: 4)
        table.render(into: &buffer, area: buffer.area)
        #expect(counter.fetched == [499_998, 499_999, 500_000])
    }
}
