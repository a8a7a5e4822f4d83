#if FUZZING
import Foundation
@testable import EvalCore

/// `summarize --count-thresholds T,…|FILE` (issue 13, format version 4): the option's text, as a
/// user or a script types it. Either it is refused with a `LoadError` naming the option or the
/// item, or:
/// - it gives one set per comma-separated item (one for a value naming an existing file);
/// - an item is a global threshold exactly when it is a plain decimal (`ScoreFuzz.isPlainDecimal`,
///   spaces around it allowed) in [0, 1], whose value is the standard library's reading of it
///   (never −0), and otherwise a file whose bytes the spec holds;
/// - the sets resolved against an evaluation's concepts, held in its summary, written and read
///   back, are the same sets (a global one named by text that reads back to its value), written
///   the same, and each set's counts-at-threshold matrix is the file's there.
/// The files it can name are in a scratch folder (the process works there); text with `/` is
/// skipped, so that no input reaches a device such as /dev/zero, which never ends.
enum CountThresholdsFuzz {
    /// Files the option can name: plain and detailed thresholds files, one with a comma in its
    /// name, one naming an unknown concept, one malformed, and a folder.
    static let files: [String: String] = [
        "t.json": "{\"cat\": 0.25, \"dog\": null}\n",
        "d.json": "{\"thresholds\": [{\"concept\": \"jalapeño\", \"threshold\": 0.75}]}",
        "a,b.json": "{\"猫\": 1, \"cat\": 0}",
        "unknown.json": "{\"cow\": 0.5}",
        "x.json": "{\"cat\": 2}",
    ]

    /// The scratch folder, made once per process (libFuzzer's jobs are processes), which the
    /// process then works in.
    static let folder: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evaltop-fuzz-thresholds-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: folder + "/folder", withIntermediateDirectories: true)
        for (name, text) in files {
            guard FileManager.default.createFile(atPath: folder + "/" + name, contents: Data(text.utf8)) else {
                FuzzCheck.fail("cannot write the scratch file \(name)")
            }
        }
        guard FileManager.default.changeCurrentDirectoryPath(folder) else { FuzzCheck.fail("cannot work in \(folder)") }
        return folder
    }()

    /// Three inputs over the concepts the files name, with scores at 0.25, 0.75 and 1.
    static let evaluation: Evaluation = {
        let csv = "input_id,labels,cat,dog,jalapeño,猫\na,cat;dog,0.25,0.75,0.1,1\nb,jalapeño,0.5,0.25,0.75,0\nc,猫,1,0,0.3,0.9\n"
        guard let evaluation = try? EvaluationLoader.load(bytes: Array(csv.utf8), name: "fuzz.csv") else { FuzzCheck.fail("the evaluation does not load") }
        return evaluation
    }()

    static func run(_ bytes: [UInt8]) {
        _ = folder
        let text = String(decoding: bytes, as: UTF8.self)
        guard !text.contains("/"), !text.contains("\0") else { return }
        let items = FileManager.default.fileExists(atPath: text) ? [text] : text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let names = Set(items.map(\.trimmingSpaces)).union(items)
        let specs: [SummaryThresholdSpec]
        do throws(LoadError) {
            specs = try SummaryThresholdSpec.parse(text)
        } catch {
            FuzzCheck.require(error.path == "--count-thresholds" || names.contains(error.path), "the error names \(error.path): \(error)")
            return
        }
        FuzzCheck.require(specs.count == items.count, "\(specs.count) sets from \(items.count) items")
        for (item, spec) in zip(items, specs) {
            let trimmed = item.trimmingSpaces
            let number = ScoreFuzz.isPlainDecimal(trimmed) ? Double(trimmed) : nil
            switch spec {
            case .global(let value):
                FuzzCheck.require(number == value, "the item '\(item)' read as the threshold \(value)")
                FuzzCheck.require(value >= 0 && value <= 1 && value.sign == .plus, "the threshold \(value) from '\(item)'")
            case .file(let path, let contents):
                FuzzCheck.require(number.map { !($0 >= 0 && $0 <= 1) } ?? true, "the number '\(item)' taken for a file")
                FuzzCheck.require(FileManager.default.contents(atPath: path).map(Array.init) == contents, "the bytes of \(path) are not its file's")
            }
        }

        var sets: [SummaryThresholdSet] = []
        for spec in specs {
            do throws(LoadError) {
                sets.append(try spec.resolve(concepts: evaluation.concepts))
            } catch {
                guard case .file(let path, _) = spec else { FuzzCheck.fail("a global threshold does not resolve: \(error)") }
                FuzzCheck.require(error.path == path, "the error names \(error.path), not \(path)")
                return
            }
        }
        for set in sets where set.thresholds.perConcept.isEmpty && !files.keys.contains(set.name) {
            FuzzCheck.require(Double(set.name) == set.thresholds.global, "the set named \(set.name) holds \(set.thresholds.global)")
        }
        let summary: EvaluationSummary
        do {
            summary = try SummaryBuilder.summary(of: evaluation, grid: .exact, rows: SummaryRowOptions(extremes: 0, sample: 0, pairLines: 0),
                                                 countThresholds: sets)
        } catch {
            FuzzCheck.fail("three inputs pass the cell limit: \(error)")
        }
        let written = SummaryFuzzText.of(summary)
        let read: EvaluationSummary
        do {
            read = try SummaryReader.read(bytes: Array(written.utf8), name: "fuzz.evalsum")
        } catch {
            FuzzCheck.fail("a summary holding the sets is refused: \(error)")
        }
        FuzzCheck.require(read.countsAt.map(\.set) == sets, "the sets read back are not the sets written")
        FuzzCheck.require(SummaryFuzzText.of(read) == written, "the summary read back is written differently")
        let metrics = SummaryMetrics(summary: read)
        let file = EvaluationMetrics(evaluation: evaluation)
        for set in sets {
            FuzzCheck.require(metrics.countsAtThreshold(thresholds: set.thresholds) == file.countsAtThresholdCounts(thresholds: set.thresholds),
                              "the counts at \(set.name) are not the file's")
        }
    }
}
#endif
