/// Parses a row's trailing run of score cells straight from the line, finding each cell's end
/// with the digits themselves instead of splitting the line into fields first.
///
/// Why: on full-precision rows (20 cells of 20 bytes) the field split, a word test per 8 bytes
/// and a field record per delimiter, cost about as much as the scores' digits (callgrind,
/// BENCHMARKS.md, session 8). Here the eight-digit test that reads a cell's digits also finds
/// its end: the lowest byte of a word that is not a digit.
///
/// Only the common shapes are taken: "0." followed by up to 27 decimals of which at most 19
/// after the leading zeros, or "d.ddde-XX" (what
/// `%.17g` writes below 10^-4), cells separated by the delimiter, the last one ending the line. Anything else (another shape, a bad cell, a field
/// too many or too few) returns false, and the caller parses the row the general way, which
/// gives the same values (every path is correctly rounded: one IEEE division under 2^53 and
/// 10^22, else `ScoreParser.exactQuotient`) and the same errors.
enum ScoreRunScanner {
    /// Writes the `count` scores of the cells from `start` to `lineEnd` into `scores`; false
    /// (with some scores written) when the run is not of the common shape.
    @inline(__always)
    static func scan(_ base: UnsafeRawPointer, start: Int, lineEnd: Int, count: Int, delimiter: UInt8,
                     into scores: UnsafeMutablePointer<Double>) -> Bool {
        var position = start
        var concept = 0
        while true {
            let end = cell(base, position, lineEnd, into: scores + concept)
            guard end >= 0 else { return false }
            concept &+= 1
            if concept == count { return end == lineEnd }
            guard end < lineEnd, base.load(fromByteOffset: end, as: UInt8.self) == delimiter else { return false }
            position = end &+ 1
        }
    }

    /// Parses a cell at `start` into `value`: "0." and up to 27 decimals (at most 19 after the
    /// leading zeros), or the exponent form
    /// `printf("%.17g")` gives below 10^-4, "d.ddde-XX" (1 to 19 digits, exponent −1 to −27
    /// with the fraction's digits). Returns the offset just past the cell's text, or -1 when the
    /// cell has another shape, too many digits, or the exact paths cannot decide (then the
    /// general parser does).
    @inline(__always)
    static func cell(_ base: UnsafeRawPointer, _ start: Int, _ lineEnd: Int, into value: UnsafeMutablePointer<Double>) -> Int {
        #if _endian(little)
        guard lineEnd &- start >= 3 else { return -1 }
        let head = base.loadUnaligned(fromByteOffset: start, as: UInt16.self)
        // "0." and 4 to 8 decimals (`%.4f` to `%.8f`, the 4-decimal and 1,000-concept
        // benchmarks' cells) as `ScoreParser.score`'s inline path reads them: through the general
        // steps below (the leading zeros, a partial word) an eight-decimal cell cost 132
        // instructions, a third more than the field split and that path together (callgrind on
        // 5,000 × 1,000, BENCHMARKS.md, session 8), and 4-decimal rows lost 15 % of their CPU.
        if head == UInt16(UInt8(ascii: ".")) << 8 | UInt16(UInt8(ascii: "0")), lineEnd &- start >= 6 {
            var shortCell = true
            if lineEnd &- start >= 10 {
                let chunk = base.loadUnaligned(fromByteOffset: start &+ 2, as: UInt64.self)
                if ScoreParser.isEightDigits(chunk) {
                    shortCell = false
                    if lineEnd &- start == 10 || base.load(fromByteOffset: start &+ 10, as: UInt8.self) &- 0x30 >= 10 {
                        value.pointee = Double(ScoreParser.eightDigitsValue(chunk)) / 1e8
                        return start &+ 10
                    }
                    // Nine decimals or more (full precision): on from this word, its leading
                    // zeros read as digits while the whole fits 19 (they add nothing to the
                    // mantissa); longer cells take the general steps, which skip the zeros.
                    var mantissa = ScoreParser.eightDigitsValue(chunk)
                    var index = start &+ 10
                    let decimals = 8 &+ digits(base, &index, lineEnd, &mantissa)
                    if decimals <= 19 {
                        if mantissa <= 1 << 53 {
                            value.pointee = Double(mantissa) / ScoreParser.exactPowerOfTen(decimals)
                            return index
                        }
                        if let quotient = ScoreParser.eiselLemireQuotient(mantissa, decimals) ?? ScoreParser.exactQuotient(mantissa, decimals) {
                            value.pointee = quotient
                            return index
                        }
                        return -1
                    }
                }
            }
            if shortCell {
                let four = base.loadUnaligned(fromByteOffset: start &+ 2, as: UInt32.self)
                if ScoreParser.isFourDigits(four) {
                    var mantissa = ScoreParser.fourDigitsValue(four)
                    var index = start &+ 6
                    // Up to three more digits (eight were taken above).
                    while index < lineEnd, index &- start < 9 {
                        let digit = base.load(fromByteOffset: index, as: UInt8.self) &- 0x30
                        if digit >= 10 { break }
                        mantissa = mantissa &* 10 &+ UInt64(digit)
                        index &+= 1
                    }
                    if index == lineEnd || base.load(fromByteOffset: index, as: UInt8.self) &- 0x30 >= 10 {
                        // Below 10^8 < 2^53 over 10^(4…7): one correctly rounded division.
                        value.pointee = Double(mantissa) / ScoreParser.exactPowerOfTen(index &- start &- 2)
                        return index
                    }
                }
            }
        }
        guard head >> 8 == UInt16(UInt8(ascii: ".")) else { return -1 }
        let leading = UInt64(head & 0xFF) &- 0x30
        guard leading < 10 else { return -1 }
        var index = start &+ 2
        var mantissa = leading
        var decimals: Int
        if leading == 0 {
            // The zeros after the point add nothing to the mantissa: "0.00012345678901234567"
            // (%.17g from 10^-4 to 10^-3) has 17 significant digits in 20 decimals.
            var zeros = 0
            while index < lineEnd, base.load(fromByteOffset: index, as: UInt8.self) == UInt8(ascii: "0") {
                index &+= 1
                zeros &+= 1
            }
            let significant = digits(base, &index, lineEnd, &mantissa)
            decimals = zeros &+ significant
            guard decimals >= 1, significant <= 19, decimals <= ScoreParser.largestExtendedExponent else { return -1 }
        } else {
            let fractionDigits = digits(base, &index, lineEnd, &mantissa)
            // "d.ddd" must go on with "e-" and the exponent's digits.
            guard fractionDigits <= 18, lineEnd &- index >= 3,
                  base.load(fromByteOffset: index, as: UInt8.self) | 0x20 == UInt8(ascii: "e"),
                  base.load(fromByteOffset: index &+ 1, as: UInt8.self) == UInt8(ascii: "-") else { return -1 }
            index &+= 2
            var exponent = 0
            let exponentStart = index
            while index < lineEnd, index &- exponentStart < 3 {
                let digit = base.load(fromByteOffset: index, as: UInt8.self) &- 0x30
                if digit >= 10 { break }
                exponent = exponent &* 10 &+ Int(digit)
                index &+= 1
            }
            guard exponent >= 1 else { return -1 }
            decimals = fractionDigits &+ exponent
            guard decimals <= ScoreParser.largestExtendedExponent else { return -1 }
        }
        if mantissa <= 1 << 53, decimals <= 22 {
            value.pointee = Double(mantissa) / ScoreParser.exactPowerOfTen(decimals)
        } else if let quotient = ScoreParser.eiselLemireQuotient(mantissa, decimals) ?? ScoreParser.exactQuotient(mantissa, decimals) {
            // Eisel–Lemire inline (`exactQuotient`, too large for the inliner with its Float80
            // fallback, was a call of 54 instructions per full-precision score).
            value.pointee = quotient
        } else {
            return -1
        }
        return index
        #else
        return -1
        #endif
    }

