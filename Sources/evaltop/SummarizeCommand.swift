import ArgumentParser
import EvalCore
import Foundation

/// `evaltop summarize FILE OUT.evalsum`: the evaluation reduced to its aggregates (issue 13),
/// which `report`, `thresholds` and the UI open like the file itself.
struct SummarizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summarize",
        abstract: "Write an evaluation summary (.evalsum): per-concept score tables, folds, slices and matrices.",
        discussion: """
            The summary's size grows with the distinct scores, not the inputs; `evaltop report SUMMARY` gives the \
            file's numbers (exactly with --grid exact; with a grid, those of the rounded scores, and the largest \
            AUC error this can cause). It also holds rows for the drill-down: per concept the \
            --extremes lowest-scored positives and highest-scored negatives and positives (the first rows of the FN, FP \
            and TP lists at any threshold), a --sample of inputs and the first --suspects of confident learning's ranking. spark/evaltop_summary.py writes the same summary with Apache Spark.
            """
    )

    @Argument(help: "The evaluation file (wide or long CSV/TSV, JSON Lines, Clarifai evaluation JSON).")
    var file: String

    @Argument(help: "Where to write the summary.")
    var output: String

    @Option(help: "exact (every distinct score), 1e-6 or 1e-4 (scores rounded to that grid, half up).")
    var grid: String = SummaryGrid.exact.rawValue

    @Option(help: "Per concept, keep the K lowest-scored positives and the K highest-scored negatives and positives for the drill-down (0: none).")
    var extremes: Int = SummaryRowOptions.defaults.extremes

    @Option(help: "Keep a uniform sample of N inputs (those with the smallest SHA-256 of the id; 0: none).")
    var sample: Int = SummaryRowOptions.defaults.sample

    @Option(help: "Keep the first S suspects of confident learning (the suspects view, `suspects`, the diagnosis's suspect_labels; 0: none). Reads the file two or three more times.")
    var suspects: Int = SummaryRowOptions.defaults.suspects

    @Option(help: "Pair tables (the counts-at-threshold matrix at any threshold, multilabel confused_with): auto (at most 5,000,000 lines), off, or the most lines N; past it the summary holds none.")
    var pairs: String = "auto"

    @Option(name: .customLong("count-thresholds"),
            help: ArgumentHelp("Without pair tables (over 100 concepts, --pairs off or past it), keep the counts-at-threshold matrix at these thresholds: comma-separated global thresholds (0.3,0.5) and thresholds files (the form --thresholds reads; concepts it leaves out at 0.5). Repeatable.", valueName: "T,…|FILE"))
    var countThresholds: [String] = []

    @OptionGroup var load: LoadArguments

    func validate() throws {
        guard extremes >= 0, sample >= 0, suspects >= 0 else { throw ValidationError("--extremes, --sample and --suspects must be 0 or more") }
        guard SummaryPairLimit.parse(pairs) != nil else { throw ValidationError("--pairs must be auto, off or a whole number of lines") }
        guard SummaryGrid(rawValue: grid) != nil else {
            throw ValidationError("--grid must be one of \(SummaryGrid.allCases.map(\.rawValue).joined(separator: ", ")), not \(grid)")
        }
    }

    func run() throws {
        let grid = SummaryGrid(rawValue: grid) ?? .exact
        do {
            let specs = try countThresholds.flatMap { text throws(LoadError) in try SummaryThresholdSpec.parse(text) }
            let summary = try SummaryBuilder.summary(path: file, options: load.options, grid: grid,
                                                     rows: SummaryRowOptions(extremes: extremes, sample: sample, suspects: suspects,
                                                                             pairLines: SummaryPairLimit.parse(pairs) ?? SummaryPairLimit.automatic,
                                                                             countThresholds: specs))
            if summary.pairsLeftOut {
                let kept = summary.countsAt.isEmpty ? "" : " (both are kept at the --count-thresholds)"
                FileHandle.standardError.write(Data("note: no pair tables (--pairs \(pairs)): the counts-at-threshold matrix and multilabel confused_with at any threshold are left out\(kept)\n".utf8))
            }
            if !specs.isEmpty, summary.pairTables != nil {
                FileHandle.standardError.write(Data("note: the pair tables give the counts-at-threshold matrix at any threshold; --count-thresholds is not needed and nothing more is stored\n".utf8))
            }
            try SummaryWriter.write(summary, to: output)
            if grid != .exact {
                FileHandle.standardError.write(Data("note: scores rounded to \(grid.rawValue); largest AUC error \(summary.aucErrorBound)\n".utf8))
            }
        } catch let error as LoadError {
            CommandLineErrors.print(error.description)
            throw ExitCode(1)
        }
    }
}

/// Reading a summary for the commands that take one in place of an evaluation file.
enum SummaryInput {
    /// The summary at `path` when the file is one (by its first line), else nil.
    static func readIfSummary(_ path: String?) throws -> EvaluationSummary? {
        guard let path, SummaryFormat.isSummary(path: path) else { return nil }
        do {
            return try SummaryReader.read(path: path)
        } catch let error as LoadError {
            CommandLineErrors.print(error.description)
            throw ExitCode(1)
        }
    }
}
