import Foundation
import Testing
@testable import EvalCore

/// Issue 13: the duplicate-id check of streamed summaries holds at most its slot limit in memory
/// and spills sorted runs of hashes past it (`IDHashSet`). With a limit of 16 slots (12 hashes a
/// run), a file of a few hundred ids spills dozens of runs and merges them in steps; the summary
/// is the in-memory check's byte for byte, and a duplicate anywhere (in one run, in two, in a run
/// merged early, before or after a bad row) gets the loader's error.
@Suite struct IDHashSetSpillTests {
    typealias Wide = WideCSVSummarizerTests
    static let tinyLimit = 16

    /// `body` with the id check's slot limit at `tinyLimit`.
    static func spilling<T>(_ body: () throws -> T) rethrows -> T {
        try IDHashSet.$slotLimitOverride.withValue(tinyLimit, operation: body)
    }

    static func distinctHashes(_ count: Int, seed: UInt64) -> [UInt64] {
        var generator = LongCSVSummarizerTests.SeededGenerator(state: seed)
        var seen = Set<UInt64>([0])
        var hashes: [UInt64] = [0]
        while hashes.count < count {
            let hash = UInt64.random(in: 0 ... UInt64.max, using: &generator)
            if seen.insert(hash).inserted { hashes.append(hash) }
        }
        return hashes
    }

    /// Whether inserting `hashes` (then `finish`) finds a duplicate, and the most slots held.
    static func check(_ hashes: [UInt64]) -> (duplicate: Bool, slots: Int, runs: Int) {
        var set = IDHashSet()
        var slots = 0
        var runs = 0
        for hash in hashes {
            guard set.insert(hash) else { return (true, slots, runs) }
            slots = max(slots, set.slotCount)
            runs = max(runs, set.runs.count)
        }
        return (!set.finish(), slots, runs)
    }

    @Test func memoryStaysAtTheLimitAndDuplicatesAreFoundInEveryRun() {
        Self.spilling {
            // 1,000 hashes: 83 runs, the first 64 merged into one on the way.
            let hashes = Self.distinctHashes(1_000, seed: 3)
            let clean = Self.check(hashes)
            #expect(!clean.duplicate && clean.slots <= Self.tinyLimit && clean.runs >= 10)
            // A repeat of an early hash: in the same run, in a later run, in a run merged early,
            // in the set at the end, of 0 (held apart), and of the last hash.
            for (first, again) in [(5, 7), (5, 500), (1, 999), (3, 700), (600, 990), (0, 400), (999, 999)] {
                var repeated = hashes
                repeated.insert(hashes[first], at: again + 1)
                #expect(Self.check(repeated).duplicate, "\(first) again after \(again)")
            }
            // A read that does not check says every hash is new.
            var unchecked = IDHashSet(checks: false)
            #expect((hashes + hashes).allSatisfy { unchecked.insert($0) } && unchecked.finish())
        }
        // The default limit keeps a small file's set in memory, as before.
        let held = Self.check(Self.distinctHashes(1_000, seed: 4))
        #expect(!held.duplicate && held.runs == 0)
    }

    /// Runs merged every 2 as they come (`fanInOverride`, as the fuzz targets set it): at most one
    /// run stays beside the set, and a repeat is found in a merged run, by a merge on the way or
    /// by `finish`.
    @Test func aFanInOfTwoMergesEveryRunAndStillFindsEveryDuplicate() {
        Self.spilling {
            IDHashSet.$fanInOverride.withValue(2) {
                // 100 hashes: 8 runs of 12, each merged into the one before.
                let hashes = Self.distinctHashes(100, seed: 8)
                let clean = Self.check(hashes)
                #expect(!clean.duplicate && clean.runs == 1)
                for (first, again) in [(5, 7), (5, 60), (1, 99), (30, 40), (0, 50), (90, 95)] {
                    var repeated = hashes
                    repeated.insert(hashes[first], at: again + 1)
                    #expect(Self.check(repeated).duplicate, "\(first) again after \(again)")
                }
            }
            // The real fan-in keeps the 8 runs apart.
            #expect(Self.check(Self.distinctHashes(100, seed: 8)).runs == 8)
        }
    }

