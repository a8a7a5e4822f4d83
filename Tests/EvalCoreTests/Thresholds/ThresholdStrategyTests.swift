import Foundation
import Testing
@testable import EvalCore

/// Each strategy on cases worked out by hand: ties, no positives, infeasible targets.
@Suite struct ThresholdStrategyTests {
    /// Scores 0.9+, 0.8+, 0.8−, 0.7+, 0.3−, 0.3+ (P = 4, N = 2). Distinct thresholds, descending,
    /// with (TP, FP): 0.9 (1, 0), 0.8 (2, 1), 0.7 (3, 1), 0.3 (4, 2).
    let curve = ConceptCurve(scores: [0.9, 0.8, 0.8, 0.7, 0.3, 0.3],
                             isPositive: [true, true, false, true, false, true])

    private func chosen(_ strategy: String, _ curve: ConceptCurve? = nil) throws -> Double? {
        try ThresholdStrategy(parsing: strategy).suggestion(for: curve ?? self.curve, concept: 0).threshold
    }

    @Test func maxF1() throws {
        // F1: 2/5, 4/7, 6/8, 8/10 → 0.3.
        #expect(try chosen("max-f1") == 0.3)
        let suggestion = ThresholdStrategy.maxF1.suggestion(for: curve, concept: 3)
        #expect(suggestion.concept == 3)
        #expect(suggestion.counts == ConfusionCounts(tp: 4, fp: 2, fn: 0, tn: 0))
    }

    @Test func maxF1TieGoesToTheHighestThreshold() throws {
        // 0.9: TP1 FP0 FN1 → 2/3; 0.7: 1/2; 0.6: 2/5; 0.5: TP2 FP2 FN0 → 4/6 = 2/3.
        let tied = ConceptCurve(scores: [0.9, 0.7, 0.6, 0.5], isPositive: [true, false, false, true])
        #expect(try chosen("max-f1", tied) == 0.9)
    }

    @Test func youdenTieGoesToTheHighestThreshold() throws {
        // TPR − FPR: 0.25, 0, 0.25, 0 → 0.9 and 0.7 tie; 0.9 wins.
        #expect(try chosen("youden") == 0.9)
    }

    @Test func youdenWithoutNegativesMaximisesRecall() throws {
        let onlyPositives = ConceptCurve(scores: [0.9, 0.2], isPositive: [true, true])
        #expect(try chosen("youden", onlyPositives) == 0.2)
    }

    @Test func cost() throws {
        // R = 1: FP + FN = 3, 3, 2, 2 → 0.7 (tie with 0.3). R = 5: 3, 7, 6, 10 → 0.9.
        #expect(try chosen("cost:1") == 0.7)
        #expect(try chosen("cost:5") == 0.9)
        // R = 0: false positives are free → FN only: 3, 2, 1, 0 → 0.3.
        #expect(try chosen("cost:0") == 0.3)
    }

    @Test func precisionTarget() throws {
        // Precision 1, 2/3, 3/4, 4/6. ≥ 0.75: 0.9 (recall ¼) and 0.7 (recall ¾) → 0.7.
        #expect(try chosen("precision:0.75") == 0.7)
        #expect(try chosen("precision:1") == 0.9)
        #expect(try chosen("precision:0") == 0.3)
    }

    @Test func recallTarget() throws {
        // Recall ¼, ½, ¾, 1. ≥ 0.5: precision 2/3, 3/4, 4/6 → 0.7. ≥ 1: only 0.3.
        #expect(try chosen("recall:0.5") == 0.7)
        #expect(try chosen("recall:1") == 0.3)
        #expect(try chosen("recall:0") == 0.9)
    }

    @Test func infeasibleTargetsGiveNil() throws {
        // Both inputs at 0.9, one positive: precision ½ at the only candidate.
        let coinFlip = ConceptCurve(scores: [0.9, 0.9], isPositive: [true, false])
        #expect(try chosen("precision:0.6", coinFlip) == nil)
        let suggestion = try ThresholdStrategy(parsing: "precision:0.6").suggestion(for: coinFlip, concept: 0)
        #expect(suggestion.counts == nil)
        #expect(try chosen("precision:0.5", coinFlip) == 0.9)
    }

    @Test func noPositivesGivesNilForEveryStrategy() throws {
        let none = ConceptCurve(scores: [0.9, 0.4, 0.1], isPositive: [false, false, false])
        for strategy in ["max-f1", "youden", "cost:1", "precision:0", "recall:0"] {
            #expect(try chosen(strategy, none) == nil, "\(strategy)")
        }
        let empty = ConceptCurve(scores: [], isPositive: [])
        #expect(try chosen("max-f1", empty) == nil)
    }

    @Test func parsing() throws {
        #expect(try ThresholdStrategy(parsing: "max-f1") == .maxF1)
        #expect(try ThresholdStrategy(parsing: "youden") == .youden)
        #expect(try ThresholdStrategy(parsing: "cost:5") == .cost(ratio: 5))
        #expect(try ThresholdStrategy(parsing: "precision:0.9") == .precision(minimum: 0.9))
        #expect(try ThresholdStrategy(parsing: "recall:0.8") == .recall(minimum: 0.8))
        for text in ["max-f1", "youden", "cost:5", "cost:0.25", "precision:0.9", "recall:1"] {
            #expect(try ThresholdStrategy(parsing: text).description == text)
        }
    }