    /// Reads the digits at `index` into `mantissa` (as its next decimal digits), eight at a time
    /// while eight bytes of the line remain; returns how many. Past 19 digits the mantissa has
    /// wrapped and the count says so (the callers refuse such cells).
    @inline(__always)
    static func digits(_ base: UnsafeRawPointer, _ index: inout Int, _ lineEnd: Int, _ mantissa: inout UInt64) -> Int {
        let first = index
        while lineEnd &- index >= 8 {
            let chunk = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let nonDigits = nonDigitBytes(chunk)
            if nonDigits == 0 {
                mantissa = mantissa &* 100_000_000 &+ ScoreParser.eightDigitsValue(chunk)
                index &+= 8
                if index &- first > 19 { return index &- first }
                continue
            }
            // The lowest flagged byte is the first that is not a digit (no carry or borrow
            // reaches it); the digits before it, moved up with "0"s below, are an eight-digit word.
            let count = nonDigits.trailingZeroBitCount &>> 3
            if count > 0 {
                let padded = chunk &<< UInt64(64 &- 8 &* count) | 0x3030_3030_3030_3030 &>> UInt64(8 &* count)
                mantissa = mantissa &* smallPowerOfTen(count) &+ ScoreParser.eightDigitsValue(padded)
                index &+= count
            }
            return index &- first
        }
        while index < lineEnd {
            let digit = base.load(fromByteOffset: index, as: UInt8.self) &- 0x30
            if digit >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            index &+= 1
        }
        return index &- first
    }

    /// The top bit of each byte of `chunk` (loaded little-endian) that may not be an ASCII
    /// digit; the lowest flagged byte is exactly the first non-digit (`ScoreParser.isEightDigits`).
    @inline(__always)
    static func nonDigitBytes(_ chunk: UInt64) -> UInt64 {
        ((chunk &+ 0x4646_4646_4646_4646) | (chunk &- 0x3030_3030_3030_3030)) & 0x8080_8080_8080_8080
    }

    /// 10^exponent for 1...7.
    @inline(__always)
    static func smallPowerOfTen(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 1: return 10
        case 2: return 100
        case 3: return 1_000
        case 4: return 10_000
        case 5: return 100_000
        case 6: return 1_000_000
        default: return 10_000_000
        }
    }
}
