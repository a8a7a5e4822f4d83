import Foundation
import Testing
@testable import EvalCore

/// Issue 12, "Memory": no input makes evaltop allocate more than a small multiple of the file
/// plus its scores; one that would need more is refused, with its place, before the
/// allocation. Each file here is small (under 8 MB) and asked, before the fix, for gigabytes.
/// (Peak memory is measured on the real binary by Tests/e2e/memory_limits.sh.)
@Suite struct LoadingMemoryBudgetTests {
    /// A long CSV of one row per input, each naming a new concept: 20,000 rows asked for a
    /// dense 20,000 × 20,000 grid (4.8 GB) before finding that rows were missing. The check now
    /// runs on the rows themselves.
    @Test func longCSVWithOneRowPerInputIsRefusedWithoutTheGrid() throws {
        let rows = 20_000
        var text = "input_id,concept,score,label\n"
        for i in 0 ..< rows { text += "i\(i),c\(i),0.5,1\n" }
        let error = try #require(LoadingFixtures.error(text, name: "sparse.csv", options: LoadOptions(format: .long)))
        #expect(error.path == "sparse.csv")
        #expect(error.line == 2)
        #expect(error.message.contains("input 'i0' has no row for concept 'c1'"), "\(error.message)")
    }

    /// Without duplicates but with too few rows the missing pair named is the first input's
    /// first missing concept, as the dense check said; a duplicate still wins, in file order.
    @Test func longCSVIncompleteGridMessagesMatchTheDenseCheck() throws {
        let missing = try #require(LoadingFixtures.error("input_id,concept,score,label\na,x,0.5,1\na,y,0.5,0\nb,y,0.1,0\n",
                                                         options: LoadOptions(format: .long)))
        #expect(missing.line == 4)
        #expect(missing.message.contains("input 'b' has no row for concept 'x'"), "\(missing.message)")
        let duplicate = try #require(LoadingFixtures.error("input_id,concept,score,label\na,x,0.5,1\na,x,0.5,0\nb,y,0.1,0\n",
                                                           options: LoadOptions(format: .long)))
        #expect(duplicate.line == 3)
        #expect(duplicate.message.contains("second row for input 'a' and concept 'x' (first on line 2)"), "\(duplicate.message)")
    }

    /// A Clarifai document of 3,000 entries, each listing one concept of its own (270 KB):
    /// the dense matrix of every entry and concept takes 72 MB, past a 64 MB limit. Refused at
    /// test_set, saying what it would need and what the limit is. (Tests/e2e/memory_limits.sh
    /// runs 100,000 such entries, 80 GB, against the default budget.)
    @Test func clarifaiDocumentNamingTooManyConceptsIsRefused() throws {
        let entries = 3_000
        var text = "{\"eval_metrics\": {\"test_set\": [\n"
        for i in 0 ..< entries {
            text += "{\"input\":{\"id\":\"i\(i)\"},\"predicted_concepts\":[{\"id\":\"c\(i)\",\"value\":0.5}]}"
            text += i + 1 < entries ? ",\n" : "\n"
        }
        text += "]}}\n"
        let options = LoadOptions(format: .clarifai, memoryLimit: 64 << 20)
        let error = try #require(LoadingFixtures.error(text, name: "huge.json", options: options))
        #expect(error.path == "huge.json")
        #expect(error.line == 1 && error.column == 19, "\(error)")
        #expect(error.message.contains("test_set has 3000 entries naming 3000 concepts"), "\(error.message)")
        #expect(error.message.contains("needs 68.7 MB, more than evaltop may use (64.0 MB, the limit given)"), "\(error.message)")
        // Within a limit that holds it, the same document loads.
        let loaded = try LoadingFixtures.load(text, name: "huge.json", options: LoadOptions(format: .clarifai, memoryLimit: 80 << 20))
        #expect(loaded.inputCount == 3_000 && loaded.concepts.count == 3_000)
    }

    /// The default limit is half the memory available.
    @Test func theDefaultLimitIsHalfTheMemoryAvailable() {
        let limit = MemoryBudget.scoreLimit(LoadOptions())
        if ProcessInfo.processInfo.environment[MemoryBudget.variable] == nil {
            #expect(limit.why.contains("half the memory available"))
            #expect(limit.bytes > 0 && limit.bytes <= Int(clamping: ProcessInfo.processInfo.physicalMemory) / 2)
        }
    }

    /// The same shape within the budget loads, zeros filled in.
    @Test func clarifaiDocumentWithinTheBudgetLoads() throws {
        var entries: [String] = []
        for i in 0 ..< 50 {
            entries.append("{\"input\":{\"id\":\"i\(i)\"},\"predicted_concepts\":[{\"id\":\"c\(i)\",\"value\":0.5}],\"ground_truth_concepts\":[{\"id\":\"c\(i)\"}]}")
        }
        let evaluation = try LoadingFixtures.load("{\"test_set\": [" + entries.joined(separator: ",") + "]}", name: "ok.json",
                                                  options: LoadOptions(format: .clarifai))
        #expect(evaluation.inputCount == 50 && evaluation.concepts.count == 50)
        #expect(evaluation.scores.filter { $0 != 0 }.count == 50)
    }

    /// JSON Lines whose every line brings a new `meta` attribute: each attribute keeps a code
    /// per input, so 30,000 such lines (2 MB) asked for 3.6 GB of codes. Refused at the line
    /// where the codes would pass 8 bytes per byte of the file plus 64 MB.
    @Test func jsonLinesWithANewAttributeOnEveryLineIsRefused() throws {
        var text = ""
        for i in 0 ..< 30_000 {
            text += "{\"input_id\":\"i\(i)\",\"labels\":[],\"scores\":{\"a\":0.5},\"meta\":{\"k\(i)\":\"v\"}}\n"
        }
        let budget = MemoryBudget.attributeBytes(fileSize: text.utf8.count)
        let error = try #require(LoadingFixtures.error(text, name: "meta.jsonl", options: LoadOptions(format: .jsonl)))
        #expect(error.path == "meta.jsonl")
        let line = try #require(error.line)
        // The first line at which names × inputs × 4 bytes passes the budget.
        #expect(line * line * 4 > budget && (line - 1) * (line - 1) * 4 <= budget, "refused at line \(line)")
        #expect(error.message.contains("brings the attribute names to \(line)"), "\(error.message)")
        #expect(error.message.contains("give every input the same few attributes"), "\(error.message)")
    }

    /// Real attribute use (a few names, on every line or some) is far inside the budget.
    @Test func jsonLinesWithAFewAttributesLoads() throws {
        var text = ""
        for i in 0 ..< 2_000 {
            let meta = i % 3 == 0 ? "{\"camera\":\"c\(i % 5)\",\"site\":\"s\(i % 7)\"}" : "{\"camera\":\"c\(i % 5)\"}"
            text += "{\"input_id\":\"i\(i)\",\"labels\":[],\"scores\":{\"a\":0.5},\"meta\":\(meta)}\n"
        }
        let evaluation = try LoadingFixtures.load(text, name: "meta.jsonl", options: LoadOptions(format: .jsonl))
        #expect(evaluation.attributes.map(\.name) == ["camera", "site"])
    }

    @Test(arguments: [("512M", 512 << 20), ("2G", 2 << 30), ("1048576", 1_048_576), (" 64k ", 64 << 10)])
    func budgetSizesParse(text: String, bytes: Int) {
        #expect(MemoryBudget.parse(text) == bytes)
    }

    @Test(arguments: ["", "M", "-1G", "1.5G", "lots", "0x10"])
    func budgetSizesRefused(text: String) {
        #expect(MemoryBudget.parse(text) == nil)
    }

    @Test func sizesAreDescribedInWords() {
        #expect(MemoryBudget.describe(80_000_000_000) == "74.5 GB")
        #expect(MemoryBudget.describe(512) == "512 bytes")
        #expect(MemoryBudget.describe(nil) == "more than 9 EB")
        #expect(MemoryBudget.product(Int.max, 2, 1) == nil)
    }
}
