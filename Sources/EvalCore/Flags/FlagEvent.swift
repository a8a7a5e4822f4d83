import Foundation

/// What a reviewer did to one input.
public enum FlagAction: String, Sendable, Codable, CaseIterable {
    /// Marked the input as mislabeled.
    case flag
    /// Removed the mark.
    case unflag
    /// Marked it and said what the labels should be.
    case relabel
    /// Attached a free-text note (this also marks the input).
    case note
    /// Looked at the input and found its label right (`x` in the suspects view): not flagged,
    /// and hidden from the suspects list from then on. Added after the first journals; those
    /// have no such events and replay as before.
    case reviewed
}

/// One line of the flags journal (JSON Lines, format version 1):
/// `{"v":1,"time":"…","user":"…","input_id":"…","action":"flag|unflag|relabel|note|reviewed","labels":[…],"note":"…","evaluation":"…","evaluation_sha256":"…"}`
///
/// Every event carries the input's complete flag state after the action (`labels` are the
/// suggested labels, `note` the note), not only what changed. So replay is exactly "the last
/// event per input wins", and an undo is just another event that restores the earlier state.
public struct FlagEvent: Sendable, Equatable, Codable {
    /// Format version; always 1 for events this code writes.
    public var v: Int
    /// When it happened, ISO 8601 in UTC (`2026-11-27T10:00:00Z`).
    public var time: String
    /// Who did it (`$USER`).
    public var user: String
    public var inputID: String
    public var action: FlagAction
    /// The suggested labels (concept ids) after the action; empty when none were suggested.
    public var labels: [String]
    /// The note after the action; empty when none.
    public var note: String
    /// The evaluation's file name (no folder), for people reading the journal.
    public var evaluation: String
    /// SHA-256 of the evaluation file; empty when it was not yet known at the time of writing.
    public var evaluationSHA256: String

    enum CodingKeys: String, CodingKey {
        case v, time, user, action, labels, note, evaluation
        case inputID = "input_id"
        case evaluationSHA256 = "evaluation_sha256"
    }

    public init(
        time: String, user: String, inputID: String, action: FlagAction, labels: [String] = [], note: String = "",
        evaluation: String, evaluationSHA256: String
    ) {
        v = 1
        self.time = time
        self.user = user
        self.inputID = inputID
        self.action = action
        self.labels = labels
        self.note = note
        self.evaluation = evaluation
        self.evaluationSHA256 = evaluationSHA256
    }

    /// Reads an event leniently: `labels`, `note`, `evaluation` and `evaluation_sha256` may be
    /// missing (a hand-edited journal); `v`, `time`, `user`, `input_id` and `action` may not.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        v = try container.decode(Int.self, forKey: .v)
        time = try container.decode(String.self, forKey: .time)
        user = try container.decode(String.self, forKey: .user)
        inputID = try container.decode(String.self, forKey: .inputID)
        action = try container.decode(FlagAction.self, forKey: .action)
        labels = try container.decodeIfPresent([String].self, forKey: .labels) ?? []
        note = try container.decodeIfPresent(String.self, forKey: .note) ?? ""
        evaluation = try container.decodeIfPresent(String.self, forKey: .evaluation) ?? ""
        evaluationSHA256 = try container.decodeIfPresent(String.self, forKey: .evaluationSHA256) ?? ""
    }

    /// The journal line, keys in the documented order, ending in "\n". Always a single line:
    /// newlines in notes are escaped.
    public var jsonLine: String {
        var line = "{\"v\":\(v),\"time\":" + JSONText.string(time)
        line += ",\"user\":" + JSONText.string(user)
        line += ",\"input_id\":" + JSONText.string(inputID)
        line += ",\"action\":" + JSONText.string(action.rawValue)
        line += ",\"labels\":[" + labels.map(JSONText.string).joined(separator: ",") + "]"
        line += ",\"note\":" + JSONText.string(note)
        line += ",\"evaluation\":" + JSONText.string(evaluation)
        line += ",\"evaluation_sha256\":" + JSONText.string(evaluationSHA256)
        return line + "}\n"
    }

    /// The state of the input after this event.
    public var resultingState: FlagState {
        FlagState(flagged: action != .unflag && action != .reviewed, reviewed: action == .reviewed,
                  suggestedLabels: labels, note: note, time: time, user: user)
    }

    /// `2026-11-27T10:00:00Z` for a date (whole seconds, UTC).
    public static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))Z"
    }
}

/// The flag state of one input, as the last event for it left it.
public struct FlagState: Sendable, Equatable {
    public var flagged: Bool
    /// Reviewed and found right (never together with `flagged`).
    public var reviewed: Bool
    /// Suggested labels (concept ids); empty when the reviewer did not suggest any.
    public var suggestedLabels: [String]
    public var note: String
    /// When and by whom the state was last changed.
    public var time: String
    public var user: String

    public init(flagged: Bool, reviewed: Bool = false, suggestedLabels: [String] = [], note: String = "", time: String, user: String) {
        self.flagged = flagged
        self.reviewed = reviewed && !flagged
        self.suggestedLabels = suggestedLabels
        self.note = note
        self.time = time
        self.user = user
    }
}
