import Foundation

/// Why two evaluations cannot be compared. `description` is what the command line prints.
public struct ComparisonError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Two evaluations brought onto the same inputs and concepts, so that every number of a
/// comparison is computed over exactly the same cases.
///
/// `a` and `b` hold the inputs found in both files (in A's order) and the concepts found in both
/// (in A's order), and both carry **A's labels**: the ground truth is A's, and B is judged
/// against it. Each keeps its own scores and metadata (URLs, folds). When the two files already
/// agree on inputs, concepts and order, `a` is A itself and `b` shares B's score storage: nothing
/// is copied.
public struct EvaluationPair: Sendable {
    /// The evaluations as loaded.
    public let originalA: Evaluation
    public let originalB: Evaluation
    /// The aligned evaluations (see above).
    public let a: Evaluation
    public let b: Evaluation
    /// For each aligned input, its row in `originalA` / `originalB`.
    public let rowsInA: [Int32]
    public let rowsInB: [Int32]
    /// For each aligned concept, its column in `originalA` / `originalB`.
    public let columnsInA: [Int]
    public let columnsInB: [Int]
    /// Rows of `originalA` whose input is not in B, and the reverse.
    public let inputsOnlyInA: [Int32]
    public let inputsOnlyInB: [Int32]
    /// Concepts (as named in their file) found in only one of the two.
    public let conceptsOnlyInA: [String]
    public let conceptsOnlyInB: [String]
    /// Matched inputs whose labels on the shared concepts differ between the files.
    public let labelMismatches: Int

    public var matchedInputs: Int { a.inputCount }

    /// Matches `b` to `a`: inputs by `input_id`, concepts by name (by id when both files are
    /// Clarifai documents, whose concept ids are the stable key). Throws when no input or no
    /// concept is shared, or when the modes differ (load both with the same `--mode` to compare
    /// them anyway).
    public init(a originalA: Evaluation, b originalB: Evaluation) throws {
        self.originalA = originalA
        self.originalB = originalB
        let nameA = TerminalSafe.escape(originalA.sourcePath)
        let nameB = TerminalSafe.escape(originalB.sourcePath)
        guard originalA.mode == originalB.mode else {
            throw ComparisonError(
                "\(nameA) is \(originalA.mode.rawValue) but \(nameB) is \(originalB.mode.rawValue); "
                    + "give --mode exclusive or --mode multilabel to compare them in one mode")
        }

        // Concepts.
        let byID = originalA.format == .clarifai && originalB.format == .clarifai
        func key(_ concept: Concept) -> String { byID ? concept.id : concept.name }
        var columnOfB: [String: Int] = [:]
        for (column, concept) in originalB.concepts.enumerated() where columnOfB[key(concept)] == nil {
            columnOfB[key(concept)] = column
        }
        var columnsInA: [Int] = []
        var columnsInB: [Int] = []
        var conceptsOnlyInA: [String] = []
        for (column, concept) in originalA.concepts.enumerated() {
            if let other = columnOfB[key(concept)] {
                columnsInA.append(column)
                columnsInB.append(other)
            } else {
                conceptsOnlyInA.append(concept.name)
            }
        }
        let sharedKeys = Set(columnsInA.map { key(originalA.concepts[$0]) })
        conceptsOnlyInB = originalB.concepts.filter { !sharedKeys.contains(key($0)) }.map(\.name)
        guard !columnsInA.isEmpty else {
            throw ComparisonError("\(nameA) and \(nameB) have no concept in common (matched by \(byID ? "concept id" : "name"))")
        }
        self.columnsInA = columnsInA
        self.columnsInB = columnsInB
        self.conceptsOnlyInA = conceptsOnlyInA

        // Inputs. Most comparisons are of the same evaluation set in the same order: checked
        // first, in one pass, before falling back to a dictionary of B's ids.
        let sameOrder = originalA.inputIDs == originalB.inputIDs
        var rowsInA: [Int32] = []
        var rowsInB: [Int32] = []
        var inputsOnlyInA: [Int32] = []
        var inputsOnlyInB: [Int32] = []
        if sameOrder {
            rowsInA = Array(0 ..< Int32(originalA.inputCount))
            rowsInB = rowsInA
        } else {
            var rowOfB: [String: Int32] = [:]
            rowOfB.reserveCapacity(originalB.inputCount)
            for (row, id) in originalB.inputIDs.enumerated() { rowOfB[id] = Int32(row) }
            var matchedInB = [Bool](repeating: false, count: originalB.inputCount)
            rowsInA.reserveCapacity(min(originalA.inputCount, originalB.inputCount))
            rowsInB.reserveCapacity(min(originalA.inputCount, originalB.inputCount))
            for (row, id) in originalA.inputIDs.enumerated() {
                if let other = rowOfB[id] {
                    rowsInA.append(Int32(row))
                    rowsInB.append(other)
                    matchedInB[Int(other)] = true
                } else {
                    inputsOnlyInA.append(Int32(row))
                }
            }
            for row in matchedInB.indices where !matchedInB[row] { inputsOnlyInB.append(Int32(row)) }
        }
        guard !rowsInA.isEmpty else {
            throw ComparisonError("\(nameA) and \(nameB) have no input in common (matched by input_id)")
        }
        self.rowsInA = rowsInA
        self.rowsInB = rowsInB
        self.inputsOnlyInA = inputsOnlyInA
        self.inputsOnlyInB = inputsOnlyInB

        let conceptsUnchanged = columnsInA.count == originalA.conceptCount
            && columnsInA.count == originalB.conceptCount
            && columnsInB.enumerated().allSatisfy { $0.offset == $0.element }
        let labels = Self.alignedLabels(of: originalA, rows: rowsInA, columns: columnsInA, identity: sameOrder && conceptsUnchanged)
        labelMismatches = Self.countLabelMismatches(
            labels: labels, b: originalB, rowsInB: rowsInB, columnsInB: columnsInB,
            identity: sameOrder && conceptsUnchanged)

        if sameOrder && conceptsUnchanged {
            a = originalA
            b = labelMismatches == 0 ? originalB : Self.aligned(
                originalB, rows: nil, columns: nil, labels: labels, mode: originalA.mode, concepts: originalA.concepts)
        } else {
            let concepts = columnsInA.map { originalA.concepts[$0] }
            a = Self.aligned(originalA, rows: rowsInA, columns: columnsInA, labels: labels, mode: originalA.mode, concepts: concepts)
            b = Self.aligned(originalB, rows: rowsInB, columns: columnsInB, labels: labels, mode: originalA.mode, concepts: concepts)
        }
    }

