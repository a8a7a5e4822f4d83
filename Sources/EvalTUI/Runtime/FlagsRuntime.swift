import EvalCore
import Foundation

/// The I/O side of flags: owns the journal and the background jobs (the evaluation's sha256,
/// the suspects), carries out `FlagsEffect`s and turns their outcomes into `FlagsAction`s for
/// the reducer. The `App` drives it; nothing here touches `AppState` directly.
public final class FlagsRuntime {
    /// Where the journal is; nil when flagging is off (the suspects still work).
    public let location: FlagJournalLocation?
    private let journal: FlagJournal?
    private let evaluationPath: String?
    private let context: FlagContext
    private let synchronous: Bool
    private let refreshInterval: TimeInterval
    private let lowersBackgroundPriority: Bool

    private var session: Session?
    /// Every event read so far (replay and refreshes), for the sha256 check once the hash is in.
    private var eventsRead: [FlagEvent] = []
    private var hashJob: BackgroundJob<String?>?
    private var suspectsJob: BackgroundJob<SuspectList>?
    private var lastRefresh = Date()
    private var lastReadError: String?

    /// - Parameters:
    ///   - location: the journal (`FlagJournalLocation.resolve`), or nil to turn flagging off.
    ///   - evaluationPath: the evaluation file, hashed in the background (nil: not hashed).
    ///   - synchronous: run background work inline (headless replay and tests: deterministic).
    ///   - refreshInterval: how often `poll` re-reads the journal for other reviewers' events.
    ///   - lowersBackgroundPriority: run the hash and the ranking at a lower priority (see
    ///     `BackgroundJob`); tests waiting on them among busy test threads pass false.
    public init(location: FlagJournalLocation?, evaluationPath: String?, context: FlagContext,
                synchronous: Bool = false, refreshInterval: TimeInterval = 2, lowersBackgroundPriority: Bool = true) {
        self.lowersBackgroundPriority = lowersBackgroundPriority
        self.location = location
        self.journal = location.map { FlagJournal(location: $0) }
        self.evaluationPath = evaluationPath
        self.context = context
        self.synchronous = synchronous
        self.refreshInterval = refreshInterval
    }

    /// No journal: flag keys say flagging is off; the suspects view still works.
    public static func disabled(synchronous: Bool = false) -> FlagsRuntime {
        FlagsRuntime(location: nil, evaluationPath: nil, context: FlagContext(user: "", evaluation: ""),
                     synchronous: synchronous, refreshInterval: .infinity)
    }

    /// Once the evaluation is loaded: replay the journal and start hashing the file.
    func start(session: Session) -> [Action] {
        self.session = session
        lastRefresh = Date()
        guard let journal, let location else { return [] }
        var actions: [Action] = [.flags(.configured(FlagsConfiguration(location: location, context: context)))]
        do {
            let read = try journal.readAll()
            actions.append(.flags(.absorbed(resolve(read, known: [:], origin: .replay))))
        } catch {
            actions.append(.flags(.readFailed("\(error)")))
        }
        if let path = evaluationPath {
            hashJob = BackgroundJob(synchronous: synchronous, lowersPriority: lowersBackgroundPriority) { try? SHA256.hex(ofFileAt: path) }
        }
        return actions
    }

