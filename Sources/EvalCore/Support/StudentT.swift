import Foundation

/// Student's t distribution, for the p-value of DeLong's unpaired test (R's `pt`, which pROC
/// calls). Written here because no library on this machine's list offers it (swift-numerics has
/// no special functions beyond the elementary ones); it is the regularized incomplete beta
/// function by its continued fraction (Lentz's method), the textbook route, checked against R
/// in `UnpairedDeLongTests`.
public enum StudentT {
    /// P(T ≤ t) for T with `degreesOfFreedom` degrees (> 0, not necessarily whole), as R's
    /// `pt(t, df)` computes it (through the incomplete beta function, at every df).
    public static func cdf(_ t: Double, degreesOfFreedom df: Double) -> Double {
        guard t.isFinite else { return t.isNaN ? .nan : (t > 0 ? 1 : 0) }
        guard df > 0, !df.isNaN else { return .nan }
        // P(|T| ≥ |t|) = I_x(df/2, 1/2) with x = df / (df + t²); 1 − x = t² / (df + t²) is
        // computed directly so that neither end loses digits.
        let square = t * t
        let x = df / (df + square)
        let oneMinusX = square / (df + square)
        let twoSided = IncompleteBeta.regularized(x: x, oneMinusX: oneMinusX, a: df / 2, b: 0.5)
        return t > 0 ? 1 - twoSided / 2 : twoSided / 2
    }

    /// 2 · P(T ≥ |t|): the two-sided p-value of a t statistic (R's `2 * pt(-abs(t), df)`).
    public static func twoSidedP(_ t: Double, degreesOfFreedom df: Double) -> Double {
        2 * cdf(-abs(t), degreesOfFreedom: df)
    }
}

/// The regularized incomplete beta function I_x(a, b).
enum IncompleteBeta {
    /// Continued-fraction terms before giving up; the fraction needs about √max(a, b) of them
    /// (a few thousand for Student's t with ten million degrees of freedom).
    static let maximumTerms = 100_000

    /// I_x(a, b) for a, b > 0 and x in [0, 1], given both x and 1 − x (either may be the
    /// accurate one).
    static func regularized(x: Double, oneMinusX: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if oneMinusX <= 0 { return 1 }
        // exp(a ln x + b ln(1 − x)) / B(a, b), in logarithms; each logarithm is taken of whichever
        // of x and 1 − x is accurate.
        let logX = x < 0.5 ? log(x) : log1p(-oneMinusX)
        let logOneMinusX = oneMinusX < 0.5 ? log(oneMinusX) : log1p(-x)
        let logFront = a * logX + b * logOneMinusX - logBeta(a, b)
        // The fraction converges fast for x < (a + 1) / (a + b + 2); beyond, use the symmetry
        // I_x(a, b) = 1 − I_{1−x}(b, a).
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(x: oneMinusX, a: b, b: a) / b
    }

    /// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). With one argument large (Student's t with
    /// many degrees of freedom: a = df / 2, b = ½), `lgamma` of it is large (1.6e6 at a = 1.5e5)
    /// and the difference ln Γ(a) − ln Γ(a + b) would keep only its absolute error, about 1e-10;
    /// there the difference comes from Stirling's series instead, term by term, accurate to
    /// about 1e-15.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let big = max(a, b), small = min(a, b)
        guard big >= 100 else { return lgamma(a) + lgamma(b) - lgamma(a + b) }
        // ln Γ(x) = (x − ½) ln x − x + ½ ln 2π + c(x), so
        // ln Γ(big) − ln Γ(big + small) = −(big − ½) ln(1 + small/big) − small ln(big + small) + small + c(big) − c(big + small).
        func stirlingCorrection(_ x: Double) -> Double {
            let inverse = 1 / x, square = inverse * inverse
            return inverse * (1.0 / 12 - square * (1.0 / 360 - square * (1.0 / 1260 - square / 1680)))
        }
        let difference = -(big - 0.5) * log1p(small / big) - small * log(big + small) + small
            + stirlingCorrection(big) - stirlingCorrection(big + small)
        return lgamma(small) + difference
    }

    /// The continued fraction of I_x(a, b) (the even and odd steps of its standard form),
    /// evaluated by Lentz's method.
    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-16
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1 ... maximumTerms {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < epsilon { break }
        }
        return h
    }
}
