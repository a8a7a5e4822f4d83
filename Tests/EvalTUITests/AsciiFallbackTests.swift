import EvalCore
import Foundation
import Testing
import TermUI
@testable import EvalTUI

/// Issue 10, item 3: with LANG=C (the ASCII fallback) `jalapeño` showed as `jalapeo` with its
/// row shifted, `café` as `caf`, and CJK names as blanks. Non-ASCII text is now drawn escaped,
/// measured on the escaped form, and never dropped.
@Suite struct AsciiFallbackTests {
    static let csv = """
        input_id,labels,jalapeño,café,日本,中国,plain
        in_ñ_1,jalapeño,0.9,0.1,0.2,0.1,0.1
        in_2,café,0.2,0.8,0.1,0.3,0.1
        in_3,日本,0.1,0.2,0.7,0.4,0.1
        in_4,中国,0.1,0.2,0.3,0.6,0.1
        in_5,plain,0.1,0.1,0.1,0.2,0.9
        in_6,jalapeño,0.6,0.3,0.1,0.1,0.2
        """

    static func screen(_ keys: String, ascii: Bool, width: Int = 160, height: Int = 30) throws -> String {
        let evaluation = try EvaluationLoader.load(bytes: Array(csv.utf8), name: "unicode.csv")
        let context = RenderContext(theme: Theme.default.resolve(.none, glyphs: ascii ? .ascii : .unicode))
        let state = AppState(fileName: "unicode.csv", threshold: 0.5, width: width, height: height, unicode: !ascii)
        let buffer = Replay.run(state: state, session: Session(evaluation: evaluation), keys: try KeyScript.parse(keys),
                                context: context)
        return Replay.text(of: buffer)
    }

    static func isASCII(_ text: String) -> Bool { text.unicodeScalars.allSatisfy { $0.isASCII } }

    @Test func namesAreEscapedNeverDroppedAndTheScreenIsASCII() throws {
        let text = try Self.screen("", ascii: true)
        #expect(Self.isASCII(text), "non-ASCII reached an ASCII terminal")
        for escaped in ["jalape\\u00f1o", "caf\\u00e9", "\\u65e5\\u672c", "\\u4e2d\\u56fd"] {
            #expect(text.contains(escaped), "\(escaped) missing:\n\(text)")
        }
        #expect(!text.contains("jalapeo") && !text.contains("caf "))
    }

    /// Columns line up: the AUC column starts at the same place on every concept row,
    /// whatever the name's escaped length.
    @Test func tableColumnsLineUpWithEscapedNames() throws {
        let text = try Self.screen("", ascii: true)
        // The concept rows: inside the table's frame, with a four-decimal metric.
        let rows = text.split(separator: "\n").filter { line in
            line.hasPrefix("|  ") && line.range(of: #"[01]\.\d{4}"#, options: .regularExpression) != nil
        }
        #expect(rows.count == 5, "\(text)")
        let starts = Set(rows.map { row -> Int in
            let line = String(row)
            let range = line.range(of: #"[01]\.\d{4}"#, options: .regularExpression)!
            return line.distance(from: line.startIndex, to: range.lowerBound)
        })
        #expect(starts.count == 1, "AUC columns start at \(starts):\n\(rows.joined(separator: "\n"))")
    }

    /// The details list, the input overlay and the matrix show escaped ids and names too.
    @Test func otherViewsEscapeToo() throws {
        for keys in ["<Enter>", "<Enter><Enter>", "c", "?"] {
            let text = try Self.screen(keys, ascii: true)
            #expect(Self.isASCII(text), "\(keys): non-ASCII on an ASCII terminal:\n\(text)")
        }
        let details = try Self.screen("<Enter>3", ascii: true)  // the TP tab of jalape\\u00f1o
        #expect(details.contains("in_\\u00f1_1"))
    }

    /// The UI's own typography (the help's minus signs, range dash and ellipses) has ASCII
    /// forms; only data is shown escaped.
    @Test func theUIsOwnTextIsNeverEscaped() throws {
        for keys in ["?", "?<PgDn>", "d", "m"] {
            let text = try Self.screen(keys, ascii: true, width: 80, height: 24)
            let helpOnly = text.split(separator: "\n").filter { !$0.contains("\\u00") && !$0.contains("\\u65") && !$0.contains("\\u4e") }
            #expect(!helpOnly.joined().contains("\\u"), "\(keys): UI text escaped:\n\(text)")
        }
    }

    /// With UTF-8 the names are drawn as they are.
    @Test func unicodeTerminalsShowTheNames() throws {
        let text = try Self.screen("", ascii: false)
        #expect(text.contains("jalapeño") && text.contains("café") && text.contains("日本") && text.contains("中国"))
    }

    @Test func cellWidthMeasuresTheEscapedForm() {
        CellWidth.$asciiOnly.withValue(true) {
            #expect(CellWidth.sanitize("jalapeño") == "jalape\\u00f1o")
            #expect(CellWidth.of("jalapeño") == 13)
            #expect(CellWidth.of("日本") == 12)
            #expect(CellWidth.sanitize("🐶") == "\\U0001f436")
            #expect(CellWidth.sanitize("e\u{301}") == "e\\u0301", "a combining mark is escaped, not dropped")
            #expect(CellWidth.sanitize("a\u{1b}b") == "a\\x1bb", "controls keep their own escape")
            #expect(CellWidth.fit("café", width: 6, ellipsis: "~") == "caf\\u~")
        }
        #expect(CellWidth.sanitize("jalapeño") == "jalapeño")
        #expect(CellWidth.of("日本") == 4)
    }
}
