import Testing
@testable import TermUI

@Suite struct SliderTests {
    let area = Rect(x: 0, y: 0, width: 30, height: 1)

    @Test func drawsBarMarkerAndValueToTwoDecimals() {
        let slider = Slider(value: 0.5, label: "t", glyphs: .ascii)
        var buffer = Buffer(width: 30, height: 1)
        slider.render(into: &buffer, area: area)
        #expect(buffer.lines() == ["t ===========O----------- 0.50"])
        #expect(slider.barColumns(in: area) == 2..<25)
        #expect(slider.markerColumn(in: area) == 13)
    }

    @Test func valueAndColumnMapBothWays() {
        let slider = Slider(value: 0, label: "Threshold")
        #expect(slider.value(atColumn: slider.barColumns(in: area).lowerBound, area: area) == 0)
        #expect(slider.value(atColumn: slider.barColumns(in: area).upperBound - 1, area: area) == 1)
        #expect(slider.value(atColumn: 0, area: area) == nil)          // on the label
        #expect(slider.value(atColumn: 29, area: area) == nil)         // on the value text
        let bar = slider.barColumns(in: area)
        let step = 1.0 / Double(bar.count - 1)
        for column in bar {
            let value = slider.value(atColumn: column, area: area)!
            #expect(slider.column(for: value, in: area) == column)
        }
        for value in stride(from: 0.0, through: 1.0, by: 0.01) {
            let column = slider.column(for: value, in: area)!
            #expect(abs(slider.value(atColumn: column, area: area)! - value) <= step / 2 + 1e-9)
        }
        #expect(slider.column(for: 7, in: area) == bar.upperBound - 1)  // clamped
    }
}

@Suite struct TabsTests {
    @Test func rangesMatchTheDrawnTitlesAndHitTest() {
        let tabs = Tabs(titles: ["FN 12", "FP 3", "TP 40"], selected: 1, divider: "|")
        var buffer = Buffer(width: 24, height: 1)
        let ranges = tabs.render(into: &buffer, area: buffer.area)
        #expect(buffer.lines() == [" FN 12 | FP 3 | TP 40   "])
        #expect(ranges == [0..<7, 8..<14, 15..<22])
        #expect(tabs.tabIndex(atX: 3, area: buffer.area) == 0)
        #expect(tabs.tabIndex(atX: 7, area: buffer.area) == nil)   // the divider
        #expect(tabs.tabIndex(atX: 8, area: buffer.area) == 1)
        #expect(tabs.tabIndex(atX: 21, area: buffer.area) == 2)
        #expect(tabs.tabIndex(atX: 23, area: buffer.area) == nil)
        #expect(buffer[9, 0].style.modifiers.contains(.reverse))
        #expect(!buffer[2, 0].style.modifiers.contains(.reverse))
    }

    @Test func tabsThatDoNotFitGetEmptyRanges() {
        let tabs = Tabs(titles: ["First", "Second", "Third"], selected: 0, divider: "|")
        var buffer = Buffer(width: 12, height: 1)
        let ranges = tabs.render(into: &buffer, area: buffer.area)
        #expect(ranges[0] == 0..<7)
        #expect(ranges[1] == 8..<12)
        #expect(ranges[2].isEmpty)
        #expect(buffer.lines() == [" First | Se…"])
    }
}

@Suite struct StatusBarTests {
    let hints = [StatusHint(key: "q", label: "quit"), StatusHint(key: "?", label: "help"), StatusHint(key: "t", label: "threshold"), StatusHint(key: "/", label: "filter")]

    @Test func showsAllHintsWhenTheyFit() {
        let bar = StatusBar(hints: hints)
        var buffer = Buffer(width: 40, height: 1)
        let ranges = bar.render(into: &buffer, area: buffer.area)
        #expect(buffer.lines() == [" q quit  ? help  t threshold  / filter  "])
        #expect(ranges.compactMap { $0 } == [1..<7, 9..<15, 17..<28, 30..<38])
        #expect(bar.hintIndex(atX: 20, area: buffer.area) == 2)
        #expect(bar.hintIndex(atX: 8, area: buffer.area) == nil)
    }