    /// A `$TMPDIR` that cannot take the runs: the set grows in memory past its limit, as it did
    /// before runs existed, and still finds every duplicate (no error of its own).
    @Test func aFolderThatTakesNoRunsKeepsTheSetInMemory() {
        Self.spilling {
            IDHashSet.$directoryOverride.withValue("/nonexistent-evaltop-\(getpid())") {
                let hashes = Self.distinctHashes(300, seed: 6)
                let clean = Self.check(hashes)
                #expect(!clean.duplicate && clean.runs == 0 && clean.slots > Self.tinyLimit)
                var repeated = hashes
                repeated.append(hashes[3])
                #expect(Self.check(repeated).duplicate)
            }
        }
    }

    /// The loader's error for `path`, and `summarize`'s with the tiny limit.
    static func errors(_ path: String) -> (loader: LoadError?, spilled: LoadError?) {
        var loader: LoadError?
        do { _ = try EvaluationLoader.load(path: path) } catch let error as LoadError { loader = error } catch {}
        var spilled: LoadError?
        do {
            _ = try spilling { try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: .exact) }
        } catch let error as LoadError { spilled = error } catch {}
        return (loader, spilled)
    }

    /// `lines` with line `line`'s id made `id` (the first field, or a Clarifai entry's id).
    static func expectLoaderErrors(_ text: String, name: String, edits: [[(line: Int, from: String, to: String)]],
                                   sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        for (number, edit) in edits.enumerated() {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for change in edit {
                lines[change.line] = lines[change.line].replacingOccurrences(of: change.from, with: change.to)
            }
            let path = try Wide.write(lines.joined(separator: "\n"), name: "\(number)-\(name)")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let (loader, spilled) = Self.errors(path)
            #expect(loader != nil, "\(name) \(edit)", sourceLocation: sourceLocation)
            #expect(spilled == loader, "\(name) \(edit): \(String(describing: spilled)) vs \(String(describing: loader))",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func wideCSVSummaryAndErrorsAreTheInMemoryChecks() throws {
        let text = Wide.generated(rows: 300, quoted: false, seed: 12)
        let path = try Wide.write(text, name: "spill-wide.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        // With the suspects' passes, which do not check the ids again.
        let options = SummaryRowOptions(extremes: 3, sample: 5, suspects: 10)
        let inMemory = try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: .exact, rows: options)
        let spilled = try Self.spilling { try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: .exact, rows: options) }
        #expect(Wide.text(spilled) == Wide.text(inMemory))
        func id(_ line: Int) -> String { "ïd-\(line - 1)," }
        // Duplicates in one run, in two; a duplicate before a bad score (the duplicate is the
        // error) and after one (the score is).
        try Self.expectLoaderErrors(text, name: "dup.csv", edits: [
            [(9, id(9), id(8))], [(250, id(250), id(3))], [(290, id(290), id(100))],
            [(200, id(200), id(40)), (260, ",0.", ",1.")], [(100, ",0.", ",1."), (260, id(260), id(40))],
        ])
        // A hash collision (two ids made to share a hash) in two runs: the streamed reader gives
        // the file to the loader, which finds none, so the summary is the same.
        let collided = Array("ïd-270".utf8).withUnsafeBytes { ByteNameTable.hash($0) }
        let kept = Array("ïd-2".utf8).withUnsafeBytes { ByteNameTable.hash($0) }
        try IDHashSet.$collisionOverride.withValue((collided, kept)) {
            #expect(try Self.spilling { try WideCSVSummarizer.summarize(path: path, options: LoadOptions(), grid: .exact) } == nil)
            let summary = try Self.spilling { try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: .exact, rows: options) }
            #expect(Wide.text(summary) == Wide.text(inMemory))
        }
    }

    @Test func jsonLinesSummaryAndErrorsAreTheInMemoryChecks() throws {
        let text = try JSONLinesSummarizerTests.digitsLines().split(separator: "\n").prefix(300).joined(separator: "\n") + "\n"
        let path = try Wide.write(text, name: "spill-digits.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let options = SummaryRowOptions(extremes: 3, sample: 5)
        let inMemory = try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: .tenThousandth, rows: options)
        let spilled = try Self.spilling { try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: .tenThousandth, rows: options) }
        #expect(Wide.text(spilled) == Wide.text(inMemory))
        func id(_ line: Int) -> String { "\"digits_" + String(format: "%04d", line) + "\"" }
        try Self.expectLoaderErrors(text, name: "dup.jsonl", edits: [
            [(250, id(250), id(3))], [(290, id(290), id(100))],
            [(200, id(200), id(40)), (260, "\"fold\":", "\"fold\":[")], [(100, "\"fold\":", "\"fold\":["), (260, id(260), id(40))],
        ])
    }

    @Test func clarifaiSummaryAndErrorsAreTheInMemoryChecks() throws {
        let path = FixtureCSV.url("breast_cancer.clarifai.json").path
        let options = SummaryRowOptions(extremes: 3, sample: 5)
        let inMemory = try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: .exact, rows: options)
        let spilled = try Self.spilling { try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: .exact, rows: options) }
        #expect(Wide.text(spilled) == Wide.text(inMemory))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func line(of id: Int) -> Int { lines.firstIndex { $0.contains("\"breast_cancer_\(String(format: "%04d", id))\"") }! }
        func id(_ number: Int) -> String { "\"breast_cancer_\(String(format: "%04d", number))\"" }
        try Self.expectLoaderErrors(text, name: "dup.json", edits: [
            [(line(of: 500), id(500), id(2))], [(line(of: 560), id(560), id(300))],
        ])
    }

    /// A grouped long file whose early input comes back after many runs is not grouped: the
    /// grouped reader gives it up (to the sort), which it could not if the runs missed it.
    @Test func longCSVInputThatComesBackAfterManyRunsIsSorted() throws {
        var groups = LongCSVSummarizerTests.rows(inputs: 300, seed: 9)
        let late = groups.remove(at: 2)
        groups.insert(Array(late.suffix(2)), at: 290)
        groups.insert(Array(late.prefix(2)), at: 2)
        let path = try LongCSVSummarizerTests.write(groups.flatMap { $0 }, name: "spill-back.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.spilling { () throws in
            #expect(try LongCSVSummarizer.readGrouped(path: path, options: LoadOptions()) { concepts, hasFold, names in
                SummaryBuilder(concepts: concepts, grid: .exact, hasFold: hasFold, attributeNames: names)
            } == nil)
            let summary = try SummaryBuilder.summary(path: path, options: LoadOptions(), grid: .exact, rows: SummaryRowOptions(extremes: 3, sample: 5))
            let loaded = SummaryBuilder.summary(of: try EvaluationLoader.load(path: path), grid: .exact, rows: SummaryRowOptions(extremes: 3, sample: 5))
            #expect(Wide.text(summary) == Wide.text(loaded))
        }
        let grouped = try LongCSVSummarizerTests.write(LongCSVSummarizerTests.rows(inputs: 300, seed: 9).flatMap { $0 }, name: "spill-grouped.csv")
        defer { try? FileManager.default.removeItem(atPath: grouped) }
        try Self.spilling { () throws in
            #expect(try LongCSVSummarizer.readGrouped(path: grouped, options: LoadOptions()) { concepts, hasFold, names in
                SummaryBuilder(concepts: concepts, grid: .exact, hasFold: hasFold, attributeNames: names)
            }?.inputCount == 300)
        }
    }
}
