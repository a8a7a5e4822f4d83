import Foundation

// TEMPORARY: a naive wide-CSV-only loader with the final API, so that the flags and suspects
// commands compile before the real loader is merged. The lead deletes this file at merge.

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
}

public enum EvaluationLoader {
    public static func load(
        path: String, options: LoadOptions = .init(), progress: (@Sendable (LoadProgress) -> Void)? = nil
    ) throws -> Evaluation {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(path: path, message: "cannot read the file")
        }
        let bytes = [UInt8](data)
        let delimiter: UInt8 = path.hasSuffix(".tsv") ? UInt8(ascii: "\t") : UInt8(ascii: ",")
        var scanner = CSVRecordScanner(bytes: bytes, delimiter: delimiter)
        guard let header = try scanner.next() else { throw LoadError(path: path, message: "empty file") }
        let names = header.fields.map { scanner.decode($0) }
        guard let idColumn = names.firstIndex(where: { ["input_id", "id", "input"].contains($0) }),
              let labelColumn = names.firstIndex(where: { ["labels", "label", "ground_truth"].contains($0) })
        else { throw LoadError(path: path, line: 1, message: "needs input_id and labels columns") }
        let metadata: Set<String> = ["url", "path", "width", "height", "fold"]
        var conceptColumns: [Int] = []
        for (column, name) in names.enumerated()
        where column != idColumn && column != labelColumn && !metadata.contains(name) && !name.hasPrefix("meta:") {
            conceptColumns.append(column)
        }
        let urlColumn = names.firstIndex(where: { $0 == "url" || $0 == "path" })
        let concepts = conceptColumns.map { Concept(id: names[$0], name: names[$0]) }
        var conceptIndex: [String: Int32] = [:]
        for (index, concept) in concepts.enumerated() { conceptIndex[concept.name] = Int32(index) }
        var ids: [String] = []
        var urls: [String] = []
        var scores: [Double] = []
        var offsets: [Int32] = [0]
        var labels: [Int32] = []
        while let record = try scanner.next() {
            if record.fields.count == 1 && record.fields[0].isEmpty { continue }
            guard record.fields.count == names.count else {
                throw LoadError(path: path, line: record.line, message: "expected \(names.count) fields")
            }
            ids.append(scanner.decode(record.fields[idColumn]))
            if let urlColumn { urls.append(scanner.decode(record.fields[urlColumn])) }
            for column in conceptColumns {
                guard let value = Double(scanner.decode(record.fields[column])) else {
                    throw LoadError(path: path, line: record.line, message: "bad score")
                }
                scores.append(value)
            }
            let cell = scanner.decode(record.fields[labelColumn])
            let rowLabels = cell.split(whereSeparator: { $0 == ";" || $0 == "|" }).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            var codes: [Int32] = []
            for name in rowLabels where !name.isEmpty {
                guard let code = conceptIndex[name] else {
                    throw LoadError(path: path, line: record.line, message: "unknown concept \(name)")
                }
                codes.append(code)
            }
            labels.append(contentsOf: Set(codes).sorted())
            offsets.append(Int32(labels.count))
        }
        let mode = options.mode.resolve(everyInputHasOneLabel: Evaluation.everyInputHasOneLabel(offsets))
        return Evaluation(
            sourcePath: path, format: .wide, mode: mode, concepts: concepts, inputIDs: ids, scores: scores,
            labelOffsets: offsets, labelConcepts: labels, urls: urlColumn == nil ? nil : urls)
    }
}
