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

    /// The Eisel–Lemire table is ⌊2^(z + 127) / 5^k⌋ + 1 with 2^(z−1) < 5^k ≤ 2^z: recomputed
    /// here by binary long division (5^k < 2^63 for k ≤ 27, so the remainder never overflows).
    @Test func eiselLemireTableIsTheRoundedUpReciprocalOfFivePowers() {
        for exponent in 1 ... ScoreParser.largestExtendedExponent {
            var power: UInt64 = 1
            for _ in 0 ..< exponent { power *= 5 }
            let z = 64 - (power - 1).leadingZeroBitCount  // smallest z with 2^z ≥ power
            var remainder: UInt64 = 1
            var high: UInt64 = 0
            var low: UInt64 = 0
            for _ in 0 ..< z + 127 {
                remainder <<= 1
                let bit: UInt64 = remainder >= power ? 1 : 0
                if bit == 1 { remainder -= power }
                high = high << 1 | low >> 63
                low = low << 1 | bit
            }
            let (sum, carry) = low.addingReportingOverflow(1)
            let expected = (high: high &+ (carry ? 1 : 0), low: sum)
            let table = ScoreParser.reciprocalPowerOfFive(exponent)
            #expect(table.high == expected.high && table.low == expected.low, "5^-\(exponent)")
            #expect(table.high >> 63 == 1)
        }
    }

    /// The Eisel–Lemire path on its own, for every exponent it takes: random mantissas of 1–19
    /// digits, and 17–19-digit decimals within a few units of a midpoint between two Doubles.
    /// Each answer it gives equals strtod's; from 10^-5 on (where no quotient can fall exactly
    /// between two Doubles) it declines (nil) almost never.
    @Test func eiselLemireQuotientsMatchStrtodAtEveryExponent() {
        var generator = SplitMix64(seed: 77)
        var answered = 0
        var asked = 0
        func check(_ mantissa: UInt64, _ exponent: Int) {
            let text = "\(mantissa)e-\(exponent)"
            if exponent >= 5 { asked += 1 }
            guard let value = ScoreParser.eiselLemireQuotient(mantissa, exponent) else { return }
            if exponent >= 5 { answered += 1 }
            #expect(value == cStrtod(text), "\(text)")
        }
        for exponent in 1 ... ScoreParser.largestExtendedExponent {
            for _ in 0 ..< 4_000 {
                let digits = Int(generator.next() % 19) + 1
                var bound: UInt64 = 1
                for _ in 0 ..< digits { bound = bound &* 10 }
                check(1 + generator.next() % (bound - 1), exponent)
            }
            #if arch(x86_64)
            // Midpoints m·10^-e of two neighbouring Doubles, with m of 17–19 digits.
            for _ in 0 ..< 2_000 {
                let digits = 17 + Int(generator.next() % 3)
                let magnitude = Float80(sign: .plus, exponent: 0, significand: 1) * pow(10 as Float80, Float80(digits - exponent - 1))
                let value = Double(magnitude * (1 + 8 * Float80(generator.next() >> 11) / Float80(1 << 53)))
                let midpoint = Float80(value) + Float80(value.ulp) / 2
                let scaled = (midpoint * pow(10 as Float80, Float80(exponent))).rounded()
                guard scaled >= 3, scaled < 18_000_000_000_000_000_000 else { continue }
                for offset in 0 ... 6 { check(UInt64(scaled) &+ UInt64(offset) &- 3, exponent) }
            }
            #endif
        }
        #expect(answered * 1000 >= asked * 999, "answered \(answered) of \(asked)")
    }

    /// The eight-digits-at-a-time loop: up to 27 decimals after leading zeros, and a non-digit
    /// at any position of a chunk is still refused (or read as the standard library reads it).
    @Test func longDecimalsWithLeadingZerosAndStrayBytesMatchStrtod() {
        var generator = SplitMix64(seed: 31)
        for _ in 0 ..< 20_000 {
            let digits = String(generator.next() % 10_000_000_000_000_000_000)
            let zeros = Int(generator.next() % 11)
            let text = "0." + String(repeating: "0", count: zeros) + digits
            #expect(parse(text) == cStrtod(text), "\(text)")
            // One byte replaced by a non-digit (or by "e", which makes an exponent).
            var bytes = Array(text.utf8)
            let position = 2 + Int(generator.next() % UInt64(bytes.count - 2))
            let stray: [UInt8] = [0x2F, 0x3A, 0x20, 0x2E, 0x65, 0xB9, 0xC6, 0x00, 0x7F]
            bytes[position] = stray[Int(generator.next() % UInt64(stray.count))]
            let corrupted = String(decoding: bytes, as: UTF8.self)
            let expected: Double? = Double(corrupted).flatMap { $0 >= 0 && $0 <= 1 && $0.isFinite ? $0 : nil }
            let parsed = bytes.withUnsafeBytes { ScoreParser.score($0) }
            if corrupted.utf8.elementsEqual(bytes), bytes[position] != 0x20, bytes[position] != 0x00 {
                #expect(parsed == expected, "\(corrupted.debugDescription)")
            } else if bytes[position] != 0x20 {
                #expect(parsed == nil, "\(corrupted.debugDescription)")
            }
        }
    }

    @Test func eightDigitChunksAreRecognisedAndValued() {
        func chunk(_ text: String) -> UInt64 {
            Array(text.utf8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        }
        #expect(ScoreParser.isEightDigits(chunk("01234567")))
        #expect(ScoreParser.eightDigitsValue(chunk("01234567")) == 1_234_567)
        #expect(ScoreParser.eightDigitsValue(chunk("99999999")) == 99_999_999)
        #expect(ScoreParser.eightDigitsValue(chunk("00000000")) == 0)
        for bad in ["0123456/", ":1234567", "0123 567", "0123.567", "012e4567"] {
            #expect(!ScoreParser.isEightDigits(chunk(bad)), "\(bad)")
        }
        #expect(!ScoreParser.isEightDigits(chunk("01234567") | 0x80 << 24))
    }

    @Test func fourDigitChunksAreRecognisedAndValued() {
        func chunk(_ text: String) -> UInt32 {
            Array(text.utf8).withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
        }
        #expect(ScoreParser.isFourDigits(chunk("0123")))
        #expect(ScoreParser.fourDigitsValue(chunk("0123")) == 123)
        #expect(ScoreParser.fourDigitsValue(chunk("9999")) == 9_999)
        #expect(ScoreParser.fourDigitsValue(chunk("1000")) == 1_000)
        #expect(ScoreParser.fourDigitsValue(chunk("0000")) == 0)
        for bad in ["012/", ":123", "0 23", "0.23", "01e3", "01\u{0}3"] {
            #expect(!ScoreParser.isFourDigits(chunk(bad)), "\(bad)")
        }
        #expect(!ScoreParser.isFourDigits(chunk("0123") | 0x80 << 16))
    }

    /// Every score with one to four decimals, each decimal count written in full ("0.0700"), as
    /// the 4-decimal benchmark files write them: the four-digit step, the digit loop after it
    /// and the leading zeros read as digits all give strtod's Double.
    @Test func everyScoreOfUpToFourDecimalsMatchesStrtod() {
        for decimals in 1 ... 4 {
            var power = 1
            for _ in 0 ..< decimals { power *= 10 }
            for numerator in 0 ..< power {
                let digits = String(numerator)
                let text = "0." + String(repeating: "0", count: decimals - digits.count) + digits
                #expect(parse(text) == cStrtod(text), "\(text)")
            }
        }
    }

    /// Decimals of every length from 1 to 27 (the leading zeros read as digits up to 19
    /// decimals, skipped beyond), with a stray byte at every position of the shorter ones:
    /// each either equals strtod or is refused exactly when the standard library refuses it.
    @Test func decimalsOfEveryLengthAndEveryStrayPositionMatchStrtod() {
        var generator = SplitMix64(seed: 47)
        let stray: [UInt8] = [0x2F, 0x3A, 0x2E, 0x2D, 0x41, 0xB9]
        for decimals in 1 ... ScoreParser.largestExtendedExponent {
            for _ in 0 ..< 300 {
                var bytes: [UInt8] = Array("0.".utf8)
                let zeros = Int(generator.next() % UInt64(decimals + 1))
                for position in 0 ..< decimals {
                    bytes.append(position < zeros ? 0x30 : 0x30 + UInt8(generator.next() % 10))
                }
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(parse(text) == cStrtod(text), "\(text)")
                guard decimals <= 12 else { continue }
                for position in 2 ..< bytes.count {
                    var corrupted = bytes
                    corrupted[position] = stray[Int(generator.next() % UInt64(stray.count))]
                    let parsed = corrupted.withUnsafeBytes { ScoreParser.score($0) }
                    let corruptedText = String(decoding: corrupted, as: UTF8.self)
                    let expected: Double? = corrupted.allSatisfy({ $0 < 0x80 })
                        ? Double(corruptedText).flatMap { $0 >= 0 && $0 <= 1 ? $0 : nil } : nil
                    #expect(parsed == expected, "\(corruptedText.debugDescription)")
                }
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
