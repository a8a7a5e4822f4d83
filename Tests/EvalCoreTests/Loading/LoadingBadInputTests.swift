import Foundation
import Testing
@testable import EvalCore

/// Every row of the issue's bad-input list: a LoadError naming the file, the line (and column
/// where it helps) and what is wrong; never a crash or a hang.
@Suite struct LoadingBadInputTests {
    typealias F = LoadingFixtures

    @Test func emptyFile() {
        let error = F.error("")
        #expect(error?.path == "test.csv")
        #expect(error?.message.contains("empty") == true)
    }

    @Test func headerWithNoRows() {
        for text in ["input_id,labels,a\n", "input_id,labels,a", "input_id,labels,a\n\n\r\n"] {
            let error = F.error(text)
            #expect(error?.line == 1)
            #expect(error?.message.contains("no rows") == true, "\(text)")
        }
    }

    @Test func missingInputIDOrLabelsColumn() {
        #expect(F.error("labels,a\ncat,0.5\n")?.message.contains("input_id") == true)
        #expect(F.error("input_id,a\nx,0.5\n")?.message.contains("no labels column") == true)
        #expect(F.error("input_id,labels\nx,\n")?.message.contains("no concept columns") == true)
    }

    @Test func duplicateColumnNames() {
        let error = F.error("input_id,labels,a,b,a\nx,a,0,0,0\n")
        #expect(error?.line == 1)
        #expect(error?.column == 21)
        #expect(error?.message == "duplicate column name 'a' (columns 3 and 5); column names must be unique")
        #expect(F.error("id,input_id,labels,a\nx,y,a,0\n")?.message.contains("both give the input id") == true)
    }

    /// Past 256 KB the data are cut into chunks parsed on both cores, and the id's place is
    /// found again from the row when the duplicate is reported: a later chunk, the id column not
    /// first, blank lines between rows, with and without quotes in the data (the two paths).
    @Test(arguments: [false, true])
    func duplicateInputIDInALaterChunkNamesBothLines(quoted: Bool) {
        var text = "labels,input_id,a,b\n"
        var line = 1
        var lineOfRow: [Int: Int] = [:]
        for row in 0 ..< 13_000 {
            if row % 1_000 == 999 { text += "\n"; line += 1 }
            let id = row == 12_000 ? "row 123" : "row \(row)"
            text += (quoted && row == 5 ? "\"a\"" : "a") + ",\(id),0.25,0.75\n"
            line += 1
            lineOfRow[row] = line
        }
        #expect(text.utf8.count > 256 << 10, "large enough to be cut into chunks")
        let error = F.error(text)
        #expect(error?.line == lineOfRow[12_000])
        #expect(error?.column == 3)
        #expect(error?.message.contains("duplicate input id 'row 123' (first seen on line \(lineOfRow[123]!))") == true, "\(String(describing: error))")
    }

    @Test func duplicateInputIDNamesBothLines() {
        let error = F.error("input_id,labels,a\nx,a,0.1\ny,a,0.2\nx,a,0.3\n")
        #expect(error?.line == 4)
        #expect(error?.column == 1)
        #expect(error?.message.contains("duplicate input id 'x' (first seen on line 2)") == true)
        #expect(error?.description.hasPrefix("test.csv:4:1: duplicate input id") == true)
    }

    @Test func tooFewOrTooManyFields() {
        let few = F.error("input_id,labels,a,b\nx,a,0.1\n")
        #expect(few?.line == 2)
        #expect(few?.message.contains("2 fields") == false)
        #expect(few?.message.contains("3 fields but the header has 4") == true)
        let many = F.error("input_id,labels,a\nx,a,0.1,0.2\n")
        #expect(many?.line == 2)
        #expect(many?.column == 9)
        #expect(many?.message.contains("3 fields") == false)
        #expect(many?.message.contains("4 fields but the header has 3") == true)
    }

    @Test func unterminatedQuote() {
        let error = F.error("input_id,labels,a\nx,a,0.1\n\"y,a,0.2\nz,a,0.3\n")
        #expect(error?.line == 3)
        #expect(error?.column == 1)
        #expect(error?.message.contains("unterminated quoted field") == true)
        #expect(F.error("input_id,\"labels,a\nx,a,0.1\n")?.message.contains("unterminated") == true)
    }

