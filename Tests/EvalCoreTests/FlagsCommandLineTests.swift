import Foundation
import Testing
@testable import EvalCore

/// End-to-end checks through the built `evaltop` binary (separate processes). Skipped with a
/// note when the binary has not been built (`swift build --product evaltop`).
@Suite struct FlagsCommandLineTests {
    static let binary: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for configuration in ["debug", "release"] {
            let path = root.appendingPathComponent(".build/\(configuration)/evaltop").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }()

    struct Run { let status: Int32; let stdout: String; let stderr: String }

    static func start(_ arguments: [String]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary!)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    static func finish(_ started: (Process, Pipe, Pipe)) -> Run {
        let stdout = started.1.fileHandleForReading.readDataToEndOfFile()
        let stderr = started.2.fileHandleForReading.readDataToEndOfFile()
        started.0.waitUntilExit()
        return Run(status: started.0.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func run(_ arguments: [String]) throws -> Run { finish(try start(arguments)) }

    /// Issue 12, item 3: ids from a journal reach standard error escaped, never raw, even when
    /// standard error is a pipe (the warning "… not in the evaluation; kept").
    @Test(.enabled(if: binary != nil)) func controlCharactersInJournalIDsAreEscapedOnStandardError() throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let evaluation = try folder.write("e.csv", Self.wide)
        let journal = FlagJournal(path: evaluation + ".flags.jsonl")
        for id in ["\u{1b}[31mred", "\u{1b}]0;pwned\u{7}"] { try journal.append(sampleEvent(id, .flag)) }
        let listed = try Self.run(["flags", evaluation])
        #expect(listed.status == 0)
        #expect(listed.stderr.contains("not in the evaluation"))
        #expect(!listed.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        #expect(listed.stderr.contains("\\x1b[31mred"))
    }

    static let wide = "input_id,url,labels,cat,dog\na,u/a,cat,0.9,0.1\nb,u/b,cat,0.2,0.8\nc,\"u,c\",dog,0.3,0.7\n"

    @Test(.enabled(if: binary != nil)) func twoProcessesEachAppend500AndAllLinesSurvive() throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let evaluation = try folder.write("e.csv", Self.wide)
        let first = try Self.start(["flags", evaluation, "--test-append-flags", "500"])
        let second = try Self.start(["flags", evaluation, "--test-append-flags", "500"])
        #expect(Self.finish(first).status == 0)
        #expect(Self.finish(second).status == 0)
        let text = try String(contentsOfFile: evaluation + ".flags.jsonl", encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 1001 && lines.last == "")
        let read = try FlagJournal(path: evaluation + ".flags.jsonl").readAll()
        #expect(read.warnings.isEmpty)
        #expect(read.events.count == 1000)
        #expect(Set(read.events.map(\.inputID)).count == 1000)
    }

    @Test(.enabled(if: binary != nil)) func exportApplyAndRefusals() throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let evaluation = try folder.write("e.csv", Self.wide)
        let journal = FlagJournal(path: evaluation + ".flags.jsonl")
        var store = FlagStore(context: FlagContext(user: "rev", evaluation: "e.csv"))
        for change in [store.relabel("b", labels: ["dog"]), store.toggleFlag("c"), store.toggleReviewed("a")] {
            try journal.append(change.event)
            store.commit(change)
        }
        let listed = try Self.run(["flags", evaluation])
        #expect(listed.status == 0)
        #expect(listed.stdout.split(separator: "\r\n").map(String.init) == [
            "input_id,url,current_labels,suggested_labels,note,user,time,status",
            "a,u/a,cat,,,rev,\(store.state(of: "a")!.time),reviewed",
            "b,u/b,cat,dog,,rev,\(store.state(of: "b")!.time),flagged",
            "c,\"u,c\",dog,,,rev,\(store.state(of: "c")!.time),flagged",
        ])

        let corrected = folder.file("fixed.csv")
        let applied = try Self.run(["flags", evaluation, "--apply", corrected])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(try String(contentsOfFile: corrected, encoding: .utf8) == Self.wide.replacingOccurrences(of: "b,u/b,cat", with: "b,u/b,dog"))
        #expect(applied.stderr.contains("applied 1 correction"))
        // Loading the copy gives the corrected labels.
        let reloaded = try EvaluationLoader.load(path: corrected)
        #expect(reloaded.labels(of: 1).map { $0 } == [1])

        let refused = try Self.run(["flags", evaluation, "--apply", corrected])
        #expect(refused.status == 1 && refused.stderr.hasPrefix("error: ") && refused.stderr.contains("--force"))
        #expect(try Self.run(["flags", evaluation, "--apply", corrected, "--force"]).status == 0)
        let original = try Self.run(["flags", evaluation, "--apply", evaluation, "--force"])
        #expect(original.status == 1 && original.stderr.contains("never overwritten"))
        #expect(try String(contentsOfFile: evaluation, encoding: .utf8) == Self.wide)
    }

    @Test(.enabled(if: binary != nil)) func fullDiskJournalIsAClearErrorNotACrash() throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let evaluation = try folder.write("e.csv", Self.wide)
        let result = try Self.run(["flags", evaluation, "--flags", "/dev/full", "--test-append-flags", "1"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains("disk full"), "\(result.stderr)")
    }

    @Test(.enabled(if: binary != nil)) func suspectsTextAndJSON() throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let evaluation = try folder.write("e.csv", Self.wide)
        let text = try Self.run(["suspects", evaluation])
        #expect(text.status == 0)
        #expect(text.stdout == "b\n")  // labelled cat, scores dog 0.8
        let json = try Self.run(["suspects", evaluation, "--json", "--limit", "1"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let first = (object["suspects"] as! [[String: Any]])[0]
        #expect(first["input_id"] as? String == "b" && first["given_labels"] as? [String] == ["cat"]
            && first["likely_labels"] as? [String] == ["dog"] && first["given_score"] as? Double == 0.2)
        // The number stated is confident learning's estimate, not the length of the list.
        let estimate = LabelErrorEstimate.estimate(in: try EvaluationLoader.load(path: evaluation))
        #expect(object["estimated_label_errors"] as? Int == estimate)
        let missing = try Self.run(["suspects", folder.file("nope.csv")])
        #expect(missing.status == 1 && missing.stderr.hasPrefix("error: "))
    }
}
