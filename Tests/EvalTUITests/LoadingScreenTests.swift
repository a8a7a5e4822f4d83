import EvalCore
import Foundation
import Testing
import TermUI
@testable import EvalTUI

/// The first frame of a big file: progress in bytes, inputs and percent, the time left, then the
/// metrics phase; and a failed load shown on screen.
@Suite struct LoadingScreenTests {
    func screen(_ progress: LoadProgress?, startedSecondsAgo: Double) throws -> String {
        var buffer = Buffer(width: 100, height: 30)
        let state = AppState(fileName: "big.csv", width: 100, height: 30)
        LoadingScreen.render(state, progress: progress, startedAt: Date().addingTimeInterval(-startedSecondsAgo),
                             into: &buffer, context: try AnalysisSessions.context())
        return buffer.lines().joined(separator: "\n")
    }

    @Test func showsBytesInputsPercentAndTimeLeft() throws {
        let text = try screen(LoadProgress(bytesRead: 40_000_000, totalBytes: 160_000_000, inputs: 250_000), startedSecondsAgo: 2)
        #expect(text.contains("Loading big.csv"))
        #expect(text.contains("40.0 MB of 160.0 MB · 250,000 inputs · 25%"))
        // 2 s for a quarter: about 6 s left (a little more as the test itself takes time, up to
        // a second on a loaded machine).
        #expect((0 ... 9).contains { text.contains("· 6.\($0) s left") } || text.contains("· 7.0 s left"))
        #expect(text.contains("Esc or q cancels"))
    }

    @Test func saysWhatItDoesBeforeAndAfterTheBytes() throws {
        let reading = try screen(nil, startedSecondsAgo: 0.8)
        #expect((8 ... 9).contains { reading.contains("reading… 0.\($0) s") } || (0 ... 8).contains { reading.contains("reading… 1.\($0) s") })
        let done = try screen(LoadProgress(bytesRead: 160_000_000, totalBytes: 160_000_000, inputs: 1_000_000), startedSecondsAgo: 1)
        #expect(done.contains("1,000,000 inputs read · computing the metrics…"))
    }

    @Test func aFailedLoadIsShownOnScreen() throws {
        var buffer = Buffer(width: 100, height: 30)
        LoadingScreen.renderFailure("big.csv:3:7: score is NaN", into: &buffer, context: try AnalysisSessions.context())
        let text = buffer.lines().joined(separator: "\n")
        #expect(text.contains("Could not load the evaluation"))
        #expect(text.contains("big.csv:3:7: score is NaN"))
    }
}
