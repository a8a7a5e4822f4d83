import Testing
@testable import TermUI

@Suite struct KeyScriptTests {
    @Test func parsesPlainAndNamedKeys() throws {
        let keys = try KeyScript.parse("t0.3<Enter>q<Esc><Left><S-Tab><F1><C-c><lt>")
        #expect(keys == [.char("t"), .char("0"), .char("."), .char("3"), .enter, .char("q"), .escape,
                         .left, .backTab, .function(1), .ctrl("c"), .char("<")])
    }

    @Test func ignoresNewlinesAndKeepsALoneAngleBracket() throws {
        #expect(try KeyScript.parse("a\nb<") == [.char("a"), .char("b"), .char("<")])
    }

    @Test func rejectsUnknownNames() {
        #expect(throws: KeyScript.ParseError.self) { try KeyScript.parse("<Nope>") }
    }
}
