/// The score-table and pair lines of a summary, read straight from their bytes when they have the exact
/// shape both writers give them (`SummaryWriter`, spark/evaltop_summary.py: compact JSON, keys
/// in the format's order). They are nearly every line of a large summary (565 MB of them at
/// 1M × 20 on a 1e-6 grid), and a JSON value per line (a dictionary and its strings) was most of
/// the reading's time. Any other shape (spaces, another key order, a negative or malformed
/// number, another kind) returns nil, and the line goes through the JSON parser, whose checks
/// and messages apply as before: this path only accepts what that one reads the same way.
struct SummaryTableLine {
    /// 0: a concept's table (`score`), 1: a fold's (`fold`), 2: a slice's (`slice`), 3: a pair
    /// table's (`pair`: `value` is r, `concept` c).
    var rank = 0
    var attribute = 0
    var value = 0
    var concept = 0
    var score = 0.0
    var positives = 0
    var negatives = 0

    static func parse(_ bytes: UnsafeRawBufferPointer, start: Int, end: Int) -> SummaryTableLine? {
        var cursor = Cursor(bytes: bytes, position: start, end: end)
        var line = SummaryTableLine()
        if cursor.take("{\"t\":\"score\",\"c\":") {
            line.rank = 0
        } else if cursor.take("{\"t\":\"fold\",\"v\":") {
            line.rank = 1
            guard let value = cursor.count(), cursor.take(",\"c\":") else { return nil }
            line.value = value
        } else if cursor.take("{\"t\":\"slice\",\"a\":") {
            line.rank = 2
            guard let attribute = cursor.count(), cursor.take(",\"v\":"), let value = cursor.count(), cursor.take(",\"c\":") else { return nil }
            line.attribute = attribute
            line.value = value
        } else if cursor.take("{\"t\":\"pair\",\"r\":") {
            line.rank = 3
            guard let row = cursor.count(), cursor.take(",\"c\":") else { return nil }
            line.value = row
        } else {
            return nil
        }
        guard let concept = cursor.count(), cursor.take(",\"s\":"), let score = cursor.score(),
              cursor.take(",\"p\":"), let positives = cursor.count(), cursor.take(",\"n\":"), let negatives = cursor.count(),
              cursor.take("}"), cursor.position == end else { return nil }
        line.concept = concept
        line.score = score
        line.positives = positives
        line.negatives = negatives
        return line
    }

    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var position: Int
        let end: Int

        /// Consumes `literal` when the bytes start with it.
        mutating func take(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard end - position >= count else { return false }
            let base = literal.utf8Start
            for index in 0 ..< count where bytes[position + index] != base[index] { return false }
            position += count
            return true
        }

        /// A whole number as JSON writes it (no sign, no leading zero, no fraction or exponent)
        /// of at most 15 digits: what `SummaryLine.count` accepts.
        mutating func count() -> Int? {
            var value = 0
            var digits = 0
            while position < end, bytes[position] &- 0x30 < 10 {
                value = value * 10 + Int(bytes[position] &- 0x30)
                digits += 1
                position += 1
                guard digits <= 15 else { return nil }
            }
            guard digits > 0, !(digits > 1 && bytes[position - digits] == 0x30) else { return nil }
            return value
        }

        /// A JSON number (`0|[1-9]\d*` then an optional fraction and exponent) that
        /// `ScoreParser` reads as a score in [0, 1] (correctly rounded, as the JSON parser is).
        mutating func score() -> Double? {
            let start = position
            func digits() -> Int {
                let from = position
                while position < end, bytes[position] &- 0x30 < 10 { position += 1 }
                return position - from
            }
            let whole = digits()
            guard whole > 0, !(whole > 1 && bytes[start] == 0x30) else { return nil }
            if position < end, bytes[position] == UInt8(ascii: ".") {
                position += 1
                guard digits() > 0 else { return nil }
            }
            if position < end, bytes[position] | 0x20 == UInt8(ascii: "e") {
                position += 1
                if position < end, bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+") { position += 1 }
                guard digits() > 0 else { return nil }
            }
            return ScoreParser.score(UnsafeRawBufferPointer(rebasing: bytes[start ..< position]))
        }
    }
}
