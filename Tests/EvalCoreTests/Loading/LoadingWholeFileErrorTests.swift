import Foundation
import Testing
@testable import EvalCore

/// Errors about the file as a whole still name where the content was expected (line 1), so
/// that every load error has a line for editors and scripts (found by scripts/fuzz.sh wide/jsonl).
@Suite struct LoadingWholeFileErrorTests {
    typealias F = LoadingFixtures

    @Test func blankCSVNamesLineOne() {
        for text in ["\n", "\r\n\r\n", "\u{FEFF}\n"] {
            let error = F.error(text, options: LoadOptions(format: .wide))
            #expect(error?.line == 1, "\(text.debugDescription)")
            #expect(error?.message.contains("empty") == true)
        }
    }

    @Test func jsonLinesWithoutObjectsNamesLineOne() {
        let error = F.error("\n\n  \n", name: "x.jsonl")
        #expect(error?.line == 1)
        #expect(error?.message.contains("no JSON objects") == true)
    }

    @Test func clarifaiDocumentErrorsNameTheirLine() {
        let notAnObject = F.error("\n\n  \"just a string\"", name: "x.json", options: LoadOptions(format: .clarifai))
        #expect(notAnObject?.line == 3 && notAnObject?.column == 3)
        let empty = F.error("{\n  \"eval_metrics\": {\n    \"test_set\": []\n  }\n}", name: "x.json")
        #expect(empty?.line == 3 && empty?.column == 5)
        #expect(empty?.message.contains("test_set is empty") == true)
        let notArray = F.error("{\"test_set\":\n 7}", name: "x.json")
        #expect(notArray?.line == 1 && notArray?.message.contains("must be an array") == true)
        let entry = "{\"input\":{\"id\":\"a\"},\n\"predicted_concepts\": 5}"
        let badMember = F.error("{\"test_set\":[" + entry + "]}", name: "x.json")
        #expect(badMember?.line == 2 && badMember?.message.contains("predicted_concepts must be an array") == true)
    }

    @Test func thresholdsDocumentErrorsNameTheirLine() {
        let concepts = [Concept(id: "cat", name: "cat")]
        func error(_ text: String) -> LoadError? {
            do { _ = try ThresholdsFile.parse(bytes: Array(text.utf8), path: "t.json", concepts: concepts, global: 0.5) } catch { return error }
            return nil
        }
        #expect(error("\n [0.5]")?.line == 2)
        let row = error("{\"strategy\": \"max-f1\",\n \"thresholds\": [7]}")
        #expect(row?.line == 2 && row?.message.contains("needs a \"concept\" string") == true)
    }

    @Test func clarifaiEntryErrorsNameTheirLine() {
        let entry = "{\"input\":{\"id\":\"a\"},\"predicted_concepts\":[{\"id\":\"cat\",\"value\":0.5}]}"
        let duplicate = F.error("{\"test_set\":[" + entry + ",\n" + entry + "]}", name: "x.json")
        #expect(duplicate?.line == 2 && duplicate?.message.contains("duplicate input id 'a'") == true)
        let notAnObject = F.error("{\"test_set\":\n[7]}", name: "x.json")
        #expect(notAnObject?.line == 1 && notAnObject?.message.contains("has no input.id") == true)
        let badConcept = F.error("{\"test_set\":[{\"input\":{\"id\":\"a\"},\n\"predicted_concepts\":[3]}]}", name: "x.json")
        #expect(badConcept?.line == 2 && badConcept?.message.contains("neither an id nor a name") == true)
    }

    /// Found by scripts/fuzz.sh jsonl: a numeric id beyond Int64 trapped converting to an integer.
    @Test func numericJSONIdsBeyondTwoToThe53AreRefusedNotTrapped() {
        let huge = F.error("{\"id\": 555555555555555555555555555555, \"labels\": [], \"scores\": {\"a\": 0.5}}\n", name: "x.jsonl")
        #expect(huge?.line == 1 && huge?.message.contains("2^53") == true)
        let fraction = F.error("{\"id\": 1.5, \"labels\": [], \"scores\": {\"a\": 0.5}}\n", name: "x.jsonl")
        #expect(fraction?.line == 1)
        let ok = try? EvaluationLoader.load(bytes: Array("{\"id\": 9007199254740992, \"labels\": [], \"scores\": {\"a\": 0.5}}\n".utf8), name: "x.jsonl")
        #expect(ok?.inputIDs == ["9007199254740992"])
    }
}