    /// A's labels of the aligned inputs, renumbered to the aligned concepts (CSR).
    private static func alignedLabels(of a: Evaluation, rows: [Int32], columns: [Int], identity: Bool)
        -> (offsets: [Int32], concepts: [Int32]) {
        if identity { return (a.labelOffsets, a.labelConcepts) }
        var newColumn = [Int32](repeating: -1, count: a.conceptCount)
        for (aligned, column) in columns.enumerated() { newColumn[column] = Int32(aligned) }
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(rows.count + 1)
        var concepts: [Int32] = []
        for row in rows {
            // A's labels are ascending and the aligned concepts keep A's order, so these stay ascending.
            for label in a.labels(of: Int(row)) where newColumn[Int(label)] >= 0 {
                concepts.append(newColumn[Int(label)])
            }
            offsets.append(Int32(concepts.count))
        }
        return (offsets, concepts)
    }

    /// The matched inputs whose labels in B (on the shared concepts) differ from A's.
    private static func countLabelMismatches(
        labels: (offsets: [Int32], concepts: [Int32]), b: Evaluation, rowsInB: [Int32], columnsInB: [Int], identity: Bool
    ) -> Int {
        if identity && labels.offsets == b.labelOffsets && labels.concepts == b.labelConcepts { return 0 }
        var alignedOfB = [Int32](repeating: -1, count: b.conceptCount)
        for (aligned, column) in columnsInB.enumerated() { alignedOfB[column] = Int32(aligned) }
        var mismatches = 0
        var fromB: [Int32] = []
        for (position, row) in rowsInB.enumerated() {
            fromB.removeAll(keepingCapacity: true)
            for label in b.labels(of: Int(row)) where alignedOfB[Int(label)] >= 0 { fromB.append(alignedOfB[Int(label)]) }
            fromB.sort()
            let fromA = labels.concepts[Int(labels.offsets[position]) ..< Int(labels.offsets[position + 1])]
            if !fromA.elementsEqual(fromB) { mismatches += 1 }
        }
        return mismatches
    }

    /// `evaluation` restricted to `rows` and `columns` (nil: all, in order), with `labels`.
    private static func aligned(
        _ evaluation: Evaluation, rows: [Int32]?, columns: [Int]?, labels: (offsets: [Int32], concepts: [Int32]),
        mode: EvaluationMode, concepts: [Concept]
    ) -> Evaluation {
        guard let rows, let columns else {
            return Evaluation(
                sourcePath: evaluation.sourcePath, format: evaluation.format, mode: mode, concepts: concepts,
                inputIDs: evaluation.inputIDs, scores: evaluation.scores,
                labelOffsets: labels.offsets, labelConcepts: labels.concepts,
                urls: evaluation.urls, widths: evaluation.widths, heights: evaluation.heights,
                fold: evaluation.fold, attributes: evaluation.attributes, clarifai: evaluation.clarifai)
        }
        let width = evaluation.conceptCount
        var scores = [Double]()
        scores.reserveCapacity(rows.count * columns.count)
        evaluation.scores.withUnsafeBufferPointer { source in
            for row in rows {
                let base = Int(row) * width
                for column in columns { scores.append(source[base + column]) }
            }
        }
        func pick<T>(_ values: [T]?) -> [T]? { values.map { values in rows.map { values[Int($0)] } } }
        func pick(_ attribute: CategoricalAttribute) -> CategoricalAttribute {
            CategoricalAttribute(name: attribute.name, values: attribute.values, codes: rows.map { attribute.codes[Int($0)] })
        }
        return Evaluation(
            sourcePath: evaluation.sourcePath, format: evaluation.format, mode: mode, concepts: concepts,
            inputIDs: rows.map { evaluation.inputIDs[Int($0)] }, scores: scores,
            labelOffsets: labels.offsets, labelConcepts: labels.concepts,
            urls: pick(evaluation.urls), widths: pick(evaluation.widths), heights: pick(evaluation.heights),
            fold: evaluation.fold.map(pick), attributes: evaluation.attributes.map(pick), clarifai: nil)
    }
}
