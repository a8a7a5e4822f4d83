import EvalCore
import TermUI

/// Which pane of the main screen receives movement keys.
public enum Pane: Sendable, Equatable, CaseIterable {
    case table
    case details
}

/// The full-screen views. The main screen is summary + curve + table + slider + details.
public enum ScreenKind: Sendable, Equatable {
    case main
    case matrix
    /// Every flagged input (`F`).
    case flags
    /// The inputs most likely mislabeled (`L`).
    case suspects
    /// The verdict and each concept's advice (`d`).
    case diagnosis
    /// The breakdown by `meta:` attribute and fold (`b`).
    case slices
}

/// Popups drawn over the current screen; they take the keys while open.
public enum Overlay: Sendable, Equatable {
    case help(scroll: Int)
    /// The expanded view of one input: every concept's score, its labels and metadata.
    case input(index: Int, scroll: Int)
    case prompt(PromptInput)
    /// The concept picker of `r`.
    case picker(ConceptPicker)
    /// The threshold strategies of `m` / `M`.
    case strategyMenu(StrategyMenu)
    /// The status messages of this session, newest first (`!`).
    case messages(scroll: Int)
    /// What a comparison left out: the inputs and concepts found in only one file (`o`).
    case leftOut(scroll: Int)
}

public enum CurveKind: Sendable, Equatable {
    case roc
    case pr
}

/// What the application is doing with its file.
public enum Phase: Sendable, Equatable {
    case loading(LoadProgress?)
    case failed(String)
    case ready
}

extension LoadProgress: Equatable {
    public static func == (a: LoadProgress, b: LoadProgress) -> Bool {
        a.bytesRead == b.bytesRead && a.totalBytes == b.totalBytes && a.inputs == b.inputs
    }
}

/// The whole state of the application, a value. Keys become `Action`s, `reduce` turns a
/// state and an action into the next state (plus effects), and screens draw it.
public struct AppState: Sendable {
    public var fileName: String
    public var phase: Phase
    public var session: Session?
    public var thresholds: Thresholds
    /// What `=` resets to (`--threshold`, default 0.5).
    public var startThreshold: Double
    public var screen: ScreenKind = .main
    public var focus: Pane = .table
    public var table = ConceptTableState()
    public var curve: CurveKind = .roc
    public var details: DetailsState?
    /// A concept's details while the matrix replaces the main screen (restored on return).
    public var parkedDetails: DetailsState?
    public var matrix = MatrixState()
    public var overlay: Overlay?
    public var flags = FlagsState()
    /// The diagnosis, slices and threshold strategies (issue 5).
    public var analysis = AnalysisState()
    /// The message on the status line. Every message also goes to `messageLog` (`!`); the
    /// `App` clears it once it is stale (`StatusExpiry`).
    public var status: StatusMessage? {
        didSet {
            if status != nil { statusSerial &+= 1 }
            guard let status, status != oldValue, !status.text.isEmpty else { return }
            messageLog.append(status)
            if messageLog.count > Self.messageLogLimit { messageLog.removeFirst(messageLog.count - Self.messageLogLimit) }
        }
    }
    /// Counts messages set, so that the same message said again counts as fresh.
    public private(set) var statusSerial = 0
    /// The last `messageLogLimit` status messages, oldest first (the `!` overlay).
    public private(set) var messageLog: [StatusMessage] = []
    public static let messageLogLimit = 100
    /// Threshold changes and flag actions, in the order they were made (`u`, `U`).
    public var history = EditHistory()
    public var width: Int
    public var height: Int
    public var quitRequested = false
    /// `i`: the preview pane beside the details, flags and suspects lists; nil follows the
    /// width (shown from 100 columns).
    public var previewChoice: Bool?
    /// `v`: the details, flags and suspects lists drawn as a grid of thumbnails.
    public var grid = false
    /// Whether the terminal can show UTF-8 glyphs (braille plots, ●/○ markers).
    public var unicode: Bool

    /// `comparing`: two evaluations (`evaltop A B`); the table then starts sorted by ΔAUC,
    /// regressions first.
    public init(fileName: String, threshold: Double = 0.5, width: Int = 120, height: Int = 40, unicode: Bool = true,
                comparing: Bool = false) {
        self.fileName = fileName
        self.phase = .loading(nil)
        self.thresholds = Thresholds(global: threshold)
        self.startThreshold = threshold
        self.width = width
        self.height = height
        self.unicode = unicode
        if comparing { table.sortKey = .delta }
    }

    /// The concept the table's selection points at, if any row is visible.
    /// Whether the preview pane is shown (when there is something to preview).
    public var previewVisible: Bool { previewChoice ?? (width >= 100) }

    public var selectedConcept: Int? {
        let rows = conceptRows
        guard rows.indices.contains(table.selectedRow) else { return nil }
        return rows[table.selectedRow]
    }

    /// The threshold that applies to the selected concept (its own, or the global one).
    public var selectedThreshold: Double {
        selectedConcept.map { thresholds.value(for: $0) } ?? thresholds.global
    }
}
