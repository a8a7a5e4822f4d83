import Foundation

/// The `"slices"` section of `evaltop report --json`: one object per attribute with, per value,
/// the inputs, the macro AUC and the macro precision/recall/F1 at the thresholds and every
/// concept's AUC; the largest macro-AUC gap (and whether it reaches the bias cut-off) and the
/// five largest per-concept gaps.
public enum SlicesJSON {
    public static func render(_ slices: Slices, thresholds: Thresholds, concepts: [Concept], indent: String = "  ") -> String {
        let inner = indent + "  "
        let attributes = slices.attributes.map { attribute -> String in
            let values = attribute.values.map { value -> String in
                let macro = value.macroMetrics(thresholds: thresholds)
                return JSONText.object([
                    ("value", JSONText.string(value.value)),
                    ("inputs", JSONText.number(value.inputs)),
                    ("macro_auc", JSONText.number(value.macroAUC)),
                    ("macro_precision", JSONText.number(macro?.precision)),
                    ("macro_recall", JSONText.number(macro?.recall)),
                    ("macro_f1", JSONText.number(macro?.f1)),
                    ("concept_auc", JSONText.array(value.curves.indices.map { concept in
                        JSONText.object([
                            ("concept", JSONText.string(concepts[concept].name)),
                            ("auc", JSONText.number(value.curves[concept].auc)),
                            ("positives", JSONText.number(value.curves[concept].positives)),
                        ])
                    })),
                ])
            }
            return inner + JSONText.object([
                ("attribute", JSONText.string(attribute.name)),
                ("is_fold", attribute.isFold ? "true" : "false"),
                ("skipped", attribute.skippedReason.map(JSONText.string) ?? "null"),
                ("values", values.isEmpty ? "[]" : "[\n" + values.map { inner + "    " + $0 }.joined(separator: ",\n") + "\n" + inner + "  ]"),
                ("largest_gap", attribute.macroAUCGap.map { gap in
                    JSONText.object(gapPairs(gap) + [
                        ("feeds_verdict", !attribute.isFold && gap.gap >= DiagnosisRules.biasMinimumGap ? "true" : "false"),
                    ])
                } ?? "null"),
                ("concept_gaps", JSONText.array(attribute.conceptAUCGaps.prefix(5).map { conceptGap in
                    JSONText.object([("concept", JSONText.string(concepts[conceptGap.concept].name))] + gapPairs(conceptGap.gap))
                })),
            ], indent: inner)
        }
        return attributes.isEmpty ? "[]" : "[\n" + attributes.joined(separator: ",\n") + "\n" + indent + "]"
    }

    private static func gapPairs(_ gap: SliceGap) -> [(String, String)] {
        [("high", JSONText.string(gap.highValue)), ("low", JSONText.string(gap.lowValue)),
         ("high_auc", JSONText.number(gap.highAUC)), ("low_auc", JSONText.number(gap.lowAUC)),
         ("gap", JSONText.number(gap.gap))]
    }
}

/// The "Slices" section of the text report: a table per attribute (value, inputs, macro AUC,
/// precision, recall, F1 at the thresholds) with its largest gaps underneath.
public enum SlicesText {
    public static let columns = ["Value", "Inputs", "Macro AUC", "Precision", "Recall", "F1"]

    public static func render(_ slices: Slices, thresholds: Thresholds, concepts: [Concept]) -> [String] {
        var lines: [String] = []
        for attribute in slices.attributes {
            if !lines.isEmpty { lines.append("") }
            let title = attribute.isFold ? "Slices by fold" : "Slices by \(TerminalSafe.escape(attribute.name))"
            if let reason = attribute.skippedReason {
                lines.append("\(title): skipped, \(reason)")
                continue
            }
            lines.append(title)
            let cells: [[String]] = attribute.values.map { value in
                let macro = value.macroMetrics(thresholds: thresholds)
                return [TerminalSafe.escape(value.value), String(value.inputs), fixed(value.macroAUC),
                        fixed(macro?.precision), fixed(macro?.recall), fixed(macro?.f1)]
            }
            lines += table(cells)
            if let gap = attribute.macroAUCGap {
                let flag = !attribute.isFold && gap.gap >= DiagnosisRules.biasMinimumGap ? "  <- possible bias" : ""
                lines.append("Largest macro AUC gap \(fixed(gap.gap)): \(describe(gap))\(flag)")
            }
            let conceptGaps = attribute.conceptAUCGaps.prefix(3).map {
                "\(TerminalSafe.escape(concepts[$0.concept].name)) \(fixed($0.gap.gap)) (\(describe($0.gap)))"
            }
            if !conceptGaps.isEmpty { lines.append("Largest concept gaps: " + conceptGaps.joined(separator: ", ")) }
        }
        return lines.isEmpty ? [] : ["Slices"] + lines
    }

    private static func describe(_ gap: SliceGap) -> String {
        "\(TerminalSafe.escape(gap.highValue)) \(fixed(gap.highAUC)) vs \(TerminalSafe.escape(gap.lowValue)) \(fixed(gap.lowAUC))"
    }

    private static func table(_ cells: [[String]]) -> [String] {
        TextTable.render(header: columns, rows: cells)
    }

    private static func fixed(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        return String(format: "%.4f", value)
    }
}
