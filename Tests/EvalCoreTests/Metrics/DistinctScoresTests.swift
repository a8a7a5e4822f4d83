import Testing
@testable import EvalCore

/// The curves of a whole evaluation keep input indices instead of distinct scores (issue 11's
/// memory targets); these check that nothing about the numbers changes.
@Suite struct DistinctScoresTests {
    /// Columns that take the radix sort with the index in the key, where scores sharing the
    /// key's prefix must be told apart (or tied) by reading them back.
    private static func columns(count: Int) -> [(String, (inout SplitMix64) -> Double)] {
        let half = (0.5).bitPattern
        return [
            ("full precision", { Double.random(in: 0 ... 1, using: &$0) }),
            // Within a few thousand ulps of 0.5 (both binades): all share few prefixes.
            ("neighbouring doubles", { Double(bitPattern: half - 700 + UInt64.random(in: 0 ..< 1500, using: &$0)) }),
            // Off the 4-decimal grid, about two inputs per score: exact ties in every run.
            ("ties", { Double(Int.random(in: 0 ... count / 2, using: &$0)) / Double(count / 2) / 1.000_000_1 }),
            // Neighbours of a few tied values: runs holding both ties and different scores.
            ("tied neighbours", { Double(bitPattern: (0.3).bitPattern + UInt64.random(in: 0 ..< 600, using: &$0) * 3) }),
            ("six decimals", { Double(Int.random(in: 0 ... 1_000_000, using: &$0)) / 1_000_000 }),
            // Six binades (0.01 to 0.84): at 70,000 inputs the long-column sort drops 4 more score
            // bits to fit three passes (`SortKeyLayout.fitted`), and these scores differ in
            // exactly those bits around 500 anchors, so the shorter prefixes hold runs of
            // different scores (and ties) that only the exact bits tell apart.
            ("fitted range", {
                let anchor = (0.01 + Double(Int.random(in: 0 ..< 500, using: &$0)) / 600).bitPattern & ~0xF_FFFF
                return Double(bitPattern: anchor | UInt64.random(in: 0 ..< 64, using: &$0) << 14)
            }),
        ]
    }

    private static func evaluation(inputs: Int, seed: UInt64) -> (Evaluation, [[Double]], [[Int]]) {
        var random = SplitMix64(seed: seed)
        let columns = columns(count: inputs)
        var scores = [[Double]](repeating: [], count: inputs)
        for input in 0 ..< inputs { scores[input] = columns.map { $0.1(&random) } }
        let labels = (0 ..< inputs).map { _ in columns.indices.filter { _ in Bool.random(using: &random) } }
        let evaluation = FixtureCSV.evaluation(concepts: columns.map(\.0), scores: scores, labels: labels)
        return (evaluation, scores, labels)
    }

    /// Every path (fused keys, extracted keys, narrow and wide indices) gives the comparison
    /// sort's curve, with the distinct scores kept as indices.
    @Test(arguments: [3_000, 70_000])
    func indexedCurvesEqualTheComparisonSort(inputs: Int) {
        let (evaluation, scores, labels) = Self.evaluation(inputs: inputs, seed: UInt64(inputs))
        let fused = CurveBuilder.curves(of: evaluation, storage: .inputIndices)
        let extracted = CurveBuilder.curves(of: evaluation, storage: .inputIndices, fusedKeyBudget: 0)
        for concept in 0 ..< evaluation.conceptCount {
            let reference = CurveBuilder.comparisonSortedCurve(scores: scores.map { $0[concept] },
                                                               isPositive: labels.map { $0.contains(concept) })
            for curve in [fused[concept], extracted[concept]] {
                let name = evaluation.concepts[concept].name
                #expect(curve.thresholds == reference.thresholds, "\(name)")
                #expect(curve.cumulativeTP == reference.cumulativeTP && curve.cumulativeFP == reference.cumulativeFP, "\(name)")
                #expect(curve.auc == reference.auc && curve.averagePrecision == reference.averagePrecision, "\(name)")
                // Sorted columns (more than one distinct score per 8 inputs; the others are
                // counted and keep values): two bytes per distinct score up to 65,536 inputs,
                // four beyond, plus the anchors, a fingerprint each and a shift per anchor.
                if curve.thresholds.count > inputs / CurveBuilder.inputsPerDistinctScore {
                    let indexBytes = inputs <= 65_536 ? 2 : 4
                    let count = curve.thresholds.count
                    #expect(curve.thresholds.byteCount <= count * (indexBytes + 1) + count / 2 + count / 16 + count / 32 + 17, "\(name)")
                }
                // Lookups through the anchors and fingerprints: at every distinct score, its
                // neighbours (which share fingerprints in the tightly packed columns), beyond both
                // ends, and -0.
                let values = reference.thresholds.allValues()
                var probes = [-1.0, -0.0, 0, 1, 2, .nan, .infinity, -.infinity, .leastNonzeroMagnitude]
                for value in values.prefix(3_000) { probes += [value, value.nextUp, value.nextDown] }
                var misses = 0
                for probe in probes where curve.thresholdCount(atOrAbove: probe) != Self.countDescending(values, atOrAbove: probe) {
                    misses += 1
                }
                #expect(misses == 0, "\(name)")
            }
        }
    }

