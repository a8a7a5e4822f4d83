import Foundation
import Testing
@testable import EvalCore

@Suite struct LoadingFormatsTests {
    typealias F = LoadingFixtures

    @Test func longFormatOrdersByFirstAppearance() throws {
        let text = """
        input_id,concept,score,label,fold,meta:site
        b,dog,0.25,yes,1,north
        b,cat,0.75,No,1,north
        a,cat,0.5,TRUE,0,south
        a,dog,2.39e-05,false,0,south

        """
        let evaluation = try F.load(text)
        #expect(evaluation.format == .long)
        #expect(evaluation.inputIDs == ["b", "a"])
        #expect(evaluation.concepts.map(\.name) == ["dog", "cat"])
        #expect(evaluation.scores == [0.25, 0.75, 2.39e-05, 0.5])
        #expect(F.labelNames(evaluation, 0) == ["dog"])
        #expect(F.labelNames(evaluation, 1) == ["cat"])
        #expect(evaluation.mode == .exclusive)
        #expect(evaluation.fold == CategoricalAttribute(name: "fold", values: ["1", "0"], codes: [0, 1]))
        #expect(evaluation.attributes.first?.values == ["north", "south"])
    }

    @Test func jsonLinesKeepsTheFirstObjectsConceptOrder() throws {
        let text = """
        {"input_id":"a1","url":"http://x/a1.jpg","width":640,"height":480,"fold":2,"labels":["dog"],"scores":{"dog":0.93,"cat":0.05},"meta":{"camera":"x"}}
        {"id":"a2","labels":[],"scores":{"cat":0.5,"dog":1e-3}}

        {"input_id":"猫🐱","labels":["cat","dog"],"scores":{"dog":0,"cat":1},"meta":{"camera":"y"}}
        """
        let evaluation = try F.load(text, name: "preds.jsonl")
        #expect(evaluation.format == .jsonl)
        #expect(evaluation.concepts.map(\.name) == ["dog", "cat"])
        #expect(evaluation.inputIDs == ["a1", "a2", "猫🐱"])
        #expect(evaluation.scores == [0.93, 0.05, 1e-3, 0.5, 0, 1])
        #expect(evaluation.labels(of: 1).isEmpty)
        #expect(Array(evaluation.labels(of: 2)) == [0, 1])
        #expect(evaluation.urls == ["http://x/a1.jpg", "", ""])
        #expect(evaluation.widths == [640, -1, -1])
        #expect(evaluation.fold == CategoricalAttribute(name: "fold", values: ["2"], codes: [0, -1, -1]))
        #expect(evaluation.attributes == [CategoricalAttribute(name: "camera", values: ["x", "y"], codes: [0, -1, 1])])
        #expect(evaluation.mode == .multilabel)
    }

    @Test func jsonLinesRejectsBadScoreTypes() {
        #expect(F.error("{\"id\":\"a\",\"labels\":[],\"scores\":{\"x\":\"0.5\"}}", name: "t.jsonl")?.message.contains("a string") == true)
        #expect(F.error("{\"id\":\"a\",\"labels\":[],\"scores\":{\"x\":1.5}}", name: "t.jsonl")?.message.contains("outside [0, 1]") == true)
        #expect(F.error("{\"id\":\"a\",\"labels\":[],\"scores\":{\"x\":NaN}}", name: "t.jsonl")?.message.contains("NaN") == true)
        #expect(F.error("{\"id\":\"a\",\"labels\":[\"q\"],\"scores\":{\"x\":0.5}}", name: "t.jsonl")?.message == "unknown concept 'q' in labels; known concepts: x")
        #expect(F.error("{\"id\":\"a\",\"labels\":[],\"scores\":{\"x\":1e400}}", name: "t.jsonl")?.message.contains("too large") == true)
        let duplicate = F.error("{\"id\":\"a\",\"labels\":[],\"scores\":{\"x\":0.5}}\n{\"id\":\"a\",\"labels\":[],\"scores\":{\"x\":0.5}}", name: "t.jsonl")
        #expect(duplicate?.line == 2)
        #expect(duplicate?.message.contains("first seen on line 1") == true)
    }

