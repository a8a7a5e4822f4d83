import Foundation
import Testing
@testable import EvalCore

@Suite struct LoadingWideTests {
    @Test func readsAWideFileWithLabelsScoresAndMetadata() throws {
        let text = """
        input_id,url,width,height,fold,meta:camera,labels,cat,dog,bird
        a1,http://x/a1.jpg,640,480,0,canon,cat,0.9,0.1,2.39e-05
        a2,http://x/a2.jpg,,,1,nikon,dog;bird,0.5,0.75,1
        a3,,320,200,0,,,0,0.25,0.125

        """
        let evaluation = try LoadingFixtures.load(text)
        #expect(evaluation.format == .wide)
        #expect(evaluation.concepts.map(\.name) == ["cat", "dog", "bird"])
        #expect(evaluation.concepts.map(\.id) == ["cat", "dog", "bird"])
        #expect(evaluation.inputIDs == ["a1", "a2", "a3"])
        #expect(evaluation.scores == [0.9, 0.1, 2.39e-05, 0.5, 0.75, 1, 0, 0.25, 0.125])
        #expect(Array(evaluation.labels(of: 0)) == [0])
        #expect(Array(evaluation.labels(of: 1)) == [1, 2])
        #expect(evaluation.labels(of: 2).isEmpty)
        #expect(evaluation.mode == .multilabel)
        #expect(evaluation.urls == ["http://x/a1.jpg", "http://x/a2.jpg", ""])
        #expect(evaluation.widths == [640, -1, 320])
        #expect(evaluation.heights == [480, -1, 200])
        #expect(evaluation.fold == CategoricalAttribute(name: "fold", values: ["0", "1"], codes: [0, 1, 0]))
        #expect(evaluation.attributes == [CategoricalAttribute(name: "camera", values: ["canon", "nikon"], codes: [0, 1, -1])])
    }

    /// One row, one concept: every shape of the score parser's fast path and beside it (4 to 8
    /// decimals, with leading zeros, 1–3 and 9 decimals, 17 significant digits, 1 and 0) reads
    /// as strtod reads it.
    @Test func oneRowOneConceptInEveryScoreShape() throws {
        for cell in ["0.0739", "0.00001", "0.123456", "0.0000007", "0.99999999", "0.00000000", "0.5", "0.25", "0.125",
                     "0.123456789", "0.0039067658817363198", "1", "0", "1.0000"] {
            let evaluation = try LoadingFixtures.load("input_id,labels,only\nx,only,\(cell)\n")
            #expect(evaluation.inputCount == 1 && evaluation.conceptCount == 1)
            #expect(evaluation.scores == [cell.withCString { strtod($0, nil) }], "\(cell)")
        }
    }

    @Test func reservedNamesMatchCaseInsensitivelyButConceptsDoNot() throws {
        let evaluation = try LoadingFixtures.load("ID,Labels,Cat,cat\nx,Cat,0.1,0.2\ny,cat,0.3,0.4\n")
        #expect(evaluation.concepts.map(\.name) == ["Cat", "cat"])
        #expect(Array(evaluation.labels(of: 0)) == [0])
        #expect(Array(evaluation.labels(of: 1)) == [1])
        #expect(evaluation.mode == .exclusive)
    }

    @Test func labelSeparatorsSpacesAndRepeats() throws {
        let evaluation = try LoadingFixtures.load("input_id,labels,a,b,c\nx, c | a ;a ,0,0,0\ny,;,0,0,0\n")
        #expect(Array(evaluation.labels(of: 0)) == [0, 2])
        #expect(evaluation.labels(of: 1).isEmpty)
    }

    @Test func modeOptionOverridesAuto() throws {
        let text = "input_id,labels,a,b\nx,a,0.9,0.1\ny,b,0.2,0.8\n"
        #expect(try LoadingFixtures.load(text).mode == .exclusive)
        #expect(try LoadingFixtures.load(text, options: LoadOptions(mode: .multilabel)).mode == .multilabel)
        let multi = "input_id,labels,a,b\nx,a;b,0.9,0.1\n"
        #expect(try LoadingFixtures.load(multi, options: LoadOptions(mode: .exclusive)).mode == .exclusive)
    }

