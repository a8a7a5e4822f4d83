import EvalCore

/// The numbers behind a verdict or an advice code, as one line: "auc 0.8123, positives 12".
enum EvidenceText {
    static func line(_ evidence: Evidence, ascii: Bool) -> String {
        evidence.items.map { "\($0.key.replacingOccurrences(of: "_", with: " ")) \(value($0.value, ascii: ascii))" }
            .joined(separator: ", ")
    }

    static func value(_ value: EvidenceValue, ascii: Bool) -> String {
        switch value {
        case .int(let n): return String(n)
        case .number(let x): return number(x, ascii: ascii)
        case .text(let t): return TerminalText.safe(t)
        case .numbers(let xs): return "[" + xs.map { number($0, ascii: ascii) }.joined(separator: " ") + "]"
        case .texts(let ts): return ts.map(TerminalText.safe).joined(separator: "/")
        }
    }

    /// Four significant decimals at most, trailing zeros dropped ("0.1", "0.8123").
    static func number(_ x: Double?, ascii: Bool) -> String {
        guard let x, x.isFinite else { return ascii ? "-" : "—" }
        if x == x.rounded(), abs(x) < 1e9 { return String(Int(x)) }
        var s = Format.fixed(x, 4)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }
}