    /// Carries out one effect; returns the actions that report its outcome.
    func perform(_ effect: FlagsEffect, flags: FlagsState) -> [Action] {
        switch effect {
        case .save(let change):
            guard let journal else { return [.flags(.saveFailed(change, "flagging is off"))] }
            do {
                try journal.append(change.event)
                return [.flags(.saved(change))]
            } catch {
                return [.flags(.saveFailed(change, "\(error)"))]
            }
        case .refresh(let manual):
            return refresh(flags: flags, origin: manual ? .manualRefresh : .periodicRefresh)
        case .computeSuspects:
            if let held = session?.summary?.suspects {
                // A summary holds the file's first S suspects (`summarize --suspects`): no ranking to do.
                suspectsJob = BackgroundJob(synchronous: synchronous, lowersPriority: lowersBackgroundPriority) {
                    SuspectList(ranking: held.ranking, suspects: held.ranked, seconds: 0, estimatedLabelErrors: held.estimatedLabelErrors,
                                candidates: held.candidates, confidentCounts: held.confidentCounts)
                }
                return synchronous ? finishedJobs() : []
            }
            guard let evaluation = session?.evaluation else { return [] }
            // Headless replays (synchronous) report no time: the status line would say "in 0.12 s"
            // or not depending on how busy the machine is, and replays must be deterministic.
            let timed = !synchronous
            suspectsJob = BackgroundJob(synchronous: synchronous, lowersPriority: lowersBackgroundPriority) {
                let start = Date()
                let report = SuspectFinder.find(in: evaluation)
                return SuspectList(ranking: report.ranking, suspects: report.suspects,
                                   seconds: timed ? Date().timeIntervalSince(start) : 0,
                                   estimatedLabelErrors: report.estimatedLabelErrors)
            }
            // In the background the result always arrives through `poll`, even when the job is
            // quick enough to be done already, so the "ranking…" state is always shown once.
            return synchronous ? finishedJobs() : []
        }
    }

    /// Called from the event loop's idle tick: finished background work, and the periodic
    /// re-read of the journal.
    func poll(now: Date, flags: FlagsState) -> [Action] {
        var actions = finishedJobs()
        if journal != nil, now.timeIntervalSince(lastRefresh) >= refreshInterval {
            actions += refresh(flags: flags, origin: .periodicRefresh)
        }
        return actions
    }

    private func finishedJobs() -> [Action] {
        var actions: [Action] = []
        if let hash = hashJob?.take() {
            hashJob = nil
            if let sha = hash {
                let check = FlagReplayCheck(events: eventsRead, store: FlagStore(context: context), inputIDs: [],
                                            evaluationSHA256: sha)
                actions.append(.flags(.hashed(sha, warnings: check.warnings(journalPath: location?.path ?? ""))))
            }
        }
        if let list = suspectsJob?.take() {
            suspectsJob = nil
            actions.append(.flags(.suspectsReady(list)))
        }
        return actions
    }

    private func refresh(flags: FlagsState, origin: FlagsAbsorbed.Origin) -> [Action] {
        lastRefresh = Date()
        guard let journal else { return [] }
        do {
            let read = try journal.refresh()
            lastReadError = nil
            let absorbed = resolve(read, known: flags.inputIndex, missing: flags.missingIDs, origin: origin)
            if origin == .periodicRefresh, absorbed.events.isEmpty, absorbed.warnings.isEmpty { return [] }
            return [.flags(.absorbed(absorbed))]
        } catch {
            let message = "\(error)"
            // A failing periodic read is said once, not every two seconds.
            if origin == .periodicRefresh, message == lastReadError { return [] }
            lastReadError = message
            return [.flags(.readFailed(message))]
        }
    }

    /// Finds the input index of each id the events name that is not known yet: one pass over
    /// the evaluation's ids, only when there are new ids (the replay, another reviewer's flag).
    private func resolve(_ read: FlagJournalRead, known: [String: Int], missing: Set<String> = [],
                         origin: FlagsAbsorbed.Origin) -> FlagsAbsorbed {
        eventsRead += read.events
        var wanted = Set<String>()
        for event in read.events where known[event.inputID] == nil && !missing.contains(event.inputID) {
            wanted.insert(event.inputID)
        }
        var resolved: [String: Int] = [:]
        if !wanted.isEmpty, let ids = session?.flaggableInputIDs {
            for (index, id) in ids.enumerated() where wanted.contains(id) {
                resolved[id] = index
                if resolved.count == wanted.count { break }
            }
        }
        return FlagsAbsorbed(events: read.events, resolved: resolved, missing: wanted.subtracting(resolved.keys),
                             warnings: read.warnings.map(\.description), origin: origin)
    }
}
