import Foundation

/// The text table of `evaltop thresholds`: one row per concept with the chosen threshold and
/// the precision, recall, F1, TP, FP and FN it gives ("-" where the strategy found none).
public enum ThresholdsText {
    public static let columns = ["Concept", "Threshold", "Precision", "Recall", "F1", "TP", "FP", "FN"]

    public static func render(strategy: ThresholdStrategy, suggestions: [ThresholdSuggestion], concepts: [Concept]) -> String {
        let cells: [[String]] = suggestions.map { suggestion in
            let counts = suggestion.counts
            return [
                TerminalSafe.escape(concepts[suggestion.concept].name),
                // The exact (shortest round-trip) value: a rounded threshold would change the counts.
                suggestion.threshold.map { "\($0)" } ?? "-",
                counts.map { fixed($0.precision) } ?? "-",
                counts.map { fixed($0.recall) } ?? "-",
                counts.map { fixed($0.f1) } ?? "-",
                counts.map { String($0.tp) } ?? "-",
                counts.map { String($0.fp) } ?? "-",
                counts.map { String($0.fn) } ?? "-",
            ]
        }
        let widths = columns.indices.map { column in
            ([columns[column]] + cells.map { $0[column] }).map(DisplayWidth.of).max() ?? 0
        }
        func line(_ values: [String]) -> String {
            values.enumerated().map { column, value in
                column == 0 ? DisplayWidth.padRight(value, to: widths[column]) : DisplayWidth.padLeft(value, to: widths[column])
            }.joined(separator: "  ")
        }
        let missing = suggestions.count { $0.threshold == nil }
        var lines = ["Strategy \(strategy)"]
        lines.append("")
        lines.append(line(columns))
        lines += cells.map(line)
        if missing > 0 {
            lines.append("")
            lines.append("\(missing) concept\(missing == 1 ? " has" : "s have") no threshold (no positives, or no score satisfies the strategy).")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func fixed(_ value: Double) -> String { String(format: "%.4f", value) }
}
