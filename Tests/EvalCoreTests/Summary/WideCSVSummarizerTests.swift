import Foundation
import Testing
@testable import EvalCore

/// Issue 13: `summarize` streams a wide CSV (one record at a time through the loader's row
/// parser) and gives the same summary as loading it, with the loader's errors.
@Suite struct WideCSVSummarizerTests {
    static func write(_ text: String, name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("evaltop-wide-\(getpid())-\(name)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func text(_ summary: EvaluationSummary) -> String {
        var text = ""
        SummaryWriter.write(summary) { text += $0 }
        return text
    }

    @Test(arguments: ["digits.csv", "digits_ml.csv", "breast_cancer.csv"])
    func streamedSummaryIsTheLoadedOnes(name: String) throws {
        let path = FixtureCSV.url(name).path
        for grid in SummaryGrid.allCases {
            let streamed = try #require(try WideCSVSummarizer.summarize(path: path, options: LoadOptions(), grid: grid))
            let loaded = SummaryBuilder.summary(of: try EvaluationLoader.load(path: path), grid: grid)
            #expect(Self.text(streamed) == Self.text(loaded))
        }
    }

    @Test func metadataQuotingAndTSVAreReadAsTheLoaderReadsThem() throws {
        let csv = [
            #"input_id,fold,width,height,meta:camera,url,labels,"cat, big",dog"#,
            #""a ""1""",1,100,800,x,"u,1","cat, big",0.9,2.5e-1"#,
            #"b,0,800,800,y,u2,"dog|cat, big",0.2,0.7"#,
            "c,1,,,x,u3,,0.4,0.4",
            "d,10,600,300,,u4,dog,0.3,1",
        ].joined(separator: "\r\n") + "\r\n"
        let path = try Self.write(csv, name: "meta.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let streamed = try #require(try WideCSVSummarizer.summarize(path: path, options: LoadOptions(), grid: .exact))
        let loaded = SummaryBuilder.summary(of: try EvaluationLoader.load(path: path), grid: .exact)
        #expect(Self.text(streamed) == Self.text(loaded))
        #expect(streamed.mode == .multilabel && streamed.inputs == 4)
        let tsv = try Self.write("input_id\tlabels\tcat\tdog\na\tcat\t0.9\t0.1\nb\tdog\t0.3\t0.8\n", name: "t.tsv")
        defer { try? FileManager.default.removeItem(atPath: tsv) }
        let fromTSV = try #require(try WideCSVSummarizer.summarize(path: tsv, options: LoadOptions(), grid: .exact))
        #expect(fromTSV.mode == .exclusive && fromTSV.top1Correct == 2)
    }

    @Test func badRowsGetTheLoadersErrors() throws {
        let cases = [
            ("ragged.csv", "input_id,labels,cat,dog\na,cat,0.1,0.2\nb,dog,0.3\n"),
            ("score.csv", "input_id,labels,cat,dog\na,cat,0.1,1.5\n"),
            ("label.csv", "input_id,labels,cat,dog\na,cow,0.1,0.5\n"),
            ("nolabels.csv", "input_id,cat,dog\na,0.1,0.5\n"),
            ("quote.csv", "input_id,labels,cat,dog\n\"a,cat,0.1,0.5\n"),
        ]
        for (name, text) in cases {
            let path = try Self.write(text, name: name)
            defer { try? FileManager.default.removeItem(atPath: path) }
            var loaderError: LoadError?
            do { _ = try EvaluationLoader.load(path: path) } catch let error as LoadError { loaderError = error }
            var streamError: LoadError?
            do { _ = try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: .exact) } catch let error as LoadError { streamError = error }
            #expect(loaderError != nil, "\(name)")
            #expect(streamError == loaderError, "\(name): \(String(describing: streamError)) vs \(String(describing: loaderError))")
        }
        // Duplicate ids: the loader's message, with both lines.
        let duplicate = try Self.write("input_id,labels,cat,dog\na,cat,0.1,0.2\nb,dog,0.3,0.4\na,dog,0.5,0.6\n", name: "dup.csv")
        defer { try? FileManager.default.removeItem(atPath: duplicate) }
        #expect(throws: LoadError.self) { try SummaryBuilder.summary(path: duplicate, options: LoadOptions(), grid: .exact) }
        do { _ = try SummaryBuilder.summary(path: duplicate, options: LoadOptions(), grid: .exact) } catch let error as LoadError {
            #expect(error.message.contains("duplicate input id"))
        }
    }
}
