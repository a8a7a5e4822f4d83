#if FUZZING
import Foundation
@testable import EvalCore

/// Summaries (issue 13) are files other tools write too (the Spark job), so the reader gets the
/// loaders' contract: either a summary that the writer writes back to a file the reader reads
/// again to the same summary, and whose report computes (AUC and AP in [0, 1], JSON that
/// parses); or a `LoadError` naming the file and a line.
enum SummaryReadFuzz {
    static let name = "fuzz.evalsum"

    static func run(_ bytes: [UInt8]) {
        let summary: EvaluationSummary
        do {
            summary = try SummaryReader.read(bytes: bytes, name: name)
        } catch {
            FuzzCheck.requireLocatedRefusal(error, name: name, empty: bytes.isEmpty)
            return
        }
        let written = SummaryFuzzText.of(summary)
        let again: EvaluationSummary
        do {
            again = try SummaryReader.read(bytes: Array(written.utf8), name: name)
        } catch {
            FuzzCheck.fail("a summary the reader accepted, written back, is refused: \(error)")
        }
        FuzzCheck.require(SummaryFuzzText.of(again) == written, "writing a summary read back from its writing changes it")

        let metrics = SummaryMetrics(summary: summary)
        for curve in metrics.curves {
            if let auc = curve.auc { FuzzCheck.require(auc >= 0 && auc <= 1, "AUC \(auc) outside [0, 1]") }
            if let ap = curve.averagePrecision { FuzzCheck.require(ap >= 0 && ap <= 1.000_000_1, "AP \(ap) outside [0, 1]") }
        }
        let report = EvaluationReport(summary: metrics, thresholds: Thresholds(global: 0.5))
        let json = ReportJSON.render(report)
        FuzzCheck.require((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil, "report JSON does not parse")
    }
}

/// The limits past which a streamed summary's memory stops growing (issue 13), and its suspects:
/// chosen from the input's length, so that the seams of the `summarize` and `clarifai` targets'
/// chunking and grid (chosen from the control byte, or the length's remainder by 3) vary
/// independently. The real limits are millions of inputs, far beyond a 64 KB input, so without
/// tiny ones the spilled paths would never be reached: the duplicate-id check's runs of hashes
/// (`IDHashSet`: 16 slots, 12 hashes a run, merged every 2–4 runs), the ungrouped long CSV's
/// table of first rows (0–3 inputs, then the second sort; runs merged 2–4 at a time), and the
/// cut-offs of a model too weak for the noise weights (`NoiseRatePruning.CutoffSelection`:
/// every cell by the radix selection, buckets of 0–8 keys collected). The loader's summary, the
/// reference, is always made at the real limits: the heaps, no runs.
struct SpillLimits {
    /// Suspects asked for (0: none, and no suspects' passes).
    let suspects: Int
    /// nil: the real limits.
    let tiny: (fanIn: Int, firstRowLimit: Int, collectLimit: Int)?

    /// `bits` (the input's length divided by what already chose the grid): bit 0 tiny limits,
    /// bit 1 suspects, the bits above the tiny sizes.
    init(bits: Int) {
        suspects = bits & 2 != 0 ? 3 : 0
        let rest = bits >> 2
        tiny = bits & 1 != 0 ? (fanIn: 2 + rest % 3, firstRowLimit: rest / 3 % 4, collectLimit: [0, 1, 8][rest / 12 % 3]) : nil
    }

    var rows: SummaryRowOptions { SummaryRowOptions(extremes: 2, sample: 3, suspects: suspects) }

    /// The long CSV reader with these limits; `runBytes` from the control byte.
    func longReading(runBytes: Int) -> LongCSVReading {
        guard let tiny else { return LongCSVReading(runBytes: runBytes) }
        return LongCSVReading(runBytes: runBytes, firstRowLimit: tiny.firstRowLimit, fanIn: tiny.fanIn)
    }

    /// `body` under these limits (plain task-local values: a task-local closure crashed under
    /// AddressSanitizer, see `IDHashSet.collisionOverride`).
    func applied<T>(_ body: () throws -> T) rethrows -> T {
        guard let tiny else { return try body() }
        return try IDHashSet.$slotLimitOverride.withValue(16) {
            try IDHashSet.$fanInOverride.withValue(tiny.fanIn) {
                try NoiseRatePruning.CutoffSelection.$limitsOverride.withValue((heapBudget: 0, cellHeapLimit: 0, collectLimit: tiny.collectLimit),
                                                                               operation: body)
            }
        }
    }

    var description: String {
        "suspects \(suspects), " + (tiny.map { "tiny limits (16 id slots, fan-in \($0.fanIn), \($0.firstRowLimit) first rows, collect \($0.collectLimit))" } ?? "real limits")
    }
}

/// The streaming summarizers (wide CSV in chunks parsed on several threads, long CSV grouped by
/// input or sorted by input through runs of 256–1,792 bytes, JSON Lines), as `summarize` runs
/// them (`SummaryBuilder.streamedSummary`, the suspects' passes included), against the loader:
/// on any file, a streamed summary is byte for byte the summary of the loaded evaluation, and a
/// refusal is the loader's own error, word for word (the wide loader cut into the same chunks).
/// (A summarizer may also decline, returning nil, when the loader must decide: the command then
/// loads the file.) The first byte picks the format, the grid and, for the wide summarizer, how
/// many chunks the data are cut into and how many are parsed at once: the real chunks are 4 MB,
/// far beyond a fuzz input, so without this the chunk seams would never be reached (likewise the
/// long file's runs, 32 MB in use). The input's length picks the memory limits and the
/// suspects (`SpillLimits`).
enum SummarizeFuzz {
    /// One scratch file per fuzzing process (libFuzzer's jobs are processes).
    static let path: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evaltop-fuzz-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder + "/fuzz.data"
    }()

