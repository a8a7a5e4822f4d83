import Foundation
import Testing
@testable import EvalCore

/// A file cut short after evaltop mapped it (the script that writes it run again: Python's
/// `open(path, "w")` truncates first) makes reads of the pages past its new end raise SIGBUS.
/// The guard (`CMappedFileGuard`) answers them with zeros and notes it, and every reader that
/// opens a file reports a clear error instead of a crash or numbers read from zeros.
@Suite struct CutShortFileTests {
    enum Shape: String, CaseIterable, Sendable {
        case wideLines, wideQuoted, jsonLines
    }

    /// About 1.5 MB, so that the cut leaves hundreds of pages past the new end.
    static func text(_ shape: Shape) -> (name: String, text: String) {
        var text = shape == .jsonLines ? "" : "input_id,labels,cat,dog\n"
        for row in 0 ..< 30_000 {
            let cat = Double(row % 9973) / 9973, dog = 1 - cat
            switch shape {
            case .wideLines: text += "in\(row),\(row % 2 == 0 ? "cat" : "dog"),\(cat),\(dog)\n"
            case .wideQuoted: text += "\"in \(row)\",\"\(row % 2 == 0 ? "cat" : "dog")\",\(cat),\(dog)\n"
            case .jsonLines: text += "{\"input_id\":\"in\(row)\",\"labels\":[\"\(row % 2 == 0 ? "cat" : "dog")\"],\"scores\":{\"cat\":\(cat),\"dog\":\(dog)}}\n"
            }
        }
        return (shape == .jsonLines ? "cut.jsonl" : "cut.csv", text)
    }

    static func cut(_ path: String, to length: Int) {
        #expect(truncate(path, off_t(length)) == 0)
    }

    @Test(arguments: Shape.allCases)
    func aFileCutShortWhileItLoadsIsAClearErrorNotACrash(shape: Shape) throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let (name, text) = Self.text(shape)
        let path = try folder.write(name, text)
        let intact = try EvaluationLoader.load(path: path)
        #expect(intact.inputCount == 30_000)

        let source = try SourceBytes(path: path)
        Self.cut(path, to: text.utf8.count / 3)
        var message: String?
        do {
            _ = try source.whileIntact {
                try EvaluationLoader.load(source, options: .init(), progress: ProgressSink(totalBytes: source.count, callback: nil))
            }
        } catch let error as LoadError {
            message = error.message
            #expect(error.path == path)
        }
        #expect(message == SourceBytes.cutShortMessage)
        #expect(source.wasCutShort)
    }

    @Test func bytesPastTheNewEndReadAsZerosAndOnlyThatFileIsNoted() throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let bytes = String(repeating: "0123456789abcdef", count: 4096)  // 64 kB
        let cutPath = try folder.write("cut.csv", bytes)
        let keptPath = try folder.write("kept.csv", bytes)
        let cutSource = try SourceBytes(path: cutPath)
        let keptSource = try SourceBytes(path: keptPath)
        #expect(cutSource.buffer[40_000] == UInt8(ascii: "0"))  // 40,000 = 16 × 2,500: a "0"
        Self.cut(cutPath, to: 10)
        #expect(!cutSource.wasCutShort)
        // Within the last page the kernel reads zeros past the end; past it, the guard does.
        #expect(cutSource.buffer[9] == UInt8(ascii: "9"))
        #expect(cutSource.buffer[100] == 0)
        #expect(!cutSource.wasCutShort)
        #expect(cutSource.buffer[40_000] == 0)
        #expect(cutSource.buffer[65_535] == 0)
        #expect(cutSource.wasCutShort)
        #expect(keptSource.buffer[65_535] == UInt8(ascii: "f"))
        #expect(!keptSource.wasCutShort)
    }

    /// Each mapping gives its slot back: a file opened after hundreds of others is still guarded.
    @Test func slotsAreGivenBackWhenAFileIsClosed() throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let path = try folder.write("many.csv", String(repeating: "x", count: 20_000))
        for _ in 0 ..< 300 {
            let source = try SourceBytes(path: path)
            #expect(source.buffer[19_999] == UInt8(ascii: "x"))
        }
        let source = try SourceBytes(path: path)
        Self.cut(path, to: 1)
        #expect(source.buffer[19_999] == 0)
        #expect(source.wasCutShort)
    }

    @Test func theSummarizersSourceSaysSoToo() throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let (name, text) = Self.text(.wideLines)
        let path = try folder.write(name, text)
        var message: String?
        do {
            _ = try SummarizerSource.read(path, ifFormat: .wide, options: .init()) { source in
                Self.cut(path, to: 4096)
                return source.buffer.reduce(0) { $0 &+ Int($1) }
            }
        } catch let error as LoadError {
            message = error.message
        }
        #expect(message == SourceBytes.cutShortMessage)

        // An intact file read the same way is read whole.
        let kept = try folder.write("kept.csv", text)
        let sum = try SummarizerSource.read(kept, ifFormat: .wide, options: .init()) { source in
            source.buffer.reduce(0) { $0 &+ Int($1) }
        }
        #expect(sum == text.utf8.reduce(0) { $0 &+ Int($1) })
    }
}
