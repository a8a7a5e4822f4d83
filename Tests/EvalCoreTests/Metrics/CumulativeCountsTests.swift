import Testing
@testable import EvalCore

@Suite struct CumulativeCountsTests {
    /// The naive cumulative counts at each distinct score, descending.
    private func reference(_ scores: [Double], _ labels: [Bool]) -> (tp: [Int], fp: [Int]) {
        let distinct = Array(Set(scores)).sorted(by: >)
        let tp = distinct.map { t in zip(scores, labels).filter { $0.0 >= t && $0.1 }.count }
        let fp = distinct.map { t in zip(scores, labels).filter { $0.0 >= t && !$0.1 }.count }
        return (tp, fp)
    }

    /// Random and lookup agree with counting, for columns without ties, with a few ties and with
    /// many, including sizes at and around multiples of 64 (the rank directory's words).
    @Test func countsAtEveryDistinctScoreMatchCounting() {
        var generator = SplitMix64(seed: 3)
        for size in [0, 1, 2, 63, 64, 65, 127, 128, 129, 200, 640] {
            for levels in [2, 7, 50, 1_000_000_000] {
                let scores = (0 ..< size).map { _ in Double(generator.next() % UInt64(levels)) / Double(levels) }
                let labels = (0 ..< size).map { _ in generator.next() % 3 == 0 }
                let curve = ConceptCurve(scores: scores, isPositive: labels)
                let expected = reference(scores, labels)
                #expect(curve.counts.count == expected.tp.count)
                for k in 0 ..< expected.tp.count {
                    #expect(curve.counts.at(k) == (expected.tp[k], expected.fp[k]), "size \(size), levels \(levels), k \(k)")
                }
                var visited = 0
                curve.counts.forEach { k, tp, fp in
                    #expect(tp == expected.tp[k] && fp == expected.fp[k])
                    visited += 1
                }
                #expect(visited == expected.tp.count)
            }
        }
    }

    /// Without ties the counts cost bits per input, not bytes per distinct score.
    @Test func distinctScoresCostAboutTwoBitsPerInput() {
        let size = 100_000
        let scores = (0 ..< size).map { Double($0) / Double(size) }
        let curve = ConceptCurve(scores: scores, isPositive: (0 ..< size).map { $0 % 2 == 0 })
        #expect(curve.counts.byteCount <= size / 8 + size / 16 + 16)
        #expect(curve.counts.at(size - 1) == (size / 2, size / 2))
    }
}
