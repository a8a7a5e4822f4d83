import Foundation
import Testing
@testable import EvalCore

/// Helpers for the loader tests: load from text, and capture the LoadError of bad input.
enum LoadingFixtures {
    static func load(_ text: String, name: String = "test.csv", options: LoadOptions = .init()) throws -> Evaluation {
        try EvaluationLoader.load(bytes: Array(text.utf8), name: name, options: options)
    }

    /// The LoadError that loading `bytes` raises (nil if it loads).
    static func error(bytes: [UInt8], name: String = "test.csv", options: LoadOptions = .init()) -> LoadError? {
        do {
            _ = try EvaluationLoader.load(bytes: bytes, name: name, options: options)
            return nil
        } catch let error as LoadError {
            return error
        } catch {
            Issue.record("unexpected error type \(error)")
            return nil
        }
    }

    static func error(_ text: String, name: String = "test.csv", options: LoadOptions = .init()) -> LoadError? {
        error(bytes: Array(text.utf8), name: name, options: options)
    }

    static func fixturePath(_ name: String) -> String {
        let url = Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)
            ?? Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name)
        return url.path
    }

    /// Scores row by row, for comparing evaluations.
    static func labelNames(_ evaluation: Evaluation, _ input: Int) -> [String] {
        evaluation.labels(of: input).map { evaluation.concepts[Int($0)].name }
    }
}
