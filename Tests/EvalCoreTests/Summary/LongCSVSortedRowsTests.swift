import Foundation
import Testing
@testable import EvalCore

/// A long CSV whose rows are not grouped by input is summarized through an external sort
/// (`LongCSVSortedRows`): runs of a few rows here (a run size of a few hundred bytes), so that a
/// file of a few dozen inputs spills many runs and, with a fan-in of 3, merges in steps. The
/// summary is the loaded file's byte for byte, the errors are the loader's, and the temporary
/// files are gone from their folder as soon as they are made and from the disk once closed.
@Suite struct LongCSVSortedRowsTests {
    /// The rows of `LongCSVSummarizerTests.rows` in three ungrouped orders: by concept (each
    /// input's first row, then each input's second…), reversed, and shuffled.
    static func orders(inputs: Int, seed: UInt64) -> [(String, [String])] {
        let groups = LongCSVSummarizerTests.rows(inputs: inputs, seed: seed)
        let byConcept = (0 ..< 4).flatMap { position in groups.map { $0[position] } }
        var generator = LongCSVSummarizerTests.SeededGenerator(state: seed)
        return [("by-concept", byConcept), ("reversed", groups.flatMap { $0 }.reversed()),
                ("shuffled", groups.flatMap { $0 }.shuffled(using: &generator))]
    }

