import ArgumentParser
import EvalCore
import Foundation

/// `evaltop flags FILE`: the current flags as CSV/JSON, or `--apply OUT` for a corrected copy.
struct FlagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flags",
        abstract: "List the flagged inputs of an evaluation, or write a corrected copy.",
        discussion: """
            The flags are read from FILE.flags.jsonl beside the evaluation (or the state \
            directory when that folder is not writable, or --flags PATH). One row per flagged \
            input: input_id, url, current_labels, suggested_labels, note, user, time.
            """)

    @Argument(help: "The evaluation file.")
    var file: String

    // `--output-format`, since elsewhere `--format` names the evaluation's format (report,
    // thresholds, open); `--format` stays as the old spelling.
    @Option(name: [.customLong("output-format"), .customLong("format")],
            help: "The list's format: csv (RFC 4180, with header), jsonl or json. (--format is the old name.)")
    var format: String = "csv"

    @Option(help: "Write the list here instead of stdout.")
    var output: String?

    @Option(name: .customLong("flags"), help: "The flags journal (default: beside the evaluation).")
    var flagsPath: String?

    @Option(help: "Write a corrected copy of the evaluation, with the suggested labels applied, to OUT.")
    var apply: String?

    @Flag(help: "With --apply: replace OUT when it exists.")
    var force = false

    @Option(help: "auto, exclusive or multilabel.")
    var mode: String = "auto"

    @Option(name: .customLong("input-format"), help: "The evaluation's format: wide, long, jsonl or clarifai.")
    var inputFormat: String?

    @Option(help: .hidden)
    var testAppendFlags: Int?

    func run() throws {
        guard let exportFormat = FlagExport.Format(rawValue: format) else {
            throw FlagsSuspectsSupport.fail("unknown --output-format \(format) (use csv, jsonl or json)")
        }
        let location = FlagJournalLocation.resolve(evaluationPath: file, explicitPath: flagsPath)
        let journal = FlagJournal(location: location)
        if let count = testAppendFlags { return try appendForTests(count, journal: journal) }

        let evaluation = try FlagsSuspectsSupport.load(
            file, options: FlagsSuspectsSupport.loadOptions(format: inputFormat, mode: mode))
        if case .stateDirectory = location.reason { FlagsSuspectsSupport.warn(location.explanation) }
        let read: FlagJournalRead
        do { read = try journal.readAll() } catch { throw FlagsSuspectsSupport.fail("\(error)") }
        for warning in read.warnings { FlagsSuspectsSupport.warn("warning: \(warning)") }
        let store = FlagStore(context: FlagContext.current(evaluationPath: file), events: read.events)
        // Hashing a large evaluation costs a moment; only do it when there is something to compare.
        let sha = read.events.contains { !$0.evaluationSHA256.isEmpty } ? try? SHA256.hex(ofFileAt: file) : nil
        let check = FlagReplayCheck(events: read.events, store: store, inputIDs: Set(evaluation.inputIDs), evaluationSHA256: sha)
        for warning in check.warnings(journalPath: journal.path) { FlagsSuspectsSupport.warn("warning: \(warning)") }

        if let apply {
            try writeCorrectedCopy(to: apply, evaluation: evaluation, store: store)
            return
        }
        let text = FlagExport.render(FlagExport.rows(store: store, evaluation: evaluation), as: exportFormat)
        if let output {
            try FlagsSuspectsSupport.writeAtomically(Array(text.utf8), to: output)
        } else {
            TerminalOutput.write(text)
        }
    }

    private func writeCorrectedCopy(to outputPath: String, evaluation: Evaluation, store: FlagStore) throws {
        let source = URL(fileURLWithPath: file).resolvingSymlinksInPath().standardizedFileURL.path
        let target = URL(fileURLWithPath: outputPath).resolvingSymlinksInPath().standardizedFileURL.path
        if source == target { throw FlagsSuspectsSupport.fail("\(outputPath) is the evaluation itself; it is never overwritten") }
        if FileManager.default.fileExists(atPath: outputPath) && !force {
            throw FlagsSuspectsSupport.fail("\(outputPath) exists; use --force to replace it")
        }
        let known = Set(evaluation.concepts.map(\.id))
        let inEvaluation = Set(evaluation.inputIDs)
        var corrections: [String: [String]] = [:]
        var withoutSuggestion = 0
        for id in store.flaggedIDs where inEvaluation.contains(id) {
            let labels = store.state(of: id)!.suggestedLabels
            if labels.isEmpty { withoutSuggestion += 1; continue }
            let unknown = labels.filter { !known.contains($0) }
            if !unknown.isEmpty {
                FlagsSuspectsSupport.warn("warning: \(id): suggested \(unknown.joined(separator: ", ")) not among the concepts; left as it is")
                continue
            }
            corrections[id] = labels
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw FlagsSuspectsSupport.fail("cannot read \(file)")
        }
        let corrected: [UInt8]
        do {
            corrected = try CorrectedCopy.make(source: [UInt8](data), evaluation: evaluation, corrections: corrections)
        } catch {
            throw FlagsSuspectsSupport.fail("\(file): \(error)")
        }
        try FlagsSuspectsSupport.writeAtomically(corrected, to: outputPath)
        var summary = "applied \(corrections.count) correction\(corrections.count == 1 ? "" : "s") to \(outputPath)"
        if withoutSuggestion > 0 { summary += "; \(withoutSuggestion) flagged input\(withoutSuggestion == 1 ? " has" : "s have") no suggested labels and kept theirs" }
        FlagsSuspectsSupport.warn(summary)
    }

    /// Appends `count` flag events for ids "<pid>-<n>", one durable append each, without
    /// loading the evaluation. Used by the tests to run several writers as separate processes.
    private func appendForTests(_ count: Int, journal: FlagJournal) throws {
        let context = FlagContext.current(evaluationPath: file)
        let store = FlagStore(context: context)
        for n in 0 ..< count {
            do {
                try journal.append(store.note("\(getpid())-\(n)", text: String(repeating: "x", count: 100)).event)
            } catch {
                throw FlagsSuspectsSupport.fail("\(error)")
            }
        }
    }
}
