import TermUI

/// Where a binding applies. The active contexts for a state are tried in order, so an
/// overlay's or the focused pane's bindings win over the global ones.
public enum KeyContext: String, Sendable, CaseIterable {
    case prompt, help, messages, leftOut, picker, strategyMenu, inputOverlay, grid, flags, suspects, diagnosis, slices, sliceConcepts, matrix, details, table, global

    public var title: String {
        switch self {
        case .prompt: return "Prompt"
        case .help: return "Help"
        case .messages: return "Messages (!)"
        case .leftOut: return "Left out of the comparison (o in evaltop A B)"
        case .picker: return "Concept picker (r)"
        case .inputOverlay: return "Input"
        case .grid: return "Grid of thumbnails (v in a list of inputs)"
        case .flags: return "Flags view (F)"
        case .suspects: return "Suspects view (L)"
        case .strategyMenu: return "Threshold strategies (m, M)"
        case .diagnosis: return "Diagnosis view (d)"
        case .slices: return "Slices view (b)"
        case .sliceConcepts: return "One slice's concepts (Enter in the slices view)"
        case .matrix: return "Concept-by-concept matrix"
        case .details: return "Selection details"
        case .table: return "Concept table"
        case .global: return "Everywhere"
        }
    }
}

/// One entry of the registry: the keys, what they do, and how help and the status bar
/// describe them. The same list drives key handling, the status-bar hints and `?`.
public struct KeyBinding: Sendable {
    public let keys: [Key]
    public let action: Action
    public let context: KeyContext
    /// The line in the help overlay.
    public let description: String
    /// The short label in the status bar; nil keeps the binding out of the bar.
    public let hint: String?

    public init(_ keys: [Key], _ action: Action, _ context: KeyContext, _ description: String, hint: String? = nil) {
        self.keys = keys
        self.action = action
        self.context = context
        self.description = description
        self.hint = hint
    }
}

