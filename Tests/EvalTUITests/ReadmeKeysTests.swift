import Foundation
import Testing
import TermUI
@testable import EvalTUI

/// The README's key reference is generated from the binding registry; this keeps it current.
@Suite struct ReadmeKeysTests {
    @Test func readmeKeyTableMatchesTheRegistry() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- keys:begin -->\n"))
        let end = try #require(readme.range(of: "<!-- keys:end -->"))
        let section = String(readme[begin.upperBound ..< end.lowerBound])
        #expect(section == KeyBindings.markdown(), "run `evaltop keys` and paste it between the markers")
    }

    @Test func everyBindingIsReachableInItsContext() {
        // A key listed for a context must resolve to that binding's action when the context is
        // the most specific one active; duplicates within a context would shadow each other.
        for context in KeyContext.allCases {
            var seen = Set<Key>()
            for binding in KeyBindings.all where binding.context == context {
                for key in binding.keys {
                    #expect(!seen.contains(key), "\(key) bound twice in \(context)")
                    seen.insert(key)
                }
            }
        }
    }
}
