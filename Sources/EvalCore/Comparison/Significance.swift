import Foundation

/// Holm–Bonferroni adjustment of a family of p-values, as statsmodels'
/// `multipletests(p, method="holm")` returns it: sorted ascending, the i-th smallest (from 0) is
/// multiplied by (k − i), a running maximum keeps the order, and values are capped at 1.
public enum HolmAdjustment {
    /// The adjusted p-values, in the order given; nil entries are not part of the family and
    /// stay nil.
    public static func adjust(_ pValues: [Double?]) -> [Double?] {
        let family = pValues.indices.filter { pValues[$0] != nil }
        let ordered = family.sorted { pValues[$0]! < pValues[$1]! }
        var adjusted = [Double?](repeating: nil, count: pValues.count)
        var runningMaximum = 0.0
        for (rank, index) in ordered.enumerated() {
            runningMaximum = max(runningMaximum, Double(ordered.count - rank) * pValues[index]!)
            adjusted[index] = min(1, runningMaximum)
        }
        return adjusted
    }
}

/// McNemar's exact test on paired right/wrong outcomes, as statsmodels'
/// `mcnemar(table, exact=True)` computes it: p = min(1, 2 · P(X ≤ min(b, c))) with
/// X ~ Binomial(b + c, ½); p = 1 when b + c = 0.
public struct McNemarTest: Sendable, Equatable {
    /// Right in A and wrong in B.
    public let b: Int
    /// Wrong in A and right in B.
    public let c: Int
    public let pValue: Double

    public init(b: Int, c: Int) {
        self.b = b
        self.c = c
        pValue = min(1, 2 * BinomialHalf.cdf(min(b, c), trials: b + c))
    }
}

/// The binomial distribution with success probability ½.
enum BinomialHalf {
    /// P(X ≤ k) for X ~ Binomial(n, ½), k ≤ n / 2 or not.
    ///
    /// The largest term needed, C(n, k) / 2ⁿ, comes from `lgamma` in log space (no overflow or
    /// underflow of the factorials, relative error about n · 1e-16 in its logarithm's argument
    /// scale, far below 1e-6), and the smaller ones by the exact ratio
    /// C(n, i − 1) / C(n, i) = i / (n − i + 1), summed until they no longer change the total.
    static func cdf(_ k: Int, trials n: Int) -> Double {
        if k < 0 { return 0 }
        if k >= n { return 1 }
        // Summing the tail below k is only well conditioned when those terms decrease, i.e.
        // k ≤ n / 2; above the middle use the complement.
        if 2 * k > n { return 1 - cdf(n - k - 1, trials: n) }
        let logTerm = lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1) - Double(n) * M_LN2
        var term = exp(logTerm)
        var sum = term
        var i = k
        while i > 0 {
            term *= Double(i) / Double(n - i + 1)
            let next = sum + term
            if next == sum { break }
            sum = next
            i -= 1
        }
        return min(1, sum)
    }
}
