import ArgumentParser
import EvalCore
import Foundation
import ImageKit

/// `evaltop report FILE`: the metrics of an evaluation as a text table or as JSON.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print an evaluation's metrics: a summary and a per-concept table, or JSON."
    )

    @Argument(help: "The evaluation file (wide or long CSV/TSV, JSON Lines, Clarifai evaluation JSON). Without one, the bundled example.")
    var file: String?

    @Option(name: .customLong("threshold"), help: "A prediction is positive when its score is ≥ this (from 0 to 1).")
    var thresholdText: String = "0.5"

    var threshold: Double { (try? NumericOption.threshold(thresholdText)) ?? 0.5 }

    @Option(help: "auto, exclusive or multilabel. Auto is exclusive when every input has exactly one label.")
    var mode: String = ModeOption.auto.rawValue

    @Option(help: "wide, long, jsonl or clarifai (default: detected from the extension and content).")
    var format: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Option(help: "Order of the concept table: auc, ap, f1, precision, recall, labeled or name (ascending, worst first).")
    var sort: String = ReportSort.auc.rawValue

    @Flag(help: "Sort the concept table in descending order.")
    var desc = false

    @Option(help: "Per-concept thresholds from a JSON file ({\"dog\": 0.62, …}, as `evaltop thresholds --output` writes); other concepts use --threshold.")
    var thresholds: String?

    @Option(help: "The folder relative image paths resolve against (default: the evaluation file's folder).")
    var imageRoot: String?

    @Flag(help: "Don't read image sizes from the image files when the evaluation has none.")
    var noImageSizes = false

    func validate() throws {
        _ = try NumericOption.threshold(thresholdText)
        guard ModeOption(rawValue: mode) != nil else {
            throw ValidationError("--mode must be one of \(ModeOption.allCases.map(\.rawValue).joined(separator: ", ")), not \(mode)")
        }
        if let format, EvaluationFormat(rawValue: format) == nil {
            throw ValidationError("--format must be one of \(EvaluationFormat.allCases.map(\.rawValue).joined(separator: ", ")), not \(format)")
        }
        guard ReportSort(rawValue: sort) != nil else {
            throw ValidationError("--sort must be one of \(ReportSort.allCases.map(\.rawValue).joined(separator: ", ")), not \(sort)")
        }
    }

    func run() throws {
        if let summary = try SummaryInput.readIfSummary(file) { return try runOnSummary(summary) }
        let options = LoadOptions(format: format.flatMap(EvaluationFormat.init(rawValue:)),
                                  mode: ModeOption(rawValue: mode) ?? .auto)
        var evaluation: Evaluation
        PhaseClock.mark("start")
        do {
            evaluation = try file.map { try EvaluationLoader.load(path: $0, options: options) }
                ?? EvaluationLoader.loadBundledExample(.noFileDefault, options: options)
        } catch let error as LoadError {
            FileHandle.standardError.write(Data("error: \(TerminalSafe.escape(error.description))\n".utf8))
            throw ExitCode(1)
        }
        // Sizes from the image headers before the diagnosis, so that `small_images` works on
        // evaluations without width/height columns. Unreadable images are a note, never fatal.
        if !noImageSizes, ImageSizeReader.isNeeded(evaluation) {
            let outcome = ImageSizeReader.fill(evaluation, imageRoot: imageRoot)
            evaluation = outcome.evaluation
            if let summary = outcome.summary {
                FileHandle.standardError.write(Data("note: \(TerminalSafe.escape(summary))\n".utf8))
            }
        }
        // The suspect counts (confident learning, one pass over the scores) feed
        // `suspect_labels`; they need only the evaluation, so they run on another core meanwhile.
        PhaseClock.mark("image sizes")
        let suspects = SuspectCountsJob(evaluation: evaluation)
        let metrics = EvaluationMetrics(evaluation: evaluation)
        PhaseClock.mark("curves and argmax (suspect counts beside them)")
        // Diagnosis hook (issue 5): --thresholds FILE, then the diagnosis and slices sections.
        let inForce: Thresholds
        do {
            inForce = try thresholds.map { try ThresholdsFile.load(path: $0, evaluation: evaluation, global: threshold) }
                ?? Thresholds(global: threshold)
        } catch let error as LoadError {
            FileHandle.standardError.write(Data("error: \(TerminalSafe.escape(error.description))\n".utf8))
            throw ExitCode(1)
        }
        let report = EvaluationReport(metrics: metrics, thresholds: inForce)
        PhaseClock.mark("report")
        let (suspectCounts, estimatedLabelErrors) = suspects.wait()
        PhaseClock.mark("waiting for the suspect counts")
        let sections = ReportSections(metrics: metrics, thresholds: inForce, foldAUC: report.foldAUC,
                                      suspectCounts: suspectCounts, estimatedLabelErrors: estimatedLabelErrors)
        let output = json
            ? ReportJSON.render(report, extraSections: sections.jsonSections)
            : TextReport.render(report, sort: ReportSort(rawValue: sort) ?? .auc, descending: desc,
                                extraSections: sections.textSections)
        PhaseClock.mark("sections and rendering")
        TerminalOutput.write(output)
        PhaseClock.mark("output")
    }
}

/// The per-concept suspect counts of an evaluation and its estimated label errors, computed
/// on a background thread.
final class SuspectCountsJob: @unchecked Sendable {  // written once before `done` signals
    private let done = DispatchSemaphore(value: 0)
    private var counts: [Int] = []
    private var estimate = 0

    init(evaluation: Evaluation) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            (counts, estimate) = SuspectFinder.confidentSuspectCountsAndEstimate(in: evaluation)
            done.signal()
        }
    }

    /// Blocks until the counts are in.
    func wait() -> (counts: [Int], estimatedLabelErrors: Int) {
        done.wait()
        return (counts, estimate)
    }
}