    @Test func badScores() {
        let cases: [(String, String)] = [
            ("abc", "not a number"), ("", "empty score"), ("NaN", "NaN"), ("nan", "NaN"), ("inf", "infinite"),
            ("-Infinity", "infinite"), ("1e999", "too large"), ("1.5", "outside [0, 1]"), ("-0.1", "outside [0, 1]"),
            ("50", "percentages"), ("0x1p-2", "not a number"), ("0.5.5", "not a number"), ("1e", "not a number"),
        ]
        for (cell, words) in cases {
            let error = F.error("input_id,labels,a,b\nx,a,0.5,\(cell)\n")
            #expect(error?.line == 2, "\(cell)")
            #expect(error?.column == 9, "\(cell)")
            #expect(error?.message.contains(words) == true, "\(cell): \(error?.message ?? "loaded")")
            #expect(error?.message.contains("concept 'b'") == true)
        }
    }

    /// Cells shaped like the score parser's 4–8-decimal fast path but broken at one byte, and
    /// missing, NaN or out-of-range scores, at every column of a row long enough for the
    /// eight-bytes-at-a-time field split: the error names the line, the cell's column and its
    /// concept.
    @Test func brokenShortDecimalsAnywhereInALongRow() {
        let concepts = (0 ..< 13).map { "k\($0)" }
        let header = "input_id,labels," + concepts.joined(separator: ",") + "\n"
        for bad in ["0.12a4", "0.1234x678", "0.-123", "0.12 4", "0.1234567:", "0.12345678e", "0..1234",
                    "", "NaN", "nan", "-0.5000", "1.50000000", "0.1234-"] {
            for column in concepts.indices {
                var cells = (0 ..< concepts.count).map { String(format: "0.%04d", 1000 + $0 * 37) }
                cells[column] = bad
                let row = "in-000001,k3," + cells.joined(separator: ",")
                let error = F.error(header + "in-000000,k1," + cells.map { _ in "0.5000" }.joined(separator: ",") + "\n" + row + "\n")
                let expectedColumn = row.utf8.count - cells[column...].joined(separator: ",").utf8.count + 1
                #expect(error?.line == 3, "\(bad) at \(column)")
                #expect(error?.column == expectedColumn, "\(bad) at \(column)")
                #expect(error?.message.contains("concept 'k\(column)'") == true, "\(bad) at \(column): \(error?.message ?? "loaded")")
            }
        }
    }

    @Test func unknownConceptListsKnownOnes() {
        let error = F.error("input_id,labels,a,b,c\nx,a;foo,0,0,0\n")
        #expect(error?.line == 2)
        #expect(error?.column == 5)
        #expect(error?.message == "unknown concept 'foo' in labels; known concepts: a, b, c")
        let many = (0 ..< 30).map { "c\($0)" }
        let header = "input_id,labels," + many.joined(separator: ",") + "\n"
        let row = "x,zzz," + Array(repeating: "0", count: 30).joined(separator: ",") + "\n"
        let truncated = F.error(header + row)
        #expect(truncated?.message.contains("c0, c1") == true)
        #expect(truncated?.message.contains("(18 more)") == true)
        #expect(truncated?.message.contains("c29") == false)
    }

