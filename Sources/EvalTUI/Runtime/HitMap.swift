import TermUI

/// What a mouse click at a cell means, recorded by the screens while they draw so that
/// clicks always agree with what is on screen.
public enum MouseTarget: Sendable, Equatable {
    case tableRow(Int)
    case detailsRow(Int)
    /// A row of the flags or suspects list.
    case listRow(Int)
    /// A thumbnail of the grid (`g`), by its index in the list it shows.
    case gridTile(Int)
    case detailsTab(Int)
    case matrixCell(row: Int, column: Int)
    /// A row of the Top confusions list.
    case matrixListRow(Int)
    /// The slider: a click at column x sets the threshold to `value(x)`.
    case slider(minX: Int, maxX: Int)
    case pane(Pane)
    /// A status-bar hint: clicking runs its key.
    case key(Key)
}

public struct HitMap: Sendable {
    public private(set) var regions: [(rect: Rect, target: MouseTarget)] = []

    public init() {}

    public mutating func add(_ rect: Rect, _ target: MouseTarget) {
        regions.append((rect, target))
    }

    /// The most specific (last drawn) target under the point.
    public func target(x: Int, y: Int) -> MouseTarget? {
        regions.last(where: { $0.rect.contains(x: x, y: y) })?.target
    }
}
