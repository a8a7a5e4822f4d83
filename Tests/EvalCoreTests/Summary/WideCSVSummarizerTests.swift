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

    /// Each file (name, text) is refused, and `summarize` refuses it with the loader's error,
    /// word for word and at the same place.
    static func expectStreamedErrorsAreTheLoaders(_ cases: [(String, String)], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        for (name, text) in cases {
            let path = try write(text, name: name)
            defer { try? FileManager.default.removeItem(atPath: path) }
            var loaderError: LoadError?
            do { _ = try EvaluationLoader.load(path: path) } catch let error as LoadError { loaderError = error }
            var streamError: LoadError?
            do { _ = try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: .exact) } catch let error as LoadError { streamError = error }
            #expect(loaderError != nil, "\(name)", sourceLocation: sourceLocation)
            #expect(streamError == loaderError, "\(name): \(String(describing: streamError)) vs \(String(describing: loaderError))",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func badRowsGetTheLoadersErrors() throws {
        let cases = [
            ("ragged.csv", "input_id,labels,cat,dog\na,cat,0.1,0.2\nb,dog,0.3\n"),
            ("score.csv", "input_id,labels,cat,dog\na,cat,0.1,1.5\n"),
            ("label.csv", "input_id,labels,cat,dog\na,cow,0.1,0.5\n"),
            ("nolabels.csv", "input_id,cat,dog\na,0.1,0.5\n"),
            ("quote.csv", "input_id,labels,cat,dog\n\"a,cat,0.1,0.5\n"),
        ]
        try Self.expectStreamedErrorsAreTheLoaders(cases)
        // Duplicate ids: the loader's message, with both lines.
        let duplicate = try Self.write("input_id,labels,cat,dog\na,cat,0.1,0.2\nb,dog,0.3,0.4\na,dog,0.5,0.6\n", name: "dup.csv")
        defer { try? FileManager.default.removeItem(atPath: duplicate) }
        #expect(throws: LoadError.self) { try SummaryBuilder.summary(path: duplicate, options: LoadOptions(), grid: .exact) }
        do { _ = try SummaryBuilder.summary(path: duplicate, options: LoadOptions(), grid: .exact) } catch let error as LoadError {
            #expect(error.message.contains("duplicate input id"))
        }
    }

    /// A generated wide CSV of `rows` inputs: Unicode ids (quoted with a comma and a doubled
    /// quote in them when `quoted`), folds, a `meta:` column with Unicode values and blanks,
    /// urls, sizes, zero, one or two labels, and scores with ties (two decimals) or full precision.
    static func generated(rows: Int, quoted: Bool, seed: UInt64) -> String {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let concepts = ["chat", "chien", "oiseau 🐦", "poisson"]
        var lines = ["input_id,fold,meta:caméra,url,width,height,labels," + concepts.map { $0.contains(" ") ? "\"\($0)\"" : $0 }.joined(separator: ",")]
        let cameras = ["Nikon", "Cañon", "", "富士"]
        for row in 0 ..< rows {
            var id = "ïd-\(row)"
            if quoted && row % 3 == 0 { id = "\"\(id), \"\"x\"\"\"" }
            let labelCount = Int(next() % 5) == 0 ? Int(next() % 3) : 1
            let labels = (0 ..< labelCount).map { _ in concepts[Int(next() % 4)] }.joined(separator: ";")
            let scores = concepts.indices.map { _ -> String in
                let value = Double(next() % 1_000_001) / 1_000_000
                return row % 2 == 0 ? String(format: "%.2f", value) : "\(value)"
            }
            let size = next() % 4 == 0 ? ",,," : ",\(next() % 1000),\(next() % 1000),"
            lines.append("\(id),\(next() % 5),\(cameras[Int(next() % 4)]),http://x/\(row)\(size)\(labels.contains(" ") ? "\"\(labels)\"" : labels),"
                         + scores.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The chunked, pipelined summarizer gives the loaded evaluation's summary byte for byte
    /// however the file is cut and batched: the score sums are added in file order, and the
    /// rows, folds and slices do not depend on the chunks (one chunk, several batches of
    /// uneven size, more chunks than a batch), on the line path and the quoted path.
    @Test(arguments: [false, true])
    func chunkedSummaryIsByteForByteTheLoadedOne(quoted: Bool) throws {
        let path = try Self.write(Self.generated(rows: 1_500, quoted: quoted, seed: quoted ? 7 : 3), name: "chunked-\(quoted).csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let evaluation = try EvaluationLoader.load(path: path)
        #expect(evaluation.inputCount == 1_500 && evaluation.fold != nil && evaluation.attributes.count == 1)
        let rows = SummaryRowOptions(extremes: 3, sample: 5)
        for grid in [SummaryGrid.exact, .tenThousandth] {
            let loaded = Self.text(SummaryBuilder.summary(of: evaluation, grid: grid, rows: rows))
            for chunking in [(1, 1), (7, 2), (13, 3), (40, 64)] {
                let chunked = try #require(try WideCSVSummarizer.summarize(path: path, options: LoadOptions(), grid: grid, rows: rows,
                                                                           chunking: chunking))
                #expect(Self.text(chunked) == loaded, "grid \(grid.rawValue), chunking \(chunking)")
            }
        }
    }

    /// A bad row or a duplicate id in a later chunk is reported as the loader reports it,
    /// whichever batch it falls in.
    @Test func errorsInLaterChunksAreTheLoaders() throws {
        var text = Self.generated(rows: 600, quoted: false, seed: 5)
        text += "ïd-600,1,Nikon,http://x/600,1,1,chat,0.1,0.2,1.5,0.3\n" + Self.generated(rows: 20, quoted: false, seed: 6)
            .split(separator: "\n").dropFirst().map { $0.replacingOccurrences(of: "ïd-", with: "late-") + "\n" }.joined()
        let bad = try Self.write(text, name: "late-bad.csv")
        defer { try? FileManager.default.removeItem(atPath: bad) }
        var loaderError: LoadError?
        do { _ = try EvaluationLoader.load(path: bad) } catch let error as LoadError { loaderError = error }
        #expect(loaderError?.line == 602)
        for chunking in [(9, 2), (9, 4)] {
            var error: LoadError?
            do { _ = try WideCSVSummarizer.summarize(path: bad, options: LoadOptions(), grid: .exact, chunking: chunking) } catch let thrown as LoadError { error = thrown }
            #expect(error == loaderError)
        }
        let duplicate = try Self.write(Self.generated(rows: 600, quoted: false, seed: 5) + "ïd-3,1,,,,,chat,0.1,0.2,0.3,0.4\n", name: "late-dup.csv")
        defer { try? FileManager.default.removeItem(atPath: duplicate) }
        #expect(try WideCSVSummarizer.summarize(path: duplicate, options: LoadOptions(), grid: .exact, chunking: (9, 2)) == nil)
    }

    /// With quotes in the data, a broken quote late in the file is the error, as the loader
    /// reports it, even when a bad value sits in an earlier chunk: the loader checks every
    /// record's quoting before it parses a value, and so does the summarizer (the `summarize`
    /// fuzz target found them disagreeing).
    @Test func aBrokenQuoteLaterOutranksABadValueEarlier() throws {
        var lines = Self.generated(rows: 300, quoted: true, seed: 8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let badValue = try #require(lines[3].range(of: ",0."))
        lines[3].replaceSubrange(badValue, with: ",7x.")
        lines.insert("late-1,1,\"never closed", at: lines.count - 1)
        let bad = try Self.write(lines.joined(separator: "\n"), name: "quote-late.csv")
        defer { try? FileManager.default.removeItem(atPath: bad) }
        var loaderError: LoadError?
        do { _ = try EvaluationLoader.load(path: bad) } catch let error as LoadError { loaderError = error }
        #expect(loaderError?.line == lines.count - 1)
        #expect(loaderError?.message.contains("unterminated quoted field") == true)
        for chunking in [(1, 1), (2, 1), (5, 2), (9, 4)] {
            var error: LoadError?
            do { _ = try WideCSVSummarizer.summarize(path: bad, options: LoadOptions(), grid: .exact, chunking: chunking) } catch let thrown as LoadError { error = thrown }
            #expect(error == loaderError, "chunking \(chunking)")
        }
    }
}