    @Test func byteOrderMarkAndCRLF() throws {
        let text = "\u{FEFF}input_id,labels,a,b\r\nx,a,0.5,0.25\r\ny,,1,0\r\n"
        let evaluation = try LoadingFixtures.load(text)
        #expect(evaluation.inputIDs == ["x", "y"])
        #expect(evaluation.scores == [0.5, 0.25, 1, 0])
        #expect(evaluation.concepts.last?.name == "b")
    }

    @Test func tabSeparatedByExtensionAndByHeader() throws {
        let text = "input_id\tlabels\tcat, big\tdog\nx\tcat, big\t0.5\t0.25\n"
        for name in ["t.tsv", "t.csv", "t.txt"] {
            let evaluation = try LoadingFixtures.load(text, name: name)
            #expect(evaluation.concepts.map(\.name) == ["cat, big", "dog"], "\(name)")
            #expect(Array(evaluation.labels(of: 0)) == [0])
        }
    }

    @Test func quotedFieldsWithDelimitersQuotesAndNewlines() throws {
        let text = "input_id,labels,\"cat, big\",\"say \"\"hi\"\"\"\n\"x,1\",\"cat, big\",0.5,\"0.25\"\n\"multi\nline\",\"say \"\"hi\"\"\",1,0\n"
        let evaluation = try LoadingFixtures.load(text)
        #expect(evaluation.concepts.map(\.name) == ["cat, big", "say \"hi\""])
        #expect(evaluation.inputIDs == ["x,1", "multi\nline"])
        #expect(evaluation.scores == [0.5, 0.25, 1, 0])
        #expect(Array(evaluation.labels(of: 1)) == [1])
    }

    @Test func unicodeConceptNamesAndIDs() throws {
        let text = "input_id,labels,猫,🐶,café\n图片1,猫;🐶,0.9,0.8,0.1\n😀,café,0.1,0.2,0.7\n"
        let evaluation = try LoadingFixtures.load(text)
        #expect(evaluation.concepts.map(\.name) == ["猫", "🐶", "café"])
        #expect(evaluation.inputIDs == ["图片1", "😀"])
        #expect(LoadingFixtures.labelNames(evaluation, 0) == ["猫", "🐶"])
        #expect(LoadingFixtures.labelNames(evaluation, 1) == ["café"])
    }

    @Test func exactlyHalfAndExponentScores() throws {
        let evaluation = try LoadingFixtures.load("input_id,labels,a,b,c,d\nx,a,0.5,5e-1,2.39e-05,1E-300\n")
        #expect(evaluation.scores[0] == 0.5 && evaluation.scores[1] == 0.5)
        #expect(evaluation.scores[0] >= 0.5)
        #expect(evaluation.scores[2] == 2.39e-05)
        #expect(evaluation.scores[3] == 1e-300)
    }

    @Test func parallelAndSequentialPathsAgree() throws {
        // Large enough to be cut into several chunks; written without quotes so that the fast
        // path runs, then forced through the sequential reader.
        var generator = SplitMix64(seed: 7)
        var text = "input_id,fold,meta:site,labels,a,b,c\n"
        for row in 0 ..< 40_000 {
            let labels = ["a", "b", "c", "a;c", ""][Int(generator.next() % 5)]
            let scores = (0 ..< 3).map { _ in String(format: "%.17g", Double(generator.next() % 1_000_000_007) / 1_000_000_007) }
            text += "id\(row),\(row % 5),site\(generator.next() % 3),\(labels),\(scores.joined(separator: ","))\(row % 3 == 0 ? "\r\n" : "\n")"
        }
        let bytes = Array(text.utf8)
        let fast = try EvaluationLoader.load(SourceBytes(bytes: bytes, name: "big.csv"), options: .init(), progress: ProgressSink(totalBytes: bytes.count, callback: nil))
        let slow = try EvaluationLoader.load(SourceBytes(bytes: bytes, name: "big.csv"), options: .init(), progress: ProgressSink(totalBytes: bytes.count, callback: nil), forceSequential: true)
        let source = SourceBytes(bytes: bytes, name: "x")
        // `buffer` borrows the source's memory: keep the source alive while it is read
        // (AddressSanitizer caught the temporary being freed first).
        withExtendedLifetime(source) {
            #expect(WideCSVLoader.lineAlignedChunks(source.buffer, 0 ..< bytes.count).count > 1)
        }
        #expect(fast.inputIDs == slow.inputIDs)
        #expect(fast.scores == slow.scores)
        #expect(fast.labelOffsets == slow.labelOffsets)
        #expect(fast.labelConcepts == slow.labelConcepts)
        #expect(fast.fold == slow.fold)
        #expect(fast.attributes == slow.attributes)
        #expect(fast.inputCount == 40_000)
        #expect(fast.fold?.values == ["0", "1", "2", "3", "4"])
    }

