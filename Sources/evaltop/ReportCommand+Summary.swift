import ArgumentParser
import EvalCore
import Foundation

extension ReportCommand {
    /// `evaltop report SUMMARY`: the report from the summary's tables, the same numbers as the
    /// report of the file it summarises (with a grid, those of the rounded scores).
    func runOnSummary(_ summary: EvaluationSummary) throws {
        let inForce: Thresholds
        do {
            inForce = try thresholds.map {
                try ThresholdsFile.parse(bytes: SmallFile.read(path: $0, what: "a thresholds file"), path: $0,
                                         concepts: summary.concepts, global: threshold)
            } ?? Thresholds(global: threshold)
        } catch let error as LoadError {
            CommandLineErrors.print(error.description)
            throw ExitCode(1)
        }
        let metrics = SummaryMetrics(summary: summary)
        let report = EvaluationReport(summary: metrics, thresholds: inForce)
        // The diagnosis and slices from the summary's tables: the file's, with suspect_labels and
        // the label-noise estimate when the summary holds the suspects' counts (version 3).
        let suspects = summary.suspects
        let sections = ReportSections(metrics: metrics, thresholds: inForce, foldAUC: report.foldAUC,
                                      suspectCounts: suspects?.confidentCounts, estimatedLabelErrors: suspects?.estimatedLabelErrors)
        var grid: [(key: String, json: String)] = []
        var gridLines: [[String]] = []
        if summary.grid != .exact {
            grid = [("summary_grid", "{\"grid\": \"\(summary.grid.rawValue)\", \"auc_error_bound\": \(summary.aucErrorBound)}")]
            gridLines = [["Scores rounded to a grid of \(summary.grid.rawValue): every AUC is within \(String(format: "%.2g", summary.aucErrorBound)) of the unrounded scores'"]]
        }
        if suspects == nil {
            FileHandle.standardError.write(Data("note: this summary holds no suspects (summarize --suspects): the diagnosis leaves out suspect_labels\n".utf8))
        }
        let output = json
            ? ReportJSON.render(report, extraSections: sections.jsonSections + grid)
            : TextReport.render(report, sort: ReportSort(rawValue: sort) ?? .auc, descending: desc,
                                extraSections: sections.textSections + gridLines)
        TerminalOutput.write(output)
    }
}
