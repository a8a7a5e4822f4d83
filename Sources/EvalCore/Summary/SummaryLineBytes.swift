/// Appends the pieces of a summary line as UTF-8 bytes. The score-table and pair lines are
/// nearly every line of a large summary (410,000 of 420,000 at 100,000 inputs × 20 concepts on
/// the 1e-4 grid), and building each as a JSON object of Strings (`JSONText.object`: an array of
/// key/value Strings, escaped keys, a joined result) cost about 17,800 instructions a line,
/// two thirds of `evaltop summarize`'s instructions there (callgrind, BENCHMARKS.md
/// "Evaluation summaries"). Written here from their constant parts and numbers, they give the
/// same bytes.
enum SummaryLineBytes {
    /// A constant ASCII piece (keys, punctuation).
    @inline(__always)
    static func append(_ literal: StaticString, to bytes: inout [UInt8]) {
        let start = literal.utf8Start
        for index in 0 ..< literal.utf8CodeUnitCount { bytes.append(start[index]) }
    }

    /// A whole number in decimal, as `String(value)` writes it.
    static func append(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start ..< 20]))
        }
    }

    /// A score as `JSONText.number` writes it (Swift's shortest round-trip digits; `null` for
    /// what JSON cannot hold).
    static func append(_ value: Double, to bytes: inout [UInt8]) {
        guard value.isFinite else { return append("null", to: &bytes) }
        // `description` gives the digits interpolation gives (the same shortest round-trip
        // conversion) for about half the instructions: no interpolation buffer.
        var text = value.description
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A table line's last three fields and the line's end: `"s":S,"p":P,"n":N}` and a newline.
    static func appendCell(score: Double, positives: Int, negatives: Int, to bytes: inout [UInt8]) {
        append("\"s\":", to: &bytes)
        append(score, to: &bytes)
        append(",\"p\":", to: &bytes)
        append(positives, to: &bytes)
        append(",\"n\":", to: &bytes)
        append(negatives, to: &bytes)
        append("}\n", to: &bytes)
    }
}
