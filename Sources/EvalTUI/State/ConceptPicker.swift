/// The concept picker that `r` opens: the concepts for one input, the model's strongest first.
/// Exclusive mode picks one (Enter); multilabel mode toggles labels on and off (Space) and
/// Enter confirms the set.
public struct ConceptPicker: Sendable, Equatable {
    public let inputID: String
    public let input: Int
    /// Concept indices in display order (the input's scores, high to low).
    public let order: [Int]
    public var cursor: Int
    /// The checked concepts (multilabel); in exclusive mode, the concept under the cursor.
    public var checked: Set<Int>
    public let multilabel: Bool

    public init(inputID: String, input: Int, order: [Int], preselected: [Int], multilabel: Bool) {
        self.inputID = inputID
        self.input = input
        self.order = order
        self.multilabel = multilabel
        self.checked = Set(preselected)
        self.cursor = preselected.first.flatMap { order.firstIndex(of: $0) } ?? 0
    }

    public var conceptUnderCursor: Int? { order.indices.contains(cursor) ? order[cursor] : nil }

    /// The concepts Enter would record, ascending.
    public var chosen: [Int] {
        multilabel ? checked.sorted() : conceptUnderCursor.map { [$0] } ?? []
    }

    public mutating func move(by delta: Int) {
        guard !order.isEmpty else { return }
        cursor = clamp(cursor.addingReportingOverflow(delta).partialValue, 0, order.count - 1)
    }

    public mutating func toggleUnderCursor() {
        guard multilabel, let c = conceptUnderCursor else { return }
        if checked.contains(c) { checked.remove(c) } else { checked.insert(c) }
    }
}
