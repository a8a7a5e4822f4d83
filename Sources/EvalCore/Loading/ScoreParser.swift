/// Parses score cells straight from bytes, exactly: the result is always the correctly rounded
/// Double that `strtod` gives, because metrics are compared with scikit-learn to 1e-6 and a
/// threshold comparison such as `score >= 0.5` must never flip.
///
/// Fast path (Clinger): the decimal digits fit in a UInt64 mantissa below 2^53 and the decimal
/// exponent is within ±22, so `m * 10^k` or `m / 10^k` is one correctly rounded IEEE operation
/// on two exact operands.
///
/// Full-precision scores (17 significant digits, so the mantissa is above 2^53) take a second
/// exact path (`exactQuotient`): Eisel–Lemire's 128-bit multiplication by 5^-k rounded up to 128 bits, which
/// is correctly rounded for k ≤ 27 (`eiselLemireQuotient`), and, should it ever decline, the
/// Float80 division on x86-64 (`extendedQuotient`): the mantissa (< 2^64) and 10^k (k ≤ 27) are
/// exact in Float80, so `m / 10^k` is one correctly rounded 64-bit-significand operation, and
/// rounding that to a Double is correct unless it fell exactly on a Double rounding midpoint
/// (then the standard library decides). Profiled on 1M × 20 full-precision scores, the standard
/// library's parser (strtod underneath, plus a String per cell) was a fifth of the report's CPU
/// time, and the Float80 division that replaced it still 12 %.
/// Everything else (more than 19 digits, tiny exponents) goes through the standard library's
/// correctly rounded, locale-independent `Double(String)`.
enum ScoreParser {
    /// 10^exponent for 0...22, the powers of ten that are exact in a Double (a switch over
    /// literals compiles to a constant table, with no lazy-global check per call).
    @inline(__always)
    static func exactPowerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 0: return 1e0
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

    /// A decimal number in [0, 1], or nil when the cell is anything else
    /// (call `diagnose` for the reason).
    @inline(__always)
    static func score(_ bytes: UnsafeRawBufferPointer) -> Double? {
        // "0." and 4 to 8 decimals (scores written rounded, "%.4f" to "%.8f"), the first four
        // digits in one step: small enough to inline into the row parsers, where the call and
        // the general path's register saves were most of the 100 instructions a 4-decimal
        // score cost (callgrind; BENCHMARKS.md, sixth pass).
        #if _endian(little)
        let count = bytes.count
        if count >= 6, count <= 10, let base = bytes.baseAddress,
           base.loadUnaligned(as: UInt16.self) == UInt16(UInt8(ascii: ".")) << 8 | UInt16(UInt8(ascii: "0")) {
            if count == 10 {
                let chunk = base.loadUnaligned(fromByteOffset: 2, as: UInt64.self)
                if isEightDigits(chunk) { return Double(eightDigitsValue(chunk)) / 1e8 }
            } else {
                let chunk = base.loadUnaligned(fromByteOffset: 2, as: UInt32.self)
                if isFourDigits(chunk) {
                    var mantissa = fourDigitsValue(chunk)
                    var index = 6
                    while index < count {
                        let digit = base.load(fromByteOffset: index, as: UInt8.self) &- 0x30
                        if digit >= 10 { break }
                        mantissa = mantissa &* 10 &+ UInt64(digit)
                        index &+= 1
                    }
                    // Below 10^8 < 2^53 over 10^(4…7): one correctly rounded division.
                    if index == count { return Double(mantissa) / exactPowerOfTen(count &- 2) }
                }
            }
        }
        #endif
        return longScore(bytes)
    }

