import EvalCore
import TermUI

/// The concepts of the diagnosis view in display order: those with advice first (most advice,
/// then lowest AUC), then the healthy ones in concept order.
/// What the diagnosis view needs beyond the diagnosis: the entry order, where each entry's
/// lines start and the width of the advice codes. Built once per diagnosis (in the background
/// job that computes it, `AnalysisRuntime`), never per frame or key: at 20,000 concepts
/// recomputing them on every key cost 96 ms of CPU.
public struct DiagnosisLayout: Sendable {
    public let order: [Int]
    /// `DiagnosisEntries.lineStarts` of `order`.
    public let starts: [Int]
    /// The widest advice code, at most 28 cells.
    public let codeWidth: Int

    public init(_ diagnosis: Diagnosis) {
        order = DiagnosisEntries.order(diagnosis)
        starts = DiagnosisEntries.lineStarts(diagnosis, order: order)
        var widest = 0
        for concept in diagnosis.concepts {
            for advice in concept.advice { widest = max(widest, CellWidth.of(TerminalText.safe(advice.code))) }
        }
        codeWidth = min(28, widest == 0 ? 10 : widest)
    }
}

public enum DiagnosisEntries {
    public static func order(_ diagnosis: Diagnosis) -> [Int] {
        let advised = diagnosis.concepts.filter { !$0.advice.isEmpty }.sorted { a, b in
            if a.advice.count != b.advice.count { return a.advice.count > b.advice.count }
            switch (a.auc, b.auc) {
            case let (x?, y?) where x != y: return x < y
            case (nil, .some): return false
            case (.some, nil): return true
            default: return a.concept < b.concept
            }
        }
        let healthy = diagnosis.concepts.filter { $0.advice.isEmpty }
        return (advised + healthy).map(\.concept)
    }

    /// The line of the concept list where each entry starts (a title line, one per advice),
    /// plus the total as the last element.
    public static func lineStarts(_ diagnosis: Diagnosis, order: [Int]) -> [Int] {
        var starts = [0]
        for concept in order { starts.append(starts.last! + 1 + diagnosis.concepts[concept].advice.count) }
        return starts
    }
}

/// One row of the slices view: an attribute's title row, or one of its values.
public enum SliceRow: Sendable, Equatable {
    case attribute(Int)
    case value(SliceRef)
}

public enum SliceRows {
    /// Every attribute's title row followed by its values (none for a skipped attribute).
    public static func rows(_ slices: Slices) -> [SliceRow] {
        var rows: [SliceRow] = []
        for (a, attribute) in slices.attributes.enumerated() {
            rows.append(.attribute(a))
            for v in attribute.values.indices { rows.append(.value(SliceRef(attribute: a, value: v))) }
        }
        return rows
    }

    /// The positions in `rows` of the value rows (what the selection moves over).
    public static func valueRows(_ rows: [SliceRow]) -> [Int] {
        rows.indices.filter { if case .value = rows[$0] { return true } else { return false } }
    }

    /// The concepts of a value's drill-down, worst first: by the slice's AUC minus the
    /// concept's overall AUC, undefined last.
    public static func drillOrder(_ slices: Slices, _ ref: SliceRef, overall: [Double?]) -> [Int] {
        let value = slices.attributes[ref.attribute].values[ref.value]
        func delta(_ c: Int) -> Double? {
            guard let a = value.curves[c].auc, let b = overall[c] else { return nil }
            return a - b
        }
        return value.curves.indices.sorted { x, y in
            switch (delta(x), delta(y)) {
            case let (a?, b?) where a != b: return a < b
            case (nil, .some): return false
            case (.some, nil): return true
            default: return x < y
            }
        }
    }
}