public enum KeyBindings {
    /// The registry. Order matters within a context: it is the order of help and hints.
    public static let all: [KeyBinding] = [
        // Prompt (text keys are typed into it; these are the ones it reacts to).
        KeyBinding([.enter], .promptKey(.enter), .prompt, "apply", hint: "apply"),
        KeyBinding([.escape], .promptKey(.escape), .prompt, "cancel", hint: "cancel"),
        KeyBinding([.left, .ctrl("b")], .promptKey(.left), .prompt, "cursor left"),
        KeyBinding([.right, .ctrl("f")], .promptKey(.right), .prompt, "cursor right"),
        KeyBinding([.home, .ctrl("a")], .promptKey(.home), .prompt, "cursor to the start"),
        KeyBinding([.end, .ctrl("e")], .promptKey(.end), .prompt, "cursor to the end"),
        KeyBinding([.backspace, .ctrl("h")], .promptKey(.backspace), .prompt, "delete the character before the cursor"),
        KeyBinding([.delete, .ctrl("d")], .promptKey(.delete), .prompt, "delete the character under the cursor"),
        KeyBinding([.ctrl("w")], .promptKey(.ctrl("w")), .prompt, "delete the word before the cursor"),
        KeyBinding([.ctrl("u")], .promptKey(.ctrl("u")), .prompt, "delete to the start"),
        KeyBinding([.ctrl("k")], .promptKey(.ctrl("k")), .prompt, "delete to the end"),

        // Help overlay.
        KeyBinding([.down, .char("j")], .moveSelection(1), .help, "scroll down"),
        KeyBinding([.up, .char("k")], .moveSelection(-1), .help, "scroll up"),
        KeyBinding([.pageDown], .pageDown, .help, "page down"),
        KeyBinding([.pageUp], .pageUp, .help, "page up"),
        KeyBinding([.escape, .char("q"), .char("?"), .function(1)], .back, .help, "close help", hint: "close"),

        // Message log.
        KeyBinding([.down, .char("j")], .moveSelection(1), .messages, "older messages"),
        KeyBinding([.up, .char("k")], .moveSelection(-1), .messages, "newer messages"),
        KeyBinding([.escape, .char("q"), .char("!")], .back, .messages, "close the messages", hint: "close"),
        KeyBinding([.down, .char("j")], .moveSelection(1), .leftOut, "scroll down"),
        KeyBinding([.up, .char("k")], .moveSelection(-1), .leftOut, "scroll up"),
        KeyBinding([.pageDown, .char(" ")], .pageDown, .leftOut, "page down"),
        KeyBinding([.pageUp], .pageUp, .leftOut, "page up"),
        KeyBinding([.escape, .char("q"), .char("o")], .back, .leftOut, "close the list", hint: "close"),

        // Input overlay.
        KeyBinding([.down, .char("j")], .moveSelection(1), .inputOverlay, "scroll down"),
        KeyBinding([.up, .char("k")], .moveSelection(-1), .inputOverlay, "scroll up"),
        KeyBinding([.char("y")], .copyURL, .inputOverlay, "copy the URL (OSC 52)", hint: "copy URL"),
        KeyBinding([.escape, .char("q")], .back, .inputOverlay, "close", hint: "close"),
    ] + flagBindings(.inputOverlay) + [

        // Matrix.
        KeyBinding([.up, .char("k")], .moveSelection(-1), .matrix, "cell (or confusion) up"),
        KeyBinding([.down, .char("j")], .moveSelection(1), .matrix, "cell (or confusion) down"),
        KeyBinding([.left, .char("h")], .moveColumn(-1), .matrix, "cell left"),
        KeyBinding([.right, .char("l")], .moveColumn(1), .matrix, "cell right"),
        KeyBinding([.pageDown], .pageDown, .matrix, "page down"),
        KeyBinding([.pageUp], .pageUp, .matrix, "page up"),
        KeyBinding([.home, .char("g")], .jumpToFirst, .matrix, "first row"),
        KeyBinding([.end, .char("G")], .jumpToLast, .matrix, "last row"),
        KeyBinding([.char("v")], .cycleMatrixView, .matrix, "cycle the view: counts, confusion, mean score, co-occurrence", hint: "view"),
        KeyBinding([.char("o")], .toggleMatrixLayout, .matrix, "Top confusions list or the whole grid", hint: "list/grid"),
        KeyBinding([.char("n")], .jumpToLargestConfusion, .matrix, "grid: to the largest off-diagonal cell (again: the next largest)", hint: "largest"),
        KeyBinding([.enter], .drillDown, .matrix, "inputs behind the cell (or the confusion)", hint: "inputs"),
        KeyBinding([.escape], .back, .matrix, "back to the main screen", hint: "back"),

        // Selection details.
        KeyBinding([.down, .char("j")], .moveSelection(1), .details, "next input"),
        KeyBinding([.up, .char("k")], .moveSelection(-1), .details, "previous input"),
        KeyBinding([.pageDown], .pageDown, .details, "page down"),
        KeyBinding([.pageUp], .pageUp, .details, "page up"),
        KeyBinding([.home, .char("g")], .jumpToFirst, .details, "first input"),
        KeyBinding([.end, .char("G")], .jumpToLast, .details, "last input"),
        KeyBinding([.enter], .drillDown, .details, "open the input (all scores, labels, metadata)", hint: "open"),
        KeyBinding([.tab], .nextTab, .details, "next tab", hint: "tab"),
        KeyBinding([.char("1")], .selectTab(0), .details, "FN tab (comparing two files: Broken)"),
        KeyBinding([.char("2")], .selectTab(1), .details, "FP tab (comparing: Fixed)"),
        KeyBinding([.char("3")], .selectTab(2), .details, "TP tab (comparing: Still wrong)"),
        KeyBinding([.char("4")], .selectTab(3), .details, "TN tab (shows it)"),
        KeyBinding([.char("y")], .copyURL, .details, "copy the input's URL (OSC 52)", hint: "copy URL"),
    ] + flagBindings(.details) + [
        KeyBinding([.backTab], .focusPrevious, .details, "focus the previous pane"),
        KeyBinding([.escape], .back, .details, "close the details", hint: "back"),

        // Concept table.
        KeyBinding([.down, .char("j")], .moveSelection(1), .table, "next concept"),
        KeyBinding([.up, .char("k")], .moveSelection(-1), .table, "previous concept"),
        KeyBinding([.pageDown], .pageDown, .table, "page down"),
        KeyBinding([.pageUp], .pageUp, .table, "page up"),
        KeyBinding([.home, .char("g")], .jumpToFirst, .table, "first concept"),
        KeyBinding([.end, .char("G")], .jumpToLast, .table, "last concept"),
        KeyBinding([.enter], .drillDown, .table, "inputs behind the numbers (FN, FP, TP)", hint: "details"),
        KeyBinding([.char("s")], .cycleSort, .table, "cycle the sort column", hint: "sort"),
        KeyBinding([.char("S")], .reverseSort, .table, "reverse the sort"),
        KeyBinding([.char("/")], .promptFilter, .table, "filter concepts by name", hint: "filter"),
        KeyBinding([.escape], .back, .table, "clear the filter"),
        KeyBinding([.tab], .focusNext, .table, "focus the next pane"),
        KeyBinding([.backTab], .focusPrevious, .table, "focus the previous pane"),

        // Everywhere.
        KeyBinding([.left, .char("-")], .stepThreshold(-0.01), .global, "threshold − 0.01", hint: "threshold"),
        KeyBinding([.right, .char("+")], .stepThreshold(0.01), .global, "threshold + 0.01"),
        KeyBinding([.char("[")], .stepThreshold(-0.10), .global, "threshold − 0.10"),
        KeyBinding([.char("]")], .stepThreshold(0.10), .global, "threshold + 0.10"),
        KeyBinding([.char("t")], .promptThreshold, .global, "type an exact threshold", hint: "set t"),
        KeyBinding([.char("=")], .resetThreshold, .global, "reset the global threshold to the start value (per-concept ones stay)"),
        KeyBinding([.char("T")], .togglePerConceptThreshold, .global, "per-concept threshold for the selected concept (toggle)"),
        KeyBinding([.char("p")], .toggleCurve, .global, "toggle ROC / PR curve", hint: "ROC/PR"),
        KeyBinding([.char("c")], .openMatrix, .global, "concept-by-concept matrix", hint: "matrix"),
        KeyBinding([.char("F")], .flags(.openFlagsView), .global, "flags view: every flagged input"),
        KeyBinding([.char("L")], .flags(.openSuspectsView), .global, "suspects view: likely label errors"),
        KeyBinding([.char("d")], .analysis(.openDiagnosis), .global, "diagnosis: the verdict and each concept's advice", hint: "diagnosis"),
        KeyBinding([.char("b")], .analysis(.openSlices), .global, "slices: breakdown by meta: attribute and fold"),
        KeyBinding([.char("m")], .analysis(.openStrategyMenu(allConcepts: false)), .global, "threshold strategy for the selected concept (its own threshold)", hint: "strategy"),
        KeyBinding([.char("M")], .analysis(.openStrategyMenu(allConcepts: true)), .global, "threshold strategy for every concept"),
        KeyBinding([.char("e")], .analysis(.promptExport), .global, "export the per-concept thresholds as JSON"),
        KeyBinding([.char("u")], .undo, .global, "undo the last change (threshold or flag)"),
        KeyBinding([.char("U")], .redo, .global, "redo the change undone"),
        KeyBinding([.char("R")], .flags(.refresh), .global, "re-read the flags journal (other reviewers' flags)"),
        KeyBinding([.char("!")], .toggleMessages, .global, "the last 100 status messages"),
        KeyBinding([.char("o")], .toggleLeftOut, .global, "comparing: the inputs and concepts in only one file (left out of every number)"),
        KeyBinding([.char("?"), .function(1)], .toggleHelp, .global, "help", hint: "help"),
        KeyBinding([.char("q")], .closeOrQuit, .global, "back one level (close the overlay, view or details); quit from the main screen", hint: "quit"),
        KeyBinding([.ctrl("c")], .quit, .global, "quit at once"),
    ] + flagScreenBindings + analysisBindings + previewBindings