    /// `score` for every other cell: full precision, leading zeros, other shapes.
    @inline(never)
    static func longScore(_ bytes: UnsafeRawBufferPointer) -> Double? {
        // The common shape "0.ddd…" (up to 27 decimals, at most 19 of them after the leading
        // zeros): digits straight into the mantissa, eight and then four at a time (callgrind:
        // the digit loop one byte at a time was a quarter of a full-precision report's
        // instructions).
        let count = bytes.count
        if count >= 3, count <= 2 + largestExtendedExponent, let base = bytes.baseAddress,
           base.load(as: UInt8.self) == UInt8(ascii: "0"), base.load(fromByteOffset: 1, as: UInt8.self) == UInt8(ascii: ".") {
            var index = 2
            // Up to 19 decimals the mantissa cannot overflow with the leading zeros read as
            // digits (they add nothing to it), so "0.0739" is one four-digit step like "0.1203";
            // longer cells skip them first.
            if count - index > 19 {
                while index < count, base.load(fromByteOffset: index, as: UInt8.self) == UInt8(ascii: "0") { index += 1 }
            }
            if count - index <= 19 {  // below 10^19 < 2^64: the mantissa cannot overflow
                var mantissa: UInt64 = 0
                #if _endian(little)
                while count - index >= 8 {
                    let chunk = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    guard isEightDigits(chunk) else { break }
                    mantissa = mantissa &* 100_000_000 &+ eightDigitsValue(chunk)
                    index += 8
                }
                if count - index >= 4 {
                    let chunk = base.loadUnaligned(fromByteOffset: index, as: UInt32.self)
                    if isFourDigits(chunk) {
                        mantissa = mantissa &* 10_000 &+ fourDigitsValue(chunk)
                        index += 4
                    }
                }
                #endif
                while index < count {
                    let digit = base.load(fromByteOffset: index, as: UInt8.self) &- 0x30
                    if digit >= 10 { break }
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    index += 1
                }
                if index == count {
                    let decimals = count - 2
                    if mantissa <= 1 << 53, decimals <= 22 { return Double(mantissa) / exactPowerOfTen(decimals) }
                    if let value = exactQuotient(mantissa, decimals) { return value }
                }
            }
        }
        guard let value = number(bytes), value >= 0, value <= 1 else { return nil }
        return value == 0 ? 0 : value  // -0 becomes 0
    }

    /// Whether the 4 bytes of `chunk` (loaded little-endian) are all ASCII digits (the test of
    /// `isEightDigits` on half the width).
    @inline(__always)
    static func isFourDigits(_ chunk: UInt32) -> Bool {
        ((chunk &+ 0x4646_4646) | (chunk &- 0x3030_3030)) & 0x8080_8080 == 0
    }

    /// The value of 4 ASCII digits loaded little-endian (the first digit in the lowest byte):
    /// pairs combine as 10 × first + second in bytes 0 and 2 (at most 99, so no byte carries
    /// into the next), then 100 × the first pair + the second.
    @inline(__always)
    static func fourDigitsValue(_ chunk: UInt32) -> UInt64 {
        var value = UInt64(chunk &- 0x3030_3030)
        value = (value &* 10) &+ (value >> 8)
        return (value & 0xFF) &* 100 &+ ((value >> 16) & 0xFF)
    }

    /// Whether the 8 bytes of `chunk` (loaded little-endian) are all ASCII digits: a byte above
    /// "9" sets its top bit when 0x46 is added, one below "0" when 0x30 is subtracted, and the
    /// lowest offending byte is never masked by a carry or borrow (fast_float's test).
    @inline(__always)
    static func isEightDigits(_ chunk: UInt64) -> Bool {
        ((chunk &+ 0x4646_4646_4646_4646) | (chunk &- 0x3030_3030_3030_3030)) & 0x8080_8080_8080_8080 == 0
    }

    /// The value of 8 ASCII digits loaded little-endian (the first digit in the lowest byte),
    /// by three multiplications that combine pairs, then quads (fast_float's SWAR parse).
    @inline(__always)
    static func eightDigitsValue(_ chunk: UInt64) -> UInt64 {
        var value = chunk &- 0x3030_3030_3030_3030
        value = (value &* 10) &+ (value >> 8)  // each byte pair: 10 × first + second
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        value = (((value & mask) &* 0x000F_4240_0000_0064) &+ (((value >> 16) & mask) &* 0x0000_2710_0000_0001)) >> 32
        return value & 0xFFFF_FFFF
    }

