import EvalCore
import TermUI

/// The concept picker of `r`: the input's concepts, strongest score first. Multilabel lists
/// show a check box per concept ([x] / [ ]).
enum PickerView {
    static func render(_ state: AppState, _ picker: ConceptPicker, into buffer: inout Buffer, context: RenderContext) {
        guard let session = state.session, let evaluation = session.evaluation else { return }
        let labelled = Set(evaluation.labels(of: picker.input).map(Int.init))
        let nameWidth = min(30, picker.order.map { CellWidth.of(TerminalText.safe(session.name($0))) }.max() ?? 10)
        let items = picker.order.map { c -> String in
            let box = picker.multilabel ? (picker.checked.contains(c) ? "[x] " : "[ ] ") : ""
            let given = labelled.contains(c) ? (context.ascii ? " (labelled)" : " ● labelled") : ""
            return box + CellWidth.fit(TerminalText.safe(session.name(c)), width: nameWidth)
                + " " + Format.fixed(evaluation.score(input: picker.input, concept: c), 4) + given
        }
        let how = picker.multilabel ? "Space toggles, Enter saves" : "Enter saves"
        let title = "\(TerminalText.safe(picker.inputID)) should be…  (\(how), Esc cancels)"
        let popup = ListPopup.themed(title: title, items: items, selected: picker.cursor, theme: context.theme,
                                     width: max(CellWidth.of(title) + 4, (items.map(CellWidth.of).max() ?? 0) + 4),
                                     maxHeight: max(3, buffer.area.height - 6))
        popup.render(into: &buffer, area: Rect(x: 0, y: 0, width: buffer.area.width, height: buffer.area.height))
    }
}