    @Test func quotedDataAreCutOnlyBetweenRecordsAndGiveTheSequentialResult() throws {
        // Quoted ids with commas, doubled quotes and line breaks, over enough bytes for several
        // chunks: a cut inside a quoted field would split a record in two.
        var text = "input_id,labels,url,a,b\n"
        for row in 0 ..< 30_000 {
            let id = row % 3 == 0 ? "\"id \(row),\nsecond \"\"line\"\"\"" : "id\(row)"
            text += "\(id),\(row % 2 == 0 ? "a" : "b"),\"https://x/\(row),1.jpg\",0.\(row % 10)25,0.\((row / 3) % 10)5\n"
        }
        let bytes = Array(text.utf8)
        let source = SourceBytes(bytes: bytes, name: "q.csv")
        let chunks = withExtendedLifetime(source) { WideCSVLoader.recordAlignedChunks(source.buffer, 24 ..< bytes.count) }
        #expect(chunks.count > 1)
        #expect(chunks.first?.lowerBound == 24 && chunks.last?.upperBound == bytes.count)
        for (a, b) in zip(chunks, chunks.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
        let parallel = try EvaluationLoader.load(SourceBytes(bytes: bytes, name: "q.csv"), options: .init(), progress: ProgressSink(totalBytes: bytes.count, callback: nil))
        let sequential = try EvaluationLoader.load(SourceBytes(bytes: bytes, name: "q.csv"), options: .init(), progress: ProgressSink(totalBytes: bytes.count, callback: nil), forceSequential: true)
        #expect(parallel.inputCount == 30_000)
        #expect(parallel.inputIDs == sequential.inputIDs)
        #expect(parallel.inputIDs[3] == "id 3,\nsecond \"line\"")
        #expect(parallel.urls == sequential.urls)
        #expect(parallel.scores == sequential.scores)
        #expect(parallel.labelConcepts == sequential.labelConcepts)
    }

    @Test func parallelPathReportsTheFirstErrorInTheFile() throws {
        var text = "input_id,labels,a\n"
        for row in 0 ..< 60_000 { text += "id\(row),a,0.\(row % 10)\n" }
        text += "late,a,oops\n"
        for row in 60_000 ..< 70_000 { text += "id\(row),a,0.5\n" }
        let bytes = Array(text.utf8)
        let fast = LoadingFixtures.error(bytes: bytes)
        #expect(fast?.line == 60_002)
        #expect(fast?.column == 8)
        var slow: LoadError?
        do {
            _ = try EvaluationLoader.load(SourceBytes(bytes: bytes, name: "test.csv"), options: .init(), progress: ProgressSink(totalBytes: bytes.count, callback: nil), forceSequential: true)
        } catch let error as LoadError { slow = error }
        #expect(slow == fast)
    }

    @Test func progressIsReported() throws {
        let path = NSTemporaryDirectory() + "evaltop-progress-\(getpid()).csv"
        var text = "input_id,labels,a\n"
        for row in 0 ..< 1000 { text += "id\(row),a,0.5\n" }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let last = LockedBox<LoadProgress?>(nil)
        let evaluation = try EvaluationLoader.load(path: path, progress: { last.value = $0 })
        #expect(evaluation.inputCount == 1000)
        #expect(last.value?.inputs == 1000)
        #expect(last.value?.bytesRead == text.utf8.count)
    }

    @Test func cancellationStopsTheLoad() async throws {
        var text = "input_id,labels,a\n"
        for row in 0 ..< 2000 { text += "id\(row),a,0.5\n" }
        let bytes = Array(text.utf8)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try EvaluationLoader.load(bytes: bytes, name: "t.csv")
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func bundledExampleIsDigits() throws {
        let evaluation = try EvaluationLoader.loadBundledExample()
        #expect(evaluation.inputCount == 1797)
        #expect(evaluation.conceptCount == 10)
        #expect(evaluation.mode == .exclusive)
    }
}


final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}
