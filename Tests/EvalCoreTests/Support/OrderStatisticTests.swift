import Testing
@testable import EvalCore

@Suite struct OrderStatisticTests {
    /// The k-th largest equals the sorted array's, for every k, with and without ties.
    @Test func kthLargestMatchesSorting() {
        var generator = SplitMix64(seed: 7)
        for trial in 0 ..< 300 {
            let count = 1 + Int(generator.next() % 60)
            let levels = trial % 3 == 0 ? 3 : 1_000_000  // a third of the arrays are mostly ties
            let values = (0 ..< count).map { _ in Double(generator.next() % UInt64(levels)) / Double(levels) - 0.5 }
            let descending = values.sorted(by: >)
            for k in 1 ... count {
                var scratch = values
                #expect(OrderStatistic.largest(k, of: &scratch) == descending[k - 1])
            }
        }
        var sorted = (0 ..< 1000).map(Double.init)
        #expect(OrderStatistic.largest(1, of: &sorted) == 999)
        var constant = [Double](repeating: 0.25, count: 1000)
        #expect(OrderStatistic.largest(500, of: &constant) == 0.25)
    }
}
