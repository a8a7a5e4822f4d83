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
