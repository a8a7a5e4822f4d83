import ArgumentParser
import EvalCore

/// The options every command that reads an evaluation shares.
struct LoadArguments: ParsableArguments {
    @Option(help: "The file format: wide, long, jsonl or clarifai (default: detected).")
    var format: EvaluationFormat?

    @Option(help: "auto (exclusive when every input has one label), exclusive or multilabel.")
    var mode: ModeOption = .auto

    var options: LoadOptions { LoadOptions(format: format, mode: mode) }
}

extension EvaluationFormat: ExpressibleByArgument {}
extension ModeOption: ExpressibleByArgument {}