    @Test func clarifaiCamelCaseEvalMetricsWithSummary() throws {
        let document = """
        {"evalMetrics": {
          "summary": {"macroAvgRocAuc": 0.875, "macroAvgPrecision": 0.5},
          "binaryMetrics": [{"concept": {"id": "c1"}, "rocAuc": 0.9}],
          "testSet": [
            {"input": {"id": "i1", "data": {"image": {"url": "https://x/1.jpg"}}},
             "predictedConcepts": [{"id": "c1", "name": "Cat", "value": 0.8}],
             "groundTruthConcepts": [{"id": "c2", "name": "Dog", "value": 1}]},
            {"input": {"id": "i2"},
             "predictedConcepts": [{"id": "c2", "name": "Dog", "value": 0.6}, {"id": "c1", "name": "Cat"}],
             "groundTruthConcepts": [{"id": "c1", "name": "Cat"}, {"id": "c2", "name": "Dog", "value": 0}]}
          ]}}
        """
        let evaluation = try F.load(document, name: "export.txt")
        #expect(evaluation.format == .clarifai)
        // The only order the lists give is Dog before Cat (the second entry), so that is the
        // column order (ConceptOrder), although Cat appears first.
        #expect(evaluation.concepts == [Concept(id: "c2", name: "Dog"), Concept(id: "c1", name: "Cat")])
        #expect(evaluation.inputIDs == ["i1", "i2"])
        #expect(evaluation.scores == [0, 0.8, 0.6, 0])
        #expect(Array(evaluation.labels(of: 0)) == [0])
        #expect(Array(evaluation.labels(of: 1)) == [1])
        #expect(evaluation.urls == ["https://x/1.jpg", ""])
        #expect(evaluation.clarifai?.macroAUC == 0.875)
        let summary = try JSONSerialization.jsonObject(with: Data(evaluation.clarifai!.summaryJSON!.utf8)) as? [String: Double]
        #expect(summary == ["macroAvgRocAuc": 0.875, "macroAvgPrecision": 0.5])
        #expect(evaluation.clarifai?.binaryMetricsJSON == "[{\"concept\":{\"id\":\"c1\"},\"rocAuc\":0.9}]")
    }

    @Test func clarifaiImageInfoGivesTheSizes() throws {
        let document = """
        {"test_set": [
          {"input": {"id": "a", "data": {"image": {"url": "a.png", "image_info": {"width": 640, "height": 480, "format": "JPEG"}}}},
           "predicted_concepts": [{"id": "c", "value": 0.8}], "ground_truth_concepts": [{"id": "c"}]},
          {"input": {"id": "b", "data": {"image": {"url": "b.png", "imageInfo": {"width": "32", "height": "24"}}}},
           "predicted_concepts": [{"id": "c", "value": 0.1}], "ground_truth_concepts": []},
          {"input": {"id": "c", "data": {"image": {"url": "c.png"}}},
           "predicted_concepts": [{"id": "c", "value": 0.3}], "ground_truth_concepts": []}
        ]}
        """
        let evaluation = try F.load(document, name: "x.json")
        #expect(evaluation.widths == [640, 32, -1])
        #expect(evaluation.heights == [480, 24, -1])
        let bad = "{\"test_set\":[{\"input\":{\"id\":\"a\",\"data\":{\"image\":{\"image_info\":{\"width\":-3}}}},\"predicted_concepts\":[{\"id\":\"c\",\"value\":1}]}]}"
        #expect(F.error(bad, name: "x.json")?.message.contains("test_set[0].input.data.image.image_info.width must be a whole number of pixels") == true)
    }

    @Test func clarifaiRejectsBadValues() {
        let document = "{\"test_set\":[{\"input\":{\"id\":\"a\"},\"predicted_concepts\":[{\"id\":\"c\",\"value\":1.2}]}]}"
        #expect(F.error(document, name: "x.json")?.message.contains("test_set[0].predicted_concepts[0]") == true)
        #expect(F.error("{\"test_set\":[]}", name: "x.json")?.message.contains("test_set is empty") == true)
        #expect(F.error("[1,2]", name: "x.json")?.message.contains("JSON object") == true)
    }

    @Test func formatDetection() {
        func detect(_ path: String, _ text: String) -> EvaluationFormat {
            EvaluationLoader.detectFormat(path: path, head: Array(text.utf8))
        }
        #expect(detect("a.csv", "input_id,labels,cat\n") == .wide)
        #expect(detect("a.tsv", "input_id\tlabels\tcat\n") == .wide)
        #expect(detect("a.csv", "input_id,concept,score,label\n") == .long)
        #expect(detect("a.txt", "\u{FEFF}Input_ID\tConcept\tScore\tLabel\r\n") == .long)
        #expect(detect("a.jsonl", "{\"input_id\":\"a\"}\n") == .jsonl)
        #expect(detect("a.ndjson", "garbage") == .jsonl)
        #expect(detect("a.json", "{\n \"model_version\": {") == .clarifai)
        #expect(detect("a.txt", "{\"eval_metrics\":{}}") == .clarifai)
        #expect(detect("a.json", "{\"input_id\":\"a\",\"scores\":{\"x\":1}}\n") == .jsonl)
        #expect(detect("a", "  {\"id\":\"a\",\"labels\":[],\"scores\":{}}") == .jsonl)
        #expect(detect("a", "id,labels,x") == .wide)
    }

    @Test func formatOptionOverridesDetection() throws {
        let text = "input_id,labels,concept,score\nx,concept,0.5,0.25\n"
        #expect(EvaluationLoader.detectFormat(path: "t.csv", head: Array(text.utf8)) == .long)
        #expect(F.error(text)?.message.contains("not 1/0, true/false or yes/no") == true)
        let wide = try F.load(text, options: LoadOptions(format: .wide))
        #expect(wide.format == .wide)
        #expect(wide.concepts.map(\.name) == ["concept", "score"])
        #expect(F.error("input_id,labels,a\nx,a,0.5\n", options: LoadOptions(format: .jsonl))?.message.contains("JSON syntax error") == true)
    }
}