    /// `i` beside the lists of inputs. Not `p` (the curve) nor `v` (the matrix view); yazi and
    /// lazygit also keep their preview on a key of its own.
    static let previewBindings: [KeyBinding] = [KeyContext.details, .flags, .suspects].flatMap { [
        KeyBinding([.char("i")], .togglePreview, $0, "show / hide the preview pane (the input's image and text)"),
        // `g` stays "first row" (vim, lazygit, yazi all read g as go-to-top); `v` already
        // changes how the matrix is viewed, so it changes how a list of inputs is viewed too.
        KeyBinding([.char("v")], .toggleGrid, $0, "view as a grid of thumbnails / as a list"),
    ] } + [
        KeyBinding([.left, .char("h")], .gridMove(dx: -1, dy: 0), .grid, "thumbnail to the left"),
        KeyBinding([.right, .char("l")], .gridMove(dx: 1, dy: 0), .grid, "thumbnail to the right"),
        KeyBinding([.up, .char("k")], .gridMove(dx: 0, dy: -1), .grid, "thumbnail above"),
        KeyBinding([.down, .char("j")], .gridMove(dx: 0, dy: 1), .grid, "thumbnail below"),
        KeyBinding([.char("v")], .toggleGrid, .grid, "back to the list", hint: "list"),
    ]

