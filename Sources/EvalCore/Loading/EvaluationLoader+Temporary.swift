// TEMPORARY: a stand-in for the real loaders (branch `loaders`) so that `evaltop report`
// compiles and runs on the `metrics` branch. Delete this file when merging `loaders`.
// Naive: wide CSV only (header `input_id`, `labels`, optional `fold`, then concepts),
// no quoting, minimal validation.
import Foundation

public struct LoadOptions: Sendable {
    public var format: EvaluationFormat?
    public var mode: ModeOption

    public init(format: EvaluationFormat? = nil, mode: ModeOption = .auto) {
        self.format = format
        self.mode = mode
    }
}

public struct LoadProgress: Sendable {
    public let bytesRead: Int
    public let totalBytes: Int
    public let inputs: Int

    public init(bytesRead: Int, totalBytes: Int, inputs: Int) {
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.inputs = inputs
    }
}

public enum EvaluationLoader {
    public static func load(path: String, options: LoadOptions = .init(),
                            progress: (@Sendable (LoadProgress) -> Void)? = nil) throws -> Evaluation {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(path: path, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LoadError(path: path, message: "the file is not valid UTF-8")
        }
        var lines = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        guard !lines.isEmpty else { throw LoadError(path: path, message: "the file is empty") }
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard let idColumn = header.firstIndex(of: "input_id"), let labelColumn = header.firstIndex(of: "labels") else {
            throw LoadError(path: path, line: 1, message: "the header needs input_id and labels columns")
        }
        let foldColumn = header.firstIndex(of: "fold")
        let conceptColumns = header.indices.filter { $0 != idColumn && $0 != labelColumn && $0 != foldColumn }
        let names = conceptColumns.map { header[$0] }
        let conceptIndex = Dictionary(names.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        var ids: [String] = []
        var scores: [Double] = []
        scores.reserveCapacity(lines.count * names.count)
        var offsets: [Int32] = [0]
        var labelConcepts: [Int32] = []
        var foldValues: [String: Int32] = [:]
        var foldOrder: [String] = []
        var foldCodes: [Int32] = []
        for (number, line) in lines.enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == header.count else {
                throw LoadError(path: path, line: number + 2, message: "expected \(header.count) fields, found \(fields.count)")
            }
            ids.append(String(fields[idColumn]))
            for column in conceptColumns {
                guard let score = Double(fields[column]), score >= 0, score <= 1 else {
                    throw LoadError(path: path, line: number + 2, message: "bad score \(fields[column])")
                }
                scores.append(score)
            }
            var labels: [Int32] = []
            for name in fields[labelColumn].split(separator: ";") {
                guard let index = conceptIndex[String(name)] else {
                    throw LoadError(path: path, line: number + 2, message: "unknown concept \(name)")
                }
                labels.append(index)
            }
            labelConcepts += Set(labels).sorted()
            offsets.append(Int32(labelConcepts.count))
            if let foldColumn {
                let value = String(fields[foldColumn])
                if foldValues[value] == nil {
                    foldValues[value] = Int32(foldOrder.count)
                    foldOrder.append(value)
                }
                foldCodes.append(foldValues[value]!)
            }
        }
        guard !ids.isEmpty else { throw LoadError(path: path, message: "the file has a header but no rows") }
        return Evaluation(
            sourcePath: path, format: .wide,
            mode: options.mode.resolve(everyInputHasOneLabel: Evaluation.everyInputHasOneLabel(offsets)),
            concepts: names.map { Concept(id: $0, name: $0) }, inputIDs: ids, scores: scores,
            labelOffsets: offsets, labelConcepts: labelConcepts,
            fold: foldColumn.map { _ in CategoricalAttribute(name: "fold", values: foldOrder, codes: foldCodes) })
    }
}
