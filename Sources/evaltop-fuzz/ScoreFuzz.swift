#if FUZZING
import Foundation
@testable import EvalCore

/// The score parser against the standard library's correctly rounded parser: whatever our
/// byte-level fast paths accept must be the value `Double(String)` gives for the same text,
/// and a score is always finite and in [0, 1]. Hex, infinities and NaN must be refused.
enum ScoreFuzz {
    static func run(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            let text = String(decoding: buffer, as: UTF8.self).trimmingSpaces
            if let number = ScoreParser.number(buffer) {
                FuzzCheck.require(number.isFinite, "number \(number) is not finite for '\(text)'")
                FuzzCheck.require(isPlainDecimal(text), "number accepted non-decimal text '\(text)'")
                FuzzCheck.require(Double(text) == number, "number \(number) differs from Double('\(text)') = \(String(describing: Double(text)))")
            }
            if let score = ScoreParser.score(buffer) {
                FuzzCheck.require(score.isFinite && score >= 0 && score <= 1, "score \(score) outside [0, 1]")
                FuzzCheck.require(score.sign == .plus, "score is -0")
                FuzzCheck.require(Double(text) == score, "score \(score) differs from Double('\(text)')")
            } else {
                _ = ScoreParser.diagnose(buffer)  // must say why without trapping
            }
        }
    }

    /// Optional sign, digits with an optional fraction (at least one digit), optional exponent.
    static func isPlainDecimal(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        let integer = bytes.prefix(while: isDigit); bytes = bytes.dropFirst(integer.count)
        var fraction: ArraySlice<UInt8> = []
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fraction = bytes.prefix(while: isDigit); bytes = bytes.dropFirst(fraction.count)
        }
        guard !integer.isEmpty || !fraction.isEmpty else { return false }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            let exponent = bytes.prefix(while: isDigit)
            guard !exponent.isEmpty else { return false }
            bytes = bytes.dropFirst(exponent.count)
        }
        return bytes.isEmpty
    }
}
#endif
