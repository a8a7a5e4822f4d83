import Foundation
import Testing
@testable import EvalCore

/// Corrected copies that fuzzing (scripts/fuzz.sh apply) found unreadable.
@Suite struct FlagsCorrectedCopyFuzzTests {
    /// A concept column named `fol;` cannot be named in a labels cell (the loader splits at ';'),
    /// so the copy refused to load again; the writer now refuses with the reason instead.
    @Test func aConceptNameHoldingALabelSeparatorIsRefused() throws {
        let source = Array("input_id,labels,\"fol;\",cat\na,cat,0.2,0.8\nb,,0.6,0.4\n".utf8)
        let evaluation = try EvaluationLoader.load(bytes: source, name: "e.csv")
        #expect(evaluation.concepts.map(\.name) == ["fol;", "cat"])
        #expect(throws: CorrectedCopy.Failure.self) {
            _ = try CorrectedCopy.make(source: source, evaluation: evaluation, corrections: ["b": ["fol;"]])
        }
        // Other corrections of the same file still work and load again.
        let copy = try CorrectedCopy.make(source: source, evaluation: evaluation, corrections: ["b": ["cat"]])
        let reloaded = try EvaluationLoader.load(bytes: copy, name: "e.csv")
        #expect(reloaded.labels(of: 1).map { reloaded.concepts[Int($0)].name } == ["cat"])
        #expect(!CorrectedCopy.canStandInLabelsCell(" cat") && !CorrectedCopy.canStandInLabelsCell("a|b"))
        #expect(CorrectedCopy.canStandInLabelsCell("jalapeño dip"))
    }

    /// A long CSV whose concept cell has a space before the name: the loader trims it, the
    /// writer compared the raw cell and never set the label.
    @Test func longCopyMatchesConceptsAsTheLoaderReadsThem() throws {
        let source = Array("input_id,concept,score,label\na, cat,0.9,0\na,dog,0.1,1\n".utf8)
        let evaluation = try EvaluationLoader.load(bytes: source, name: "e.csv")
        let copy = try CorrectedCopy.make(source: source, evaluation: evaluation, corrections: ["a": ["cat"]])
        #expect(String(decoding: copy, as: UTF8.self) == "input_id,concept,score,label\na, cat,0.9,1\na,dog,0.1,0\n")
    }

    /// A header cell with a stray quote, which the loader accepts: the writer's scanner placed
    /// the labels cell elsewhere and the copy did not load. The copy is now read back before it
    /// is returned, and refused when it would not read as intended.
    @Test func aCopyThatWouldNotReadBackIsRefused() throws {
        let base64 = "aW5wdXRfaWQsbGFiZWxzLHVybCxmb2wmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiLZlm5wdHUmJiYmJiYmJiYmJiZDJjQuNTgwMjE3MTA5MjkyNTIxZS0wNWQsbWV0YTpjYW1lcmEsY2F0LGRvZyxqYWxhcGXDsW8KYTEsImNhdCIsaW1nL2ExLnBuJiYmJiYmJiYmJiYmJiYvYzMucG5nLDAsY2FtMiwwLjEyMzQ1Njc4OTAxMjM0NTY2LDAuMDAxLDEuMAo="
        let source = [UInt8](Data(base64Encoded: base64)!)
        let evaluation = try EvaluationLoader.load(bytes: source, name: "fuzz.csv", options: LoadOptions(format: .wide))
        let corrections = [evaluation.inputIDs[0]: [evaluation.concepts[0].id]]
        do {
            let copy = try CorrectedCopy.make(source: source, evaluation: evaluation, corrections: corrections)
            let reloaded = try EvaluationLoader.load(bytes: copy, name: "fuzz.csv", options: LoadOptions(format: .wide))
            #expect(reloaded.labels(of: 0).map { reloaded.concepts[Int($0)].id } == [evaluation.concepts[0].id])
        } catch let failure as CorrectedCopy.Failure {
            #expect(failure.description.contains("would not read back as intended"))
        }
    }
}
