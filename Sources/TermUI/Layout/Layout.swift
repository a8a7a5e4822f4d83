/// How much room one segment of a `Layout` asks for.
public enum Constraint: Hashable, Sendable {
    /// Exactly this many cells (less only if the whole doesn't fit).
    case length(Int)
    /// This percentage of the available cells.
    case percentage(Int)
    /// At least this many cells; grows with the leftover room when there is no `fill`.
    case min(Int)
    /// A share of the leftover room, by weight.
    case fill(Int)
}

/// Splits a rectangle into rows or columns by constraints, like ratatui's `Layout`.
///
/// Order of business: lengths, percentages and minimums are granted first; when they don't fit,
/// the last segments shrink first (so headers and tables keep their rows at the expense of what
/// comes after); the leftover goes to `fill` segments by weight, or else to `min` segments.
public struct Layout: Sendable {
    public enum Direction: Sendable { case vertical, horizontal }

    public var direction: Direction
    public var constraints: [Constraint]
    /// Cells left empty between neighbouring segments.
    public var spacing: Int

    public init(_ direction: Direction, _ constraints: [Constraint], spacing: Int = 0) {
        self.direction = direction
        self.constraints = constraints
        self.spacing = spacing
    }

    public static func vertical(_ constraints: [Constraint], spacing: Int = 0) -> Layout {
        Layout(.vertical, constraints, spacing: spacing)
    }

    public static func horizontal(_ constraints: [Constraint], spacing: Int = 0) -> Layout {
        Layout(.horizontal, constraints, spacing: spacing)
    }

    /// The segments of `rect`, one per constraint, in order.
    public func split(_ rect: Rect) -> [Rect] {
        let total = direction == .vertical ? rect.height : rect.width
        let sizes = Layout.sizes(for: constraints, total: total, spacing: spacing)
        var rects: [Rect] = []
        var offset = 0
        for size in sizes {
            switch direction {
            case .vertical: rects.append(Rect(x: rect.x, y: rect.y + offset, width: rect.width, height: size))
            case .horizontal: rects.append(Rect(x: rect.x + offset, y: rect.y, width: size, height: rect.height))
            }
            offset = Swift.min(total, offset + size + spacing)
        }
        return rects
    }

    /// The sizes `split` would give, for callers that only need numbers (such as table columns).
    public static func sizes(for constraints: [Constraint], total: Int, spacing: Int = 0) -> [Int] {
        guard !constraints.isEmpty else { return [] }
        let available = Swift.max(0, total - spacing * (constraints.count - 1))
        var sizes = constraints.map { c -> Int in
            switch c {
            case .length(let n), .min(let n): return Swift.max(0, n)
            case .percentage(let p): return Swift.max(0, available * p / 100)
            case .fill: return 0
            }
        }
        var excess = sizes.reduce(0, +) - available
        var index = sizes.count - 1
        while excess > 0 && index >= 0 {
            let cut = Swift.min(excess, sizes[index])
            sizes[index] -= cut
            excess -= cut
            index -= 1
        }
        var leftover = available - sizes.reduce(0, +)
        guard leftover > 0 else { return sizes }

        var weights = constraints.map { c -> Int in
            if case .fill(let w) = c { return Swift.max(0, w) }
            return 0
        }
        if weights.allSatisfy({ $0 == 0 }) {
            weights = constraints.map { c -> Int in
                if case .min = c { return 1 }
                return 0
            }
        }
        let weightSum = weights.reduce(0, +)
        guard weightSum > 0 else { return sizes }
        var given = 0
        var lastWeighted = 0
        for (i, w) in weights.enumerated() where w > 0 {
            let share = leftover * w / weightSum
            sizes[i] += share
            given += share
            lastWeighted = i
        }
        // Rounding remainder goes to the last weighted segment so the total is exact.
        leftover -= given
        sizes[lastWeighted] += leftover
        return sizes
    }
}