    /// The diagnosis and slices views and the strategy menu.
    static let analysisBindings: [KeyBinding] = analysisViewBindings(.diagnosis, item: "concept") + [
        KeyBinding([.enter], .analysis(.drill), .diagnosis, "select the concept in the table", hint: "go to"),
        KeyBinding([.escape], .analysis(.closeView), .diagnosis, "back to the main screen", hint: "back"),
    ] + analysisViewBindings(.slices, item: "value") + [
        KeyBinding([.enter], .analysis(.drill), .slices, "the value's per-concept AUC", hint: "concepts"),
        KeyBinding([.escape], .analysis(.closeView), .slices, "back to the main screen", hint: "back"),
    ] + analysisViewBindings(.sliceConcepts, item: "concept") + [
        KeyBinding([.escape], .analysis(.closeView), .sliceConcepts, "back to the values", hint: "back"),
        // Strategy menu.
        KeyBinding([.down, .char("j")], .analysis(.menuMove(1)), .strategyMenu, "next strategy"),
        KeyBinding([.up, .char("k")], .analysis(.menuMove(-1)), .strategyMenu, "previous strategy"),
        KeyBinding([.enter], .analysis(.menuConfirm), .strategyMenu, "apply it (cost, precision and recall ask for their number)", hint: "apply"),
        KeyBinding([.escape, .char("q")], .analysis(.menuCancel), .strategyMenu, "cancel", hint: "cancel"),
    ]

    /// Movement in the diagnosis and slices lists.
    static func analysisViewBindings(_ context: KeyContext, item: String) -> [KeyBinding] {
        [
            KeyBinding([.down, .char("j")], .analysis(.moveRow(1)), context, "next \(item)"),
            KeyBinding([.up, .char("k")], .analysis(.moveRow(-1)), context, "previous \(item)"),
            KeyBinding([.pageDown], .analysis(.pageRows(1)), context, "page down"),
            KeyBinding([.pageUp], .analysis(.pageRows(-1)), context, "page up"),
            KeyBinding([.home, .char("g")], .analysis(.moveRow(Int.min / 2)), context, "first \(item)"),
            KeyBinding([.end, .char("G")], .analysis(.moveRow(Int.max / 2)), context, "last \(item)"),
        ]
    }