    @Test func dropsWholeHintsThatDoNotFitAndShowsAnEllipsis() {
        let bar = StatusBar(hints: hints, message: StatusMessage("Copied URL"))
        var buffer = Buffer(width: 30, height: 1)
        let ranges = bar.render(into: &buffer, area: buffer.area)
        #expect(buffer.lines() == [" q quit  ? help …   Copied URL"])
        #expect(ranges[2] == nil && ranges[3] == nil)
        #expect(bar.hintIndex(atX: 20, area: buffer.area) == nil)
    }

    @Test func errorMessagesUseTheErrorStyleAndTruncate() {
        let red = Style(fg: .indexed(1))
        let bar = StatusBar(hints: [], message: StatusMessage("invalid threshold \"abc\": type a number", kind: .error), errorStyle: red)
        var buffer = Buffer(width: 21, height: 1)
        bar.render(into: &buffer, area: buffer.area)
        // Without hints to keep, the message has the whole bar but its two edge cells.
        #expect(buffer.lines() == ["  invalid threshold …"])
        #expect(buffer[20, 0].style.fg == .indexed(1))
    }
}

@Suite struct PromptTests {
    @Test func editingMovesTheCursorByGrapheme() {
        var state = PromptState()
        state.insert("0.5")
        #expect(state.text == "0.5" && state.cursor == 3)
        state.moveLeft()
        state.insert("3")
        #expect(state.text == "0.35" && state.cursor == 3)
        state.moveHome()
        state.deleteForward()
        #expect(state.text == ".35" && state.cursor == 0)
        state.backspace()
        #expect(state.text == ".35")
        state.moveEnd()
        state.backspace()
        #expect(state.text == ".3" && state.cursor == 2)
        state.moveRight()
        #expect(state.cursor == 2)
        state.insert("漢e\u{301}")
        #expect(state.cursor == 4)
        state.backspace()
        #expect(state.text == ".3漢")
        state.insert("\u{1b}[31m\n")           // control characters are dropped on the way in
        #expect(state.text == ".3漢[31m")
        state.deleteToStart()
        #expect(state.text == "" && state.cursor == 0)
    }

    @Test func rendersLabelTextAndCursor() {
        let prompt = Prompt(label: "Threshold: ", state: PromptState(text: "0.42"))
        var buffer = Buffer(width: 20, height: 1)
        let cursor = prompt.render(into: &buffer, area: buffer.area)
        #expect(buffer.lines() == ["Threshold: 0.42     "])
        #expect(cursor == 15)
        #expect(buffer[15, 0].style.modifiers.contains(.reverse))
        #expect(!buffer[14, 0].style.modifiers.contains(.reverse))
    }

    @Test func scrollsToKeepTheCursorVisible() {
        let prompt = Prompt(label: "> ", state: PromptState(text: "abcdefghij"))
        var buffer = Buffer(width: 8, height: 1)
        let cursor = prompt.render(into: &buffer, area: buffer.area)
        #expect(buffer.lines() == ["> fghij "])
        #expect(cursor == 7)
    }
}

