import Foundation
import Testing
@testable import EvalCore

/// Errors about the file as a whole still name where the content was expected (line 1), so
/// that every load error has a line for editors and scripts (found by scripts/fuzz.sh wide/jsonl).
@Suite struct LoadingWholeFileErrorTests {
    typealias F = LoadingFixtures

    @Test func blankCSVNamesLineOne() {
        for text in ["\n", "\r\n\r\n", "\u{FEFF}\n"] {
            let error = F.error(text, options: LoadOptions(format: .wide))
            #expect(error?.line == 1, "\(text.debugDescription)")
            #expect(error?.message.contains("empty") == true)
        }
    }

    @Test func jsonLinesWithoutObjectsNamesLineOne() {
        let error = F.error("\n\n  \n", name: "x.jsonl")
        #expect(error?.line == 1)
        #expect(error?.message.contains("no JSON objects") == true)
    }
}
