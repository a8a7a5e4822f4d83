import EvalCore
import TermUI

/// The lines of the `o` overlay: what a comparison left out of every number, section by section
/// (concepts only in A, only in B, inputs only in A, only in B). A line is made when it is drawn,
/// so a pair with a million unmatched inputs costs nothing until those rows are on screen.
struct LeftOutLines {
    enum Line: Equatable {
        case heading(String)
        case item(String)
        case blank
    }

    private struct Section {
        let heading: String
        let count: Int
        let item: (Int) -> String
    }

    private let sections: [Section]

    init(pair: EvaluationPair) {
        let a = pair.originalA, b = pair.originalB
        let nameA = TerminalSafe.escape(Self.fileName(a.sourcePath))
        let nameB = TerminalSafe.escape(Self.fileName(b.sourcePath))
        let conceptsA = pair.conceptsOnlyInA, conceptsB = pair.conceptsOnlyInB
        let inputsA = pair.inputsOnlyInA, inputsB = pair.inputsOnlyInB
        sections = [
            Section(heading: "Concepts only in A (\(nameA))", count: conceptsA.count) { conceptsA[$0] },
            Section(heading: "Concepts only in B (\(nameB))", count: conceptsB.count) { conceptsB[$0] },
            Section(heading: "Inputs only in A (\(nameA))", count: inputsA.count) { a.inputIDs[Int(inputsA[$0])] },
            Section(heading: "Inputs only in B (\(nameB))", count: inputsB.count) { b.inputIDs[Int(inputsB[$0])] },
        ]
    }

    /// Two summaries: the concepts only one has (matched by name). Their inputs are not
    /// matched at all (a summary does not list them), so there is no input section.
    init(summaries comparison: SummaryComparison) {
        let nameA = TerminalSafe.escape(Self.fileName(comparison.a.summary.source))
        let nameB = TerminalSafe.escape(Self.fileName(comparison.b.summary.source))
        let conceptsA = comparison.conceptsOnlyInA, conceptsB = comparison.conceptsOnlyInB
        sections = [
            Section(heading: "Concepts only in A (\(nameA))", count: conceptsA.count) { conceptsA[$0] },
            Section(heading: "Concepts only in B (\(nameB))", count: conceptsB.count) { conceptsB[$0] },
        ]
    }

    /// What a session's comparison left out; nil for a single evaluation or summary.
    static func of(_ session: Session?) -> LeftOutLines? {
        if let pair = session?.comparison?.pair { return LeftOutLines(pair: pair) }
        return session?.summaryComparison.map(LeftOutLines.init(summaries:))
    }

    /// The file's name without its folder, as the header shows it.
    static func fileName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }

    /// Every section has its heading and a blank line after it; an empty one says "none".
    private static func length(_ section: Section) -> Int { 2 + max(1, section.count) }

    var count: Int { sections.reduce(0) { $0 + Self.length($1) } }

    func line(_ index: Int) -> Line? {
        var start = 0
        for section in sections {
            let length = Self.length(section)
            if index < start + length {
                let offset = index - start
                if offset == 0 { return .heading("\(section.heading): \(Format.count(section.count))") }
                if offset == length - 1 { return .blank }
                return .item(section.count == 0 ? "none" : TerminalSafe.escape(section.item(offset - 1)))
            }
            start += length
        }
        return nil
    }
}

/// The `o` overlay of a comparison (`evaltop A B`): the inputs and concepts found in only one of
/// the two files, which every number leaves out (the summary counts them; this lists them).
enum LeftOutView {
    static func render(_ state: AppState, scroll: Int, into buffer: inout Buffer, context: RenderContext) {
        let inner = OverlayView.popup("Left out of the comparison: in one file only (Esc closes)",
                                      width: 90, height: buffer.area.height - 2, into: &buffer, context: context)
        guard inner.width > 6, inner.height > 0, let lines = LeftOutLines.of(state.session) else { return }
        for row in 0 ..< inner.height {
            guard let line = lines.line(scroll + row) else { break }
            switch line {
            case .heading(let text):
                buffer.setString(text, x: inner.x + 1, y: inner.y + row, style: context[.title], maxWidth: inner.width - 1)
            case .item(let text):
                buffer.setString("  " + text, x: inner.x + 1, y: inner.y + row, style: context[.overlay], maxWidth: inner.width - 1)
            case .blank:
                break
            }
        }
    }
}
