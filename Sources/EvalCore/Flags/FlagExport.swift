import Foundation

/// One flagged input, ready for a relabeling job.
public struct FlagExportRow: Sendable, Equatable {
    public let inputID: String
    /// Empty when the evaluation has no url, or does not contain the input.
    public let url: String
    /// The labels the evaluation gives it (concept ids); empty for an input not in the evaluation.
    public let currentLabels: [String]
    public let suggestedLabels: [String]
    public let note: String
    public let user: String
    public let time: String
    /// False for a flag on an input id that the evaluation does not contain.
    public let inEvaluation: Bool
    /// "flagged", or "reviewed" for an input a reviewer found correctly labelled (`x`).
    public let status: String
}

/// `evaltop flags` output: CSV (RFC 4180, with header), JSON Lines or a JSON array.
public enum FlagExport {
    public enum Format: String, Sendable, CaseIterable { case csv, jsonl, json }

    public static let columns = ["input_id", "url", "current_labels", "suggested_labels", "note", "user", "time", "status"]

    /// The flagged and the reviewed inputs in evaluation order, then those on unknown ids,
    /// sorted by id. `status` tells them apart.
    public static func rows(store: FlagStore, evaluation: Evaluation) -> [FlagExportRow] {
        var rows: [FlagExportRow] = []
        var seen = Set<String>()
        for (input, id) in evaluation.inputIDs.enumerated() {
            guard let state = store.state(of: id), state.flagged || state.reviewed, seen.insert(id).inserted else { continue }
            rows.append(FlagExportRow(
                inputID: id, url: evaluation.urls?[input] ?? "",
                currentLabels: evaluation.labels(of: input).map { evaluation.concepts[Int($0)].id },
                suggestedLabels: state.suggestedLabels, note: state.note, user: state.user, time: state.time,
                inEvaluation: true, status: state.flagged ? "flagged" : "reviewed"))
        }
        for id in (store.flaggedIDs + store.reviewedIDs).sorted() where !seen.contains(id) {
            let state = store.state(of: id)!
            rows.append(FlagExportRow(
                inputID: id, url: "", currentLabels: [], suggestedLabels: state.suggestedLabels, note: state.note,
                user: state.user, time: state.time, inEvaluation: false, status: state.flagged ? "flagged" : "reviewed"))
        }
        return rows
    }

    public static func render(_ rows: [FlagExportRow], as format: Format) -> String {
        switch format {
        case .csv: return csv(rows)
        case .jsonl: return rows.map { jsonObject($0) + "\n" }.joined()
        case .json: return "[" + rows.map { "\n  " + jsonObject($0) }.joined(separator: ",") + (rows.isEmpty ? "]\n" : "\n]\n")
        }
    }

    /// RFC 4180: CRLF line ends, fields quoted when needed; label lists joined with `;`.
    public static func csv(_ rows: [FlagExportRow]) -> String {
        var out = columns.joined(separator: ",") + "\r\n"
        for row in rows {
            let fields = [row.inputID, row.url, row.currentLabels.joined(separator: ";"),
                          row.suggestedLabels.joined(separator: ";"), row.note, row.user, row.time, row.status]
            out += fields.map { CSVQuoting.quote($0) }.joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func jsonObject(_ row: FlagExportRow) -> String {
        func list(_ values: [String]) -> String { "[" + values.map(JSONText.string).joined(separator: ",") + "]" }
        return "{\"input_id\":\(JSONText.string(row.inputID)),\"url\":\(JSONText.string(row.url)),"
            + "\"current_labels\":\(list(row.currentLabels)),\"suggested_labels\":\(list(row.suggestedLabels)),"
            + "\"note\":\(JSONText.string(row.note)),\"user\":\(JSONText.string(row.user)),\"time\":\(JSONText.string(row.time)),"
            + "\"in_evaluation\":\(row.inEvaluation),\"status\":\(JSONText.string(row.status))}"
    }
}