    /// `f`, `r` and `n` wherever an input is selected. Only the flag views hint all three in
    /// the status bar; elsewhere `f` is hinted and help lists the rest.
    static func flagBindings(_ context: KeyContext, hintAll: Bool = false) -> [KeyBinding] {
        [
            KeyBinding([.char("f")], .flags(.toggle), context, "flag / unflag the input as mislabeled", hint: "flag"),
            KeyBinding([.char("r")], .flags(.relabel), context, "flag it and pick the labels it should have",
                       hint: hintAll ? "relabel" : nil),
            KeyBinding([.char("n")], .flags(.note), context, "flag it with a note", hint: hintAll ? "note" : nil),
        ]
    }

    /// Movement and Enter in the flags and suspects views.
    static func flagViewBindings(_ context: KeyContext) -> [KeyBinding] {
        [
            KeyBinding([.down, .char("j")], .flags(.moveRow(1)), context, "next input"),
            KeyBinding([.up, .char("k")], .flags(.moveRow(-1)), context, "previous input"),
            KeyBinding([.pageDown], .flags(.pageRows(1)), context, "page down"),
            KeyBinding([.pageUp], .flags(.pageRows(-1)), context, "page up"),
            KeyBinding([.home, .char("g")], .flags(.moveRow(Int.min / 2)), context, "first input"),
            KeyBinding([.end, .char("G")], .flags(.moveRow(Int.max / 2)), context, "last input"),
            KeyBinding([.enter], .flags(.openInput), context, "open the input (all scores, labels, metadata)", hint: "open"),
        ] + flagBindings(context, hintAll: true)
    }

    static let flagScreenBindings: [KeyBinding] = flagViewBindings(.flags) + [
        KeyBinding([.char("x")], .flags(.markReviewed), .flags, "reviewed: the label is right (unflags; x again clears)", hint: "label ok"),
        KeyBinding([.char("/")], .flags(.promptFilter), .flags, "filter by id, labels (ids or concept names), note or user", hint: "filter"),
        KeyBinding([.char("y")], .copyURL, .flags, "copy the input's URL (OSC 52)"),
        KeyBinding([.escape], .flags(.closeView), .flags, "clear the filter, or back", hint: "back"),
    ] + flagViewBindings(.suspects) + [
        KeyBinding([.char("a")], .flags(.acceptSuggestion), .suspects, "accept the likely label (records it, like r), then the next suspect", hint: "accept"),
        KeyBinding([.char("x")], .flags(.markReviewed), .suspects, "reviewed: the label is right (hidden from the list from now on)", hint: "label ok"),
        KeyBinding([.char("/")], .flags(.promptFilter), .suspects, "filter by concept (given or likely label)", hint: "filter"),
        KeyBinding([.char("y")], .copyURL, .suspects, "copy the input's URL (OSC 52)"),
        KeyBinding([.escape], .flags(.closeView), .suspects, "clear the filter, or back", hint: "back"),
        // Concept picker.
        KeyBinding([.down, .char("j")], .flags(.pickerMove(1)), .picker, "next concept"),
        KeyBinding([.up, .char("k")], .flags(.pickerMove(-1)), .picker, "previous concept"),
        KeyBinding([.pageDown], .flags(.pickerMove(10)), .picker, "ten down"),
        KeyBinding([.pageUp], .flags(.pickerMove(-10)), .picker, "ten up"),
        KeyBinding([.char(" ")], .flags(.pickerToggle), .picker, "toggle the label (multilabel)", hint: "toggle"),
        KeyBinding([.enter], .flags(.pickerConfirm), .picker, "record these labels", hint: "save"),
        KeyBinding([.escape, .char("q")], .flags(.pickerCancel), .picker, "cancel", hint: "cancel"),
    ]

    /// The contexts active in `state`, most specific first.
    public static func activeContexts(_ state: AppState) -> [KeyContext] {
        switch state.overlay {
        case .prompt: return [.prompt]
        case .help: return [.help]
        case .messages: return [.messages]
        case .leftOut: return [.leftOut]
        case .picker: return [.picker]
        case .strategyMenu: return [.strategyMenu]
        case .input: return [.inputOverlay, .global]
        case nil: break
        }
        let grid: [KeyContext] = state.grid ? [.grid] : []
        switch (state.screen, state.focus) {
        case (.flags, _): return grid + [.flags, .global]
        case (.suspects, _): return grid + [.suspects, .global]
        case (.diagnosis, _): return [.diagnosis, .global]
        case (.slices, _): return [state.analysis.slicesView.drill == nil ? .slices : .sliceConcepts, .global]
        case (.matrix, .details) where state.details != nil: return grid + [.details, .global]
        case (.matrix, _): return [.matrix, .global]
        case (.main, .details) where state.details != nil: return grid + [.details, .global]
        case (.main, _): return [.table, .global]
        }
    }

