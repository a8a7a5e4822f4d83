import Foundation
import Testing
@testable import EvalCore

/// Issue 12, item 2: the long format's per-input columns (url, width, height, fold, meta:*) are
/// checked on every row, not only on an input's first, and rows that disagree are an error
/// naming both lines. Also: an input id that is only a CR (mixed line endings).
@Suite struct LoadingLongConsistencyTests {
    typealias F = LoadingFixtures
    static let header = "input_id,concept,score,label,url,width,meta:grp\n"

    @Test func invalidValuesOnALaterRowAreRejected() throws {
        let badWidth = Self.header + "a,cat,0.9,1,u/a,640,x\na,dog,0.1,0,u/a,zz,x\n"
        let width = try #require(F.error(badWidth, name: "long.csv"))
        #expect(width.line == 3)
        #expect(width.message.contains("width"))
        var bytes = Array((Self.header + "a,cat,0.9,1,u/a,640,x\na,dog,0.1,0,u/a,640,").utf8)
        bytes += [0xFF, 0xFE, 0x0A]
        let utf8 = try #require(F.error(bytes: bytes, name: "long.csv"))
        #expect(utf8.line == 3)
    }

    @Test func conflictingPerInputValuesNameBothLines() throws {
        let text = Self.header + "a,cat,0.9,1,u/a,640,x\nb,cat,0.2,0,u/b,640,y\na,dog,0.1,0,u/a,640,z\n"
        let problem = try #require(F.error(text, name: "long.csv"))
        #expect(problem.line == 4)
        #expect(problem.column == 21)
        #expect(problem.message == "input 'a' has meta:grp 'z' here but 'x' on line 2; an input's url, width, height, fold and meta: values must agree on every row")
        let url = try #require(F.error(Self.header + "a,cat,0.9,1,u/a,640,x\na,dog,0.1,0,u/other,640,x\n", name: "long.csv"))
        #expect(url.line == 3 && url.message.hasPrefix("input 'a' has url 'u/other' here but 'u/a' on line 2"))
    }

    @Test func agreeingRowsStillLoad() throws {
        let evaluation = try F.load(Self.header + "a,cat,0.9,1,u/a,640,x\na,dog,0.1,0,u/a,640,x\n", name: "long.csv")
        #expect(evaluation.inputCount == 1)
        #expect(evaluation.urls == ["u/a"])
    }

    @Test func anInputIDThatIsOnlyACRSaysMixedLineEndings() throws {
        let text = "input_id,labels,cat,dog\na,cat,0.9,0.1\n\r,dog,0.2,0.8\n"
        let problem = try #require(F.error(text))
        #expect(problem.line == 3)
        #expect(problem.message.contains("mixed line endings"))
    }
}
