import EvalCore
import Foundation
import Testing
import TermUI
@testable import EvalTUI

/// The grid of thumbnails (`v`) answers the mouse as the lists do: a click selects a tile, a
/// click on the selected tile (so a double click) opens it, like Enter.
@Suite struct GridMouseTests {
    /// The top-left cell of tile `index` in a full-screen grid (the view's border at y 1 and
    /// x 0, tiles from (1, 2)), `columns` tiles a row.
    static func tileOrigin(_ index: Int, columns: Int) -> (x: Int, y: Int) {
        (1 + (index % columns) * GridLayout.tileWidth, 2 + (index / columns) * GridLayout.tileHeight)
    }

    func click(_ h: FlagsHarness, x: Int, y: Int) {
        _ = h.screen  // the frame the click lands on
        h.app.handle(.mouse(MouseEvent(kind: .press, x: x, y: y)))
        h.app.handle(.mouse(MouseEvent(kind: .release, x: x, y: y)))
    }

    @Test func aClickSelectsASuspectTileAndAClickOnTheSelectedOneOpensIt() throws {
        let h = try FlagsHarness()
        try h.press("Lv")
        #expect(h.state.grid && h.state.screen == .suspects)
        let columns = GridLayout.columns(width: h.state.width)
        // A tile of the second row, clicked on its caption line.
        let target = columns + 1
        let origin = Self.tileOrigin(target, columns: columns)
        click(h, x: origin.x + 3, y: origin.y + GridLayout.imageHeight + 1)
        #expect(h.state.flags.suspects.selectedRow == target)
        #expect(h.state.overlay == nil)
        // Clicking it again opens the input, as Enter does.
        click(h, x: origin.x + 3, y: origin.y + 2)
        guard case .input? = h.state.overlay else {
            Issue.record("the overlay did not open: \(String(describing: h.state.overlay))")
            return
        }
        #expect(h.state.flags.suspects.selectedRow == target)
    }

    @Test func aDoubleClickOnAnotherTileSelectsThenOpens() throws {
        let h = try FlagsHarness()
        try h.press("Lv")
        let origin = Self.tileOrigin(2, columns: GridLayout.columns(width: h.state.width))
        click(h, x: origin.x, y: origin.y)
        #expect(h.state.overlay == nil && h.state.flags.suspects.selectedRow == 2)
        click(h, x: origin.x, y: origin.y)
        #expect(h.state.overlay != nil)
    }

    @Test func theGapBetweenTilesSelectsNothing() throws {
        let h = try FlagsHarness()
        try h.press("Lv")
        // The blank column after the first tile's image and the blank row under its captions.
        click(h, x: 1 + GridLayout.imageWidth + 1, y: 3)
        click(h, x: 2, y: 2 + GridLayout.imageHeight + 2)
        #expect(h.state.flags.suspects.selectedRow == 0 && h.state.overlay == nil)
    }

    @Test func theDetailsGridTakesTheFocusAndSelects() throws {
        let h = try FlagsHarness()
        try h.press("<Enter>v<S-Tab>")  // details open, as a grid, focus back on the table
        #expect(h.state.grid && h.state.focus == .table)
        // Find the details grid on screen: its title line, then its first tile's id under it.
        let lines = h.screen
        guard let top = lines.firstIndex(where: { $0.contains(", grid") }) else {
            Issue.record("no grid on screen:\n\(lines.joined(separator: "\n"))")
            return
        }
        let columns = GridLayout.columns(width: h.state.width)
        #expect(columns > 1)
        let x = 1 + GridLayout.tileWidth + 2, y = top + 1 + GridLayout.imageHeight  // tile 1's id line
        click(h, x: x, y: y)
        #expect(h.state.focus == .details)
        #expect(h.state.details?.selectedRow == 1)
        #expect(h.state.overlay == nil)
        click(h, x: x, y: y)
        #expect(h.state.overlay != nil)
    }

    @Test func theSuspectsGridShowsTheRowsTheListShows() throws {
        let h = try FlagsHarness()
        try h.press("L")
        let list = try #require(h.state.flags.suspects.list)
        let ids = h.session.evaluation!.inputIDs
        let first = ids[list.suspects[0].input], second = ids[list.suspects[1].input]
        // Reviewed as right: hidden from the list, so the grid's first tile is the next suspect,
        // the one `f` would flag.
        try h.press("xv")
        #expect(h.state.selectedSuspect.map { ids[$0.input] } == second)
        let captionLine = h.screen[2 + GridLayout.imageHeight]
        #expect(captionLine.contains(second))
        #expect(!captionLine.contains(first))
    }

    /// The keys of the grid act on the selected thumbnail: → moves to the second tile, `f` flags
    /// that input (and its tile's caption gets the flag mark), `Enter` opens that input.
    @Test func fAndEnterActOnTheSelectedThumbnailAndItsCaptionShowsTheMark() throws {
        let h = try FlagsHarness()
        try h.press("Lv<Right>f")
        let list = try #require(h.state.flags.suspects.list)
        let ids = h.session.evaluation!.inputIDs
        let first = ids[list.suspects[0].input], second = ids[list.suspects[1].input]
        #expect(h.state.flags.store.isFlagged(second) && !h.state.flags.store.isFlagged(first))
        // The second tile's score line starts with the mark; the first tile's does not.
        let scoreLine = h.screen[2 + GridLayout.imageHeight + 1]
        let firstCaption = String(scoreLine.dropFirst(1).prefix(GridLayout.imageWidth))
        let secondCaption = String(scoreLine.dropFirst(1 + GridLayout.tileWidth).prefix(GridLayout.imageWidth))
        #expect(secondCaption.hasPrefix("⚑ ") && !firstCaption.contains("⚑"))
        try h.press("<Enter>")
        guard case .input(let index, _)? = h.state.overlay else {
            Issue.record("Enter did not open the selected thumbnail: \(String(describing: h.state.overlay))")
            return
        }
        #expect(index == list.suspects[1].input)
    }

    /// The preview decodes ahead the suspects the list shows next: with the first one reviewed
    /// as right (hidden), the selection is the second suspect and the prefetched ones follow
    /// it in the shown rows, never the selected input itself.
    @Test func thePreviewPrefetchesTheNextShownSuspects() throws {
        let h = try FlagsHarness()
        try h.press("Lx")
        let list = try #require(h.state.flags.suspects.list)
        let (selected, next) = PreviewPane.suspectInputs(h.state)
        #expect(selected == list.suspects[1].input)
        #expect(next == (2 ..< 2 + PreviewPane.prefetchCount).map { list.suspects[$0].input })
    }
}