    /// Keys extracted for the columns left to sort after the counting pass: those columns are
    /// not contiguous (counted 4-decimal columns lie between them), each input's labels are
    /// matched to them once as a mask, and with a subset the rows are read in its order. Every
    /// curve equals the comparison sort's, and the labels land on their own columns.
    @Test func extractedColumnsBetweenCountedOnesKeepTheirLabels() {
        var random = SplitMix64(seed: 5)
        let inputs = 2_000
        // Concepts 0, 2, 3, 5: full precision (sorted); 1 and 4: four decimals (counted).
        let counted: Set = [1, 4]
        let scores = (0 ..< inputs).map { _ in
            (0 ..< 6).map { counted.contains($0) ? Double(Int.random(in: 0 ... 50, using: &random)) / 10_000
                                                 : Double.random(in: 0 ... 1, using: &random) }
        }
        // Labels on the sorted columns differ per concept (0: every third input, 5: none, …).
        let labels = (0 ..< inputs).map { input in
            [0, 1, 2, 3, 4].filter { concept in
                switch concept {
                case 0: return input % 3 == 0
                case 3: return input % 7 < 2
                default: return Bool.random(using: &random)
                }
            }
        }
        let evaluation = FixtureCSV.evaluation(concepts: (0 ..< 6).map { "c\($0)" }, scores: scores, labels: labels)
        let subset = (0 ..< inputs).filter { $0 % 5 != 1 }.reversed().map(Int32.init)
        for (rows, curves) in [(Array(0 ..< inputs), CurveBuilder.curves(of: evaluation, storage: .inputIndices, fusedKeyBudget: 0)),
                               (subset.map(Int.init), CurveBuilder.curves(of: evaluation, subset: subset, fusedKeyBudget: 0))] {
            for concept in 0 ..< 6 {
                let reference = CurveBuilder.comparisonSortedCurve(scores: rows.map { scores[$0][concept] },
                                                                   isPositive: rows.map { labels[$0].contains(concept) })
                let curve = curves[concept]
                #expect(curve.positives == reference.positives && curve.negatives == reference.negatives, "c\(concept)")
                #expect(curve.thresholds == reference.thresholds, "c\(concept)")
                #expect(curve.cumulativeTP == reference.cumulativeTP && curve.cumulativeFP == reference.cumulativeFP, "c\(concept)")
                #expect(curve.auc == reference.auc && curve.averagePrecision == reference.averagePrecision, "c\(concept)")
            }
            #expect(curves[5].positives == 0 && curves[0].positives == rows.count { $0 % 3 == 0 })
        }
    }

    /// The values ≥ `probe` among values sorted descending (a binary search: the columns are long).
    private static func countDescending(_ values: [Double], atOrAbove probe: Double) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] >= probe { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Threshold lookups through the anchors agree with counting, at every distinct score, its
    /// neighbours, and beyond both ends, for sizes around multiples of the anchor stride.
    @Test func lookupsAgreeWithCounting() {
        var random = SplitMix64(seed: 11)
        for inputs in [1, 2, 15, 16, 17, 31, 32, 33, 100, 256, 257, 272, 513, 4_100] {
            let scores = (0 ..< inputs).map { _ in [Double.random(in: 0 ... 1, using: &random)] }
            let labels = (0 ..< inputs).map { _ in Bool.random(using: &random) ? [0] : [] }
            let evaluation = FixtureCSV.evaluation(concepts: ["c"], scores: scores, labels: labels)
            // Up to 16 inputs the counter takes the column (values); beyond, the radix sort (indices).
            let curve = CurveBuilder.curves(of: evaluation, storage: .inputIndices)[0]
            let values = curve.thresholds.allValues()
            #expect(values == scores.map { $0[0] }.sorted(by: >))
            #expect(inputs <= 16 || curve.thresholds.byteCount < values.count * 8, "\(inputs) inputs keep indices")
            var probes = [-1.0, 0, 1, 2, .nan, .infinity, -.infinity]
            for value in values { probes += [value, value.nextUp, value.nextDown] }
            for probe in probes {
                #expect(curve.thresholdCount(atOrAbove: probe) == values.count { $0 >= probe }, "\(inputs) inputs, \(probe)")
            }
        }
    }

    /// A literal and an array of values compare equal to indexed scores with the same values.
    @Test func equalityIsByValue() {
        let evaluation = FixtureCSV.evaluation(
            concepts: ["a"], scores: (0 ..< 40).map { [Double($0) / 40 + 1e-9] }, labels: (0 ..< 40).map { $0 % 3 == 0 ? [0] : [] })
        let indexed = CurveBuilder.curves(of: evaluation, storage: .inputIndices)[0].thresholds
        let plain = DistinctScores(values: (0 ..< 40).reversed().map { Double($0) / 40 + 1e-9 })
        #expect(indexed == plain)
        #expect(indexed != [0.5])
        #expect(Array(indexed) == indexed.allValues())
    }
}
