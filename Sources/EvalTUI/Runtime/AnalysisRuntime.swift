import EvalCore
import Foundation

/// The background side of the diagnosis (issue 5): computes the slices once after the load,
/// then the diagnosis for the thresholds in force, again whenever they (or the suspects)
/// change; and writes the thresholds export. The `App` calls `sync` after every action and
/// `poll` on the idle tick; nothing here touches `AppState` directly.
///
/// The slices cost about one sort of every score per attribute (~1.5 s at a million inputs),
/// the diagnosis 25–90 ms; neither runs on a keystroke. At most one diagnosis runs at a time:
/// when the thresholds moved meanwhile, the next one starts with the latest as soon as it ends,
/// so holding → costs one diagnosis per finished one, not one per key.
public final class AnalysisRuntime {
    private let synchronous: Bool
    private var session: Session?
    private var slicesJob: BackgroundJob<SlicesResult>?
    /// The slices, once computed (the diagnosis uses them for bias and fold variance).
    private var slices: Slices?
    private var diagnosisJob: BackgroundJob<DiagnosisResult>?
    /// What the running diagnosis was asked for.
    private var running: DiagnosisRequest?

    /// - Parameter synchronous: run the work inline (headless replay and tests: deterministic).
    public init(synchronous: Bool = false) {
        self.synchronous = synchronous
    }

    /// Once the evaluation is loaded: start the slices.
    func start(session: Session) -> [Action] {
        self.session = session
        let metrics = session.metrics
        slicesJob = BackgroundJob(synchronous: synchronous) {
            let start = Date()
            let slices = metrics.slices()
            return SlicesResult(slices: slices, seconds: Date().timeIntervalSince(start))
        }
        return finishedJobs()
    }

    /// Starts a diagnosis when the one on screen is not for the current request and none is
    /// running; returns the outcomes of finished work.
    func sync(state: AppState) -> [Action] {
        var actions = finishedJobs()
        guard let session, let slices, diagnosisJob == nil else { return actions }
        let request = state.analysis.request(for: state.thresholds)
        guard state.analysis.diagnosis?.request != request, running != request else { return actions }
        let metrics = session.metrics
        running = request
        diagnosisJob = BackgroundJob(synchronous: synchronous) {
            let start = Date()
            let diagnosis = Diagnoser.diagnose(metrics: metrics, thresholds: request.thresholds, slices: slices,
                                               suspectCounts: request.suspectCounts,
                                               estimatedLabelErrors: request.estimatedLabelErrors)
            let result = DiagnosisResult(diagnosis: diagnosis, request: request, seconds: Date().timeIntervalSince(start))
            // What the diagnosis view and the Adv column derive from it, built here rather
            // than on the first key that shows it (96 ms at 20,000 concepts).
            _ = session.diagnosisLayout(result)
            _ = session.adviceWidth(result)
            return result
        }
        actions += finishedJobs()
        return actions
    }

    /// Carries out one effect; returns the actions that report its outcome.
    func perform(_ effect: AnalysisEffect) -> [Action] {
        switch effect {
        case .writeThresholds(let path, let text, let overwrite):
            // Like `flags --apply`, an existing file is replaced only when the user says so.
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                return [.analysis(.exportFailed("\(path): cannot write the thresholds (is a directory; give the path of a file to write)"))]
            }
            if !overwrite, FileManager.default.fileExists(atPath: path) {
                return [.analysis(.exportWouldOverwrite(path: path, text: text))]
            }
            do {
                try ThresholdsFile.write(text, to: path)
                return [.analysis(.exported(path: path))]
            } catch {
                return [.analysis(.exportFailed(error.description))]
            }
        }
    }

    /// True while background work is running (the header says "diagnosing…").
    public var busy: Bool { slicesJob != nil || diagnosisJob != nil }

    private func finishedJobs() -> [Action] {
        var actions: [Action] = []
        if let result = slicesJob?.take() {
            slicesJob = nil
            slices = result.slices
            actions.append(.analysis(.slicesReady(result)))
        }
        if let result = diagnosisJob?.take() {
            diagnosisJob = nil
            running = nil
            actions.append(.analysis(.diagnosed(result)))
        }
        return actions
    }
}
