import TermUI

/// Where the panes of the main screen go at a given size. Pure, so the reducer (page sizes,
/// mouse hits) and the renderer agree on the same geometry.
///
/// - 120×40 and larger: header, summary and curve side by side, the slider, the table, and
///   the details below the table when open.
/// - Smaller: the summary shrinks to two lines and the curve and the details take turns
///   under the table; the table (AUC, P, R, F1) and the slider always stay.
/// - Below 60×16: nothing but a "terminal too small" message.
public struct MainLayout: Equatable {
    public static let minimumWidth = 60
    public static let minimumHeight = 16

    public let tooSmall: Bool
    public let wide: Bool
    public let header: Rect
    public let summary: Rect?
    public let curve: Rect?
    public let table: Rect
    public let slider: Rect
    public let details: Rect?
    public let status: Rect

    public init(width: Int, height: Int, detailsOpen: Bool) {
        let full = Rect(x: 0, y: 0, width: width, height: height)
        tooSmall = width < Self.minimumWidth || height < Self.minimumHeight
        header = Rect(x: 0, y: 0, width: width, height: 1)
        status = Rect(x: 0, y: max(0, height - 1), width: width, height: 1)
        guard !tooSmall else {
            wide = false
            summary = nil; curve = nil; details = nil
            table = full; slider = full
            return
        }
        wide = width >= 120 && height >= 40
        if wide {
            let topHeight = max(14, (height - 2) * 2 / 5)
            let summaryWidth = min(46, width / 3)
            summary = Rect(x: 0, y: 1, width: summaryWidth, height: topHeight)
            curve = Rect(x: summaryWidth, y: 1, width: width - summaryWidth, height: topHeight)
            slider = Rect(x: 0, y: 1 + topHeight, width: width, height: 3)
            let restY = 1 + topHeight + 3
            let restHeight = height - 1 - restY
            if detailsOpen {
                let tableHeight = max(6, restHeight * 2 / 5)
                table = Rect(x: 0, y: restY, width: width, height: tableHeight)
                details = Rect(x: 0, y: restY + tableHeight, width: width, height: restHeight - tableHeight)
            } else {
                table = Rect(x: 0, y: restY, width: width, height: restHeight)
                details = nil
            }
        } else {
            let summaryHeight = height >= 20 ? 2 : 1
            summary = Rect(x: 0, y: 1, width: width, height: summaryHeight)
            let bodyY = 1 + summaryHeight
            let body = height - bodyY - 1 - 1 // minus slider and status
            let tableHeight = max(5, body * 9 / 20)
            table = Rect(x: 0, y: bodyY, width: width, height: tableHeight)
            slider = Rect(x: 0, y: bodyY + tableHeight, width: width, height: 1)
            let lower = Rect(x: 0, y: bodyY + tableHeight + 1, width: width, height: body - tableHeight)
            if detailsOpen {
                details = lower
                curve = nil
            } else {
                details = nil
                curve = lower.height >= 6 ? lower : nil
            }
        }
    }

    /// Concept rows visible in the table (minus its border and header line).
    public var tableVisibleRows: Int { max(1, table.height - 3) }

    /// Input rows visible in the details pane (minus border, tabs and header line).
    public var detailsVisibleRows: Int { max(1, (details?.height ?? 0) - 4) }
}