/// The real evaluations in four formats must give the same evaluation.
@Suite struct LoadingSharedDataTests {
    typealias F = LoadingFixtures

    @Test func sharedCSVFilesLoad() throws {
        let digits = try EvaluationLoader.load(path: F.fixturePath("digits.csv"))
        #expect(digits.inputCount == 1797 && digits.conceptCount == 10 && digits.mode == .exclusive)
        #expect(digits.fold?.values.sorted() == ["0", "1", "2", "3", "4"])
        let multilabel = try EvaluationLoader.load(path: F.fixturePath("digits_ml.csv"))
        #expect(multilabel.inputCount == 1797 && multilabel.conceptCount == 6 && multilabel.mode == .multilabel)
        #expect(F.labelNames(multilabel, 0) == ["even", "has_loop"])
        #expect(multilabel.scores[5] == 2.391006434102124e-05)
    }

    @Test func allFourFormatsAgreeOnBreastCancer() throws {
        let wide = try EvaluationLoader.load(path: F.fixturePath("breast_cancer.csv"))
        let clarifai = try EvaluationLoader.load(path: F.fixturePath("breast_cancer.clarifai.json"))
        #expect(clarifai.format == .clarifai)
        #expect(wide.inputIDs == clarifai.inputIDs)
        #expect(wide.concepts.map(\.name) == clarifai.concepts.map(\.name))
        #expect(wide.labelOffsets == clarifai.labelOffsets)
        #expect(wide.labelConcepts == clarifai.labelConcepts)
        #expect(wide.mode == clarifai.mode)
        for index in wide.scores.indices {
            // The Clarifai export leaves out predictions below 0.0001, as the API omits zeros.
            #expect(wide.scores[index] >= 0.0001 ? clarifai.scores[index] == wide.scores[index] : clarifai.scores[index] == 0)
        }

        // The same evaluation written as long CSV and JSON Lines, with scores in %.17g.
        var long = "input_id,concept,score,label,fold\n"
        var lines = ""
        for input in 0 ..< wide.inputCount {
            var scores: [String] = []
            for concept in 0 ..< wide.conceptCount {
                let name = wide.concepts[concept].name
                let score = String(format: "%.17g", wide.score(input: input, concept: concept))
                long += "\(wide.inputIDs[input]),\(name),\(score),\(wide.isLabeled(input: input, concept: concept) ? "yes" : "no"),\(wide.fold!.values[Int(wide.fold!.codes[input])])\n"
                scores.append("\"\(name)\":\(score)")
            }
            let labels = F.labelNames(wide, input).map { "\"\($0)\"" }.joined(separator: ",")
            lines += "{\"input_id\":\"\(wide.inputIDs[input])\",\"fold\":\"\(wide.fold!.values[Int(wide.fold!.codes[input])])\",\"labels\":[\(labels)],\"scores\":{\(scores.joined(separator: ","))}}\n"
        }
        for other in [try F.load(long, name: "bc.csv"), try F.load(lines, name: "bc.jsonl")] {
            #expect(other.inputIDs == wide.inputIDs)
            #expect(other.concepts == wide.concepts)
            #expect(other.scores == wide.scores)
            #expect(other.labelOffsets == wide.labelOffsets)
            #expect(other.labelConcepts == wide.labelConcepts)
            #expect(other.fold == wide.fold)
            #expect(other.mode == wide.mode)
        }
    }
}

@Suite struct TextInputLoadingTests {
    typealias F = LoadingFixtures

    @Test func textFromEveryFormat() throws {
        let wide = try F.load("input_id,labels,text,pos,neg\na,pos,\"great film, \"\"loved\"\" it\",0.9,0.1\nb,neg,,0.2,0.8\n")
        #expect(wide.texts == ["great film, \"loved\" it", ""])
        #expect(wide.concepts.map(\.name) == ["pos", "neg"])
        let long = try F.load("input_id,concept,score,label,text\na,pos,0.9,1,hello\na,neg,0.1,0,hello\n")
        #expect(long.texts == ["hello"])
        let jsonl = try F.load("{\"id\":\"a\",\"text\":\"line one\\nline two\",\"labels\":[\"pos\"],\"scores\":{\"pos\":0.9}}\n", name: "t.jsonl")
        #expect(jsonl.texts == ["line one\nline two"])
        #expect(F.error("{\"id\":\"a\",\"text\":3,\"labels\":[],\"scores\":{\"pos\":0.9}}\n", name: "t.jsonl")?.message.contains("\"text\" must be a string") == true)
        let clarifai = try F.load("""
        {"test_set": [{"input": {"id": "a", "data": {"text": {"raw": "a tweet \\u001b[31m"}}},
          "predicted_concepts": [{"id": "c", "value": 0.8}], "ground_truth_concepts": [{"id": "c"}]}]}
        """, name: "x.json")
        #expect(clarifai.texts == ["a tweet \u{1B}[31m"])
    }
}
