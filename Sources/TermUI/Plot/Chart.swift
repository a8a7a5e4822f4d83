import Foundation

/// A `Canvas` with a title, a left and bottom axis, tick labels and axis titles: the frame of
/// the ROC and PR plots.
///
/// ```
///          ROC  AUC 0.912
/// 1.0│      ⣀⡠⠔⠊
/// TPR│   ⡠⠊
/// 0.5│ ⡔⠁   ●
///    │⡜
/// 0.0└──────────────
///    0.0   0.5   1.0
///          FPR
/// ```
public struct Chart: Sendable {
    public var title: String?
    public var xTitle: String?
    public var yTitle: String?
    public var canvas: Canvas
    /// Values that get a tick label on each axis.
    public var xTicks: [Double]
    public var yTicks: [Double]
    /// Digits after the decimal point in tick labels.
    public var tickDecimals: Int
    public var titleStyle: Style
    public var axisStyle: Style
    public var labelStyle: Style
    public var glyphs: GlyphSet

    public init(title: String? = nil, xTitle: String? = nil, yTitle: String? = nil, canvas: Canvas,
                xTicks: [Double] = [0, 0.5, 1], yTicks: [Double] = [0, 0.5, 1], tickDecimals: Int = 1,
                titleStyle: Style = Style(modifiers: .bold), axisStyle: Style = .plain, labelStyle: Style = .plain,
                glyphs: GlyphSet = .unicode) {
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.canvas = canvas
        self.xTicks = xTicks
        self.yTicks = yTicks
        self.tickDecimals = tickDecimals
        self.titleStyle = titleStyle
        self.axisStyle = axisStyle
        self.labelStyle = labelStyle
        self.glyphs = glyphs
    }

    func tickLabel(_ value: Double) -> String { String(format: "%.\(tickDecimals)f", value) }

    private var yLabelWidth: Int {
        let widths = yTicks.map { CellWidth.of(tickLabel($0)) } + [yTitle.map(CellWidth.of) ?? 0]
        return widths.max() ?? 0
    }

    private var titleRows: Int { title == nil ? 0 : 1 }
    /// Axis line, tick labels, then the x title when there is one.
    private var bottomRows: Int { xTitle == nil ? 2 : 3 }

    /// Where the data goes inside `area` (for hit-testing and for mapping clicks to values).
    public func plotArea(in area: Rect) -> Rect {
        let left = yLabelWidth + 1
        return Rect(x: area.x + left, y: area.y + titleRows, width: area.width - left,
                    height: area.height - titleRows - bottomRows)
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let plot = plotArea(in: area)
        if let title {
            let text = CellWidth.fit(title, width: area.width, alignment: .center)
            buffer.setString(text, x: area.x, y: area.y, style: titleStyle, maxWidth: area.width)
        }
        guard plot.width >= 2, plot.height >= 2 else { return }
        buffer.fill(plot, cell: .blank)

        // Axes: a vertical line left of the plot, a horizontal one under it, meeting in a corner.
        let axisX = plot.x - 1
        for y in plot.y..<plot.bottom { buffer.setString(glyphs.axisVertical, x: axisX, y: y, style: axisStyle) }
        buffer.setString(glyphs.axisCorner, x: axisX, y: plot.bottom, style: axisStyle)
        for x in plot.x..<plot.right { buffer.setString(glyphs.axisHorizontal, x: x, y: plot.bottom, style: axisStyle) }

        let ySpan = canvas.yBounds.upperBound - canvas.yBounds.lowerBound
        var labelledRows = Set<Int>()
        for tick in yTicks where canvas.yBounds.contains(tick) {
            let fraction = ySpan > 0 ? (canvas.yBounds.upperBound - tick) / ySpan : 0
            let row = plot.y + Int((fraction * Double(plot.height - 1)).rounded())
            let text = CellWidth.fit(tickLabel(tick), width: yLabelWidth, alignment: .right)
            buffer.setString(text, x: area.x, y: row, style: labelStyle, maxWidth: yLabelWidth)
            labelledRows.insert(row)
        }
        if let yTitle {
            // Between the top two tick rows, in the label column.
            let row = plot.y + max(1, plot.height / 4)
            if !labelledRows.contains(row) {
                buffer.setString(CellWidth.fit(yTitle, width: yLabelWidth, alignment: .right), x: area.x, y: row, style: labelStyle, maxWidth: yLabelWidth)
            }
        }

        let xSpan = canvas.xBounds.upperBound - canvas.xBounds.lowerBound
        let tickRow = plot.bottom + 1
        var lastEnd = Int.min
        for tick in xTicks where canvas.xBounds.contains(tick) {
            let fraction = xSpan > 0 ? (tick - canvas.xBounds.lowerBound) / xSpan : 0
            let column = plot.x + Int((fraction * Double(plot.width - 1)).rounded())
            let text = tickLabel(tick)
            let width = CellWidth.of(text)
            // Centre the label on its column, but keep it inside the chart and off its neighbour.
            var start = column - width / 2
            start = min(max(start, axisX), area.right - width)
            guard start > lastEnd else { continue }
            buffer.setString(text, x: start, y: tickRow, style: labelStyle, maxWidth: area.right - start)
            lastEnd = start + width
        }
        if let xTitle {
            let text = CellWidth.fit(xTitle, width: plot.width, alignment: .center)
            buffer.setString(text, x: plot.x, y: plot.bottom + 2, style: labelStyle, maxWidth: plot.width)
        }

        canvas.render(into: &buffer, area: plot)
    }
}
