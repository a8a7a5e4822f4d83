import Foundation

/// Numbers typed on the command line: plain decimals only ("0.5", ".5", "1e-3", "-1"); no hex
/// floats ("0x1p-1"), no "nan" or "inf", which `Double(String)` would accept.
public enum DecimalText {
    public static func parse(_ text: String) -> Double? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { ScoreParser.number(UnsafeRawBufferPointer($0)) }
    }
}
