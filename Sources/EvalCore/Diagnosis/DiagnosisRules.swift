/// The cut-offs of the diagnosis, in one place (README "Diagnosis rules" lists them).
/// AUC, AP and F1 are judged together; "best F1" is the F1 at the concept's max-F1 threshold,
/// so a concept's strength does not depend on where the threshold slider happens to be.
public enum DiagnosisRules {
    // MARK: concept strength

    /// Strong: AUC ≥ 0.95 and AP ≥ 0.80 and best F1 ≥ 0.75.
    public static let strongMinimumAUC = 0.95
    public static let strongMinimumAP = 0.80
    public static let strongMinimumBestF1 = 0.75
    /// Weak: AUC < 0.85 or AP < 0.60 or best F1 < 0.60. Anything in between is "fair".
    /// (A concept the model cannot tell from one look-alike among several easy concepts has an
    /// AUC near 0.9 but an AP near 0.5: weak, which AUC alone would miss.)
    public static let weakBelowAUC = 0.85
    public static let weakBelowAP = 0.60
    public static let weakBelowBestF1 = 0.60

    // MARK: verdict

    /// Bad model: at least half of the assessed concepts are weak, or the macro AUC is < 0.80.
    public static let badMinimumWeakShare = 0.5
    public static let badBelowMacroAUC = 0.80
    /// Model with variance: at least a quarter of the assessed concepts have `fold_variance`,
    /// or the per-fold macro AUC has a standard deviation ≥ 0.05 across folds.
    public static let varianceMinimumConceptShare = 0.25
    public static let varianceMinimumMacroAUCStd = 0.05
    /// Possibly biased: two values of a `meta:` attribute, each with ≥ `sliceMinimumInputs`
    /// inputs, differ in macro AUC by ≥ 0.10.
    public static let biasMinimumGap = 0.10
    /// The summary points out thresholds that lose this much macro F1 against each concept's best.
    public static let thresholdF1LossWorthMentioning = 0.10

    // MARK: slices

    /// Slices with fewer inputs are shown but never compared (their AUC is too noisy).
    public static let sliceMinimumInputs = 30
    /// Attributes with more distinct values are not broken down (an id-like column).
    public static let sliceMaximumValues = 200

    // MARK: advice codes

    /// `few_inputs`: fewer than 50 labelled inputs.
    public static let fewInputsMinimum = 50
    /// `small_images`: ≥ 10% of the concept's inputs (with a known size) under 512 px on either side.
    public static let smallImageSide: Int32 = 512
    public static let smallImagesMinimumShare = 0.10
    /// `confused_with:OTHER`: ≥ 10% of the concept's inputs predicted as OTHER (argmax in
    /// exclusive mode; score ≥ OTHER's threshold without the OTHER label in multilabel mode).
    public static let confusionMinimumShare = 0.10
    /// `fold_variance`: per-fold AUC standard deviation (ddof 0) ≥ 0.05, over ≥ 2 folds.
    public static let foldVarianceMinimumStd = 0.05
    /// `suspect_labels`: at least 3 suspects, and a share of the concept's labelled inputs
    /// that is ≥ 20%, or ≥ 5% and at least twice the share over all labels.
    public static let suspectMinimumCount = 3
    public static let suspectShareAlwaysUnusual = 0.20
    public static let suspectShareMinimum = 0.05
    public static let suspectShareRelativeToOverall = 2.0
    /// Model-level `suspect_labels` (label noise): confident learning estimates (`LabelErrorEstimate`)
    /// that at least 2% of the inputs carry a wrong label. A few wrong labels are normal in any
    /// data set; past this share they move the metrics and are worth a review pass.
    public static let labelNoiseMinimumShare = 0.02
    /// `too_easy`: every positive scores above every negative, with fewer than 100 positives.
    public static let tooEasyBelowPositives = 100
}