    /// A fresh, empty folder for the runs.
    static func folder(_ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("evaltop-sort-test-\(getpid())-\(name)").path
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The summary of `path` through the sort, runs of `runBytes` merged `fanIn` at a time, the
    /// table of first rows holding at most `firstRowLimit` inputs (past it, a sort by id first).
    static func sortedSummary(_ path: String, folder: String, grid: SummaryGrid, rows: SummaryRowOptions,
                              runBytes: Int = 600, fanIn: Int = 3,
                              firstRowLimit: Int = LongCSVSortedRows.defaultFirstRowLimit) throws -> (EvaluationSummary?, spilled: Int) {
        let sorted = try #require(try LongCSVSortedRows.sort(try SourceBytes(path: path), directory: folder, runBytes: runBytes, fanIn: fanIn,
                                                             mergeBufferBytes: 100, firstRowLimit: firstRowLimit))
        #expect(sorted.firstRowsHeld <= firstRowLimit + 1)
        let builder = try sorted.read { concepts, hasFold, names in
            SummaryBuilder(concepts: concepts, grid: grid, hasFold: hasFold, attributeNames: names, rows: rows)
        }
        return (builder?.finish(source: path, mode: .auto), sorted.spilledBytes)
    }

    @Test func ungroupedFileIsSortedIntoTheLoadedSummary() throws {
        let folder = try Self.folder("same")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, rows) in Self.orders(inputs: 40, seed: 11) {
            let path = try LongCSVSummarizerTests.write(rows, name: "long-sorted-\(name).csv")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let evaluation = try EvaluationLoader.load(path: path)
            #expect(evaluation.inputCount == 40)
            // The table of first rows holding every input, or 3 (the rest sorted by id first).
            for (grid, firstRowLimit) in [(SummaryGrid.exact, LongCSVSortedRows.defaultFirstRowLimit), (.tenThousandth, 3), (.exact, 3)] {
                let options = SummaryRowOptions(extremes: 3, sample: 5)
                let (summary, spilled) = try Self.sortedSummary(path, folder: folder, grid: grid, rows: options, firstRowLimit: firstRowLimit)
                // Many runs: 160 rows of about 60 bytes in runs of 600.
                #expect(spilled > 2 * (try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int))
                let sorted = try #require(summary)
                #expect(WideCSVSummarizerTests.text(sorted) == WideCSVSummarizerTests.text(SummaryBuilder.summary(of: evaluation, grid: grid, rows: options)),
                        "\(name), grid \(grid.rawValue), table of \(firstRowLimit)")
            }
            // Through `summarize`'s own path, the suspects' passes reading the runs again.
            let options = SummaryRowOptions(extremes: 2, sample: 0, suspects: 4)
            let summarized = try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: .exact, rows: options)
            #expect(summarized.suspects != nil)
            #expect(WideCSVSummarizerTests.text(summarized) == WideCSVSummarizerTests.text(SummaryBuilder.summary(of: evaluation, grid: .exact, rows: options)), "\(name)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    /// Each bad file, its bad row far from the start and the rows spilled in many runs, gets the
    /// loader's error (message, line, column), including where two errors compete: a row
    /// disagreeing with its input's first row before a bad score (the disagreement), after it
    /// (the score), a second row for an input and concept before an input lacking one.
    @Test func badFilesGetTheLoadersErrorsAfterSpilling() throws {
        let folder = try Self.folder("bad")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rows = Self.orders(inputs: 20, seed: 5)[0].1
        func replacingField(_ row: String, _ field: Int, with value: String) -> String {
            var fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[field] = value
            return fields.joined(separator: ",")
        }
        var cases: [(String, [String])] = []
        var badScore = rows
        badScore[70] = replacingField(badScore[70], 2, with: "1.5")
        cases.append(("score", badScore))
        var badLabel = rows
        badLabel[45] = replacingField(badLabel[45], 3, with: "maybe")
        cases.append(("label", badLabel))
        var conflict = rows
        conflict[50] = replacingField(conflict[50], 4, with: "9")
        cases.append(("conflict", conflict))
        var conflictThenScore = conflict
        conflictThenScore[60] = replacingField(conflictThenScore[60], 2, with: "x")
        cases.append(("conflict-then-score", conflictThenScore))
        var scoreThenConflict = conflict
        scoreThenConflict[30] = replacingField(scoreThenConflict[30], 2, with: "x")
        cases.append(("score-then-conflict", scoreThenConflict))
        var conflictOnBadRow = rows
        conflictOnBadRow[50] = replacingField(replacingField(conflictOnBadRow[50], 4, with: "9"), 2, with: "x")
        cases.append(("conflict-on-bad-row", conflictOnBadRow))
        var duplicate = rows
        duplicate.insert(rows[65], at: 75)
        cases.append(("duplicate", duplicate))
        var missing = rows
        missing.remove(at: 66)
        cases.append(("missing", missing))
        var missingThenDuplicate = missing
        missingThenDuplicate.append(rows[3])
        cases.append(("missing-and-duplicate", missingThenDuplicate))
        var fields = rows
        fields[55] += ",extra"
        cases.append(("fields", fields))
        var emptyID = rows
        emptyID[62] = replacingField(emptyID[62], 0, with: "")
        cases.append(("empty-id", emptyID))
        for (name, rows) in cases {
            let path = try LongCSVSummarizerTests.write(rows, name: "long-sorted-bad-\(name).csv")
            defer { try? FileManager.default.removeItem(atPath: path) }
            var loaderError: LoadError?
            do { _ = try EvaluationLoader.load(path: path) } catch let error as LoadError { loaderError = error }
            var sortedError: LoadError?
            do { _ = try Self.sortedSummary(path, folder: folder, grid: .exact, rows: .none) } catch let error as LoadError { sortedError = error }
            var sortedByIDError: LoadError?
            do {
                _ = try Self.sortedSummary(path, folder: folder, grid: .exact, rows: .none, firstRowLimit: 2)
            } catch let error as LoadError { sortedByIDError = error }
            #expect(sortedByIDError == loaderError, "\(name), sorted by id first")
            var summarizeError: LoadError?
            do { _ = try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: .exact) } catch let error as LoadError { summarizeError = error }
            #expect(loaderError != nil && (loaderError?.line ?? 0) > 2, "\(name)")
            #expect(sortedError == loaderError, "\(name)")
            #expect(summarizeError == loaderError, "\(name)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "\(name)")
        }
    }

    /// Random damage (1–3 cells replaced by odd values, rows dropped or repeated) to shuffled
    /// files, and harmless changes to a third of them: the sorted path's summary or error is the
    /// loader's, every time.
    @Test func randomlyDamagedFilesAgreeWithTheLoader() throws {
        let folder = try Self.folder("random")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let values = ["", " ", "x", "1.5", "-0", "0.25", "yes", "maybe", "9", "http://z", "ïd-1", "ïd-7", "chat", "vache", "\"q\"", "1e-3"]
        var generator = LongCSVSummarizerTests.SeededGenerator(state: 21)
        var refused = Set<String>()
        var summarized = 0
        for trial in 0 ..< 40 {
            var rows = Self.orders(inputs: 8, seed: UInt64(trial))[2].1
            for _ in 0 ... Int.random(in: 0 ... 2, using: &generator) {
                let row = Int.random(in: 0 ..< rows.count, using: &generator)
                // A third of the files stay good: a new score or label, of another spelling.
                if trial % 3 == 0 {
                    var fields = rows[row].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    fields[2] = ["0.25", "1e-3", "0", "1", "0.5000"].randomElement(using: &generator)!
                    fields[3] = ["yes", "0", "true", "no", "1"].randomElement(using: &generator)!
                    rows[row] = fields.joined(separator: ",")
                    continue
                }
                switch Int.random(in: 0 ..< 4, using: &generator) {
                case 0: rows.remove(at: row)
                case 1: rows.insert(rows[row], at: Int.random(in: 0 ... rows.count, using: &generator))
                default:
                    var fields = rows[row].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    fields[Int.random(in: 0 ..< fields.count, using: &generator)] = values.randomElement(using: &generator)!
                    rows[row] = fields.joined(separator: ",")
                }
            }
            let path = try LongCSVSummarizerTests.write(rows, name: "long-sorted-random.csv")
            defer { try? FileManager.default.removeItem(atPath: path) }
            var loaded: String?
            var loaderError: LoadError?
            do {
                loaded = WideCSVSummarizerTests.text(SummaryBuilder.summary(of: try EvaluationLoader.load(path: path), grid: .exact, rows: SummaryRowOptions(extremes: 2, sample: 3)))
            } catch let error as LoadError { loaderError = error }
            var sorted: String?
            var sortedError: LoadError?
            do {
                // Every other file sorted by id first (a table of 2 inputs).
                sorted = try Self.sortedSummary(path, folder: folder, grid: .exact, rows: SummaryRowOptions(extremes: 2, sample: 3), runBytes: 300,
                                                firstRowLimit: trial % 2 == 0 ? 2 : LongCSVSortedRows.defaultFirstRowLimit)
                    .0.map(WideCSVSummarizerTests.text)
            } catch let error as LoadError { sortedError = error }
            #expect(sortedError == loaderError, "trial \(trial)")
            #expect(sorted == loaded, "trial \(trial)")
            if let loaderError { refused.insert(String(loaderError.message.prefix(12))) } else { summarized += 1 }
        }
        // Both outcomes, and errors of many kinds (by their first words).
        #expect(summarized >= 10 && refused.count >= 10, "\(summarized) summarized, refused: \(refused.sorted())")
    }

    #if os(Linux)
    /// The runs' descriptors, open while the sorted rows live (for the suspects' passes), are
    /// closed with them: the kernel then frees the unlinked files' blocks.
    @Test func runsAreFreedWithTheSortedRows() throws {
        let folder = try Self.folder("freed")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try LongCSVSummarizerTests.write(Self.orders(inputs: 30, seed: 3)[2].1, name: "long-sorted-freed.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        func openRuns() throws -> Int {
            try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count { descriptor in
                ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(descriptor)")) ?? "").hasPrefix(folder + "/evaltop-sort-")
            }
        }
        do {
            let sorted = try #require(try LongCSVSortedRows.sort(try SourceBytes(path: path), directory: folder, runBytes: 600, fanIn: 100))
            #expect(try openRuns() > 3)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
            _ = sorted
        }
        #expect(try openRuns() == 0)
        // A folder the runs cannot go to is an error, not a crash.
        #expect(throws: LongCSVSortFailure.self) {
            try LongCSVSortedRows.sort(try SourceBytes(path: path), directory: folder + "/missing", runBytes: 600)
        }
    }
    #endif
}
