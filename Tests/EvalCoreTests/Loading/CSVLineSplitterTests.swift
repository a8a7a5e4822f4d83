import Testing
@testable import EvalCore

/// The line splitter finds delimiters eight bytes at a time: it must give exactly the fields a
/// byte-by-byte split gives, for lines of every length around the word size, delimiters at
/// every position of a word, bytes that differ from the delimiter by one bit or sit next to it
/// in value, empty fields, and fewer field slots than fields.
@Suite struct CSVLineSplitterTests {
    /// The (offset, length) of every field, by a plain byte loop.
    private func reference(_ line: [UInt8], delimiter: UInt8) -> [(Int, Int)] {
        var fields: [(Int, Int)] = []
        var start = 0
        for (index, byte) in line.enumerated() where byte == delimiter {
            fields.append((start, index - start))
            start = index + 1
        }
        fields.append((start, line.count - start))
        return fields
    }

    /// Splits `line` placed at `padding` bytes into a buffer (so that words are loaded at
    /// every alignment) with `capacity` field slots.
    private func split(_ line: [UInt8], delimiter: UInt8, padding: Int, capacity: Int) -> (count: Int, fields: [(Int, Int)]) {
        let buffer = [UInt8](repeating: 0x41, count: padding) + line + [UInt8](repeating: delimiter, count: 9)
        return buffer.withUnsafeBytes { bytes in
            let fields = UnsafeMutablePointer<CSVField>.allocate(capacity: max(1, capacity))
            defer { fields.deallocate() }
            let count = CSVLineSplitter.split(bytes, lineStart: padding, lineEnd: padding + line.count, delimiter: delimiter,
                                              into: fields, capacity: capacity)
            let stored = (0 ..< min(count, capacity)).map { index in
                let field = fields[index]
                #expect(field.bytes.baseAddress == bytes.baseAddress! + field.offset)
                return (field.offset - padding, field.bytes.count)
            }
            return (count, stored)
        }
    }

    @Test func randomLinesSplitLikeTheByteLoop() {
        var generator = SplitMix64(seed: 5)
        for delimiter in [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";"), 0x80, 0xFF, 0x01] {
            // The delimiter, its neighbours in value and bytes one bit away from it.
            let alphabet: [UInt8] = [delimiter, delimiter &+ 1, delimiter &- 1, delimiter ^ 0x80, delimiter ^ 0x01, 0x00, 0x30, 0x7F]
            for length in 0 ... 40 {
                for _ in 0 ..< 40 {
                    let line = (0 ..< length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
                    let expected = reference(line, delimiter: delimiter)
                    for capacity in [expected.count + 1, expected.count, max(1, expected.count / 2)] {
                        let padding = Int(generator.next() % 8)
                        let (count, fields) = split(line, delimiter: delimiter, padding: padding, capacity: capacity)
                        #expect(count == expected.count, "\(line) \(delimiter)")
                        let kept = Array(expected.prefix(capacity))
                        #expect(fields.map(\.0) == kept.map(\.0) && fields.map(\.1) == kept.map(\.1), "\(line) \(delimiter)")
                    }
                }
            }
        }
    }

    @Test func edgeShapes() {
        let comma = UInt8(ascii: ",")
        for line in ["", ",", ",,,,,,,,", ",,,,,,,,,", "abcdefgh", "abcdefgh,", ",abcdefgh", "a,b,c,d,e,f,g,h,i",
                     "in0000000,c05,0.0739,0.0564,0.0405,0.0176,0.0562,0.1203,0.0080,0.0707"] {
            let bytes = Array(line.utf8)
            let expected = reference(bytes, delimiter: comma)
            let (count, fields) = split(bytes, delimiter: comma, padding: 3, capacity: expected.count + 1)
            #expect(count == expected.count, "\(line)")
            #expect(fields.map(\.0) == expected.map(\.0) && fields.map(\.1) == expected.map(\.1), "\(line)")
        }
    }

    @Test func zeroBytesFlagsExactlyTheZeroBytes() {
        var generator = SplitMix64(seed: 9)
        for _ in 0 ..< 100_000 {
            var word: UInt64 = 0
            var expected: UInt64 = 0
            for byte in 0 ..< 8 {
                let value: UInt64 = [0, 1, 0x80, 0x81, 0x7F, 0xFF, generator.next() & 0xFF][Int(generator.next() % 7)]
                word |= value << UInt64(byte * 8)
                if value == 0 { expected |= 0x80 << UInt64(byte * 8) }
            }
            #expect(CSVLineSplitter.zeroBytes(word) == expected, "\(String(word, radix: 16))")
        }
    }
}
