import ArgumentParser
import EvalCore
import Foundation

/// `evaltop compare OLD NEW`: did the second evaluation really do better than the first, and
/// where? Per concept AUC A → B with DeLong's paired test, Holm-adjusted, F1, fixed and broken.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two evaluations of the same inputs: per-concept ΔAUC with DeLong's test, fixed and broken inputs.",
        discussion: """
            A is the first file and B the second; every difference is B − A. Inputs are matched by \
            input_id and concepts by name (by concept id between two Clarifai documents); those in \
            only one file are counted and left out. A's labels are the ground truth. \
            Either file may be an evaltop summary (.evalsum): then the test is DeLong's unpaired \
            one (pROC's roc.test with paired = FALSE), as a summary keeps no input's scores.
            """)

    @Argument(help: "The first (older) evaluation, A.")
    var fileA: String

    @Argument(help: "The second (newer) evaluation, B.")
    var fileB: String

    @Option(help: "A prediction is positive when its score is ≥ this (for F1, fixed and broken).")
    var threshold: Double = 0.5

    @Option(help: "exclusive or multilabel: load both files in this mode. Without it both are detected (auto) and must agree.")
    var mode: ModeOption?

    @Option(help: "wide, long, jsonl or clarifai, for both files (default: detected per file).")
    var format: EvaluationFormat?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Option(help: "Order of the concepts: delta (regressions first), p (Holm-adjusted, most significant first), name, auc_a or auc_b.")
    var sort: ComparisonSort = .delta

    @Flag(help: "Sort in descending order.")
    var desc = false

    func validate() throws {
        guard threshold.isFinite else { throw ValidationError("--threshold must be a finite number") }
    }

    func run() throws {
        if SummaryFormat.isSummary(path: fileA) || SummaryFormat.isSummary(path: fileB) {
            return try runOnSummaries()
        }
        let options = LoadOptions(format: format, mode: mode ?? .auto)
        let comparison: Comparison
        do {
            let (a, b) = try Self.loadBoth(fileA, fileB, options: options)
            comparison = try Comparison.compare(a, b)
        } catch let error as ComparisonLoadErrors {
            for message in error.messages { printError(message) }
            throw ExitCode(1)
        } catch let error as ComparisonError {
            printError(error.description)
            throw ExitCode(1)
        }
        let thresholds = Thresholds(global: threshold)
                let output = json
            ? ComparisonJSON.render(comparison, thresholds: thresholds, sort: sort, descending: desc)
            : ComparisonText.render(comparison, thresholds: thresholds, sort: sort, descending: desc)
        TerminalOutput.write(output)
    }

    /// Issue 13: two summaries (or a summary and a file, which is summarized first on the
    /// summary's grid) are compared with DeLong's unpaired test: a summary keeps no input's
    /// scores, which the paired test needs.
    private func runOnSummaries() throws {
        let comparison: SummaryComparison
        do {
            comparison = try Self.summaryComparison(fileA, fileB, options: LoadOptions(format: format, mode: mode ?? .auto))
        } catch let error as LoadError {
            CommandLineErrors.print(error.description)
            throw ExitCode(1)
        } catch let error as ComparisonError {
            printError(error.description)
            throw ExitCode(1)
        }
        let thresholds = Thresholds(global: threshold)
        let output = json
            ? SummaryComparisonJSON.render(comparison, thresholds: thresholds, sort: sort, descending: desc)
            : SummaryComparisonText.render(comparison, thresholds: thresholds, sort: sort, descending: desc)
        TerminalOutput.write(output)
    }

    /// Two summaries compared, or a summary and a file, which is summarized first on the
    /// summary's grid: what `compare` prints and `evaltop A B` shows. Prints nothing (the UI
    /// calls it in its background load): throws `LoadError` or `ComparisonError`.
    static func summaryComparison(_ pathA: String, _ pathB: String, options: LoadOptions,
                                  progressA: (@Sendable (LoadProgress) -> Void)? = nil) throws -> SummaryComparison {
        let summaryA = SummaryFormat.isSummary(path: pathA) ? try SummaryReader.read(path: pathA, progress: progressA) : nil
        let summaryB = SummaryFormat.isSummary(path: pathB) ? try SummaryReader.read(path: pathB) : nil
        let grid = (summaryA ?? summaryB)?.grid ?? .exact
        let a = try summaryA ?? SummaryBuilder.summary(path: pathA, options: options, grid: grid)
        let b = try summaryB ?? SummaryBuilder.summary(path: pathB, options: options, grid: grid)
        return try SummaryComparison(a: SummaryMetrics(summary: a), b: SummaryMetrics(summary: b))
    }

    private func printError(_ message: String) {
        FileHandle.standardError.write(Data("error: \(TerminalSafe.escape(message))\n".utf8))
    }

    /// Loads the two files at once (each loader also splits its own parsing over the cores).
    /// `progressA` follows A's load (the UI's loading screen shows one bar).
    static func loadBoth(_ pathA: String, _ pathB: String, options: LoadOptions,
                         progressA: (@Sendable (LoadProgress) -> Void)? = nil) throws -> (Evaluation, Evaluation) {
        let results = LoadResults()
        DispatchQueue.concurrentPerform(iterations: 2) { which in
            let path = which == 0 ? pathA : pathB
            let result = Result { try EvaluationLoader.load(path: path, options: options, progress: which == 0 ? progressA : nil) }
            results.set(which, result)
        }
        let (a, b) = results.both()
        var messages: [String] = []
        for result in [a, b] {
            if case .failure(let error) = result { messages.append(String(describing: error)) }
        }
        guard messages.isEmpty, case .success(let evaluationA) = a, case .success(let evaluationB) = b else {
            throw ComparisonLoadErrors(messages: messages)
        }
        return (evaluationA, evaluationB)
    }
}

/// Load errors of one or both files, each already worded with its file, line and column.
struct ComparisonLoadErrors: Error, CustomStringConvertible {
    let messages: [String]

    var description: String { messages.joined(separator: "\n") }
}

/// The two loads' results, written from two threads.
private final class LoadResults: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var results: [Result<Evaluation, any Error>?] = [nil, nil]

    func set(_ which: Int, _ result: Result<Evaluation, any Error>) {
        lock.lock()
        results[which] = result
        lock.unlock()
    }

    func both() -> (Result<Evaluation, any Error>, Result<Evaluation, any Error>) {
        lock.lock()
        defer { lock.unlock() }
        return (results[0]!, results[1]!)
    }
}

extension ComparisonSort: ExpressibleByArgument {}
