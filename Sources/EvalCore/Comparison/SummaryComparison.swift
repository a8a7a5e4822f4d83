import Foundation

/// Two evaluation summaries (`.evalsum`, issue 13) compared concept by concept: `evaltop compare
/// A.evalsum B.evalsum`. Every difference is B − A.
///
/// A summary keeps each concept's score table, not its inputs, so what needs the inputs paired
/// is not here: DeLong's paired test becomes pROC's unpaired one (`UnpairedDeLong`), and
/// McNemar's test, fixed and broken inputs, and label mismatches are left out (the text and the
/// JSON say so). Concepts are matched by name; each summary is judged by its own labels.
public final class SummaryComparison: Sendable {
    public let a: SummaryMetrics
    public let b: SummaryMetrics
    /// Shared concepts, in A's order.
    public let concepts: [SummaryConceptComparison]
    public let conceptsOnlyInA: [String]
    public let conceptsOnlyInB: [String]
    public let macroAUCA: Double?
    public let macroAUCB: Double?
    public let significantlyBetter: Int
    public let significantlyWorse: Int

    public init(a: SummaryMetrics, b: SummaryMetrics) throws {
        let summaryA = a.summary, summaryB = b.summary
        let nameA = TerminalSafe.escape(summaryA.source), nameB = TerminalSafe.escape(summaryB.source)
        guard summaryA.mode == summaryB.mode else {
            throw ComparisonError("\(nameA) is \(summaryA.mode.rawValue) but \(nameB) is \(summaryB.mode.rawValue); "
                + "a summary's mode was fixed when it was made, so summarize both in one mode")
        }
        var indexInB: [String: Int] = [:]
        for (index, concept) in summaryB.concepts.enumerated() where indexInB[concept.name] == nil {
            indexInB[concept.name] = index
        }
        let shared = summaryA.concepts.indices.compactMap { indexA in
            indexInB[summaryA.concepts[indexA].name].map { (a: indexA, b: $0) }
        }
        guard !shared.isEmpty else {
            throw ComparisonError("\(nameA) and \(nameB) have no concept in common (matched by name)")
        }
        let namesA = Set(summaryA.concepts.map(\.name))
        conceptsOnlyInA = summaryA.concepts.map(\.name).filter { indexInB[$0] == nil }
        conceptsOnlyInB = summaryB.concepts.map(\.name).filter { !namesA.contains($0) }
        let tests = shared.map { UnpairedDeLong.test(a: summaryA.tables[$0.a], b: summaryB.tables[$0.b]) }
        let holm = HolmAdjustment.adjust(tests.map { $0?.pValue })
        concepts = shared.enumerated().map { position, indices in
            SummaryConceptComparison(
                index: position, concept: summaryA.concepts[indices.a], indexA: indices.a, indexB: indices.b,
                curveA: a.curves[indices.a], curveB: b.curves[indices.b], test: tests[position], pHolm: holm[position])
        }
        self.a = a
        self.b = b
        macroAUCA = MeanAndStd.of(concepts.map(\.aucA)).mean
        macroAUCB = MeanAndStd.of(concepts.map(\.aucB)).mean
        significantlyBetter = concepts.count { $0.change() == .better }
        significantlyWorse = concepts.count { $0.change() == .worse }
    }

    /// F1 of each shared concept at `thresholds` (indexed by the row's `index`), in A and in B.
    public func f1(at thresholds: Thresholds) -> [(a: Double?, b: Double?)] {
        concepts.map { row in
            let threshold = thresholds.value(for: row.index)
            return (a.curves[row.indexA].counts(at: threshold).f1, b.curves[row.indexB].counts(at: threshold).f1)
        }
    }
}

/// One shared concept of two summaries.
public struct SummaryConceptComparison: Sendable, ConceptChangeRow {
    public let index: Int
    public let concept: Concept
    /// The concept's position in each summary.
    public let indexA: Int
    public let indexB: Int
    public let aucA: Double?
    public let aucB: Double?
    public let averagePrecisionA: Double?
    public let averagePrecisionB: Double?
    public let positivesA: Int, negativesA: Int
    public let positivesB: Int, negativesB: Int
    /// pROC's unpaired DeLong test; nil when either side lacks two positives or two negatives.
    public let test: UnpairedDeLongResult?
    public let pHolm: Double?

    init(index: Int, concept: Concept, indexA: Int, indexB: Int, curveA: ConceptCurve, curveB: ConceptCurve,
         test: UnpairedDeLongResult?, pHolm: Double?) {
        self.index = index
        self.concept = concept
        self.indexA = indexA
        self.indexB = indexB
        aucA = curveA.auc
        aucB = curveB.auc
        averagePrecisionA = curveA.averagePrecision
        averagePrecisionB = curveB.averagePrecision
        positivesA = curveA.positives
        negativesA = curveA.negatives
        positivesB = curveB.positives
        negativesB = curveB.negatives
        self.test = test
        self.pHolm = pHolm
    }

    public var deltaAUC: Double? {
        guard let aucA, let aucB else { return nil }
        return aucB - aucA
    }
}