    @Test func parsingErrorsSayWhatIsWrong() {
        func reason(_ text: String) -> String? {
            do {
                _ = try ThresholdStrategy(parsing: text)
                return nil
            } catch {
                return error.description
            }
        }
        #expect(reason("f2")?.contains("unknown strategy") == true)
        #expect(reason("precision")?.contains("needs a value") == true)
        #expect(reason("precision:")?.contains("needs a value") == true)
        #expect(reason("precision:high")?.contains("'high' is not a number") == true)
        #expect(reason("precision:1.5")?.contains("between 0 and 1") == true)
        #expect(reason("recall:-0.1")?.contains("between 0 and 1") == true)
        #expect(reason("cost:-1")?.contains("≥ 0") == true)
        #expect(reason("cost:inf")?.contains("not a number") == true)
        // Issue 12: hex floats are not decimals (Double("0x10") would read 16).
        #expect(reason("cost:0x10")?.contains("'0x10' is not a number") == true)
        #expect(reason("precision:0x1p-1")?.contains("not a number") == true)
        #expect(reason("youden:2")?.contains("takes no value") == true)
        #expect(reason("bogus")?.contains("expected max-f1, youden") == true)
    }

    @Test func applyingSuggestionsSetsOverridesAndKeepsTheRest() {
        let base = Thresholds(global: 0.5, perConcept: [1: 0.2])
        let result = base.applying([
            ThresholdSuggestion(concept: 0, threshold: 0.7, counts: nil),
            ThresholdSuggestion(concept: 1, threshold: nil, counts: nil),
            ThresholdSuggestion(concept: 2, threshold: 0.1, counts: nil),
        ])
        #expect(result == Thresholds(global: 0.5, perConcept: [0: 0.7, 1: 0.2, 2: 0.1]))
    }

    /// Without ties the strategies that grow with each positive visit only the ends of runs of
    /// positives (`CumulativeCounts.forEachRunEnd`): the same choice as every point, on
    /// columns long enough to cross the 64-input words, with runs at the words' edges.
    @Test func runEndsChooseWhatEveryPointChooses() throws {
        var random = SplitMix64(seed: 91)
        var checked = 0
        for round in 0 ..< 300 {
            let n = Int.random(in: 1 ... 300, using: &random)
            let scores = (0 ..< n).map { Double($0 + 1) / Double(n + 1) }.shuffled(using: &random)
            // Long runs of one label now and then, so that runs end on and across word edges.
            let share = [0.05, 0.5, 0.95][round % 3]
            let labels = (0 ..< n).map { _ in Double.random(in: 0 ..< 1, using: &random) < share }
            let curve = ConceptCurve(scores: scores, isPositive: labels)
            let positives = labels.filter { $0 }.count
            let negatives = n - positives
            for strategy in [ThresholdStrategy.maxF1, .youden, .cost(ratio: 0), .cost(ratio: 3), .precision(minimum: 0.8)] {
                var best: (k: Int, value: Double)?
                for k in 0 ..< curve.counts.count {
                    let (tp, fp) = curve.counts.at(k)
                    guard positives > 0 else { break }
                    let value: Double?
                    switch strategy {
                    case .maxF1: value = 2 * Double(tp) / Double(tp + fp + positives)
                    case .youden: value = negatives > 0 ? Double(tp * negatives - fp * positives) : Double(tp) / Double(positives)
                    case .cost(let r): value = -(r * Double(fp) + Double(positives - tp))
                    case .precision(let p): value = Double(tp) / Double(tp + fp) >= p ? Double(tp) / Double(positives) : nil
                    case .recall: value = nil
                    }
                    if let value, best == nil || value > best!.value { best = (k, value) }
                }
                #expect(strategy.chosenIndex(in: curve) == best?.k, "\(strategy) n \(n) round \(round)")
                if best != nil { checked += 1 }
            }
        }
        #expect(checked > 1_000)
    }

    @Test func scanningAllCandidatesAgreesWithBruteForce() throws {
        // Brute force over every distinct score with counts at each, on random tie-heavy columns.
        var random = SplitMix64(seed: 55)
        for _ in 0 ..< 200 {
            let n = Int.random(in: 1 ... 40, using: &random)
            let scores = (0 ..< n).map { _ in Double(Int.random(in: 0 ... 6, using: &random)) / 6 }
            let labels = (0 ..< n).map { _ in Bool.random(using: &random) }
            let curve = ConceptCurve(scores: scores, isPositive: labels)
            let strategy = [ThresholdStrategy.maxF1, .cost(ratio: 2), .precision(minimum: 0.6), .recall(minimum: 0.7)]
                .randomElement(using: &random)!
            var best: (Double, Double)?
            for t in Set(scores).sorted(by: >) {
                let counts = curve.counts(at: t)
                guard counts.labeled > 0 else { break }
                let value: Double?
                switch strategy {
                case .maxF1: value = counts.f1
                case .cost(let r): value = -(r * Double(counts.fp) + Double(counts.fn))
                case .precision(let p): value = counts.precision >= p ? counts.recall : nil
                case .recall(let r): value = counts.recall >= r ? counts.precision : nil
                case .youden: value = nil
                }
                if let value, best == nil || value > best!.1 { best = (t, value) }
            }
            #expect(strategy.suggestion(for: curve, concept: 0).threshold == best?.0, "\(strategy) \(scores) \(labels)")
        }
    }
}
