import Foundation
import Testing
@testable import EvalCore

@Suite struct FlagsLocationTests {
    @Test func defaultIsBesideTheEvaluation() throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let evaluation = try folder.write("digits.csv", "x")
        let location = FlagJournalLocation.resolve(evaluationPath: evaluation)
        #expect(location.path == evaluation + ".flags.jsonl")
        #expect(location.reason == .besideEvaluation)
        // Probing left nothing behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["digits.csv"])
    }

    @Test func explicitPathWins() {
        let location = FlagJournalLocation.resolve(evaluationPath: "/tmp/x.csv", explicitPath: "/tmp/mine.jsonl")
        #expect(location == FlagJournalLocation(path: "/tmp/mine.jsonl", reason: .explicit))
    }

    /// Tests run as root, which ignores directory permission bits, so "read-only" here is a
    /// folder no one can create files in: /proc (procfs refuses new files even to root).
    /// /proc/version is a real, readable file there.
    @Test func unwritableFolderFallsBackToTheStateDirectory() throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let location = FlagJournalLocation.resolve(
            evaluationPath: "/proc/version", environment: ["XDG_STATE_HOME": folder.path, "HOME": "/nonexistent"])
        #expect(location.reason == .stateDirectory(unwritableFolder: "/proc"))
        #expect(location.path == folder.path + "/evaltop/%2Fproc%2Fversion.flags.jsonl")
        #expect(location.explanation.contains("/proc is not writable"))
        // The state folder was created and the journal works there.
        let journal = FlagJournal(location: location)
        try journal.append(sampleEvent("a", .flag))
        #expect(try journal.readAll().events.count == 1)
    }

    /// The bundled example's files sit in the build's resources: its journal goes to the state
    /// directory, under a name of its own, and works there.
    @Test func bundledExampleJournalLivesInTheStateDirectory() throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let location = FlagJournalLocation.bundledExample(
            named: "digits_flipped.csv", environment: ["XDG_STATE_HOME": folder.path, "HOME": "/nonexistent"])
        #expect(location.reason == .bundledExample)
        #expect(location.path == folder.path + "/evaltop/bundled-digits_flipped.csv.flags.jsonl")
        #expect(location.explanation == "flags: \(location.path) (the bundled example's journal)")
        let journal = FlagJournal(location: location)
        try journal.append(sampleEvent("digits_0001", .flag))
        #expect(try journal.readAll().events.map(\.inputID) == ["digits_0001"])
    }

    @Test func stateDirectoryDefaultsToLocalState() {
        #expect(FlagJournalLocation.stateDirectory(environment: ["HOME": "/home/r"]) == "/home/r/.local/state/evaltop")
        #expect(FlagJournalLocation.stateDirectory(environment: ["HOME": "/home/r", "XDG_STATE_HOME": "relative"])
            == "/home/r/.local/state/evaltop")
        #expect(FlagJournalLocation.stateDirectory(environment: ["XDG_STATE_HOME": "/s"]) == "/s/evaltop")
    }

    @Test func stateFileNamesAreDistinctAndBounded() {
        #expect(FlagJournalLocation.stateFileName(forEvaluation: "/a/b%c.csv") == "%2Fa%2Fb%25c.csv.flags.jsonl")
        #expect(FlagJournalLocation.stateFileName(forEvaluation: "/a_b.csv")
            != FlagJournalLocation.stateFileName(forEvaluation: "/a/b.csv"))
        let long1 = "/" + String(repeating: "d/", count: 200) + "one.csv"
        let long2 = "/" + String(repeating: "e/", count: 200) + "one.csv"
        let name1 = FlagJournalLocation.stateFileName(forEvaluation: long1)
        #expect(name1.utf8.count <= 255)
        #expect(name1.hasSuffix("one.csv.flags.jsonl"))
        #expect(name1 != FlagJournalLocation.stateFileName(forEvaluation: long2))
    }
}
