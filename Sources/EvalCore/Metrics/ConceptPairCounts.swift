/// A concept-by-concept count matrix ([row concept][column concept]) stored by its non-zero
/// cells only, so that its memory grows with what was counted, never with concepts².
///
/// A taxonomy of 20,000 concepts would need 400,000,000 cells as a dense matrix (3.2 GB of
/// `Int`), while the cells an evaluation can fill are bounded by its labels (the confusion
/// matrix, the confident joint: one cell per labelled input) or by its scores (the counts at
/// a threshold). Rows and columns are both indexed (two compressed sparse layouts), so the
/// diagnosis can visit a concept's confusions in both directions in time proportional to them.
public struct ConceptPairCounts: Sendable, Equatable {
    public let conceptCount: Int
    /// Non-zero cells sorted by (row, column): `rowStart[r] ..< rowStart[r + 1]` are row r's.
    private let rowStart: [Int]
    private let rowColumns: [Int32]
    private let rowCounts: [Int]
    /// The same cells sorted by (column, row).
    private let columnStart: [Int]
    private let columnRows: [Int32]
    private let columnCounts: [Int]

    /// From non-zero cells keyed `row * conceptCount + column` (any order; zero counts dropped).
    public init(conceptCount: Int, cells: [Int: Int]) {
        self.conceptCount = conceptCount
        let nonZero = cells.filter { $0.value != 0 }
        let byRow = nonZero.keys.sorted()
        var rowStart = [Int](repeating: 0, count: conceptCount + 1)
        for key in byRow { rowStart[key / conceptCount + 1] += 1 }
        for row in 0 ..< conceptCount { rowStart[row + 1] += rowStart[row] }
        self.rowStart = rowStart
        rowColumns = byRow.map { Int32($0 % conceptCount) }
        rowCounts = byRow.map { nonZero[$0]! }

        let byColumn = byRow.sorted { ($0 % conceptCount, $0 / conceptCount) < ($1 % conceptCount, $1 / conceptCount) }
        var columnStart = [Int](repeating: 0, count: conceptCount + 1)
        for key in byColumn { columnStart[key % conceptCount + 1] += 1 }
        for column in 0 ..< conceptCount { columnStart[column + 1] += columnStart[column] }
        self.columnStart = columnStart
        columnRows = byColumn.map { Int32($0 / conceptCount) }
        columnCounts = byColumn.map { nonZero[$0]! }
    }

    /// The count in cell [row][column] (0 when the cell was never counted). O(log cells in the row).
    public subscript(row: Int, column: Int) -> Int {
        var low = rowStart[row]
        var high = rowStart[row + 1]
        let target = Int32(column)
        while low < high {
            let middle = (low + high) >> 1
            if rowColumns[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low < rowStart[row + 1] && rowColumns[low] == target ? rowCounts[low] : 0
    }

    /// Row `row`'s non-zero cells, by ascending column.
    public func row(_ row: Int) -> [(column: Int, count: Int)] {
        (rowStart[row] ..< rowStart[row + 1]).map { (Int(rowColumns[$0]), rowCounts[$0]) }
    }

    /// Column `column`'s non-zero cells, by ascending row.
    public func column(_ column: Int) -> [(row: Int, count: Int)] {
        (columnStart[column] ..< columnStart[column + 1]).map { (Int(columnRows[$0]), columnCounts[$0]) }
    }

    /// Every non-zero cell, by (row, column).
    public var nonZeroCells: [(row: Int, column: Int, count: Int)] {
        (0 ..< conceptCount).flatMap { row in self.row(row).map { (row, $0.column, $0.count) } }
    }

    /// How many cells are non-zero.
    public var nonZeroCount: Int { rowCounts.count }

    /// The sum of every cell.
    public var total: Int { rowCounts.reduce(0, +) }

    /// The sum of the cells off the diagonal.
    public var offDiagonalTotal: Int { nonZeroCells.reduce(0) { $0 + ($1.row == $1.column ? 0 : $1.count) } }

    /// The dense matrix. Allocates concepts² cells: only for `MatrixLimits.fitsDense`.
    public func dense() -> [[Int]] {
        precondition(MatrixLimits.fitsDense(conceptCount: conceptCount), "dense matrix of \(conceptCount) concepts")
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: conceptCount), count: conceptCount)
        for cell in nonZeroCells { matrix[cell.row][cell.column] = cell.count }
        return matrix
    }

    public static func == (lhs: ConceptPairCounts, rhs: ConceptPairCounts) -> Bool {
        lhs.conceptCount == rhs.conceptCount && lhs.rowStart == rhs.rowStart
            && lhs.rowColumns == rhs.rowColumns && lhs.rowCounts == rhs.rowCounts
    }
}

/// Counts concept pairs into a dense buffer when concepts² is small (the common case: fast,
/// no hashing in the hot loops) and into a dictionary of the touched cells otherwise.
struct ConceptPairAccumulator {
    let conceptCount: Int
    private var dense: [Int32]
    private var sparse: [Int: Int] = [:]
    private let isDense: Bool

    /// `dense` overrides the choice (tests check that both layouts count alike).
    init(conceptCount: Int, dense: Bool? = nil) {
        self.conceptCount = conceptCount
        isDense = dense ?? MatrixLimits.fitsDense(conceptCount: conceptCount)
        self.dense = isDense ? [Int32](repeating: 0, count: conceptCount * conceptCount) : []
    }

    @inline(__always)
    mutating func add(row: Int, column: Int, _ amount: Int = 1) {
        let key = row &* conceptCount &+ column
        if isDense { dense[key] &+= Int32(truncatingIfNeeded: amount) } else { sparse[key, default: 0] += amount }
    }

    /// Adds every cell of `other` (counted with the same concepts and layout).
    mutating func add(_ other: ConceptPairAccumulator) {
        precondition(other.conceptCount == conceptCount && other.isDense == isDense)
        if isDense {
            for key in dense.indices { dense[key] &+= other.dense[key] }
        } else {
            sparse.merge(other.sparse, uniquingKeysWith: +)
        }
    }

    func freeze() -> ConceptPairCounts {
        guard isDense else { return ConceptPairCounts(conceptCount: conceptCount, cells: sparse) }
        var cells: [Int: Int] = [:]
        for (key, count) in dense.enumerated() where count != 0 { cells[key] = Int(count) }
        return ConceptPairCounts(conceptCount: conceptCount, cells: cells)
    }
}

/// How large a concept-by-concept matrix may be before it is only kept sparse.
public enum MatrixLimits {
    /// 4,194,304 cells: 2,048 concepts, 32 MB as `Double`. Dense matrices (the matrix view,
    /// the report's confusion matrix as an array of rows) are built only up to this size; a
    /// larger evaluation keeps its matrices as non-zero cells and says what it left out.
    public static let maximumDenseCells = 1 << 22

    /// What a report or a view says instead of a matrix too large to build.
    public static func omittedNote(conceptCount: Int) -> String {
        let cells = conceptCount.multipliedReportingOverflow(by: conceptCount)
        let size = cells.overflow ? "more than \(Int.max)" : "\(cells.partialValue)"
        return "dense concept-by-concept matrices left out: \(conceptCount) concepts would need \(size) cells "
            + "(the limit is \(maximumDenseCells)); the non-zero cells are listed instead"
    }

    public static func fitsDense(conceptCount: Int) -> Bool {
        conceptCount <= 0 || conceptCount <= maximumDenseCells / conceptCount
    }
}
