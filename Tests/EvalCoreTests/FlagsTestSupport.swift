import Foundation
@testable import EvalCore

/// A fresh temporary folder per test, removed by the caller with `cleanup()`.
struct FlagsTemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "evaltop-flags-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    func write(_ name: String, _ text: String) throws -> String {
        let target = file(name)
        try text.write(toFile: target, atomically: false, encoding: .utf8)
        return target
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

func sampleEvent(_ id: String, _ action: FlagAction, labels: [String] = [], note: String = "",
                 sha: String = "abc", time: String = "2026-11-27T10:00:00Z") -> FlagEvent {
    FlagEvent(time: time, user: "tester", inputID: id, action: action, labels: labels, note: note,
              evaluation: "eval.csv", evaluationSHA256: sha)
}
