import Foundation
import Testing
@testable import EvalCore

/// Issue 12: thresholds files outside [0, 1] and JSON numbers with leading zeros are rejected
/// (item 2), and the thresholds file's type errors, unknown concepts and duplicate keys name
/// the line and column (item 6).
@Suite struct ThresholdsFileStrictnessTests {
    let concepts = [Concept(id: "c1", name: "dog"), Concept(id: "c2", name: "cat"), Concept(id: "c3", name: "wolf")]

    private func error(_ text: String) -> LoadError? {
        do {
            _ = try ThresholdsFile.parse(bytes: Array(text.utf8), path: "deploy.json", concepts: concepts, global: 0.5)
            return nil
        } catch {
            return error
        }
    }

    @Test func valuesOutsideZeroToOneAreRejected() throws {
        for (text, shown) in [("{\"dog\": -0.5}", "-0.5"), ("{\"dog\": 1.5}", "1.5"), ("{\"dog\": 1e300}", "1e+300")] {
            let problem = try #require(error(text), "\(text)")
            #expect(problem.message == "the threshold of \"dog\" must be between 0 and 1, not \(shown)")
            #expect(problem.line == 1 && problem.column == 2)
        }
        #expect(error("{\"dog\": 0, \"cat\": 1, \"wolf\": null}") == nil)
        #expect(error("{\"thresholds\": [{\"concept\": \"dog\", \"threshold\": 2}]}")?.message.contains("between 0 and 1") == true)
    }

    @Test func leadingZerosAreNotJSON() throws {
        for number in ["00.5", "01", "-00.5", "1.", "1.e3", "1e", "0.5e+"] {
            let problem = try #require(error("{\"dog\": \(number)}"), "\(number)")
            #expect(problem.line == 1 && problem.column == 9, "\(number)")
            #expect(problem.message.contains("not a JSON number"), "\(problem.message)")
        }
        #expect(error("{\"dog\": 0.5, \"cat\": 0e0, \"wolf\": 1E-2}") == nil)
    }

    @Test func leadingZerosAreRejectedInJSONLines() throws {
        let text = "{\"input_id\": \"a\", \"labels\": [\"cat\"], \"scores\": {\"cat\": 0.5, \"dog\": 0.1}}\n"
            + "{\"input_id\": \"b\", \"labels\": [\"dog\"], \"scores\": {\"cat\": 00.5, \"dog\": 0.9}}\n"
        let problem = try #require(LoadingFixtures.error(bytes: Array(text.utf8), name: "e.jsonl"))
        #expect(problem.line == 2)
        #expect(problem.message.contains("not a JSON number"))
    }

    @Test func typeErrorsNameTheLineAndColumn() throws {
        let problem = try #require(error("{\n  \"dog\": 0.6,\n  \"cat\": \"high\"\n}"))
        #expect(problem.line == 3 && problem.column == 3)
        #expect(problem.message == "the threshold of \"cat\" must be a number or null, not a string")
        let row = try #require(error("{\"thresholds\": [\n  {\"concept\": \"dog\", \"threshold\": 0.5},\n  {\"threshold\": 0.5}\n]}"))
        #expect(row.line == 3 && row.column == 3)
    }

    @Test func unknownConceptsAndDuplicatesNameTheLineAndColumn() throws {
        let unknown = try #require(error("{\n \"dog\": 0.6,\n \"husky\": 0.3}"))
        #expect(unknown.line == 3 && unknown.column == 2)
        #expect(unknown.message.hasPrefix("unknown concept \"husky\""))
        let twice = try #require(error("{\"dog\": 0.5,\n\"c1\": 0.6}"))
        #expect(twice.line == 2 && twice.column == 1)
        #expect(twice.message == "concept \"c1\" is given twice (first on line 1)")
    }
}
