/// The `evaltop report --json` document:
/// `{"inputs","concepts","mode","threshold","summary":{…},"per_concept":[…],"confusion":{…}|null}`
/// with scikit-learn's field names, null where a value is undefined, plus these extra keys:
/// `summary.auc_std`, `summary.concepts_with_auc`; per concept `concept_id`, `threshold`,
/// `labeled`, `predicted`, `fpr`; `fold_auc` when the file has folds; `clarifai_reported`
/// for Clarifai documents that carry their own numbers.
public enum ReportJSON {
    /// `extraSections` are appended as top-level keys (JSON text values), e.g. the
    /// `"diagnosis"` and `"slices"` of `ReportSections`.
    public static func render(_ report: EvaluationReport, extraSections: [(key: String, json: String)] = []) -> String {
        var top: [(String, String)] = [
            ("inputs", JSONText.number(report.inputs)),
            ("concepts", JSONText.number(report.rows.count)),
            ("mode", JSONText.string(report.mode.rawValue)),
            ("threshold", JSONText.number(report.thresholds.global)),
            ("summary", summary(report.summary)),
            ("per_concept", "[\n" + report.rows.map { "    " + conceptRow($0) }.joined(separator: ",\n") + "\n  ]"),
            ("confusion", confusion(report)),
        ]
        if let folds = report.foldAUC { top.append(("fold_auc", foldAUC(folds, concepts: report.concepts))) }
        if let clarifai = report.clarifai { top.append(("clarifai_reported", clarifaiReported(clarifai))) }
        top += extraSections.map { ($0.key, $0.json) }
        return JSONText.object(top, indent: "") + "\n"
    }

    private static func summary(_ summary: ModelSummary) -> String {
        JSONText.object([
            ("macro_auc", JSONText.number(summary.macroAUC)),
            ("macro_average_precision", JSONText.number(summary.macroAP)),
            ("macro_precision", JSONText.number(summary.macroPrecision)),
            ("macro_recall", JSONText.number(summary.macroRecall)),
            ("macro_f1", JSONText.number(summary.macroF1)),
            ("top1_accuracy", JSONText.number(summary.top1Accuracy)),
            ("auc_std", JSONText.number(summary.aucStd)),
            ("concepts_with_auc", JSONText.number(summary.conceptsWithAUC)),
        ], indent: "  ")
    }

    private static func conceptRow(_ row: EvaluationReport.ConceptRow) -> String {
        let counts = row.counts
        return JSONText.object([
            ("concept", JSONText.string(row.concept.name)),
            ("concept_id", JSONText.string(row.concept.id)),
            ("positives", JSONText.number(row.positives)),
            ("negatives", JSONText.number(row.negatives)),
            ("auc", JSONText.number(row.auc)),
            ("average_precision", JSONText.number(row.averagePrecision)),
            ("threshold", JSONText.number(row.threshold)),
            ("tp", JSONText.number(counts.tp)),
            ("fp", JSONText.number(counts.fp)),
            ("fn", JSONText.number(counts.fn)),
            ("tn", JSONText.number(counts.tn)),
            ("precision", JSONText.number(counts.precision)),
            ("recall", JSONText.number(counts.recall)),
            ("f1", JSONText.number(counts.f1)),
            ("fpr", JSONText.number(counts.fpr)),
            ("labeled", JSONText.number(counts.labeled)),
            ("predicted", JSONText.number(counts.predicted)),
        ])
    }

    /// `{"labels", "matrix"}` while the dense matrix fits (`MatrixLimits`); beyond, the
    /// non-zero cells as `[true, predicted, count]` index triples (`"matrix": null`), with an
    /// `"omitted"` note saying why: concepts² cells would not fit, the cells say the same.
    private static func confusion(_ report: EvaluationReport) -> String {
        guard let counts = report.confusion else { return "null" }
        let labels = ("labels", JSONText.array(report.concepts.map { JSONText.string($0.name) }))
        guard MatrixLimits.fitsDense(conceptCount: counts.conceptCount) else {
            let cells = counts.nonZeroCells.map { JSONText.array([$0.row, $0.column, $0.count].map { JSONText.number($0) }) }
            return JSONText.object([
                labels,
                ("matrix", "null"),
                ("omitted", JSONText.string(MatrixLimits.omittedNote(conceptCount: counts.conceptCount))),
                ("cells", cells.isEmpty ? "[]" : "[\n" + cells.map { "      " + $0 }.joined(separator: ",\n") + "\n    ]"),
            ], indent: "  ")
        }
        let matrix = counts.dense()
        return JSONText.object([
            labels,
            ("matrix", "[\n" + matrix.map(denseRow).joined(separator: ",\n") + "\n    ]"),
        ], indent: "  ")
    }

    /// One row of the dense matrix, indented, as `[a,b,…]`: its UTF-8 bytes written into one
    /// array, a String made once. A String per count joined by `JSONText.array` cost about 600
    /// instructions a cell, 13 % of the instructions of a 5,000 × 1,000 report, whose matrix has
    /// a million cells, mostly 0 (callgrind, BENCHMARKS.md sixth pass; appending each count's
    /// String to one String cost more still). Same text.
    private static func denseRow(_ row: [Int]) -> String {
        var bytes = Array("      [".utf8)
        bytes.reserveCapacity(8 + 2 * row.count)
        for (index, count) in row.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            if count >= 0, count < 10 {
                bytes.append(UInt8(ascii: "0") + UInt8(count))
            } else {
                bytes.append(contentsOf: String(count).utf8)
            }
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func foldAUC(_ folds: FoldAUC, concepts: [Concept]) -> String {
        JSONText.object([
            ("folds", JSONText.array(folds.folds.map(JSONText.string))),
            ("fold_sizes", JSONText.array(folds.foldSizes.map { JSONText.number($0) })),
            ("per_concept", "[\n" + concepts.indices.map { index in
                "      " + JSONText.object([
                    ("concept", JSONText.string(concepts[index].name)),
                    ("auc", JSONText.array(folds.auc[index].map { JSONText.number($0) })),
                    ("mean", JSONText.number(folds.mean[index])),
                    ("std", JSONText.number(folds.std[index])),
                ])
            }.joined(separator: ",\n") + "\n    ]"),
        ], indent: "  ")
    }

    private static func clarifaiReported(_ clarifai: ClarifaiReported) -> String {
        // The summary and binary metrics are JSON text already (re-serialised by the loader).
        JSONText.object([
            ("macro_auc", JSONText.number(clarifai.macroAUC)),
            ("summary", clarifai.summaryJSON ?? "null"),
            ("binary_metrics", clarifai.binaryMetricsJSON ?? "null"),
        ], indent: "  ")
    }
}
