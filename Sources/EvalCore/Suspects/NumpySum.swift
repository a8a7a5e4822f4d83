/// numpy's pairwise summation (`pairwise_sum` in numpy's `loops_utils.h.src`), which `np.sum`
/// and `np.mean` use along a contiguous axis. `LabelErrorEstimate` adds in the same order as
/// cleanlab's numpy code so that its rounding, and so the estimate, agree to the last bit.
/// The array is given sparsely: the non-zero entries of a virtual dense array of `count` values,
/// sorted by index (zeros change no partial sum).
enum NumpySum {
    /// numpy's `PW_BLOCKSIZE`.
    static let blockSize = 128

    static func pairwise(_ entries: [(index: Int, value: Double)], count: Int) -> Double {
        pairwise(entries[...], from: 0, count: count)
    }

    private static func pairwise(_ entries: ArraySlice<(index: Int, value: Double)>, from start: Int, count n: Int) -> Double {
        if entries.isEmpty { return 0 }
        if n < 8 {
            var sum = 0.0
            for entry in entries { sum += entry.value }
            return sum
        }
        if n <= blockSize {
            // Eight running sums over indices ≡ k (mod 8), then the rest one by one.
            let whole = n - n % 8
            var r = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
            var tail: [Double] = []
            for entry in entries {
                let offset = entry.index - start
                guard offset < whole else { tail.append(entry.value); continue }
                switch offset % 8 {
                case 0: r.0 += entry.value
                case 1: r.1 += entry.value
                case 2: r.2 += entry.value
                case 3: r.3 += entry.value
                case 4: r.4 += entry.value
                case 5: r.5 += entry.value
                case 6: r.6 += entry.value
                default: r.7 += entry.value
                }
            }
            var sum = ((r.0 + r.1) + (r.2 + r.3)) + ((r.4 + r.5) + (r.6 + r.7))
            for value in tail { sum += value }
            return sum
        }
        var half = n / 2
        half -= half % 8
        let split = entries.firstIndex { $0.index >= start + half } ?? entries.endIndex
        return pairwise(entries[..<split], from: start, count: half)
            + pairwise(entries[split...], from: start + half, count: n - half)
    }
}