@Suite struct OverlayTests {
    @Test func helpOverlayListsSectionsWithAlignedKeys() {
        let help = HelpOverlay(sections: [
            HelpSection(title: "Threshold", [("←/→", "move by 0.01"), ("t", "type a value")]),
            HelpSection(title: "General", [("q", "quit")]),
        ], borders: BorderKind.ascii.glyphs)
        var buffer = Buffer(width: 30, height: 10)
        help.render(into: &buffer, area: buffer.area)
        #expect(buffer.lines() == [
            "                              ",
            "    +- Help -------------+    ",
            "    | Threshold          |    ",
            "    | ←/→   move by 0.01 |    ",
            "    | t     type a value |    ",
            "    |                    |    ",
            "    | General            |    ",
            "    | q     quit         |    ",
            "    +--------------------+    ",
            "                              ",
        ])
    }

    @Test func helpOverlayScrollsWhenTaller() {
        let entries = (1...20).map { ("k\($0)", "action \($0)") }
        let help = HelpOverlay(sections: [HelpSection(title: "Keys", entries)], borders: BorderKind.ascii.glyphs)
        let area = Rect(x: 0, y: 0, width: 30, height: 8)
        #expect(help.maxScroll(in: area) == 21 - 6)
        var scrolled = help
        scrolled.scroll = 100
        var buffer = Buffer(width: 30, height: 8)
        scrolled.render(into: &buffer, area: area)
        #expect(buffer.lines()[6].contains("k20"))
        #expect(buffer.lines()[7].contains("16–21/21"))
    }

    @Test func listPopupCentresAndHitTests() {
        var list = ListView(items: ["default", "light", "high-contrast", "mono"], selected: 2, marker: "> ")
        list.selectedStyle = Style(modifiers: .reverse)
        let popup = ListPopup(block: Block(title: "Theme", borders: BorderKind.ascii.glyphs), list: list)
        var buffer = Buffer(width: 24, height: 8)
        popup.render(into: &buffer, area: buffer.area)
        #expect(buffer.lines() == [
            "                        ",
            "   +- Theme -------+    ",
            "   |  default      |    ",
            "   |  light        |    ",
            "   |> high-contrast|    ",
            "   |  mono         |    ",
            "   +---------------+    ",
            "                        ",
        ].map { $0 })
        #expect(popup.itemIndex(atX: 8, y: 3, area: buffer.area) == 1)
        #expect(popup.itemIndex(atX: 1, y: 3, area: buffer.area) == nil)
        #expect(buffer[6, 4].style.modifiers.contains(.reverse))
    }

    @Test func blockDrawsBordersAndFocusedStyle() {
        let focused = Style(fg: .indexed(4))
        let block = Block(title: "Concepts with a long title", borders: BorderKind.rounded.glyphs, focusedBorderStyle: focused, isFocused: true)
        var buffer = Buffer(width: 12, height: 3)
        block.render(into: &buffer, area: buffer.area)
        #expect(buffer.lines() == ["╭─ Conce… ─╮", "│          │", "╰──────────╯"])
        #expect(buffer[0, 0].style.fg == .indexed(4))
        #expect(block.inner(buffer.area) == Rect(x: 1, y: 1, width: 10, height: 1))
    }
}

@Suite struct PopupTests {
    @Test func popupClearsWhatIsBelowAndReturnsItsInside() {
        var buffer = Buffer(width: 12, height: 5)
        for y in 0..<5 { buffer.setString("xxxxxxxxxxxx", x: 0, y: y, style: .plain) }
        let popup = Popup(block: Block(title: nil, borders: BorderKind.ascii.glyphs), width: 8, height: 3)
        let inner = popup.render(into: &buffer, area: buffer.area)
        buffer.setString("hi", x: inner.x, y: inner.y, style: .plain)
        #expect(inner == Rect(x: 3, y: 2, width: 6, height: 1))
        #expect(buffer.lines() == ["xxxxxxxxxxxx", "xx+------+xx", "xx|hi    |xx", "xx+------+xx", "xxxxxxxxxxxx"])
        // Never larger than the screen minus a margin.
        let huge = Popup(block: Block(), width: 100, height: 100)
        #expect(huge.popupArea(in: buffer.area) == Rect(x: 1, y: 1, width: 10, height: 3))
    }
}

@Suite struct ThemedWidgetTests {
    @Test func themedWidgetsUseTheRolesAndGlyphs() {
        let theme = Theme.default.resolve(.color16, glyphs: .ascii)
        var buffer = Buffer(width: 20, height: 1)
        Slider.themed(value: 1, label: nil, theme: theme).render(into: &buffer, area: buffer.area)
        #expect(buffer.lines() == ["==============O 1.00"])
        #expect(buffer[14, 0].style == theme[.slider_marker])
        #expect(buffer[0, 0].style == theme[.slider_filled])

        var chartBuffer = Buffer(width: 10, height: 6)
        let chart = Chart.themed(title: nil, xTitle: nil, yTitle: nil, canvas: Canvas(marker: .braille, layers: [[.points([(0, 0)])]]), theme: theme)
        chart.render(into: &chartBuffer, area: chartBuffer.area)
        #expect(chartBuffer.lines()[3] == "0.0|*     ")     // ASCII marker from the glyph set, not braille
        #expect(chartBuffer[3, 0].style == theme[.axis])
    }
}
