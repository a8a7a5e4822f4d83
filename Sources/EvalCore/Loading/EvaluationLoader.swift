import Foundation

/// Reads evaluation files in every supported format (see README "Formats").
///
/// Errors are `LoadError`s that name the file, line and column, or `CancellationError` when
/// the calling Task is cancelled during a load.
public enum EvaluationLoader {
    /// Loads the file at `path`. `progress` is called from loading threads as bytes are parsed.
    public static func load(path: String, options: LoadOptions = .init(),
                            progress: (@Sendable (LoadProgress) -> Void)? = nil) throws -> Evaluation {
        let source = try SourceBytes(path: path)
        return try source.whileIntact {
            try load(source, options: options, progress: ProgressSink(totalBytes: source.count, callback: progress))
        }
    }

    /// Loads an evaluation from bytes in memory; `name` stands for the path in messages and
    /// in format detection (its extension counts).
    public static func load(bytes: [UInt8], name: String, options: LoadOptions = .init()) throws -> Evaluation {
        let source = SourceBytes(bytes: bytes, name: name)
        return try load(source, options: options, progress: ProgressSink(totalBytes: source.count, callback: nil))
    }

    /// The examples shipped as resources of this module, so that `evaltop` works with no file
    /// from any directory (`.build/release/evaltop`, `swift run`, any working directory).
    public enum BundledExample: Sendable, CaseIterable {
        /// scikit-learn's digits (1797 × 10) with their true labels and no images: the
        /// evaluation the tests and the golden screens are drawn from.
        case digits
        /// The same scores with an `url` column to each digit's 8 × 8 PNG (beside it in
        /// `digits_images/img/`) and 5 % of the labels flipped (scripts/make_digits_images.py):
        /// what `evaltop` with no file opens, so that a newcomer sees images and, in the suspects
        /// view, mislabeled digits at once.
        case digitsFlippedWithImages

        /// What `evaltop` and `evaltop report` open when no file is given.
        public static let noFileDefault = BundledExample.digitsFlippedWithImages

        /// The path inside the module's resources.
        var resourcePath: String {
            switch self {
            case .digits: return "example.csv"
            case .digitsFlippedWithImages: return "digits_images/digits_flipped.csv"
            }
        }

        /// The name shown in the header.
        public var displayName: String {
            switch self {
            case .digits: return "digits.csv (bundled example)"
            case .digitsFlippedWithImages: return "digits_flipped.csv (bundled)"
            }
        }
    }

    /// Loads a bundled example. Its `sourcePath` is the resource's real path, so that relative
    /// image paths in it resolve beside it, as they do for any evaluation file.
    public static func loadBundledExample(_ example: BundledExample = .digits, options: LoadOptions = .init()) throws -> Evaluation {
        guard let path = bundledExamplePath(example) else {
            throw LoadError(path: example.resourcePath, message: "the bundled example is missing from this build; give an evaluation file")
        }
        return try load(path: path, options: options)
    }

    /// Where a bundled example is: SwiftPM's resource folder beside the executable, or the
    /// source tree it was built from. Looked up by hand because `Bundle.module` ends the
    /// process on Linux when the folder is missing (a binary copied elsewhere).
    public static func bundledExamplePath(_ example: BundledExample = .digits) -> String? {
        let fileManager = FileManager.default
        let resource = example.resourcePath
        var candidates: [String] = []
        if let executable = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            let folder = (executable as NSString).deletingLastPathComponent
            candidates.append(folder + "/evaltop_EvalCore.resources/" + resource)
            candidates.append(folder + "/evaltop_EvalCore.bundle/Contents/Resources/" + resource)
        }
        if let main = Bundle.main.executableURL?.deletingLastPathComponent().path {
            candidates.append(main + "/evaltop_EvalCore.resources/" + resource)
            candidates.append(main + "/evaltop_EvalCore.bundle/Contents/Resources/" + resource)
        }
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(sources.appendingPathComponent("Resources/" + resource).path)
        return candidates.first { fileManager.isReadableFile(atPath: $0) }
    }

    /// The format of a file from its name and its first bytes (a few kilobytes are plenty).
    /// JSON content is Clarifai's document when it has Clarifai's keys or a `.json` name,
    /// and JSON Lines otherwise; CSV content is long when the header has `concept` and
    /// `score` columns, and wide otherwise.
    public static func detectFormat(path: String, head: [UInt8]) -> EvaluationFormat {
        let name = path.lowercased()
        var start = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < head.count, [0x20, 0x09, 0x0A, 0x0D].contains(head[start]) { start += 1 }
        let startsLikeJSON = start < head.count && head[start] == UInt8(ascii: "{")
        if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") { return .jsonl }
        if startsLikeJSON || name.hasSuffix(".json") {
            let text = String(decoding: head, as: UTF8.self)
            let clarifaiKeys = ["\"test_set\"", "\"testSet\"", "\"eval_metrics\"", "\"evalMetrics\"",
                                "\"model_version\"", "\"modelVersion\"", "\"binary_metrics\"", "\"binaryMetrics\""]
            if clarifaiKeys.contains(where: text.contains) { return .clarifai }
            if text.contains("\"scores\"") { return .jsonl }
            return name.hasSuffix(".json") ? .clarifai : .jsonl
        }
        var firstLine = Array(head[start...].prefix { $0 != 0x0A })
        if firstLine.last == 0x0D { firstLine.removeLast() }
        let delimiter: UInt8 = name.hasSuffix(".tsv") || firstLine.filter({ $0 == 0x09 }).count > firstLine.filter({ $0 == 0x2C }).count
            ? 0x09 : 0x2C
        let names = firstLine.split(separator: delimiter, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self).trimmingSpaces.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return CSVColumnRoles.looksLong(names) ? .long : .wide
    }

    /// `forceSequential` and `pieces` (tests and the `summarize` fuzz target): the wide loader
    /// reads the data as one chunk, or cut into that many.
    static func load(_ source: SourceBytes, options: LoadOptions, progress: ProgressSink, forceSequential: Bool = false,
                     pieces: Int? = nil) throws -> Evaluation {
        guard source.count > 0 else {
            throw LoadError(path: source.path, message: "the file is empty; expected an evaluation (wide or long CSV, JSON Lines or a Clarifai evaluation JSON)")
        }
        let head = Array(UnsafeRawBufferPointer(rebasing: source.buffer.prefix(64 << 10)))
        if let zero = head.firstIndex(of: 0) {
            let position = SourceLocation.of(offset: zero, in: source.buffer)
            throw LoadError(path: source.path, line: position.line, column: position.column,
                            message: "this is a binary file (it contains a NUL byte), not a CSV, TSV or JSON evaluation")
        }
        let format = options.format ?? detectFormat(path: source.path, head: head)
        return try CancellationProbe.run { probe in
            try probe.check()
            switch format {
            case .wide, .long:
                let header: CSVHeader
                do { header = try CSVHeader.read(source.buffer, path: source.path) } catch let failure as ParseFailure { throw failure.loadError(in: source) }
                if format == .wide {
                    return try WideCSVLoader.load(source, header: header, options: options, progress: progress,
                                                  probe: probe, forceSequential: forceSequential, pieces: pieces)
                }
                return try LongCSVLoader.load(source, header: header, options: options, progress: progress, probe: probe)
            case .jsonl:
                return try JSONLinesLoader.load(source, options: options, progress: progress, probe: probe)
            case .clarifai:
                return try ClarifaiLoader.load(source, options: options, progress: progress, probe: probe)
            }
        }
    }
}
