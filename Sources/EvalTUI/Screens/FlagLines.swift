import EvalCore
import TermUI

/// The flag lines at the top of the input overlay: suggested labels, note, who and when.
enum FlagLines {
    static func lines(_ flag: FlagState?, state: AppState, context: RenderContext) -> [(String, Style)] {
        guard let flag else { return [] }
        let names = state.conceptNamesByID
        var lines: [(String, Style)] = []
        var head = "\(context.glyphs.flag) flagged as mislabeled by \(TerminalText.safe(flag.user)) at \(TerminalText.safe(flag.time))"
        if !flag.suggestedLabels.isEmpty {
            head += "; should be " + flag.suggestedLabels.map { TerminalText.safe(names[$0] ?? $0) }.joined(separator: "; ")
        }
        lines.append((head, context[.flagged]))
        if !flag.note.isEmpty { lines.append(("note    " + TerminalText.safe(flag.note), context[.flagged])) }
        lines.append(("", context[.overlay]))
        return lines
    }
}
