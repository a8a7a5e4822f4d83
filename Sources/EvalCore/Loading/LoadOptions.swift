/// How to read an evaluation file: the `--format` and `--mode` options.
public struct LoadOptions: Sendable {
    /// The format to use; `nil` detects it from the extension and the content.
    public var format: EvaluationFormat?
    /// How to resolve exclusive versus multilabel (see `ModeOption.resolve`).
    public var mode: ModeOption
    /// The most the score matrix may take, in bytes; `nil` is `MemoryBudget`'s default (half
    /// the memory available, or `EVALTOP_MEMORY_LIMIT`).
    public var memoryLimit: Int?

    public init(format: EvaluationFormat? = nil, mode: ModeOption = .auto, memoryLimit: Int? = nil) {
        self.format = format
        self.mode = mode
        self.memoryLimit = memoryLimit
    }
}

/// How far a load has come, for a progress bar. Reported from the loading thread.
public struct LoadProgress: Sendable {
    public let bytesRead: Int
    public let totalBytes: Int
    /// Inputs parsed so far (an estimate while chunks are parsed in parallel).
    public let inputs: Int

    public init(bytesRead: Int, totalBytes: Int, inputs: Int) {
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.inputs = inputs
    }
}