    /// The action a key means in `state`, if any. Ctrl-C always quits.
    public static func action(for key: Key, in state: AppState) -> Action? {
        if key == .ctrl("c") { return .quit }
        let contexts = activeContexts(state)
        if contexts == [.prompt] {
            return .promptKey(key)
        }
        for context in contexts {
            if let binding = all.first(where: { $0.context == context && $0.keys.contains(key) }) {
                return binding.action
            }
        }
        return nil
    }

    /// The status-bar hints for `state`: the hinted bindings of the active contexts, naming
    /// only the keys that really reach them (a pane's ← shadows the global ←).
    public static func hints(_ state: AppState, ascii: Bool = false) -> [(key: String, label: String, firstKey: Key)] {
        hintsWithPriority(state, ascii: ascii).map { ($0.key, $0.label, $0.firstKey) }
    }

    /// The hints, each saying whether the status bar must keep it when short of room: `? help`
    /// and `q quit` stay at every width (issue 10).
    public static func hintsWithPriority(_ state: AppState, ascii: Bool = false) -> [(key: String, label: String, firstKey: Key, essential: Bool)] {
        var seen = Set<String>()
        var claimed = Set<Key>()
        var result: [(key: String, label: String, firstKey: Key, essential: Bool)] = []
        for context in activeContexts(state) {
            let bindings = all.filter { $0.context == context }
            for binding in bindings {
                let reachable = binding.keys.filter { !claimed.contains($0) }
                if let hint = binding.hint, !seen.contains(hint), let first = reachable.first {
                    seen.insert(hint)
                    let names = reachable.prefix(2).map { ascii ? $0.asciiName : $0.displayName }
                    let essential = binding.action == .toggleHelp || binding.action == .closeOrQuit
                    result.append((names.joined(separator: "/"), hint, first, essential))
                }
            }
            for binding in bindings { claimed.formUnion(binding.keys) }
        }
        return result
    }

    /// The help overlay's sections, generated from the registry.
    public static func helpSections(ascii: Bool = false) -> [(title: String, lines: [(keys: String, description: String)])] {
        let order: [KeyContext] = [.global, .table, .details, .matrix, .inputOverlay, .flags, .suspects, .grid, .picker,
                                   .diagnosis, .slices, .sliceConcepts, .strategyMenu, .help, .messages, .leftOut, .prompt]
        var sections: [(title: String, lines: [(keys: String, description: String)])] = []
        for context in order {
            var lines: [(keys: String, description: String)] = []
            for binding in all where binding.context == context {
                let keys = binding.keys.map { ascii ? $0.asciiName : $0.displayName }.joined(separator: " ")
                // The minus sign of "threshold − 0.01" is typography an ASCII terminal lacks.
                lines.append((keys, ascii ? binding.description.replacingOccurrences(of: "−", with: "-") : binding.description))
            }
            if !lines.isEmpty { sections.append((context.title, lines)) }
        }
        return sections
    }
}

extension KeyBindings {
    /// The registry as Markdown, one table per context (the README's key reference).
    public static func markdown() -> String {
        var out = ""
        for section in helpSections() {
            out += "**\(section.title)**\n\n| keys | what they do |\n|---|---|\n"
            for line in section.lines {
                let keys = line.keys.split(separator: " ").map { "`\($0 == "`" ? "` ` `" : String($0))`" }.joined(separator: " ")
                out += "| \(keys) | \(line.description.replacingOccurrences(of: "|", with: "\\|")) |\n"
            }
            out += "\n"
        }
        return out
    }
}
