import EvalCore

/// The model's diagnosis, the slices and the threshold strategies (issue 5), as the UI holds
/// them. The diagnosis and the slices are computed off the main thread (`AnalysisRuntime`)
/// and arrive through `AnalysisAction`s; everything here is a value the screens read.
public struct AnalysisState: Sendable {
    /// The latest diagnosis, kept on screen while a newer one (other thresholds) is computed.
    public var diagnosis: DiagnosisResult?
    /// The breakdown by `meta:` attribute and fold, computed once after the load.
    public var slices: SlicesResult?
    /// Per concept, the suspects whose given label is that concept, once the suspects view
    /// (`L`) has ranked them; the diagnosis then judges `suspect_labels` too.
    public var suspectCounts: [Int]?
    /// Confident learning's estimate of the wrong labels, with `suspectCounts`.
    public var estimatedLabelErrors: Int?
    /// The strategy last applied with `m` / `M`. The curve marks its point; nil marks max-f1.
    public var strategy: ThresholdStrategy?
    /// Where `e` proposes to write the thresholds (nil: beside the evaluation file).
    public var exportPath: String?
    /// `--thresholds FILE`: loaded onto the thresholds once the evaluation is in.
    public var startThresholdsFile: String?
    public var diagnosisView = DiagnosisViewState()
    public var slicesView = SlicesViewState()

    public init() {}

    /// What the diagnosis on screen should have been computed from.
    func request(for thresholds: Thresholds) -> DiagnosisRequest {
        DiagnosisRequest(thresholds: thresholds, suspectCounts: suspectCounts, estimatedLabelErrors: estimatedLabelErrors)
    }

    /// The strategy whose point the curve marks (max-f1 until one is applied).
    public var markedStrategy: ThresholdStrategy { strategy ?? .maxF1 }
}

/// The inputs of one diagnosis: when they change, the diagnosis is computed again.
public struct DiagnosisRequest: Sendable, Equatable {
    public let thresholds: Thresholds
    public let suspectCounts: [Int]?
    public let estimatedLabelErrors: Int?
}

/// A diagnosis with what it was computed from.
public struct DiagnosisResult: Sendable, Equatable {
    public let diagnosis: Diagnosis
    public let request: DiagnosisRequest
    /// Seconds it took (not compared).
    public let seconds: Double

    public init(diagnosis: Diagnosis, request: DiagnosisRequest, seconds: Double) {
        self.diagnosis = diagnosis
        self.request = request
        self.seconds = seconds
    }

    public static func == (a: DiagnosisResult, b: DiagnosisResult) -> Bool {
        a.diagnosis == b.diagnosis && a.request == b.request
    }
}

/// The slices, boxed: `Slices` holds every concept's curve per value, so it is shared rather
/// than compared (two results are equal when they are the same computation).
public final class SlicesResult: Sendable, Equatable {
    public let slices: Slices
    public let seconds: Double

    public init(slices: Slices, seconds: Double) {
        self.slices = slices
        self.seconds = seconds
    }

    public static func == (a: SlicesResult, b: SlicesResult) -> Bool { a === b }
}

/// The diagnosis view (`d`): one entry per concept, those with advice first.
public struct DiagnosisViewState: Sendable, Equatable {
    /// Index into `DiagnosisEntries.order`.
    public var selectedEntry = 0
    /// The first visible line of the concept list.
    public var scrollOffset = 0
}

/// The slices view (`b`): attribute values, and one value's per-concept AUCs on drill-down.
public struct SlicesViewState: Sendable, Equatable {
    /// Index into the selectable value rows (`SliceRows.valueRows`).
    public var selectedValue = 0
    public var scrollOffset = 0
    /// The value whose per-concept AUCs are shown (Enter), or nil for the list of values.
    public var drill: SliceRef?
    public var drillRow = 0
    public var drillOffset = 0
}

/// One value of one attribute of the slices.
public struct SliceRef: Sendable, Equatable {
    public let attribute: Int
    public let value: Int

    public init(attribute: Int, value: Int) {
        self.attribute = attribute
        self.value = value
    }
}
