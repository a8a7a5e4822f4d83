import EvalCore
import TermUI

/// Everything the user can ask for. Keys and mouse clicks become actions through the binding
/// registry; the reducer is the only place that changes state.
public enum Action: Sendable, Equatable {
    // Leaving
    case quit
    /// `q`: close the overlay or the open view, or quit from the main screen.
    case closeOrQuit
    /// Esc: close, go back, or clear the filter.
    case back

    // Moving
    case moveSelection(Int)
    case pageDown
    case pageUp
    case jumpToFirst
    case jumpToLast
    case moveColumn(Int)
    case focusNext
    case focusPrevious
    case focus(Pane)
    /// Enter: open the details of a concept, of a matrix cell, or the input overlay.
    case drillDown

    // Threshold
    case stepThreshold(Double)
    case setThreshold(Double)
    case resetThreshold
    case promptThreshold
    case togglePerConceptThreshold

    // History: one for threshold changes and flag actions (see `EditHistory`)
    case undo
    case redo

    // Concept table
    case cycleSort
    case reverseSort
    case promptFilter
    case selectRow(Int)

    // Curve and details
    case toggleCurve
    case nextTab
    case selectTab(Int)
    case toggleTrueNegatives
    case copyURL
    /// `i`: show or hide the preview pane (the selected input's image and text).
    case togglePreview
    /// `v`: show the list of inputs as a grid of thumbnails, or back as a list.
    case toggleGrid
    /// Arrows in the grid: `dx` thumbnails across, `dy` rows of thumbnails down.
    case gridMove(dx: Int, dy: Int)
    case selectDetailsRow(Int)

    // Matrix
    case openMatrix
    case cycleMatrixView
    case selectMatrixCell(row: Int, column: Int)
    /// `o`: the grid or the Top confusions list.
    case toggleMatrixLayout
    /// `n`: the largest off-diagonal cell, then the next largest.
    case jumpToLargestConfusion
    /// A click on a row of the Top confusions list.
    case selectMatrixListRow(Int)

    // Help and prompts
    case toggleHelp
    /// `!`: the log of this session's status messages.
    case toggleMessages
    /// The comparison's inputs and concepts in only one file (`o`).
    case toggleLeftOut
    case promptKey(Key)

    // Terminal
    case resize(width: Int, height: Int)

    // Flags and suspects (Reducer+Flags.swift)
    case flags(FlagsAction)

    // Diagnosis, slices and threshold strategies (Reducer+Analysis.swift)
    case analysis(AnalysisAction)
}

/// Work the reducer asks the runtime to do, outside the pure state update.
public enum Effect: Sendable, Equatable {
    /// Put text on the local clipboard with OSC 52 (works over SSH).
    case copyToClipboard(String)
    /// Journal I/O and background work for flags; the `App` carries these out itself.
    case flags(FlagsEffect)
    /// File I/O for the diagnosis part (the thresholds export); the `App` carries it out.
    case analysis(AnalysisEffect)
}
