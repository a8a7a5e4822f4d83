import Foundation
import Testing
@testable import EvalCore

/// The reader's byte-level path for score-table lines (`SummaryTableLine`) accepts exactly the
/// writers' compact shape and reads it as the JSON path does: same summary, same errors (line
/// and message); any other shape falls back to the JSON parser.
@Suite struct SummaryTableLineTests {
    /// A summary with score, fold and slice tables (a generated file with folds and a `meta:`
    /// column, ties and full-precision scores).
    static func summaryText() throws -> String {
        let path = try WideCSVSummarizerTests.write(WideCSVSummarizerTests.generated(rows: 300, quoted: false, seed: 9), name: "table-lines.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let summary = SummaryBuilder.summary(of: try EvaluationLoader.load(path: path), grid: .exact, rows: SummaryRowOptions(extremes: 2, sample: 3))
        #expect(summary.fold != nil && summary.attributes.count == 1)
        return WideCSVSummarizerTests.text(summary)
    }

    /// The same JSON with a space after every colon: valid, but not the compact shape, so every
    /// line goes through the JSON parser.
    static func spaced(_ line: Substring) -> String { line.replacingOccurrences(of: "\":", with: "\": ") }

    static func read(_ text: String) -> Result<String, LoadError> {
        do {
            return .success(WideCSVSummarizerTests.text(try SummaryReader.read(bytes: Array(text.utf8), name: "t.evalsum")))
        } catch let error as LoadError {
            return .failure(error)
        } catch {
            Issue.record("unexpected \(error)")
            return .failure(LoadError(path: "", message: ""))
        }
    }

    @Test func bothPathsReadTheSameSummary() throws {
        let text = try Self.summaryText()
        let lines = text.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("{\"t\":\"fold\"") } && lines.contains { $0.hasPrefix("{\"t\":\"slice\"") })
        #expect(lines.contains { $0.hasPrefix("{\"t\":\"pair\"") })
        let compact = Self.read(text)
        let spaced = Self.read(lines.map(Self.spaced).joined(separator: "\n") + "\n")
        #expect(try compact.get() == text)
        #expect(try spaced.get() == text)
    }

    /// A table line made wrong in each way the checks catch gives one error whichever path reads it.
    @Test func bothPathsGiveTheSameErrors() throws {
        let text = try Self.summaryText()
        let lines = text.split(separator: "\n").map(String.init)
        let firstScore = try #require(lines.firstIndex { $0.hasPrefix("{\"t\":\"score\"") })
        let firstFold = try #require(lines.firstIndex { $0.hasPrefix("{\"t\":\"fold\"") })
        let firstSlice = try #require(lines.firstIndex { $0.hasPrefix("{\"t\":\"slice\"") })
        let firstPair = try #require(lines.firstIndex { $0.hasPrefix("{\"t\":\"pair\"") })
        func replacing(_ index: Int, _ pattern: String, _ replacement: String) -> (Int, String) {
            let range = lines[index].range(of: pattern, options: .regularExpression)!
            return (index, lines[index].replacingCharacters(in: range, with: replacement))
        }
        let cases = [
            replacing(firstScore, "\"c\":[0-9]+", "\"c\":99"),
            replacing(firstFold, "\"v\":[0-9]+", "\"v\":7"),
            replacing(firstSlice, "\"a\":[0-9]+", "\"a\":3"),
            replacing(firstSlice, "\"v\":[0-9]+", "\"v\":40"),
            replacing(firstScore, "\"p\":[0-9]+,\"n\":[0-9]+", "\"p\":0,\"n\":0"),
            replacing(firstScore + 1, "\"s\":[0-9.e-]+", "\"s\":1"),
            replacing(firstScore, "\"s\":[0-9.e-]+", "\"s\":1.5"),
            replacing(firstPair, "\"r\":[0-9]+", "\"r\":77"),
            replacing(firstPair, "\"c\":[0-9]+", "\"c\":77"),
            replacing(firstPair, "\"c\":[0-9]+", "\"c\":0"),
            replacing(firstPair, "\"p\":[0-9]+,\"n\":[0-9]+", "\"p\":0,\"n\":0"),
            replacing(firstPair, "\"p\":[0-9]+", "\"p\":100000"),
            replacing(firstPair, "\"s\":[0-9.e-]+", "\"s\":0.123456789"),
            replacing(firstPair + 1, "\"s\":[0-9.e-]+", "\"s\":1"),
            replacing(firstPair, "\"s\":[0-9.e-]+", "\"s\":1.5"),
        ]
        for (index, bad) in cases {
            var compact = lines
            compact[index] = bad
            var spaced = lines
            spaced[index] = Self.spaced(Substring(bad))
            guard case .failure(let fromBytes) = Self.read(compact.joined(separator: "\n") + "\n"),
                  case .failure(let fromJSON) = Self.read(spaced.joined(separator: "\n") + "\n") else {
                Issue.record("\(bad) was read")
                continue
            }
            #expect(fromBytes.line == index + 1, "\(bad)")
            #expect(fromBytes == fromJSON, "\(bad): \(fromBytes) vs \(fromJSON)")
        }
    }

    @Test func onlyTheCompactShapeIsReadFromBytes() {
        func parse(_ text: String) -> SummaryTableLine? {
            Array(text.utf8).withUnsafeBytes { SummaryTableLine.parse($0, start: 0, end: $0.count) }
        }
        let line = parse(#"{"t":"slice","a":1,"v":2,"c":3,"s":0.25,"p":4,"n":0}"#)
        #expect(line?.rank == 2 && line?.attribute == 1 && line?.value == 2 && line?.concept == 3)
        #expect(line?.score == 0.25 && line?.positives == 4 && line?.negatives == 0)
        #expect(parse(#"{"t":"score","c":0,"s":1,"p":0,"n":12}"#)?.score == 1)
        #expect(parse(#"{"t":"fold","v":4,"c":0,"s":0,"p":1,"n":2}"#)?.value == 4)
        let pair = parse(#"{"t":"pair","r":5,"c":2,"s":0.5,"p":1,"n":2}"#)
        #expect(pair?.rank == 3 && pair?.value == 5 && pair?.concept == 2 && pair?.score == 0.5 && pair?.negatives == 2)
        #expect(parse(#"{"t":"pair","c":2,"r":5,"s":0.5,"p":1,"n":2}"#) == nil)
        for other in [#"{"t":"score","c":03,"s":0.5,"p":1,"n":2}"#, #"{"t":"score","c":0,"s":-0.0,"p":1,"n":2}"#,
                      #"{"t":"score","c":0,"s":.5,"p":1,"n":2}"#, #"{"t":"score","c":0,"s":0.5,"p":1,"n":2} "#,
                      #"{"t":"score","c":0,"s":0.5,"p":1,"n":2"#, #"{"t":"score","c":0,"s":2,"p":1,"n":2}"#,
                      #"{"t":"score","c":0,"s":0.5,"n":2,"p":1}"#, #"{"t":"row","c":0}"#] {
            #expect(parse(other) == nil, "\(other)")
        }
    }
}
