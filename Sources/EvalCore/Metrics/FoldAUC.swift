/// Each concept's ROC AUC within each fold of a cross-validated evaluation (the `fold`
/// column), with the mean and spread across folds.
public struct FoldAUC: Sendable, Equatable {
    /// The fold values in order of first appearance.
    public let folds: [String]
    /// Inputs in each fold.
    public let foldSizes: [Int]
    /// `auc[concept][fold]`; nil where the fold has no positives or no negatives of the concept.
    public let auc: [[Double?]]
    /// Per concept: the mean over the folds where the AUC is defined, and its population
    /// standard deviation (ddof = 0, as numpy's default); nil when no fold defines it.
    public let mean: [Double?]
    public let std: [Double?]

    public init(folds: [String], foldSizes: [Int], auc: [[Double?]]) {
        self.folds = folds
        self.foldSizes = foldSizes
        self.auc = auc
        let stats = auc.map(MeanAndStd.of)
        self.mean = stats.map(\.mean)
        self.std = stats.map(\.std)
    }
}
