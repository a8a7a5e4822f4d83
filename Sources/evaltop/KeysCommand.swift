import ArgumentParser
import EvalTUI

/// `evaltop keys`: the key bindings as a Markdown table, generated from the same registry that
/// handles keys, writes the status-bar hints and the help overlay (the README's key table is
/// this output; a test keeps the two equal).
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Print the key bindings as Markdown (from the binding registry).")

    func run() throws {
        print(KeyBindings.markdown(), terminator: "")
    }
}
