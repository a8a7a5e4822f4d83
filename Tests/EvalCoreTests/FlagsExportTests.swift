import Foundation
import Testing
@testable import EvalCore

@Suite struct FlagsExportTests {
    func evaluation(format: EvaluationFormat = .wide, path: String = "e.csv") -> Evaluation {
        Evaluation(
            sourcePath: path, format: format, mode: .exclusive,
            concepts: [Concept(id: "cat", name: "cat"), Concept(id: "dog", name: "dog")],
            inputIDs: ["a", "b,1", "c"], scores: [0.9, 0.1, 0.2, 0.8, 0.6, 0.4],
            labelOffsets: [0, 1, 2, 3], labelConcepts: [0, 1, 0],
            urls: ["http://x/a.jpg", "http://x/b.jpg", "http://x/c.jpg"])
    }

    func store(_ events: [FlagEvent]) -> FlagStore {
        FlagStore(context: FlagContext(user: "u", evaluation: "e.csv"), events: events)
    }

    @Test func csvIsRFC4180WithHeaderAndOneRowPerFlaggedInput() {
        let flags = store([
            sampleEvent("c", .flag),
            sampleEvent("b,1", .relabel, labels: ["cat", "dog"], note: "says \"dog\",\nmaybe both"),
            sampleEvent("a", .flag), sampleEvent("a", .unflag),
            sampleEvent("ghost", .flag),
        ])
        let rows = FlagExport.rows(store: flags, evaluation: evaluation())
        #expect(rows.map(\.inputID) == ["b,1", "c", "ghost"])
        #expect(rows[2].inEvaluation == false && rows[2].currentLabels.isEmpty)
        let csv = FlagExport.render(rows, as: .csv)
        let expected = "input_id,url,current_labels,suggested_labels,note,user,time,status\r\n"
            + "\"b,1\",http://x/b.jpg,dog,cat;dog,\"says \"\"dog\"\",\nmaybe both\",tester,2026-11-27T10:00:00Z,flagged\r\n"
            + "c,http://x/c.jpg,cat,,,tester,2026-11-27T10:00:00Z,flagged\r\n"
            + "ghost,,,,,tester,2026-11-27T10:00:00Z,flagged\r\n"
        #expect(csv == expected)
        // And it reads back field for field with the RFC 4180 scanner.
        var scanner = CSVRecordScanner(bytes: Array(csv.utf8))
        _ = try? scanner.next()
        let first = try! scanner.next()!
        #expect(first.fields.map { scanner.decode($0) }
            == ["b,1", "http://x/b.jpg", "dog", "cat;dog", "says \"dog\",\nmaybe both", "tester", "2026-11-27T10:00:00Z", "flagged"])
    }

    @Test func jsonFormatsParse() throws {
        let rows = FlagExport.rows(store: store([sampleEvent("a", .relabel, labels: ["dog"], note: "n\t")]), evaluation: evaluation())
        let array = try JSONSerialization.jsonObject(with: Data(FlagExport.render(rows, as: .json).utf8)) as! [[String: Any]]
        #expect(array.count == 1 && array[0]["suggested_labels"] as? [String] == ["dog"] && array[0]["note"] as? String == "n\t")
        let lines = FlagExport.render(rows, as: .jsonl).split(separator: "\n")
        #expect(lines.count == 1)
        let object = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        #expect(object["current_labels"] as? [String] == ["cat"] && object["url"] as? String == "http://x/a.jpg")
        #expect(FlagExport.render([], as: .json) == "[]\n")
    }

    @Test func wideCopyRewritesOnlyTheLabelsCells() throws {
        let source = "input_id,labels,cat,dog\r\na,cat,0.9000,0.1\r\n\"b,1\",dog,2e-1,0.8\r\nc,\"cat\",0.6,0.4"
        let out = try CorrectedCopy.make(source: Array(source.utf8), evaluation: evaluation(),
                                         corrections: ["b,1": ["cat", "dog"], "c": ["dog"]])
        #expect(String(decoding: out, as: UTF8.self)
            == "input_id,labels,cat,dog\r\na,cat,0.9000,0.1\r\n\"b,1\",cat;dog,2e-1,0.8\r\nc,dog,0.6,0.4")
    }

    @Test func longCopyKeepsTheLabelVocabulary() throws {
        let source = "input_id,concept,score,label\na,cat,0.9,True\na,dog,0.1,False\nb,cat,0.2,1\nb,dog,0.8,0\n"
        let out = try CorrectedCopy.make(source: Array(source.utf8), evaluation: evaluation(format: .long),
                                         corrections: ["a": ["dog"], "b": ["cat"]])
        #expect(String(decoding: out, as: UTF8.self)
            == "input_id,concept,score,label\na,cat,0.9,False\na,dog,0.1,True\nb,cat,0.2,1\nb,dog,0.8,0\n")
        #expect(CorrectedCopy.booleanCell(true, like: "NO") == "YES")
        #expect(CorrectedCopy.booleanCell(false, like: "yes") == "no")
    }

    @Test func jsonLinesCopyReplacesTheLabelsValue() throws {
        let source = """
            {"input_id":"a","labels":["cat"],"scores":{"cat":0.9,"dog":0.1}}
            { "scores" : {"cat":0.2,"dog":0.8}, "labels" : [ "dog" ], "input_id" : "b\\u002c1" }

            """
        let out = try CorrectedCopy.make(source: Array(source.utf8), evaluation: evaluation(format: .jsonl),
                                         corrections: ["b,1": ["cat"]])
        #expect(String(decoding: out, as: UTF8.self) == source.replacingOccurrences(of: "[ \"dog\" ]", with: "[\"cat\"]"))
    }

    @Test func clarifaiCopyReplacesGroundTruthConcepts() throws {
        let evaluation = Evaluation(
            sourcePath: "e.json", format: .clarifai, mode: .exclusive,
            concepts: [Concept(id: "id-cat", name: "Cat"), Concept(id: "id-dog", name: "Dog")],
            inputIDs: ["a", "b"], scores: [0.9, 0.1, 0.3, 0.7], labelOffsets: [0, 1, 1], labelConcepts: [0])
        let source = """
            {"model_version": {"id": "v", "metrics": {"summary": {"macro_avg_roc_auc": 0.9},
              "test_set": [
                {"input": {"id": "a", "data": {"image": {"url": "u"}}},
                 "predicted_concepts": [{"id": "id-cat", "name": "Cat", "value": 0.9}],
                 "ground_truth_concepts": [{"id": "id-cat", "name": "Cat", "value": 1}]},
                {"input": {"id": "b"}, "predicted_concepts": [{"id": "id-dog", "name": "Dog", "value": 0.7}]}
              ]}}}
            """
        let out = try CorrectedCopy.make(source: Array(source.utf8), evaluation: evaluation,
                                         corrections: ["a": ["id-dog"], "b": ["id-cat", "id-dog"]])
        let document = try JSONSerialization.jsonObject(with: Data(out)) as! [String: Any]
        let metrics = (document["model_version"] as! [String: Any])["metrics"] as! [String: Any]
        let testSet = metrics["test_set"] as! [[String: Any]]
        let truth = testSet.map { ($0["ground_truth_concepts"] as! [[String: Any]]).map { $0["id"] as! String } }
        #expect(truth == [["id-dog"], ["id-cat", "id-dog"]])
        #expect((testSet[0]["ground_truth_concepts"] as! [[String: Any]])[0]["name"] as? String == "Dog")
        #expect(String(decoding: out, as: UTF8.self).hasPrefix("{\"model_version\": {\"id\": \"v\", \"metrics\": {\"summary\": {\"macro_avg_roc_auc\": 0.9},"))
    }
}
