/// The sum of doubles rounded once, to the nearest double (ties to even): Shewchuk's
/// non-overlapping partials with the final correction of Python's `math.fsum`.
///
/// Confident learning's per-class thresholds (the mean self-score of each class's labelled
/// inputs) decide, for an input scoring right at a threshold, whether it is a suspect. A running
/// sum depends on the order the inputs come in, and the summary's passes (`evaltop summarize`
/// and above all Spark, which adds partitions in whatever order they finish) cannot promise the
/// file's order; the correctly rounded sum is the same in every order, so the file, `summarize`
/// and Spark (`spark/evaltop_summary.py` sums the scores exactly as integers per binary
/// exponent, then rounds once) find the same thresholds to the last bit.
struct ExactSum: Sendable {
    /// Non-overlapping partials, increasing in magnitude (Shewchuk's `msum`).
    private var partials: [Double] = []
    /// Infinities and NaNs, added apart (as `math.fsum` does), so they still propagate.
    private var special = 0.0

    init() {}

    mutating func add(_ value: Double) {
        guard value.isFinite else {
            special += value
            return
        }
        var x = value
        var kept = 0
        for index in partials.indices {
            var y = partials[index]
            if abs(x) < abs(y) { swap(&x, &y) }
            let high = x + y
            let low = y - (high - x)
            if low != 0 {
                partials[kept] = low
                kept += 1
            }
            x = high
        }
        partials.removeSubrange(kept...)
        partials.append(x)
    }

    /// The correctly rounded sum (0 when nothing was added).
    var value: Double {
        if special != 0 || special.isNaN { return special }
        var n = partials.count
        guard n > 0 else { return 0 }
        n -= 1
        var high = partials[n]
        var low = 0.0
        while n > 0 {
            let x = high
            n -= 1
            let y = partials[n]
            high = x + y
            let yRounded = high - x
            low = y - yRounded
            if low != 0 { break }
        }
        // Half-way cases: the partials below decide which way (Python's `math_fsum_impl`).
        if n > 0 && ((low < 0 && partials[n - 1] < 0) || (low > 0 && partials[n - 1] > 0)) {
            let y = low * 2
            let x = high + y
            if y == x - high { high = x }
        }
        return high
    }
}
