import EvalCore
import TermUI

/// The concept-by-concept matrix: the grid's cell, the Top confusions list's row, the jump to
/// the largest confusion. Values are only peeked at (`Session.matrixValues` never waits); a
/// key that needs values still being computed says so instead.
extension AppState {
    /// The matrix's layout for this evaluation (`o` chooses; the list beyond 30 concepts).
    public var matrixLayout: MatrixLayout {
        matrix.layout(conceptCount: session?.conceptCount ?? 0)
    }

    /// The current view's values, as the screen shows them (nil while first computed).
    var shownMatrixValues: MatrixValues? {
        session?.matrixValues(matrix.view, thresholds: thresholds).shown
    }

    mutating func toggleMatrixLayout() {
        if matrixLayout == .topConfusions { mirrorListSelection() }  // the grid opens on the list's pair
        matrix.chosenLayout = matrixLayout == .grid ? .topConfusions : .grid
        if matrix.chosenLayout == .topConfusions {
            // Keep the grid's cell selected in the list when it is one of the confusions.
            let pairs = shownMatrixValues?.confusions ?? []
            matrix.listRow = pairs.firstIndex { $0.row == matrix.row && $0.column == matrix.column } ?? 0
            mirrorListSelection()
        }
        status = StatusMessage(matrix.chosenLayout == .grid ? "matrix: the whole grid" : "matrix: top confusions, largest first")
    }

    /// Moves the list's selection (the mouse wheel and keys alike).
    mutating func moveMatrixListRow(by delta: Int) {
        let count = shownMatrixValues?.confusions.count ?? 0
        matrix.listRow = clamp(matrix.listRow.addingReportingOverflow(delta).partialValue, 0, count - 1)
        mirrorListSelection()
    }

    /// The grid's cell follows the list's selection, so that `o` shows the same pair.
    mutating func mirrorListSelection() {
        guard let pairs = shownMatrixValues?.confusions, pairs.indices.contains(matrix.listRow) else { return }
        matrix.row = pairs[matrix.listRow].row
        matrix.column = pairs[matrix.listRow].column
    }

    /// `n`: the largest off-diagonal cell; from a cell of the list, the next one.
    mutating func jumpToLargestConfusion() {
        guard let session else { return }
        let readiness = session.matrixValues(matrix.view, thresholds: thresholds)
        guard case .ready(let values) = readiness else {
            status = StatusMessage(readiness.isComputing ? "still counting the matrix; n works once it is on screen"
                                                          : "this view does not apply here; v cycles the views", kind: .warning)
            return
        }
        let pairs = values.confusions
        guard !pairs.isEmpty else {
            status = StatusMessage("no off-diagonal cell is non-zero in this view")
            return
        }
        let current = pairs.firstIndex { $0.row == matrix.row && $0.column == matrix.column }
        let next = current.map { ($0 + 1) % pairs.count } ?? 0
        matrix.listRow = next
        matrix.row = pairs[next].row
        matrix.column = pairs[next].column
        let value = matrixValueText(pairs[next].value, view: matrix.view)
        status = StatusMessage("largest confusion #\(next + 1) of \(Format.count(pairs.count)): "
            + "\(TerminalText.safe(session.name(pairs[next].row))) → \(TerminalText.safe(session.name(pairs[next].column))) \(value)")
    }

    /// The cell whose inputs Enter lists: the list's pair or the grid's cell.
    var matrixDrillCell: (row: Int, column: Int)? {
        guard matrixLayout == .topConfusions else { return (matrix.row, matrix.column) }
        guard let pairs = shownMatrixValues?.confusions, pairs.indices.contains(matrix.listRow) else { return nil }
        return (pairs[matrix.listRow].row, pairs[matrix.listRow].column)
    }

    /// Keeps the grid's and the list's selections in view (the screen draws from these offsets).
    mutating func syncMatrixOffsets() {
        guard screen == .matrix, let session else { return }
        let area = MatrixScreen.gridArea(width: width, height: height, detailsOpen: details != nil)
        if matrixLayout == .topConfusions {
            let count = shownMatrixValues?.confusions.count ?? 0
            matrix.listOffset = Table.scrolledOffset(offset: matrix.listOffset, selected: matrix.listRow,
                                                     visibleRows: MatrixListView.visibleRows(in: area.inner(margin: 1)), rowCount: count)
            return
        }
        let n = session.conceptCount
        let geometry = MatrixScreen.geometry(session: session, values: shownMatrixValues, view: matrix.view, inner: area.inner(margin: 1))
        matrix.rowOffset = Table.scrolledOffset(offset: matrix.rowOffset, selected: matrix.row,
                                                visibleRows: geometry.visibleRows, rowCount: n)
        matrix.columnOffset = Table.scrolledOffset(offset: matrix.columnOffset, selected: matrix.column,
                                                   visibleRows: geometry.visibleColumns, rowCount: n)
    }
}

/// A cell's value as the matrix screens print it.
func matrixValueText(_ value: Double, view: MatrixView) -> String {
    view == .meanScore ? Format.fixed(value, 4) : Format.count(Int(value))
}