    @Test func invalidUTF8() {
        var bytes = Array("input_id,labels,a\nab".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(",a,0.5\n".utf8)
        let error = F.error(bytes: bytes)
        #expect(error?.line == 2)
        #expect(error?.column == 3)
        #expect(error?.message.contains("invalid UTF-8") == true)
        var header = Array("input_id,labels,".utf8) + [0xFF] + Array("\nx,,0.5\n".utf8)
        #expect(F.error(bytes: header)?.line == 1)
        header = Array("{\"input_id\":\"".utf8) + [0xFE] + Array("\",\"labels\":[],\"scores\":{\"a\":0.5}}\n".utf8)
        #expect(F.error(bytes: header, name: "x.jsonl")?.message.contains("invalid UTF-8") == true)
    }

    @Test func jsonSyntaxErrorReportsLineAndColumn() {
        let text = "{\"input_id\":\"a\",\"labels\":[],\"scores\":{\"x\":0.5}}\n{\"input_id\":\"b\",\"labels\":[] \"scores\":{\"x\":0.5}}\n"
        let error = F.error(text, name: "t.jsonl")
        #expect(error?.line == 2)
        #expect(error?.column == 29)
        #expect(error?.message.contains("JSON syntax error") == true)
        let clarifai = F.error("{\n  \"test_set\": [\n    {,}\n  ]\n}\n", name: "c.json")
        #expect(clarifai?.line == 3)
        #expect(clarifai?.column == 6)
    }

    @Test func jsonLinesWithDifferentConceptSets() {
        let extra = "{\"id\":\"a\",\"labels\":[],\"scores\":{\"x\":0.5,\"y\":0.1}}\n{\"id\":\"b\",\"labels\":[],\"scores\":{\"x\":0.5,\"z\":0.1}}\n"
        let error = F.error(extra, name: "t.jsonl")
        #expect(error?.line == 2)
        #expect(error?.message.contains("'z'") == true)
        #expect(error?.message.contains("line 1") == true)
        let missing = "{\"id\":\"a\",\"labels\":[],\"scores\":{\"x\":0.5,\"y\":0.1}}\n\n{\"id\":\"b\",\"labels\":[],\"scores\":{\"x\":0.5}}\n"
        let missingError = F.error(missing, name: "t.jsonl")
        #expect(missingError?.line == 3)
        #expect(missingError?.message.contains("lacks concept 'y'") == true)
    }

    @Test func longFormatInputMissingAConcept() {
        let text = "input_id,concept,score,label\na,cat,0.9,1\na,dog,0.1,0\nb,cat,0.2,0\n"
        let error = F.error(text)
        #expect(error?.line == 4)
        #expect(error?.message == "input 'b' has no row for concept 'dog'; every input needs exactly one row per concept")
        let twice = F.error("input_id,concept,score,label\na,cat,0.9,1\na,cat,0.1,0\n")
        #expect(twice?.line == 3)
        #expect(twice?.message.contains("first on line 2") == true)
    }

    @Test func longFormatBadLabelValue() {
        let error = F.error("input_id,concept,score,label\na,cat,0.9,maybe\n")
        #expect(error?.line == 2)
        #expect(error?.column == 11)
        #expect(error?.message.contains("'maybe' is not 1/0, true/false or yes/no") == true)
    }

    @Test func clarifaiDocumentWithoutTestSet() {
        for document in ["{\"model_version\":{\"metrics\":{\"summary\":{\"macro_avg_roc_auc\":0.9}}}}", "{\"eval_metrics\":{\"status\":{}}}"] {
            let error = F.error(document, name: "eval.json")
            #expect(error?.message.contains("no test_set") == true)
            #expect(error?.message.contains("fields.test_set") == true)
        }
    }

    @Test func clarifaiContentErrorsNameTheLineOfTheEntry() {
        let document = "{\"eval_metrics\":{\"test_set\":[\n {\"input\":{\"id\":\"a\"},\"predicted_concepts\":[{\"id\":\"dog\",\"value\":0.5}]},\n {\"input\":{\"id\":\"b\"},\n  \"predicted_concepts\":[{\"id\":\"dog\",\"value\":1.5}]}\n]}}\n"
        let error = F.error(document, name: "c.json")
        #expect(error?.line == 4)
        #expect(error?.column == 25)
        #expect(error?.message.contains("test_set[1].predicted_concepts[0] (input 'b'): value 1.5 is outside [0, 1]") == true)
        let noID = F.error("{\"test_set\":[\n{\"input\":{}}]}", name: "c.json")
        #expect(noID?.line == 2)
        #expect(noID?.message.contains("has no input.id") == true)
    }

    @Test func randomBinaryGarbage() {
        var generator = SplitMix64(seed: 99)
        for round in 0 ..< 200 {
            let count = Int(generator.next() % 400)
            var bytes = (0 ..< count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if round % 2 == 0 { bytes.removeAll { $0 == 0 } }  // also exercise the parsers, not just the NUL check
            for name in ["g.csv", "g.jsonl", "g.json", "g.bin"] {
                let error = F.error(bytes: bytes, name: name)
                #expect(error != nil, "garbage loaded as \(name)")
                #expect(error?.path == name)
            }
        }
        let withNUL = F.error(bytes: [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0xFF])
        #expect(withNUL?.message.contains("binary file") == true)
    }

    @Test func directoryMissingAndUnreadableFiles() throws {
        let directory = NSTemporaryDirectory()
        #expect(throws: LoadError.self) { try EvaluationLoader.load(path: directory) }
        do { _ = try EvaluationLoader.load(path: directory) } catch let error as LoadError {
            #expect(error.message.contains("is a directory"))
        }
        do { _ = try EvaluationLoader.load(path: "/nonexistent/evaluation.csv") } catch let error as LoadError {
            #expect(error.path == "/nonexistent/evaluation.csv")
            #expect(error.message == "no such file")
        }
        let path = directory + "evaltop-unreadable-\(getpid()).csv"
        try "input_id,labels,a\nx,a,0.5\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        chmod(path, 0)
        // Root bypasses permission bits, so the unreadable case can only be observed as another user.
        if geteuid() != 0 {
            do { _ = try EvaluationLoader.load(path: path); Issue.record("an unreadable file loaded") } catch let error as LoadError {
                #expect(error.message.contains("permission denied"))
            }
        }
        // A path through a regular file is unreadable for everyone, root included.
        do { _ = try EvaluationLoader.load(path: path + "/inner.csv"); Issue.record("loaded through a file") } catch let error as LoadError {
            #expect(error.message.contains("cannot open"))
        }
    }
}
