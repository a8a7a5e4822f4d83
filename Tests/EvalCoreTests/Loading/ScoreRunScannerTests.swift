import Foundation
import Testing
@testable import EvalCore

/// The row scanner that reads trailing score cells without splitting the line: whatever it
/// accepts must be bit for bit what the field split and `ScoreParser.score` give, and it must
/// refuse every row those would parse differently (the loader then takes the general path).
@Suite struct ScoreRunScannerTests {
    /// The scores the scanner reads from `line` (cells from `start`), or nil when it refuses.
    private static func scanned(_ line: [UInt8], start: Int, count: Int) -> [Double]? {
        var scores = [Double](repeating: -1, count: count)
        let accepted = line.withUnsafeBytes { bytes in
            scores.withUnsafeMutableBufferPointer {
                ScoreRunScanner.scan(bytes.baseAddress!, start: start, lineEnd: line.count, count: count,
                                     delimiter: UInt8(ascii: ","), into: $0.baseAddress!)
            }
        }
        return accepted ? scores : nil
    }

    /// The general path's scores: split at every delimiter, each cell through `ScoreParser.score`;
    /// nil when the field count is not `count` or a cell is refused.
    private static func general(_ line: [UInt8], start: Int, count: Int) -> [Double]? {
        let cells = line[start...].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        guard cells.count == count else { return nil }
        var scores: [Double] = []
        for cell in cells {
            guard let value = Array(cell).withUnsafeBytes({ ScoreParser.score($0) }) else { return nil }
            scores.append(value)
        }
        return scores
    }

    /// "0." and 1 to 30 decimals (leading zeros included), in rows of 1 to 4 cells: the scanner
    /// takes every row whose cells have at most 19 digits after their leading zeros and 27
    /// decimals, with the general parser's bits, and leaves the others to it.
    @Test func cellsOfEveryLengthEqualTheScoreParser() {
        var random = SplitMix64(seed: 3)
        for digits in 1 ... 30 {
            for _ in 0 ..< 300 {
                let count = 1 + Int(random.next() % 4)
                var line: [UInt8] = Array("id7,a,".utf8)
                var takes = digits <= 27
                for cell in 0 ..< count {
                    if cell > 0 { line.append(UInt8(ascii: ",")) }
                    line += Array("0.".utf8)
                    let zeros = Int(random.next() % UInt64(digits + 1))
                    var cellDigits: [UInt8] = []
                    for position in 0 ..< digits { cellDigits.append(position < zeros ? 0x30 : 0x30 + UInt8(random.next() % 10)) }
                    if cellDigits.drop(while: { $0 == 0x30 }).count > 19 { takes = false }
                    line += cellDigits
                }
                let text = String(decoding: line, as: UTF8.self)
                let expected = Self.general(line, start: 6, count: count)
                let got = Self.scanned(line, start: 6, count: count)
                if takes {
                    #expect(got != nil && got?.map(\.bitPattern) == expected?.map(\.bitPattern), "\(text)")
                } else {
                    #expect(got == nil, "\(text)")
                }
            }
        }
    }

    /// The exponent form `%.17g` writes below 10^-4 ("1.2345678901234567e-05"), and shorter
    /// ones: read alike where the fraction's digits and the exponent make at most 27 decimals,
    /// left to the general parser beyond.
    @Test func exponentFormsEqualTheScoreParser() {
        var random = SplitMix64(seed: 21)
        var accepted = 0
        for _ in 0 ..< 5_000 {
            let value = Double(bitPattern: (1e-4).bitPattern - UInt64.random(in: 0 ..< (1e-4).bitPattern - (1e-20).bitPattern, using: &random))
            let format = ["%.17g", "%.3g", "%.10g", "%.17G", "%.1g"][Int(random.next() % 5)]
            let text = String(format: format, value)
            let line = Array("id,a,0.25,\(text)".utf8)
            let expected = Self.general(line, start: 5, count: 2)
            #expect(expected != nil, "\(text)")
            guard let got = Self.scanned(line, start: 5, count: 2) else {
                // Only cells past 27 decimals (or without a fraction point, "1e-05") are left.
                #expect(!text.contains(".") || value < 1e-9, "\(text)")
                continue
            }
            accepted += 1
            #expect(got.map(\.bitPattern) == expected?.map(\.bitPattern), "\(text)")
        }
        #expect(accepted > 2_000)  // the bit patterns are spread evenly, so most exponents are small
    }

    /// Rows with a stray byte (or a byte missing) anywhere: the scanner either refuses the row
    /// or reads exactly the general path's scores.
    @Test func strayBytesAreRefusedOrReadAlike() {
        var random = SplitMix64(seed: 9)
        let stray: [UInt8] = [0x2F, 0x3A, 0x2E, 0x2C, 0x2D, 0x20, 0x65, 0x0D, 0x31, 0xB9]
        var accepted = 0
        for _ in 0 ..< 3_000 {
            var line: [UInt8] = []
            let count = 1 + Int(random.next() % 3)
            for cell in 0 ..< count {
                if cell > 0 { line.append(UInt8(ascii: ",")) }
                line += Array("0.".utf8)
                for _ in 0 ..< 1 + Int(random.next() % 18) { line.append(0x30 + UInt8(random.next() % 10)) }
            }
            let position = Int(random.next() % UInt64(line.count))
            if random.next() % 4 == 0 { line.remove(at: position) } else { line[position] = stray[Int(random.next() % UInt64(stray.count))] }
            let text = String(decoding: line, as: UTF8.self)
            guard let got = Self.scanned(line, start: 0, count: count) else { continue }
            accepted += 1
            #expect(got.map(\.bitPattern) == Self.general(line, start: 0, count: count)?.map(\.bitPattern), "\(text.debugDescription)")
        }
        #expect(accepted > 100)  // some corruptions are still well-formed rows ("0.1" → "0.7")
    }

    /// Only layouts whose concept columns end the row, in order, are read this way.
    @Test func trailingScoreColumnsOnlyWhenTheConceptsEndTheRow() throws {
        func layout(_ header: String) throws -> WideLayout {
            let bytes = Array((header + "\n").utf8)
            return try bytes.withUnsafeBytes { try WideLayout(header: CSVHeader.read($0, path: "h.csv")) }
        }
        #expect(try layout("input_id,labels,a,b,c").trailingScoreColumn == 2)
        #expect(try layout("input_id,fold,meta:site,labels,a,b").trailingScoreColumn == 4)
        #expect(try layout("input_id,a,labels,b").trailingScoreColumn == nil)
        #expect(try layout("a,b,input_id,labels").trailingScoreColumn == nil)
    }
}
