import TermUI

/// What a one-line prompt is asking for.
public enum PromptPurpose: Sendable, Equatable {
    case threshold
    case filter
    /// A note for the flag on this input (`n`).
    case note(inputID: String)
    /// The flags view's filter.
    case flagsFilter
    /// The suspects view's filter (concept names).
    case suspectsFilter
    /// The number of a parameterised threshold strategy (`m` / `M`).
    case strategyParameter(StrategyChoice, allConcepts: Bool)
    /// Where `e` writes the thresholds.
    case exportPath
    /// `e` named a file that exists: `y` overwrites it with `text`, anything else keeps it.
    case confirmOverwrite(path: String, text: String)
}

extension PromptPurpose {
    /// Prompts handled by the flags reducer (Reducer+Flags.swift).
    var belongsToFlags: Bool {
        switch self {
        case .note, .flagsFilter, .suspectsFilter: return true
        case .threshold, .filter, .strategyParameter, .exportPath, .confirmOverwrite: return false
        }
    }

    /// Prompts handled by the analysis reducer (Reducer+Analysis.swift).
    var belongsToAnalysis: Bool {
        switch self {
        case .strategyParameter, .exportPath, .confirmOverwrite: return true
        case .threshold, .filter, .note, .flagsFilter, .suspectsFilter: return false
        }
    }
}

/// An open prompt: what it asks for and the text being edited (TermUI's editor).
public struct PromptInput: Sendable, Equatable {
    public var purpose: PromptPurpose
    public var editor: PromptState

    public init(purpose: PromptPurpose, text: String = "") {
        self.purpose = purpose
        self.editor = PromptState(text: text)
    }

    public var text: String { editor.text }
}
