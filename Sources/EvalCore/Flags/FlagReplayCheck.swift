import Foundation

/// What replay noticed about a journal's events relative to the loaded evaluation. Such events
/// are kept (a flag is never dropped silently); these are the warnings to show.
public struct FlagReplayCheck: Sendable, Equatable {
    /// Events recorded against a different evaluation file (its sha256 differs), by the file
    /// name they recorded.
    public var otherEvaluations: [String: Int] = [:]
    /// Flagged input ids (current state) that the evaluation does not contain, sorted.
    public var unknownInputIDs: [String] = []

    /// Checks `events` and `store` against the evaluation. Events without a sha256 (written
    /// before the hash was known) are not compared.
    public init(events: [FlagEvent], store: FlagStore, inputIDs: Set<String>, evaluationSHA256: String?) {
        if let evaluationSHA256, !evaluationSHA256.isEmpty {
            for event in events where !event.evaluationSHA256.isEmpty && event.evaluationSHA256 != evaluationSHA256 {
                otherEvaluations[event.evaluation.isEmpty ? "an unnamed evaluation" : event.evaluation, default: 0] += 1
            }
        }
        unknownInputIDs = store.states.compactMap { id, state in
            state.flagged && !inputIDs.contains(id) ? id : nil
        }.sorted()
    }

    /// Human-readable warnings; empty when all is well.
    public func warnings(journalPath: String) -> [String] {
        var lines: [String] = []
        for (file, count) in otherEvaluations.sorted(by: { $0.key < $1.key }) {
            lines.append("\(journalPath): \(count) event\(count == 1 ? " was" : "s were") recorded against a different version of the evaluation (\(file), other sha256); kept")
        }
        if !unknownInputIDs.isEmpty {
            let shown = unknownInputIDs.prefix(5).joined(separator: ", ")
            let more = unknownInputIDs.count > 5 ? ", …" : ""
            lines.append("\(journalPath): \(unknownInputIDs.count) flagged input\(unknownInputIDs.count == 1 ? " is" : "s are") not in the evaluation (\(shown)\(more)); kept")
        }
        return lines
    }
}
