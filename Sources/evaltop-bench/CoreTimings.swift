import Dispatch
import Foundation
import EvalCore

/// Times the metrics core on an evaluation already in memory: building every curve (the
/// sorts), and one threshold step for all concepts (what the UI's slider costs).
enum CoreTimings {
    static func run(_ evaluation: Evaluation, repetitions: Int) {
        print("evaluation: \(evaluation.inputCount) inputs × \(evaluation.conceptCount) concepts, \(evaluation.mode.rawValue)")
        var metrics: EvaluationMetrics?
        let cpuBefore = processCPUSeconds()
        let build = median(repetitions) {
            metrics = EvaluationMetrics(evaluation: evaluation)
        }
        let cpuPerBuild = (processCPUSeconds() - cpuBefore) / Double(max(1, repetitions))
        guard let metrics else { return }
        print("EvaluationMetrics.init (curves + argmax), median of \(repetitions): \(milliseconds(build)) wall, \(milliseconds(cpuPerBuild)) CPU (all threads)")
        let distinct = metrics.curves.map(\.thresholds.count)
        print("distinct thresholds per concept: \(distinct.min() ?? 0)…\(distinct.max() ?? 0)")

        // One threshold step: counts for every concept at a new threshold.
        let steps = 20_000
        var checksum = 0
        let stepCPUBefore = processCPUSeconds()
        let stepTime = median(9) {
            for step in 0 ..< steps {
                let thresholds = Thresholds(global: Double(step % 1000) / 1000)
                for concept in 0 ..< evaluation.conceptCount {
                    checksum &+= metrics.counts(concept: concept, thresholds: thresholds).tp
                }
            }
        } / Double(steps)
        // CPU per step too: one thread, so on a shared machine it is the step without the waits.
        let stepCPU = (processCPUSeconds() - stepCPUBefore) / Double(9 * steps)
        print("threshold step, all \(evaluation.conceptCount) concepts (counts), median: \(microseconds(stepTime)) wall, \(microseconds(stepCPU)) CPU (mean)")
        let summaryTime = median(9) {
            for step in 0 ..< 2000 {
                checksum &+= metrics.summary(thresholds: Thresholds(global: Double(step % 1000) / 1000)).conceptsWithAUC
            }
        } / 2000
        print("threshold step incl. summary (macro P/R/F1, top-1), median: \(microseconds(summaryTime))")
        let matrix = median(5) { checksum &+= metrics.countsAtThresholdMatrix(thresholds: Thresholds(global: 0.5)).count }
        print("counts-at-threshold matrix: \(milliseconds(matrix))")
        if checksum == 42 { print("") }  // keeps the work observable
    }

    /// CPU time of the whole process so far (user + system, all threads): on a busy machine
    /// it shows the work done, independent of waiting for a core.
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Median wall time in seconds of `repetitions` runs of `body`.
    static func median(_ repetitions: Int, _ body: () -> Void) -> Double {
        var times: [Double] = []
        for _ in 0 ..< max(1, repetitions) {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return times.sorted()[times.count / 2]
    }

    static func milliseconds(_ seconds: Double) -> String { "\((seconds * 1e5).rounded() / 100) ms" }
    static func microseconds(_ seconds: Double) -> String { "\((seconds * 1e8).rounded() / 100) µs" }
}
