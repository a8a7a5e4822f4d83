import Foundation
import Testing
@testable import EvalCore

@Suite struct LoadingScoreParserTests {
    private func parse(_ text: String) -> Double? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { ScoreParser.score(UnsafeRawBufferPointer($0)) }
    }

    private func cStrtod(_ text: String) -> Double { text.withCString { strtod($0, nil) } }

    @Test func seventeenSignificantDigitsMatchStrtod() {
        var generator = SplitMix64(seed: 2024)
        for _ in 0 ..< 100_000 {
            let value = Double(generator.next() >> 11) / Double(1 << 53)
            for format in ["%.17g", "%.16g", "%.15g", "%.6g", "%.4f", "%.17e", "%.3e"] {
                let text = String(format: format, value)
                #expect(parse(text) == cStrtod(text), "\(text)")
            }
        }
    }

    /// 19-digit decimals within a few 10^-19 of the midpoint between two neighbouring Doubles:
    /// the cases where rounding twice (to Float80, then to Double) could go wrong.
    @Test func nineteenDigitDecimalsNearRoundingMidpointsMatchStrtod() {
        var generator = SplitMix64(seed: 11)
        var checked = 0
        for _ in 0 ..< 20_000 {
            let value = 0.1 + 0.9 * Double(generator.next() >> 11) / Double(1 << 53)
            #if arch(x86_64)
            let midpoint = Float80(value) + Float80(value.ulp) / 2
            let scaled = UInt64((midpoint * 1e19 as Float80).rounded())
            #else
            let scaled = UInt64((value * 1e19).rounded())
            #endif
            for offset in 0 ... 6 {
                let digits = String(scaled &+ UInt64(offset) &- 3)
                guard digits.count == 19 else { continue }
                let text = "0." + digits
                #expect(parse(text) == cStrtod(text), "\(text)")
                checked += 1
            }
        }
        #expect(checked > 100_000)
    }

    @Test func randomDecimalsOfEighteenAndNineteenDigitsMatchStrtod() {
        var generator = SplitMix64(seed: 12)
        for _ in 0 ..< 100_000 {
            let digits = String(generator.next() % 10_000_000_000_000_000_000)
            for text in ["0." + String(repeating: "0", count: 19 - digits.count) + digits, "0.0" + digits, "0.000" + digits + "e-3"] {
                #expect(parse(text) == cStrtod(text), "\(text)")
            }
        }
    }

    @Test func decimalsNearTheHalfThresholdDoNotFlip() {
        for text in ["0.5", "0.50000000000000000", "0.49999999999999994", "0.49999999999999999", "0.50000000000000011", "5e-1", "500e-3"] {
            let value = parse(text)
            #expect(value == cStrtod(text), "\(text)")
            #expect((value! >= 0.5) == (cStrtod(text) >= 0.5))
        }
    }

    @Test func acceptsTheNumberShapesOfCommonWriters() {
        #expect(parse("0") == 0)
        #expect(parse("1") == 1)
        #expect(parse("1.0") == 1)
        #expect(parse(".25") == 0.25)
        #expect(parse("0.") == 0)
        #expect(parse("+0.75") == 0.75)
        #expect(parse("-0")?.sign == .plus)
        #expect(parse(" 0.5 ") == 0.5)
        #expect(parse("2.39e-05") == 2.39e-05)
        #expect(parse("2.39E-05") == 2.39e-05)
        #expect(parse("4.9406564584124654e-324") == 4.9406564584124654e-324)
        #expect(parse("0.000000000000000000000000000001") == 1e-30)
        // Rounds to exactly 1, as strtod does, so it is a valid score.
        #expect(parse("1.00000000000000000000000000001") == 1)
    }

    @Test func rejectsEverythingElse() {
        for text in ["", " ", "nan", "NaN", "inf", "-inf", "1.5", "-0.5", "1e1", "abc", "0x1p-2", "1,5", "0.5.", "e5", ".", "-", "1e", "1e+", "0.5f", "１"] {
            #expect(parse(text) == nil, "\(text)")
        }
    }
}
