import ArgumentParser
import EvalCore
import Foundation

/// `evaltop suspects FILE`: the inputs most likely to be mislabeled, most suspicious first.
struct SuspectsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suspects",
        abstract: "Rank the inputs most likely to be mislabeled (confident learning).",
        discussion: """
            Text output is one input id per line, most suspicious first. --json adds the given \
            and likely labels and the model's scores. The scores must be out-of-sample \
            (k-fold) predictions for the ranking to mean anything.
            """)

    @Argument(help: "The evaluation file, or a summary written with --suspects (`evaltop summarize`).")
    var file: String

    @Option(name: .customLong("limit"), help: "Print at most K suspects (a whole number, 0 or more).")
    var limitText: String?

    @Flag(help: "JSON output with labels and scores.")
    var json = false

    @Option(help: "Ranking: self_confidence or normalized_margin.")
    var ranking: String = SuspectFinder.defaultRanking.rawValue

    @Option(help: "auto, exclusive or multilabel.")
    var mode: String = "auto"

    @Option(name: .customLong("input-format"), help: "The evaluation's format: wide, long, jsonl or clarifai.")
    var inputFormat: String?

    @Flag(help: .hidden)
    var timing = false

    func run() throws {
        guard let rankingChoice = SuspectRanking(rawValue: ranking) else {
            throw FlagsSuspectsSupport.fail("unknown --ranking \(ranking) (use self_confidence or normalized_margin)")
        }
        var limit: Int?
        if let limitText {
            do { limit = try NumericOption.count(limitText, option: "--limit") } catch let error as ValidationError {
                throw FlagsSuspectsSupport.fail(error.message)
            }
        }
        if let summary = try SummaryInput.readIfSummary(file) {
            try runOnSummary(summary, ranking: rankingChoice, limit: limit)
            return
        }
        let options = try FlagsSuspectsSupport.loadOptions(format: inputFormat, mode: mode)
        let evaluation = try FlagsSuspectsSupport.load(file, options: options)
        let start = DispatchTime.now().uptimeNanoseconds
        let report = SuspectFinder.find(in: evaluation, ranking: rankingChoice)
        if timing {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            FlagsSuspectsSupport.warn("suspects: \(evaluation.inputCount) × \(evaluation.conceptCount) in \(String(format: "%.3f", seconds)) s")
        }
        let suspects = report.suspects.prefix(limit ?? report.suspects.count)
        var out = ""
        if json {
            out = Self.renderJSON(Array(suspects), mode: evaluation.mode, ranking: report.ranking, estimate: report.estimatedLabelErrors,
                                  count: report.suspects.count, concepts: evaluation.concepts, id: { evaluation.inputIDs[$0] })
        } else {
            out.reserveCapacity(suspects.count * 16)
            for suspect in suspects { out += evaluation.inputIDs[suspect.input] + "\n" }
        }
        TerminalOutput.write(out)
    }

    /// On a summary: the suspects it holds (the file's first S, `SummarySuspects`).
    private func runOnSummary(_ summary: EvaluationSummary, ranking: SuspectRanking, limit: Int?) throws {
        guard let held = summary.suspects else {
            throw FlagsSuspectsSupport.fail("\(file) holds no suspects (write it with `evaltop summarize --suspects S`, format version 3)")
        }
        guard ranking == held.ranking else {
            throw FlagsSuspectsSupport.fail("\(file) holds the suspects ranked by \(held.ranking.rawValue); --ranking \(ranking.rawValue) needs the file itself")
        }
        let wanted = limit ?? held.candidates
        if wanted > held.ranked.count, held.ranked.count < held.candidates {
            FlagsSuspectsSupport.warn("note: the summary holds the first \(held.ranked.count) of \(held.candidates) suspects")
        }
        let suspects = Array(held.ranked.prefix(wanted))
        let rows = summary.rows
        let out = json
            ? Self.renderJSON(suspects, mode: summary.mode, ranking: held.ranking, estimate: held.estimatedLabelErrors,
                              count: held.candidates, concepts: summary.concepts, id: { rows[$0].id })
            : suspects.map { rows[$0.input].id + "\n" }.joined()
        TerminalOutput.write(out)
    }

    /// The JSON of `suspects`, the file's and a summary's alike; `id`: an input's id by index.
    static func renderJSON(_ suspects: [Suspect], mode: EvaluationMode, ranking: SuspectRanking, estimate: Int, count: Int,
                           concepts: [Concept], id: (Int) -> String) -> String {
        func quote(_ text: String) -> String {
            let data = try! JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self)
        }
        func names(_ indices: [Int]) -> String { "[" + indices.map { quote(concepts[$0].name) }.joined(separator: ",") + "]" }
        func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }
        var out = "{\"mode\":\(quote(mode.rawValue)),\"ranking\":\(quote(ranking.rawValue)),"
        out += "\"estimated_label_errors\":\(estimate),"
        out += "\"count\":\(count),\"suspects\":["
        out += suspects.map { suspect in
            var row = "\n{\"input_id\":\(quote(id(suspect.input)))"
            row += ",\"given_labels\":\(names(suspect.givenLabels)),\"likely_labels\":\(names(suspect.likelyLabels))"
            row += ",\"concept\":\(quote(concepts[suspect.concept].name))"
            row += ",\"likely_concept\":" + (suspect.likelyConcept.map { quote(concepts[$0].name) } ?? "null")
            row += ",\"given_score\":\(number(suspect.givenScore)),\"likely_score\":\(number(suspect.likelyScore))"
            row += ",\"margin\":\(number(suspect.margin)),\"suspicion\":\(number(suspect.suspicion))}"
            return row
        }.joined(separator: ",")
        return out + (suspects.isEmpty ? "]}\n" : "\n]}\n")
    }
}
