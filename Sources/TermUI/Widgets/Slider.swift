import Foundation

/// A horizontal bar from `range.lowerBound` to `range.upperBound` with a marker at `value` and
/// the value as text: `label ━━━━━━━●────────── 0.50`.
public struct Slider {
    public var value: Double
    public var range: ClosedRange<Double>
    public var label: String?
    public var decimals: Int
    public var glyphs: GlyphSet
    public var labelStyle: Style
    public var barStyle: Style
    public var filledStyle: Style
    public var markerStyle: Style
    public var valueStyle: Style
    /// The text shown for the value instead of `decimals` digits (an exact threshold such as
    /// 0.998255), and the cells kept for it so that the bar's length never depends on it.
    public var exactText: (text: String, width: Int)?

    public init(value: Double, range: ClosedRange<Double> = 0...1, label: String? = nil, decimals: Int = 2, glyphs: GlyphSet = .unicode,
                labelStyle: Style = .plain, barStyle: Style = .plain, filledStyle: Style = .plain,
                markerStyle: Style = Style(modifiers: .bold), valueStyle: Style = Style(modifiers: .bold)) {
        self.value = value
        self.range = range
        self.label = label
        self.decimals = decimals
        self.glyphs = glyphs
        self.labelStyle = labelStyle
        self.barStyle = barStyle
        self.filledStyle = filledStyle
        self.markerStyle = markerStyle
        self.valueStyle = valueStyle
    }

    var valueText: String {
        exactText?.text ?? String(format: "%.\(decimals)f", min(max(value, range.lowerBound), range.upperBound))
    }

    /// Room kept for the value text, wide enough for any value in range so the bar doesn't jump.
    private var valueWidth: Int {
        if let exactText { return exactText.width }
        return [range.lowerBound, range.upperBound].map { CellWidth.of(String(format: "%.\(decimals)f", $0)) }.max() ?? 4
    }

    private var labelWidth: Int { label.map { CellWidth.of($0) + 1 } ?? 0 }

    /// The columns the bar occupies in `area` (first row).
    public func barColumns(in area: Rect) -> Range<Int> {
        let start = area.x + labelWidth
        let end = area.right - valueWidth - 1
        return start..<max(start, end)
    }

    /// The bar column of the marker for the current value.
    public func markerColumn(in area: Rect) -> Int? { column(for: value, in: area) }

    /// The bar column showing `value`.
    public func column(for value: Double, in area: Rect) -> Int? {
        let bar = barColumns(in: area)
        guard !bar.isEmpty else { return nil }
        let span = range.upperBound - range.lowerBound
        let fraction = span > 0 ? (min(max(value, range.lowerBound), range.upperBound) - range.lowerBound) / span : 0
        return bar.lowerBound + Int((fraction * Double(bar.count - 1)).rounded())
    }

    /// The value a click at column `x` asks for (clamped to the range), or nil off the bar.
    /// Not rounded: callers round to their step.
    public func value(atColumn x: Int, area: Rect) -> Double? {
        let bar = barColumns(in: area)
        guard bar.contains(x) else { return nil }
        guard bar.count > 1 else { return range.lowerBound }
        let fraction = Double(x - bar.lowerBound) / Double(bar.count - 1)
        return range.lowerBound + fraction * (range.upperBound - range.lowerBound)
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        guard !area.isEmpty else { return }
        let y = area.y
        if let label { buffer.setString(label, x: area.x, y: y, style: labelStyle, maxWidth: labelWidth) }
        let bar = barColumns(in: area)
        let marker = markerColumn(in: area)
        for x in bar {
            if let marker, x < marker {
                buffer.setString(glyphs.sliderFilled, x: x, y: y, style: filledStyle, maxWidth: 1)
            } else {
                buffer.setString(glyphs.sliderEmpty, x: x, y: y, style: barStyle, maxWidth: 1)
            }
        }
        if let marker { buffer.setString(glyphs.sliderMarker, x: marker, y: y, style: markerStyle, maxWidth: 1) }
        // An exact value sits next to the bar; the fixed-decimals one lines up on the right.
        let text = CellWidth.fit(valueText, width: valueWidth, alignment: exactText == nil ? .right : .left)
        buffer.setString(text, x: area.right - valueWidth, y: y, style: valueStyle, maxWidth: valueWidth)
    }
}
