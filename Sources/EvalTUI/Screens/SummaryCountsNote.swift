import EvalCore

/// The one line the counts-at-threshold matrix shows for a summary that does not hold it at the
/// thresholds in force: where it does hold it (the sets `--count-thresholds` asked for, and how
/// to get there), or why it holds none and how to make one that does.
enum SummaryCountsNote {
    static func text(summary: SummaryMetrics) -> String {
        let sets = summary.countThresholdSets
        guard sets.isEmpty else {
            // A global set is named by its number; a thresholds file by its path (even one whose
            // every concept is null, which then sits at the default global threshold).
            let isGlobal = { (set: SummaryThresholdSet) in set.thresholds.perConcept.isEmpty && Double(set.name) != nil }
            let globals = sets.filter(isGlobal).map { TerminalSafe.escape($0.name) }
            let files = sets.filter { !isGlobal($0) }.map { TerminalSafe.escape($0.name) }
            var places: [String] = []
            if !globals.isEmpty { places.append("t = " + globals.joined(separator: ", ") + " (t sets it, with no per-concept thresholds)") }
            if !files.isEmpty { places.append("the thresholds of " + files.joined(separator: ", ") + " (open with --thresholds FILE)") }
            return "this summary holds the counts only at " + places.joined(separator: " and at ") + "; v cycles the views"
        }
        let why = summary.summary.pairsLeftOut
            ? "written without pair tables (--pairs)"
            : summary.summary.concepts.count > SummaryFormat.maximumDenseConcepts
                ? "over \(SummaryFormat.maximumDenseConcepts) concepts" : "version 1"
        return "this summary holds no counts at the threshold (\(why)): make it again with --count-thresholds T; v cycles the views"
    }
}