    /// Any finite decimal number (optional sign, digits, fraction, exponent), surrounding spaces
    /// allowed; nil for anything else.
    @inline(__always)
    static func number(_ bytes: UnsafeRawBufferPointer) -> Double? {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 { end -= 1 }
        guard start < end else { return nil }

        var index = start
        var negative = false
        if bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        else if bytes[index] == UInt8(ascii: "+") { index += 1 }

        var mantissa: UInt64 = 0
        var significantDigits = 0
        var decimalExponent = 0
        var sawDigit = false
        var tooManyDigits = false

        while index < end {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { break }
            sawDigit = true
            if mantissa != 0 || digit != 0 {
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    significantDigits += 1
                } else {
                    tooManyDigits = true
                    decimalExponent += 1
                }
            }
            index += 1
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < end {
                let digit = bytes[index] &- 0x30
                guard digit < 10 else { break }
                sawDigit = true
                if mantissa != 0 || digit != 0 {
                    if significantDigits < 19 {
                        mantissa = mantissa &* 10 &+ UInt64(digit)
                        significantDigits += 1
                        decimalExponent -= 1
                    } else {
                        tooManyDigits = true
                    }
                } else {
                    decimalExponent -= 1
                }
                index += 1
            }
        }
        guard sawDigit else { return nil }
        if index < end, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < end, bytes[index] == UInt8(ascii: "-") { exponentNegative = true; index += 1 }
            else if index < end, bytes[index] == UInt8(ascii: "+") { index += 1 }
            var exponent = 0
            var sawExponentDigit = false
            while index < end {
                let digit = bytes[index] &- 0x30
                guard digit < 10 else { break }
                sawExponentDigit = true
                if exponent < 100_000 { exponent = exponent * 10 + Int(digit) }
                index += 1
            }
            guard sawExponentDigit else { return nil }
            decimalExponent += exponentNegative ? -exponent : exponent
        }
        guard index == end else { return nil }

        let magnitude: Double
        if mantissa == 0 {
            magnitude = 0
        } else if !tooManyDigits, mantissa <= 1 << 53, decimalExponent >= -22, decimalExponent <= 22 {
            let value = Double(mantissa)
            magnitude = decimalExponent < 0
                ? value / exactPowerOfTen(-decimalExponent)
                : value * exactPowerOfTen(decimalExponent)
        } else if !tooManyDigits, decimalExponent < 0, let value = exactQuotient(mantissa, -decimalExponent) {
            magnitude = value
        } else {
            return slowNumber(UnsafeRawBufferPointer(rebasing: bytes[start ..< end]))
        }
        return negative ? -magnitude : magnitude
    }

    /// The largest k with 10^k exact in a Float80 (5^27 < 2^64).
    static let largestExtendedExponent = 27

    /// `mantissa / 10^exponent` correctly rounded to a Double, or nil when neither exact path
    /// can tell (then the caller asks the standard library).
    @inline(__always)
    static func exactQuotient(_ mantissa: UInt64, _ exponent: Int) -> Double? {
        if let value = eiselLemireQuotient(mantissa, exponent) { return value }
        return extendedQuotient(mantissa, exponent)
    }

    /// `mantissa / 10^exponent` for exponent in 1...27, correctly rounded, by the Eisel–Lemire
    /// algorithm (Lemire, "Number parsing at a gigabyte per second", 2021, as in fast_float):
    /// the mantissa, shifted so that its top bit is set, times a 128-bit 5^-exponent rounded up
    /// (`reciprocalPowerOfFive`) gives the leading bits of the quotient; the power of two is
    /// exact and the rest is a shift and round-to-nearest. For exponents within 27 the paper
    /// proves the product's top 64 bits (extended by the second, low multiplication when its 9
    /// low bits are all ones) always round correctly, and no quotient falls exactly between two
    /// Doubles (5^k does not divide a power of two for k ≥ 5). It returns nil anyway, and lets
    /// the Float80 path decide, when the product still looks ambiguous, for exponents ≤ 4 in the
    /// rare possibly-halfway case, and below Double's normal range.
    /// Why: one 64 × 64-bit multiplication instead of an x87 division, which profiled at 12 % of
    /// the CPU of a 1M × 20 full-precision report.
    @inline(__always)
    static func eiselLemireQuotient(_ mantissa: UInt64, _ exponent: Int) -> Double? {
        guard mantissa != 0, exponent >= 1, exponent <= largestExtendedExponent else { return nil }
        let leadingZeros = mantissa.leadingZeroBitCount
        let normalized = mantissa &<< UInt64(leadingZeros)  // under 64: mantissa ≠ 0
        let (tableHigh, tableLow) = reciprocalPowerOfFive(exponent)
        var (high, low) = normalized.multipliedFullWidth(by: tableHigh)
        if high & 0x1FF == 0x1FF {
            // The 55 leading bits may still change: add the high half of the second product.
            let second = normalized.multipliedFullWidth(by: tableLow).high
            let (sum, carry) = low.addingReportingOverflow(second)
            low = sum
            if carry { high &+= 1 }
            if high & 0x1FF == 0x1FF, low == .max { return nil }
        }
        let upperBit = Int(high >> 63)
        let shift = UInt64(upperBit &+ 9)
        var significand = high &>> shift
        // floor(log2(10^-exponent)) + 63, plus Double's exponent bias.
        var biasedExponent = ((217_706 &* -exponent) >> 16) &+ 63 &+ upperBit &- leadingZeros &+ 1023
        guard biasedExponent > 0 else { return nil }
        if exponent <= 4, low <= 1, significand & 3 == 1 { return nil }
        significand &+= significand & 1
        significand >>= 1
        if significand >= 1 << 53 {
            significand = 1 << 52
            biasedExponent &+= 1
        }
        guard biasedExponent < 0x7FF else { return nil }
        return Double(bitPattern: UInt64(biasedExponent) << 52 | (significand & ~(1 << 52)))
    }

    /// 5^-exponent for 1...27 as 128 bits (high, low) with the top bit set, rounded up:
    /// ⌊2^(z + 127) / 5^exponent⌋ + 1 with 2^(z−1) < 5^exponent ≤ 2^z, fast_float's table
    /// (generated with Python's exact integers; `LoadingScoreParserTests` recomputes it).
    @inline(__always)
    static func reciprocalPowerOfFive(_ exponent: Int) -> (high: UInt64, low: UInt64) {
        switch exponent {
        case 1: return (0xcccccccccccccccc, 0xcccccccccccccccd)
        case 2: return (0xa3d70a3d70a3d70a, 0x3d70a3d70a3d70a4)
        case 3: return (0x83126e978d4fdf3b, 0x645a1cac083126ea)
        case 4: return (0xd1b71758e219652b, 0xd3c36113404ea4a9)
        case 5: return (0xa7c5ac471b478423, 0x0fcf80dc33721d54)
        case 6: return (0x8637bd05af6c69b5, 0xa63f9a49c2c1b110)
        case 7: return (0xd6bf94d5e57a42bc, 0x3d32907604691b4d)
        case 8: return (0xabcc77118461cefc, 0xfdc20d2b36ba7c3e)
        case 9: return (0x89705f4136b4a597, 0x31680a88f8953031)
        case 10: return (0xdbe6fecebdedd5be, 0xb573440e5a884d1c)
        case 11: return (0xafebff0bcb24aafe, 0xf78f69a51539d749)
        case 12: return (0x8cbccc096f5088cb, 0xf93f87b7442e45d4)
        case 13: return (0xe12e13424bb40e13, 0x2865a5f206b06fba)
        case 14: return (0xb424dc35095cd80f, 0x538484c19ef38c95)
        case 15: return (0x901d7cf73ab0acd9, 0x0f9d37014bf60a11)
        case 16: return (0xe69594bec44de15b, 0x4c2ebe687989a9b4)
        case 17: return (0xb877aa3236a4b449, 0x09befeb9fad487c3)
        case 18: return (0x9392ee8e921d5d07, 0x3aff322e62439fd0)
        case 19: return (0xec1e4a7db69561a5, 0x2b31e9e3d06c32e6)
        case 20: return (0xbce5086492111aea, 0x88f4bb1ca6bcf585)
        case 21: return (0x971da05074da7bee, 0xd3f6fc16ebca5e04)
        case 22: return (0xf1c90080baf72cb1, 0x5324c68b12dd6339)
        case 23: return (0xc16d9a0095928a27, 0x75b7053c0f178294)
        case 24: return (0x9abe14cd44753b52, 0xc4926a9672793543)
        case 25: return (0xf79687aed3eec551, 0x3a83ddbd83f52205)
        case 26: return (0xc612062576589dda, 0x95364afe032a819e)
        default: return (0x9e74d1b791e07e48, 0x775ea264cf55347e)
        }
    }

    /// `mantissa / 10^exponent` correctly rounded to a Double, or nil when this path cannot
    /// tell (not x86-64, exponent above 27, or the rare midpoint case).
    ///
    /// Why it is exact: both operands are exact in Float80 (64-bit significand), so `q` is the
    /// quotient correctly rounded to 64 bits. Every Double rounding midpoint (a 54-bit number)
    /// is a Float80 value, and rounding is monotonic, so `q` lies on the same side of every
    /// midpoint as the true quotient, or on it only if the quotient is on it too. Rounding `q`
    /// to a Double therefore gives the correctly rounded quotient, unless `q` is itself a
    /// midpoint (its 11 low significand bits are exactly 100…0): that case, about 1 in 2,048,
    /// is left to the standard library, since `q` may have been rounded onto the midpoint.
    @inline(__always)
    static func extendedQuotient(_ mantissa: UInt64, _ exponent: Int) -> Double? {
        #if arch(x86_64) && !os(Windows)
        guard exponent <= largestExtendedExponent else { return nil }
        let q = Float80(mantissa) / extendedPowerOfTen(exponent)
        // Quotients below Double's normal range round with fewer bits; leave them to the library.
        guard q >= 0x1p-1022 || q == 0 else { return nil }
        if q.significandBitPattern & 0x7FF == 0x400 { return nil }
        return Double(q)
        #else
        return nil
        #endif
    }

    #if arch(x86_64) && !os(Windows)
    /// 10^exponent for 0...27, exact in a Float80.
    @inline(__always)
    static func extendedPowerOfTen(_ exponent: Int) -> Float80 {
        // Above 10^22 the product of two exact Float80 factors is exact (10^27 < 2^64 · 2^27).
        if exponent <= 22 { return Float80(exactPowerOfTen(exponent)) }
        return Float80(exactPowerOfTen(22)) * Float80(exactPowerOfTen(exponent - 22))
    }
    #endif

    /// The correctly rounded value of already validated decimal text that the fast path cannot
    /// take (the standard library's parser is correctly rounded and ignores the C locale).
    @inline(never)
    static func slowNumber(_ bytes: UnsafeRawBufferPointer) -> Double? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let parsed = Double(text) else { return nil }
        return parsed.isFinite ? parsed : nil
    }

    /// Why `score` rejected this cell, in words a user can act on.
    static func diagnose(_ bytes: UnsafeRawBufferPointer) -> String {
        let text = String(decoding: bytes, as: UTF8.self).trimmingSpaces
        if text.isEmpty { return "empty score; every concept column needs a number in [0, 1]" }
        let lower = text.lowercased()
        if ["nan", "+nan", "-nan"].contains(lower) { return "score is NaN; scores must be numbers in [0, 1]" }
        if ["inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"].contains(lower) {
            return "score '\(text.quotedForMessage)' is infinite; scores must be numbers in [0, 1]"
        }
        if let value = Double(text), value.isInfinite {
            return "score '\(text.quotedForMessage)' is too large; scores must be numbers in [0, 1]"
        }
        if let value = number(bytes) {
            return "score \(text.quotedForMessage) is outside [0, 1]" + (value > 1 && value <= 100 ? " (percentages must be divided by 100)" : "")
        }
        return "score '\(text.quotedForMessage)' is not a number; scores must be numbers in [0, 1]"
    }
}

extension String {
    /// Without leading and trailing ASCII spaces and tabs.
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }

    /// Shortened and with control characters escaped, for quoting user data in an error.
    var quotedForMessage: String {
        var result = ""
        for scalar in unicodeScalars.prefix(80) {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80 ..< 0xA0).contains(scalar.value) {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        if unicodeScalars.count > 80 { result += "…" }
        return result
    }
}