    static func run(_ bytes: [UInt8]) {
        guard let control = bytes.first else { return }
        let formats: [EvaluationFormat] = [.wide, .long, .jsonl]
        let format = formats[Int(control % 3)]
        let grid = SummaryGrid.allCases[Int(control / 3) % SummaryGrid.allCases.count]
        let chunks = 1 + Int(control / 9) % 7
        let chunking = (chunks: chunks, batch: 1 + Int(control / 63) % 3)
        let limits = SpillLimits(bits: bytes.count)
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes.dropFirst())) else {
            FuzzCheck.fail("cannot write the scratch file \(path)")
        }
        let options = LoadOptions(format: format, mode: .auto)
        let rows = limits.rows

        var loaded: String?
        var loadError: LoadError?
        do {
            // The wide loader cut into the summarizer's chunks: with a broken quote, where the
            // cuts fall decides which of two errors a chunk meets first, in either reader.
            let source = try SourceBytes(path: path)
            let evaluation = try EvaluationLoader.load(source, options: options, progress: ProgressSink(totalBytes: source.count, callback: nil),
                                                       pieces: format == .wide ? chunking.chunks : nil)
            loaded = SummaryFuzzText.of(SummaryBuilder.summary(of: evaluation, grid: grid, rows: rows))
        } catch let error as LoadError {
            loadError = error
        } catch {
            FuzzCheck.fail("the loader threw something other than a LoadError: \(error)")
        }

        let reader: SummaryBuilder.StreamedReader = switch format {
        case .wide: .wide(chunking: chunking)
        case .long: .long(limits.longReading(runBytes: 256 * chunks))
        default: .jsonl
        }
        let streamed: EvaluationSummary?
        do {
            streamed = try limits.applied {
                try SummaryBuilder.streamedSummary(path: path, options: options, grid: grid, rows: rows, reader: reader)
            }
        } catch let error as LoadError {
            guard let loadError else { FuzzCheck.fail("the \(format) summarizer (\(limits.description)) refused a file the loader reads: \(error)") }
            FuzzCheck.require(error.description == loadError.description,
                              "the \(format) summarizer's error (\(limits.description)) is not the loader's:\n  \(error)\n  \(loadError)")
            return
        } catch {
            FuzzCheck.fail("the \(format) summarizer threw something other than a LoadError: \(error)")
        }
        guard let streamed else { return }
        guard let loaded else { FuzzCheck.fail("the \(format) summarizer (\(limits.description)) summarized a file the loader refuses: \(loadError!)") }
        FuzzCheck.require(SummaryFuzzText.of(streamed) == loaded,
                          "the \(format) summary (grid \(grid.rawValue), chunking \(chunking), \(limits.description)) differs from the loaded evaluation's")
    }
}

/// The Clarifai summarizer (a skim for test_set, then the loader's parser handing over one entry
/// at a time), as `summarize` runs it (`SummaryBuilder.streamedSummary`, the suspects' passes
/// included), against the loader, on the `clarifai` target's documents (the `summarize` target's
/// control byte picks among the line-based formats only): a streamed summary is byte for byte
/// the loaded evaluation's (rows and a sample included), a refusal is the loader's error word
/// for word, and a document the loader refuses is never summarized. Bytes, not a file: the
/// summarizer reads a `SourceBytes` as the loader does. The length picks the grid (its remainder
/// by 3) and the memory limits and suspects (`SpillLimits`, from the rest).
enum ClarifaiSummarizeFuzz {
    static func check(_ bytes: [UInt8], name: String, loaded evaluation: Evaluation?, loadError: Error?) {
        // Empty or binary bytes are refused before any format is read (`SummarizerSource`).
        guard !bytes.isEmpty, !bytes.prefix(64 << 10).contains(0) else { return }
        let grid = SummaryGrid.allCases[bytes.count % SummaryGrid.allCases.count]
        let limits = SpillLimits(bits: bytes.count / SummaryGrid.allCases.count)
        let rows = limits.rows
        let streamed: EvaluationSummary?
        do {
            let reader = SummaryBuilder.StreamedReader.clarifai(ClarifaiReading(source: SourceBytes(bytes: bytes, name: name)))
            streamed = try limits.applied {
                try SummaryBuilder.streamedSummary(path: name, options: LoadOptions(format: .clarifai, mode: .auto), grid: grid, rows: rows,
                                                   reader: reader)
            }
        } catch let error as LoadError {
            guard let loadError else { FuzzCheck.fail("the Clarifai summarizer (\(limits.description)) refused a document the loader reads: \(error)") }
            FuzzCheck.require(error.description == "\(loadError)",
                              "the Clarifai summarizer's error (\(limits.description)) is not the loader's:\n  \(error)\n  \(loadError)")
            return
        } catch {
            FuzzCheck.fail("the Clarifai summarizer threw something other than a LoadError: \(error)")
        }
        guard let streamed else { return }
        guard let evaluation else { FuzzCheck.fail("the Clarifai summarizer (\(limits.description)) summarized a document the loader refuses: \(loadError!)") }
        let loaded = SummaryFuzzText.of(SummaryBuilder.summary(of: evaluation, grid: grid, rows: rows))
        FuzzCheck.require(SummaryFuzzText.of(streamed) == loaded,
                          "the Clarifai summary (grid \(grid.rawValue), \(limits.description)) differs from the loaded evaluation's")
    }
}

enum SummaryFuzzText {
    static func of(_ summary: EvaluationSummary) -> String {
        var text = ""
        SummaryWriter.write(summary) { text += $0 }
        return text
    }
}
#endif
