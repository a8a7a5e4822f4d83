import Foundation
import Testing
@testable import EvalCore

/// Issue 13: `summarize` streams a Clarifai document (a skim finds test_set, the loader's parser
/// checks the whole document handing over one entry at a time, then the entries are read again
/// into the summary) and gives the same summary as loading it, with the loader's errors.
@Suite struct ClarifaiSummarizerTests {
    typealias Wide = WideCSVSummarizerTests

    /// The streamed summary (nil: the summarizer declined) and the loaded evaluation's, of `text`.
    static func streamedAndLoaded(_ text: String, name: String, grid: SummaryGrid = .exact,
                                  rows: SummaryRowOptions = SummaryRowOptions(extremes: 3, sample: 4)) throws -> (String?, String) {
        let path = try Wide.write(text, name: name)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let streamed = try ClarifaiSummarizer.summarize(path: path, options: LoadOptions(), grid: grid, rows: rows)
        let loaded = SummaryBuilder.summary(of: try EvaluationLoader.load(path: path), grid: grid, rows: rows)
        return (streamed.map(Wide.text), Wide.text(loaded))
    }

    @Test func bundledExampleStreamsToTheLoadedSummaryWithRowsAndSuspects() throws {
        let path = FixtureCSV.url("breast_cancer.clarifai.json").path
        let evaluation = try EvaluationLoader.load(path: path)
        var plan: ClarifaiSummarizer.Plan?
        let fed = try ClarifaiSummarizer.read(path: path, options: LoadOptions(), plan: &plan) { concepts, _, _ in
            SummaryBuilder(concepts: concepts, grid: .exact, hasFold: false, attributeNames: [], rows: .none)
        }
        #expect(fed?.inputCount == evaluation.inputCount && plan?.inputs == evaluation.inputCount)
        for (grid, suspects) in [(SummaryGrid.exact, 20), (.tenThousandth, 0)] {
            // `summary(path:)` streams (with two or three more reads for the suspects).
            let rows = SummaryRowOptions(extremes: 5, sample: 7, suspects: suspects)
            let streamed = try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: grid, rows: rows)
            let loaded = try SummaryBuilder.summary(of: evaluation, grid: grid, rows: rows, countThresholds: [])
            #expect(Wide.text(streamed) == Wide.text(loaded), "grid \(grid)")
            #expect((streamed.suspects != nil) == (suspects > 0))
        }
    }

    /// Keys in any order (the metadata after test_set), lowerCamelCase keys, and strings full of
    /// what a careless skim trips on: brackets, braces, quotes, backslashes, escapes, Unicode,
    /// a `"test_set"` inside a string and inside another object, an escaped key.
    @Test func oddlyPlacedAndOddlyWrittenDocumentsStreamToTheLoadedSummary() throws {
        let trap = #""]}{[\\\" test_set \"test_set\":[ 猫 \u005D\ud83d\ude00""#
        let entries = [
            // The first entry omits cat (a zero): the columns still read cat, dog (ConceptOrder).
            #"{"input":{"id":"a \"]\"","data":{"image":{"url":"x[1].png","image_info":{"width":"300","height":900}}}},"predicted_concepts":[{"id":"dog","name":"dog ]}","value":0.9}],"ground_truth_concepts":[{"id":"dog","name":"dog ]}"},{"id":"dog"}]}"#,
            #"{"input":{"id":"b\\","data":{"text":{"raw":"line\n{[\"quoted\"]}"}}},"note":\#(trap),"predicted_concepts":[{"id":"猫","name":"cat \\\"","value":0.5},{"id":"dog","value":0.5}],"ground_truth_concepts":[{"id":"猫"},{"id":"dog","value":0}]}"#,
            #"{"input":{"id":7},"predicted_concepts":[{"id":"猫","value":0.25},{"id":"dog","value":1e-1}],"ground_truth_concepts":[]}"#,
            #"{"input":{"id":"\u00e9"},"predicted_concepts":null,"ground_truth_concepts":[{"id":"dog","value":1}]}"#,
        ]
        let testSet = "[\n " + entries.joined(separator: ",\n ") + "\n]"
        let summary = #"{"macro_avg_roc_auc":0.5,"note":"]]]}}}"}"#
        let documents = [
            ("wrapped.json", #"{"status":{"description":\#(trap),"test_set":[1]},"model_version":{"id":"v","metrics":{"test_set":\#(testSet),"summary":\#(summary)}}}"#),
            ("camel.json", "\u{FEFF}" + #" {"modelVersion":{"metrics":{"summary":\#(summary),"testSet":\#(testSet)}},"trailer":\#(trap)} "#),
            ("eval.json", #"{"eval_metrics":{"binary_metrics":[{"x":\#(trap)}],"test_set":\#(testSet)}}"#),
            ("bare.json", #"{"summary":\#(summary),"test\u005fset":\#(testSet),"z":[[[{}]]]}"#),
            // Both spellings: the snake_case one counts, wherever it is (as JSONValue.member).
            ("both.json", #"{"testSet":[{"input":{"id":"q"},"predicted_concepts":[{"id":"cow","value":0.5}]}],"test_set":\#(testSet)}"#),
        ]
        for (name, text) in documents {
            for grid in [SummaryGrid.exact, .tenThousandth] {
                let (streamed, loaded) = try Self.streamedAndLoaded(text, name: name, grid: grid)
                #expect(streamed != nil, "\(name)")
                #expect(streamed == loaded, "\(name), grid \(grid)")
            }
        }
        let (exclusive, _) = try Self.streamedAndLoaded(documents[0].1, name: "w.json")
        let read = try SummaryReader.read(bytes: Array(try #require(exclusive).utf8), name: "w.evalsum")
        #expect(read.concepts.map(\.name) == ["cat \\\"", "dog ]}"] && read.inputs == 4)
    }

    /// Every refusal is the loader's, word for word, at the same line and column: a syntax error
    /// after a bad entry still comes first, as when the document is parsed whole.
    @Test func badDocumentsGetTheLoadersErrorsAtTheSamePlace() throws {
        let good = #"{"input":{"id":"a"},"predicted_concepts":[{"id":"cat","value":0.5}],"ground_truth_concepts":[{"id":"cat"}]}"#
        let bad = #"{"input":{"id":"b"},"predicted_concepts":[{"id":"cat","value":1.5}]}"#
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        let cases = [
            ("entry.json", "{\"test_set\":[\n\(good),\n  \(bad)\n]}"),
            ("syntax-after.json", "{\"test_set\":[\n\(good),\n\(bad)],\n\"summary\":{\"a\":01}}"),
            ("syntax-inside.json", "{\"test_set\":[\n\(good),\n{\"input\":{\"id\":\"c\\x\"}}]}"),
            ("truncated.json", "{\"model_version\":{\"metrics\":{\"test_set\":[\n\(good),\n\(good.dropLast(20))"),
            ("duplicate.json", "{\"test_set\":[\(good),\n\(good)]}"),
            ("empty.json", "{\"summary\":{},\"test_set\":[ ]}"),
            ("notarray.json", "{\"test_set\":{\"a\":[]}}"),
            ("missing.json", "{\"eval_metrics\":{\"testset\":[\(good)]}}"),
            ("notobject.json", " [\(good)]"),
            ("noid.json", "{\"test_set\":[\(good),\n 3]}"),
            ("deep.json", "{\"test_set\":[\(good),{\"input\":{\"id\":\"d\"},\"x\":\(deep)}]}"),
            ("unclosed-string.json", "{\"test_set\":[\(good)],\"s\":\"]}"),
        ]
        try Wide.expectStreamedErrorsAreTheLoaders(cases)
        // The places themselves (the loader's own tests pin its wording).
        let path = try Wide.write(cases[1].1, name: "place.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: LoadError(path: path, line: 4, column: 16, message: "JSON syntax error: '01' is not a JSON number (no leading zeros; digits after '.' and 'e')")) {
            try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: .exact)
        }
        let entryPath = try Wide.write(cases[0].1, name: "entry-place.json")
        defer { try? FileManager.default.removeItem(atPath: entryPath) }
        do {
            _ = try SummaryBuilder.summary(path: entryPath, options: LoadOptions(), grid: .exact)
            Issue.record("a bad score was summarized")
        } catch let error as LoadError {
            #expect(error.line == 3 && error.column == 45 && error.message.contains("value 1.5 is outside [0, 1]"), "\(error)")
        }
    }

    /// The streamed reads hand the mapped pages back and never build the test_set: the plan
    /// holds the concepts only, whatever the number of entries.
    @Test func thePlanHoldsTheConceptsNotTheEntries() throws {
        let entry = #"{"input":{"id":"ID"},"predicted_concepts":[{"id":"cat","value":0.5},{"id":"dog","value":0.25}],"ground_truth_concepts":[{"id":"dog"}]}"#
        let text = "{\"test_set\":[" + (0 ..< 300).map { entry.replacingOccurrences(of: "ID", with: "i\($0)") }.joined(separator: ",") + "]}"
        let source = SourceBytes(bytes: Array(text.utf8), name: "many.json")
        var plan: ClarifaiSummarizer.Plan?
        let builder = try ClarifaiSummarizer.read(source, plan: &plan) { concepts, _, _ in
            SummaryBuilder(concepts: concepts, grid: .exact, hasFold: false, attributeNames: [], rows: .none)
        }
        #expect(builder?.inputCount == 300)
        // Pages handed back every few bytes: the skim scans test_set once per lookup (camelCase
        // keys and the metadata after test_set make it scan to the end of both objects).
        let camel = "{\"modelVersion\":{\"metrics\":{\"testSet\":[" + (0 ..< 300).map { entry.replacingOccurrences(of: "ID", with: "i\($0)") }.joined(separator: ",") + "],\"summary\":{}}},\"z\":1}"
        var camelPlan: ClarifaiSummarizer.Plan?
        let often = try ClarifaiSummarizer.read(SourceBytes(bytes: Array(camel.utf8), name: "camel.json"), plan: &camelPlan, releaseEvery: 100) { concepts, _, _ in
            SummaryBuilder(concepts: concepts, grid: .exact, hasFold: false, attributeNames: [], rows: .none)
        }
        #expect(try Wide.text(#require(often).finish(source: "many.json", mode: .auto)) == Wide.text(builder!.finish(source: "many.json", mode: .auto)))
        #expect(plan?.inputs == 300 && plan?.columns.concepts.map(\.id) == ["cat", "dog"] && plan?.concepts.list.count == 2)
        // A read with the plan goes straight to the entries; a file of another size is "changed".
        #expect(try ClarifaiSummarizer.read(source, plan: &plan) { _, _, _ in builder! }?.inputCount == 600)
        let other = SourceBytes(bytes: Array(text.utf8) + [0x20], name: "many.json")
        #expect(try ClarifaiSummarizer.read(other, plan: &plan) { _, _, _ in builder! }?.inputCount == nil)
    }
}
