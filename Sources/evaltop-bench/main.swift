import EvalCore
import Foundation

// evaltop-bench: deterministic benchmark data and timings of the metrics core.
//   evaltop-bench generate --inputs 1000000 --concepts 20 --mode exclusive --seed 1 [--precision 4|8|full] OUT.csv
//   evaltop-bench core FILE                      (load, then time the core)
//   evaltop-bench core --inputs N --concepts C --mode M --seed S   (generated in memory)
//   evaltop-bench images [--repetitions R]      (decode, scale and header-read times)
// Options: --repetitions R (curve building, default 7); --precision 4, 8 or full: scores rounded to
// 4 or 8 decimals (the default 4), or written with 17 significant digits so that nearly every
// score is distinct (what float64 model outputs look like); --full-precision is --precision full.

let usage = """
    usage: evaltop-bench generate [--inputs N] [--concepts C] [--mode exclusive|multilabel] [--seed S] [--precision 4|8|full] OUT.csv
           evaltop-bench core [FILE | --inputs N --concepts C --mode M --seed S [--precision 4|8|full]] [--repetitions R]
           evaltop-bench images [--repetitions R]
    """

struct Arguments {
    var command = ""
    var path: String?
    var inputs = 1_000_000
    var concepts = 20
    var mode = EvaluationMode.exclusive
    var seed: UInt64 = 1
    var repetitions = 7
    var precision = ScorePrecision.four

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        guard let command = rest.popFirst() else { throw BenchError(usage) }
        self.command = command
        while let argument = rest.popFirst() {
            func value() throws -> String {
                guard let value = rest.popFirst() else { throw BenchError("\(argument) needs a value\n\(usage)") }
                return value
            }
            switch argument {
            case "--inputs": inputs = try Int(value()).orThrow("--inputs needs an integer")
            case "--concepts": concepts = try Int(value()).orThrow("--concepts needs an integer")
            case "--seed": seed = try UInt64(value()).orThrow("--seed needs an integer")
            case "--repetitions": repetitions = try Int(value()).orThrow("--repetitions needs an integer")
            case "--full-precision": precision = .full
            case "--precision": precision = try ScorePrecision(rawValue: value()).orThrow("--precision is 4, 8 or full")
            case "--mode": mode = try EvaluationMode(rawValue: value()).orThrow("--mode is exclusive or multilabel")
            case _ where argument.hasPrefix("--"): throw BenchError("unknown option \(argument)\n\(usage)")
            default: path = argument
            }
        }
    }
}

extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let self else { throw BenchError(message) }
        return self
    }
}

do {
    let arguments = try Arguments(Array(CommandLine.arguments.dropFirst()))
    var synthetic = SyntheticEvaluation(
        inputs: arguments.inputs, concepts: arguments.concepts, mode: arguments.mode, seed: arguments.seed)
    synthetic.precision = arguments.precision
    switch arguments.command {
    case "generate":
        guard let path = arguments.path else { throw BenchError(usage) }
        try synthetic.write(to: path)
    case "core":
        let evaluation: Evaluation
        if let path = arguments.path {
            let start = Date()
            evaluation = try EvaluationLoader.load(path: path)
            print("load: \((Date().timeIntervalSince(start) * 1e5).rounded() / 100) ms")
        } else {
            evaluation = synthetic.evaluation()
        }
        CoreTimings.run(evaluation, repetitions: arguments.repetitions)
    case "images":
        try ImageTimings.run(repetitions: arguments.repetitions)
    default:
        throw BenchError(usage)
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
