import ArgumentParser
import EvalCore
import Foundation

/// `evaltop thresholds FILE --strategy S`: a threshold per concept chosen by a strategy,
/// printed as a table or JSON, and optionally written as the file a deployment reads.
struct ThresholdsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thresholds",
        abstract: "Choose a threshold per concept with a strategy, print it, and export it.",
        discussion: """
            Strategies: max-f1 (highest F1), youden (highest TPR − FPR), cost:R (lowest R·FP + FN), \
            precision:P (highest recall with precision ≥ P), recall:R (highest precision with recall ≥ R). \
            The candidates are each concept's distinct scores; ties go to the highest threshold; a concept \
            without positives or without a feasible threshold gets none (null).
            """
    )

    @Argument(help: "The evaluation file (wide or long CSV/TSV, JSON Lines, Clarifai evaluation JSON).")
    var file: String

    @Option(help: "max-f1, youden, cost:R, precision:P or recall:R.")
    var strategy: String

    @Option(help: "auto, exclusive or multilabel. Auto is exclusive when every input has exactly one label.")
    var mode: String = ModeOption.auto.rawValue

    @Option(help: "wide, long, jsonl or clarifai (default: detected from the extension and content).")
    var format: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Option(help: "Write the thresholds to this file as {\"concept\": threshold, …} (null where there is none).")
    var output: String?

    @Flag(help: "With --output: write the thresholds with their metrics (the --json document).")
    var detailed = false

    func validate() throws {
        do {
            _ = try ThresholdStrategy(parsing: strategy)
        } catch {
            throw ValidationError(error.description)
        }
        guard ModeOption(rawValue: mode) != nil else {
            throw ValidationError("--mode must be one of \(ModeOption.allCases.map(\.rawValue).joined(separator: ", ")), not \(mode)")
        }
        if let format, EvaluationFormat(rawValue: format) == nil {
            throw ValidationError("--format must be one of \(EvaluationFormat.allCases.map(\.rawValue).joined(separator: ", ")), not \(format)")
        }
        if detailed, output == nil { throw ValidationError("--detailed applies to --output; give --output PATH") }
    }

    func run() throws {
        let strategy = try ThresholdStrategy(parsing: strategy)
        let options = LoadOptions(format: format.flatMap(EvaluationFormat.init(rawValue:)),
                                  mode: ModeOption(rawValue: mode) ?? .auto)
        let suggestions: [ThresholdSuggestion]
        let concepts: [Concept]
        if let summary = try SummaryInput.readIfSummary(file) {
            // A summary's curves are the file's (see SummaryMetrics), so are the thresholds.
            let metrics = SummaryMetrics(summary: summary)
            suggestions = metrics.curves.enumerated().map { strategy.suggestion(for: $1, concept: $0) }
            concepts = summary.concepts
        } else {
            let evaluation: Evaluation
            do {
                evaluation = try EvaluationLoader.load(path: file, options: options)
            } catch let error as LoadError {
                CommandLineErrors.print(error.description)
                throw ExitCode(1)
            }
            let metrics = EvaluationMetrics(evaluation: evaluation)
            suggestions = strategy.suggestions(metrics: metrics)
            concepts = evaluation.concepts
        }
        if let output {
            let text = detailed
                ? ThresholdsFile.detailed(strategy: strategy, suggestions: suggestions, concepts: concepts)
                : ThresholdsFile.plain(suggestions, concepts: concepts)
            do {
                try ThresholdsFile.write(text, to: output)
            } catch {
                CommandLineErrors.print(error.description)
                throw ExitCode(1)
            }
        }
        let printed = json
            ? ThresholdsFile.detailed(strategy: strategy, suggestions: suggestions, concepts: concepts)
            : ThresholdsText.render(strategy: strategy, suggestions: suggestions, concepts: concepts)
        TerminalOutput.write(printed)
    }
}

/// How the commands report a problem: `error: …` on standard error, made terminal-safe.
enum CommandLineErrors {
    static func print(_ message: String) {
        FileHandle.standardError.write(Data("error: \(TerminalSafe.escape(message))\n".utf8))
    }
}
