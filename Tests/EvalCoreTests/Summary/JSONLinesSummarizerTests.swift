import Foundation
import Testing
@testable import EvalCore

/// Issue 13: `summarize` streams a JSON Lines file (one line at a time through the loader's own
/// row parser) and gives the same summary as loading it, with the loader's errors.
@Suite struct JSONLinesSummarizerTests {
    typealias Wide = WideCSVSummarizerTests

    static func streamedAndLoaded(_ text: String, name: String, grid: SummaryGrid = .exact,
                                  options: LoadOptions = LoadOptions()) throws -> (EvaluationSummary, EvaluationSummary) {
        let path = try Wide.write(text, name: name)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let streamed = try #require(try JSONLinesSummarizer.summarize(path: path, options: options, grid: grid))
        let loaded = SummaryBuilder.summary(of: try EvaluationLoader.load(path: path, options: options), grid: grid)
        return (streamed, loaded)
    }

    /// The bundled digits as JSON Lines, with a fold on every line.
    static func digitsLines() throws -> String {
        let digits = try EvaluationLoader.load(path: FixtureCSV.url("digits.csv").path)
        var text = ""
        for input in 0 ..< digits.inputCount {
            let scores = digits.concepts.indices.map { "\"\(digits.concepts[$0].name)\":\(digits.scores[input * digits.conceptCount + $0])" }
            let labels = digits.labels(of: input).map { "\"\(digits.concepts[Int($0)].name)\"" }
            let fold = digits.fold.map { $0.values[Int($0.codes[input])] } ?? "0"
            text += "{\"input_id\":\"\(digits.inputIDs[input])\",\"fold\":\(fold),\"labels\":[\(labels.joined(separator: ","))],\"scores\":{\(scores.joined(separator: ","))}}\n"
        }
        return text
    }

    @Test func streamedSummaryIsTheLoadedOneOnDigits() throws {
        let text = try Self.digitsLines()
        for grid in SummaryGrid.allCases {
            let (streamed, loaded) = try Self.streamedAndLoaded(text, name: "digits.jsonl", grid: grid)
            #expect(Wide.text(streamed) == Wide.text(loaded))
            #expect(streamed.inputs == 1797 && streamed.fold?.values.count == 5)
        }
    }

    /// Metadata that appears part-way (a fold from the third line, attributes named on later
    /// lines, nulls), repeated labels, -0 scores, a BOM, CRLF, blank lines and Unicode names.
    @Test func metadataFoundAsTheLinesGoIsCountedAsTheLoaderCountsIt() throws {
        let lines = [
            "\u{FEFF}{\"input_id\":\"a\",\"labels\":[\"猫\",\"猫\"],\"scores\":{\"猫\":0.9,\"dog\":-0.0},\"width\":100,\"height\":900}",
            "",
            "{\"input_id\":\"b\",\"labels\":[\"dog\"],\"scores\":{\"dog\":0.7,\"猫\":0.25},\"meta\":{\"camera\":\"x\"}}",
            "   ",
            "{\"input_id\":7,\"fold\":2,\"labels\":[],\"scores\":{\"猫\":0.25,\"dog\":0.25},\"meta\":{\"camera\":null,\"site\":\"é\"}}",
            "{\"input_id\":\"d\",\"fold\":1,\"labels\":\"dog\",\"scores\":{\"猫\":0.1,\"dog\":1},\"meta\":{\"site\":3}}",
            "{\"input_id\":\"e\",\"fold\":null,\"labels\":[\"猫\",\"dog\"],\"scores\":{\"猫\":0.6,\"dog\":0.6},\"url\":\"x.png\"}",
        ]
        let (streamed, loaded) = try Self.streamedAndLoaded(lines.joined(separator: "\r\n"), name: "meta.jsonl")
        #expect(Wide.text(streamed) == Wide.text(loaded))
        #expect(streamed.inputs == 5 && streamed.mode == .multilabel)
        #expect(streamed.attributes.map(\.name) == ["camera", "site"])
        #expect(streamed.fold?.values == ["1", "2"])
        let (exclusive, loadedExclusive) = try Self.streamedAndLoaded(
            "{\"input_id\":\"a\",\"labels\":[\"cat\"],\"scores\":{\"cat\":0.9,\"dog\":0.1}}\n{\"input_id\":\"b\",\"labels\":[\"dog\"],\"scores\":{\"cat\":0.2,\"dog\":0.8}}\n",
            name: "two.jsonl", options: LoadOptions(mode: .auto))
        #expect(Wide.text(exclusive) == Wide.text(loadedExclusive) && exclusive.mode == .exclusive && exclusive.top1Correct == 2)
    }

    @Test func badLinesGetTheLoadersErrors() throws {
        let cases = [
            ("notobject.jsonl", "{\"input_id\":\"a\",\"labels\":[],\"scores\":{\"cat\":0.5}}\n[1,2]\n"),
            ("score.jsonl", "{\"input_id\":\"a\",\"labels\":[],\"scores\":{\"cat\":1.5}}\n"),
            ("concept.jsonl", "{\"input_id\":\"a\",\"labels\":[],\"scores\":{\"cat\":0.5}}\n{\"input_id\":\"b\",\"labels\":[],\"scores\":{\"dog\":0.5}}\n"),
            ("label.jsonl", "{\"input_id\":\"a\",\"labels\":[\"cow\"],\"scores\":{\"cat\":0.5}}\n"),
            ("zeros.jsonl", "{\"input_id\":\"a\",\"labels\":[],\"scores\":{\"cat\":00.5}}\n"),
            ("duplicate.jsonl", "{\"input_id\":\"a\",\"labels\":[],\"scores\":{\"cat\":0.5}}\n{\"input_id\":\"a\",\"labels\":[],\"scores\":{\"cat\":0.4}}\n"),
            ("empty.jsonl", "\n\n"),
        ]
        try Wide.expectStreamedErrorsAreTheLoaders(cases)
    }
}
