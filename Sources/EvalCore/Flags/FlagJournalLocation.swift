import Foundation

/// Where the flags journal of an evaluation lives, and why it lives there (the status bar and
/// `evaltop flags` say so).
public struct FlagJournalLocation: Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// `--flags PATH` was given.
        case explicit
        /// `<evaluation file>.flags.jsonl`, beside the evaluation.
        case besideEvaluation
        /// The evaluation's folder is not writable, so the state directory is used.
        case stateDirectory(unwritableFolder: String)
        /// The bundled example (`evaltop` with no file): its files sit in the build's resources,
        /// which are not the user's to write, so its journal lives in the state directory.
        case bundledExample
    }

    public let path: String
    public let reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// One line for people: "flags: PATH (beside the evaluation)".
    public var explanation: String {
        switch reason {
        case .explicit: return "flags: \(path) (--flags)"
        case .besideEvaluation: return "flags: \(path) (beside the evaluation)"
        case let .stateDirectory(folder): return "flags: \(path) (\(folder) is not writable)"
        case .bundledExample: return "flags: \(path) (the bundled example's journal)"
        }
    }

    /// Chooses the journal for an evaluation file.
    ///
    /// - `explicitPath` (`--flags PATH`) wins.
    /// - Otherwise `<evaluation>.flags.jsonl` when that file is writable, or does not exist and
    ///   its folder is writable. Writability is probed by creating (and removing) a file, since
    ///   `access(2)` says yes to root on file systems that refuse the write.
    /// - Otherwise `$XDG_STATE_HOME/evaltop/` (default `~/.local/state/evaltop/`), in a file
    ///   named after the evaluation's absolute path. The folder is created when missing.
    public static func resolve(
        evaluationPath: String, explicitPath: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> FlagJournalLocation {
        if let explicitPath { return FlagJournalLocation(path: explicitPath, reason: .explicit) }
        let absolute = absolutePath(evaluationPath)
        let beside = absolute + ".flags.jsonl"
        let folder = (absolute as NSString).deletingLastPathComponent
        if isWritable(journal: beside, folder: folder) {
            return FlagJournalLocation(path: beside, reason: .besideEvaluation)
        }
        let stateFolder = stateDirectory(environment: environment)
        try? FileManager.default.createDirectory(atPath: stateFolder, withIntermediateDirectories: true)
        let path = (stateFolder as NSString).appendingPathComponent(stateFileName(forEvaluation: absolute))
        return FlagJournalLocation(path: path, reason: .stateDirectory(unwritableFolder: folder))
    }

    /// The journal of the bundled example named `exampleName` (say `digits_flipped.csv`): in the
    /// state directory, so that a newcomer's flags work and survive like anyone's, without
    /// writing into the build's resources. The folder is created when missing.
    public static func bundledExample(
        named exampleName: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> FlagJournalLocation {
        let stateFolder = stateDirectory(environment: environment)
        try? FileManager.default.createDirectory(atPath: stateFolder, withIntermediateDirectories: true)
        let path = (stateFolder as NSString).appendingPathComponent("bundled-" + exampleName + ".flags.jsonl")
        return FlagJournalLocation(path: path, reason: .bundledExample)
    }

    /// `$XDG_STATE_HOME/evaltop`, or `~/.local/state/evaltop` when it is unset or relative
    /// (the XDG spec says to ignore relative values).
    public static func stateDirectory(environment: [String: String]) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return (state as NSString).appendingPathComponent("evaltop")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".local/state/evaltop")
    }

    /// The journal's file name in the state directory: the absolute path with `%` → `%25` and
    /// `/` → `%2F` (reversible and readable), plus `.flags.jsonl`. Names that would exceed the
    /// 255-byte limit of common file systems keep their tail and gain a hash of the whole path.
    public static func stateFileName(forEvaluation absolutePath: String) -> String {
        let encoded = absolutePath.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "/", with: "%2F")
        let suffix = ".flags.jsonl"
        if encoded.utf8.count + suffix.utf8.count <= 255 { return encoded + suffix }
        let hash = String(SHA256.hex(Array(absolutePath.utf8)).prefix(16))
        var tail = Substring(encoded)
        while tail.utf8.count > 200 { tail = tail.dropFirst() }
        return hash + "-" + tail + suffix
    }

    static func absolutePath(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        return (joined as NSString).standardizingPath
    }

    private static func isWritable(journal: String, folder: String) -> Bool {
        if FileManager.default.fileExists(atPath: journal) {
            let descriptor = open(journal, O_WRONLY | O_APPEND | O_CLOEXEC)
            guard descriptor >= 0 else { return false }
            close(descriptor)
            return true
        }
        let probe = (folder as NSString).appendingPathComponent(".evaltop-probe-\(getpid())-\(UInt32.random(in: 0 ... .max))")
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return false }
        close(descriptor)
        unlink(probe)
        return true
    }
}
