/// Widgets pre-styled from a resolved theme, so screens only supply content.
extension Table {
    /// A table with the theme's `header`, `text` and `selection` (or `selection_unfocused`) styles.
    public static func themed(columns: [TableColumn], rowCount: Int, row: @escaping (Int) -> [TableCell], selected: Int?,
                              offset: Int, theme: ResolvedTheme, focused: Bool = true) -> Table {
        Table(columns: columns, rowCount: rowCount, row: row, selected: selected, offset: offset, headerStyle: theme[.header],
              rowStyle: theme[.text], selectedStyle: focused ? theme[.selection] : theme[.selection_unfocused],
              ellipsis: theme.glyphs.ellipsis)
    }
}

extension Slider {
    public static func themed(value: Double, range: ClosedRange<Double> = 0...1, label: String?, theme: ResolvedTheme) -> Slider {
        Slider(value: value, range: range, label: label, glyphs: theme.glyphs, labelStyle: theme[.text], barStyle: theme[.slider_bar],
               filledStyle: theme[.slider_filled], markerStyle: theme[.slider_marker], valueStyle: theme[.slider_value])
    }
}

extension Tabs {
    public static func themed(titles: [String], selected: Int, theme: ResolvedTheme) -> Tabs {
        Tabs(titles: titles, selected: selected, activeStyle: theme[.tab_active], inactiveStyle: theme[.tab_inactive],
             dividerStyle: theme[.border], divider: theme.glyphs.tabDivider)
    }
}

extension StatusBar {
    public static func themed(hints: [StatusHint], message: StatusMessage?, theme: ResolvedTheme) -> StatusBar {
        StatusBar(hints: hints, message: message, barStyle: theme[.status_bar], keyStyle: theme[.status_key], labelStyle: theme[.status_bar],
                  infoStyle: theme[.status_message], warningStyle: theme[.warning], errorStyle: theme[.error], ellipsis: theme.glyphs.ellipsis)
    }
}

extension HelpOverlay {
    public static func themed(title: String = "Help", sections: [HelpSection], scroll: Int, theme: ResolvedTheme) -> HelpOverlay {
        HelpOverlay(title: title, sections: sections, scroll: scroll, borders: theme.glyphs.border.glyphs, borderStyle: theme[.overlay_border],
                    titleStyle: theme[.title], sectionStyle: theme[.header], keyStyle: theme[.status_key], textStyle: theme[.overlay],
                    ellipsis: theme.glyphs.ellipsis)
    }
}

extension Prompt {
    public static func themed(label: String, state: PromptState, theme: ResolvedTheme) -> Prompt {
        Prompt(label: label, state: state, labelStyle: theme[.prompt], textStyle: theme[.text], cursorStyle: theme[.prompt_cursor])
    }
}

extension ListPopup {
    public static func themed(title: String?, items: [String], selected: Int?, offset: Int = 0, theme: ResolvedTheme,
                              width: Int? = nil, maxHeight: Int? = nil) -> ListPopup {
        let block = Block(title: title, titleStyle: theme[.title], borders: theme.glyphs.border.glyphs, borderStyle: theme[.overlay_border],
                          background: theme[.overlay])
        let list = ListView(items: items, selected: selected, offset: offset, style: theme[.overlay], selectedStyle: theme[.selection],
                            marker: theme.glyphs.selectionMarker + " ", ellipsis: theme.glyphs.ellipsis)
        return ListPopup(block: block, list: list, width: width, maxHeight: maxHeight)
    }
}

extension Chart {
    /// A chart frame in the theme's `axis`, `plot_label` and `title` styles, with its plot marker.
    public static func themed(title: String?, xTitle: String?, yTitle: String?, canvas: Canvas, theme: ResolvedTheme) -> Chart {
        var canvas = canvas
        canvas.marker = theme.glyphs.plot
        return Chart(title: title, xTitle: xTitle, yTitle: yTitle, canvas: canvas, titleStyle: theme[.title],
                     axisStyle: theme[.axis], labelStyle: theme[.plot_label], glyphs: theme.glyphs)
    }
}
