import Foundation
import Testing
@testable import EvalCore

/// The wide reader's line count (`WideCSVLoader.countLinesUnlessQuoted`) reads a mapped file
/// through pread(2) in blocks (`SourceBytes.forEachBlock`) and counts with
/// `NonBlankLineCounter`, whose lines span blocks; the parse then reads the mapping. The count
/// must be the parse's: the same non-blank lines, whatever the blocks.
@Suite struct LineCountTests {
    /// Non-blank lines by the definition the parse uses: a line is blank when it is empty once a
    /// `\r` before its `\n` is dropped.
    static func referenceCount(_ bytes: [UInt8]) -> Int {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if bytes.last == 0x0A { lines.removeLast() }
        return lines.filter { line in (line.last == 0x0D ? line.dropLast() : line[...]).count > 0 }.count
    }

    static func text(pieces: Int, seed: UInt64) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        let parts = ["", "\r", "\r\r", "a", "ab", "a\r", "\ra", "abc,0.5\r", "x"]
        var bytes: [UInt8] = []
        for _ in 0 ..< pieces {
            bytes += Array(parts[Int(random.next() % UInt64(parts.count))].utf8)
            if random.next() % 3 != 0 { bytes.append(0x0A) }
        }
        return bytes
    }

    @Test func blocksOfAnySizeCountTheLinesOfTheWhole() {
        for seed in 1 ... 40 as ClosedRange<UInt64> {
            let bytes = Self.text(pieces: 200, seed: seed)
            let expected = Self.referenceCount(bytes)
            for blockSize in [1, 2, 3, 7, 64, 4096] {
                var counter = NonBlankLineCounter()
                bytes.withUnsafeBytes { all in
                    for start in stride(from: 0, to: all.count, by: blockSize) {
                        counter.add(UnsafeRawBufferPointer(rebasing: all[start ..< min(all.count, start + blockSize)]))
                    }
                }
                #expect(counter.finish() == expected, "seed \(seed), blocks of \(blockSize)")
            }
        }
        // The edges: nothing, a lone CR line, a last line without its line break.
        for (text, lines) in [("", 0), ("\n", 0), ("\r\n", 0), ("\r", 0), ("\r\r\n", 1), ("a", 1), ("a\r", 1), ("\n\na\n\r\n", 1)] {
            var counter = NonBlankLineCounter()
            Array(text.utf8).withUnsafeBytes { counter.add($0) }
            #expect(counter.finish() == lines, "\(text.debugDescription)")
        }
    }

    /// A file on disk (mapped, its count read through pread in 64 kB blocks, lines across
    /// them) loads as the same bytes held in memory (counted in place), blank and CRLF lines
    /// included, and each chunk's count is the in-memory one.
    @Test func aMappedFileIsCountedThroughReadsAsItsBytesAreInMemory() throws {
        var random = SplitMix64(seed: 21)
        var text = "input_id,labels,a,b\n"
        for row in 0 ..< 30_000 {
            let scores = (0 ..< 2).map { _ in String(format: "%.17g", Double(random.next() % 1_000_003) / 1_000_003) }
            text += "id\(row),\(row % 2 == 0 ? "a" : "b"),\(scores.joined(separator: ","))"
            text += ["\n", "\r\n", "\n\n", "\n\r\n"][row % 4]  // blank and CRLF lines between the rows
        }
        let bytes = Array(text.utf8)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("evaltop-linecount-\(getpid()).csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        let mapped = try SourceBytes(path: path)
        let inMemory = SourceBytes(bytes: bytes, name: "memory.csv")
        let dataStart = Array("input_id,labels,a,b\n".utf8).count
        let chunks = withExtendedLifetime(inMemory) { WideCSVLoader.lineAlignedChunks(inMemory.buffer, dataStart ..< bytes.count) }
        #expect(chunks.count > 1)
        let mappedCounts = WideCSVLoader.countLinesUnlessQuoted(mapped, chunks)
        let memoryCounts = WideCSVLoader.countLinesUnlessQuoted(inMemory, chunks)
        #expect(mappedCounts == memoryCounts)
        #expect(mappedCounts.reduce(0) { $0 + ($1 ?? 0) } == 30_000)

        let fromFile = try EvaluationLoader.load(path: path)
        let fromMemory = try EvaluationLoader.load(inMemory, options: .init(), progress: ProgressSink(totalBytes: bytes.count, callback: nil))
        #expect(fromFile.inputCount == 30_000)
        #expect(fromFile.inputIDs == fromMemory.inputIDs)
        #expect(fromFile.scores == fromMemory.scores)
        #expect(fromFile.labelConcepts == fromMemory.labelConcepts)
    }

    /// The parse of a chunk meets more or fewer records than the count found (a file written to
    /// between the two reads): an error, never a row outside the chunk's rows. Both parses: by
    /// lines (`parseLines`), and the quoted path's RFC 4180 records (`parseSequential`), here with
    /// a quoted field that holds a line break, so that lines and records differ.
    @Test(arguments: [false, true])
    func recordsThatAreNotTheCountedOnesAreAnError(quoted: Bool) throws {
        let text = quoted ? "input_id,labels,a\n\"x\ny\",a,0.5\ny,,0.25\nz,a,1\n" : "input_id,labels,a\nx,a,0.5\ny,,0.25\nz,a,1\n"
        let bytes = Array(text.utf8)
        let source = SourceBytes(bytes: bytes, name: "changed.csv")
        let header = try CSVHeader.read(source.buffer, path: source.path)
        let layout = try WideLayout(header: header)
        for (rows, fails) in [(3, false), (2, true), (4, true)] {
            let output = WideOutput(rowCount: rows, layout: layout)
            defer { output.deallocateScratch() }
            let scores = UnsafeMutablePointer<Double>.allocate(capacity: rows * layout.conceptCount)
            defer { scores.deallocate() }
            var message: String?
            do {
                try CancellationProbe.run { probe in
                    let range = header.dataStart ..< bytes.count
                    let worker = WideRowParser(layout: layout)
                    let progress = ProgressSink(totalBytes: bytes.count, callback: nil)
                    if quoted {
                        try WideCSVLoader.parseSequential(
                            source.buffer, delimiter: header.delimiter, range: range, firstRow: 0, rowLimit: rows,
                            worker: worker, output: output, scores: scores, progress: progress, probe: probe, source: source)
                    } else {
                        try WideCSVLoader.parseLines(
                            source.buffer, delimiter: header.delimiter, range: range, firstRow: 0, rowLimit: rows,
                            worker: worker, output: output, scores: scores, progress: progress, probe: probe, source: source)
                    }
                }
            } catch let failure as ParseFailure {
                message = failure.message
            }
            #expect((message == WideCSVLoader.changedWhileRead) == fails, "\(rows) rows counted")
            if !fails { #expect(message == nil && scores[0] == 0.5 && scores[2] == 1) }
        }
    }
}
