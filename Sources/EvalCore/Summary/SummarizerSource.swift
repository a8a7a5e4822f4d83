/// The file a streaming summarizer reads, opened only when it is of that summarizer's format.
enum SummarizerSource {
    /// `path` mapped when it holds `format` (as `--format` says, or as detected); nil when it is
    /// empty or binary (the loader refuses those before parsing, in its own words) or of
    /// another format, so that the caller hands it to the loader.
    /// `read` is given the file and its result returned, unless the file is cut short
    /// meanwhile (`SourceBytes.whileIntact`).
    static func read<T>(_ path: String, ifFormat format: EvaluationFormat, options: LoadOptions,
                        _ read: (SourceBytes) throws -> T?) throws -> T? {
        let source = try SourceBytes(path: path)
        return try source.whileIntact {
            let head = Array(UnsafeRawBufferPointer(rebasing: source.buffer.prefix(64 << 10)))
            guard !head.isEmpty, !head.contains(0),
                  (options.format ?? EvaluationLoader.detectFormat(path: path, head: head)) == format else { return nil }
            return try read(source)
        }
    }
}
