import Foundation

/// Writes a corrected copy of an evaluation file: the given inputs get new labels, and every
/// other byte stays as it was (quoting, number formatting, line endings, key order).
///
/// - Wide CSV/TSV: the `labels` cell of each corrected row, as names joined by `;`.
/// - Long CSV: the `label` cell of each of the input's rows, in the vocabulary the cell
///   already uses (1/0, true/false, yes/no, with its capitalisation).
/// - JSON Lines: the `labels` value of the input's line.
/// - Clarifai JSON: the entry's `ground_truth_concepts` (`{"id","name","value":1}` per concept).
public enum CorrectedCopy {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The corrected bytes. `corrections` maps input ids to concept ids (labels to apply);
    /// `evaluation` supplies the format and the concepts. Throws when the file no longer
    /// matches the evaluation's format.
    public static func make(source: [UInt8], evaluation: Evaluation, corrections: [String: [String]]) throws -> [UInt8] {
        let names = Dictionary(evaluation.concepts.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var replacements: [(Range<Int>, [UInt8])] = []
        switch evaluation.format {
        case .wide:
            replacements = try wide(source, path: evaluation.sourcePath, corrections: corrections, names: names)
        case .long:
            replacements = try long(source, path: evaluation.sourcePath, corrections: corrections)
        case .jsonl:
            replacements = try jsonLines(source, corrections: corrections, names: names)
        case .clarifai:
            replacements = try clarifai(source, corrections: corrections, names: names)
        }
        let output = splice(source, replacements)
        try verify(output, source: source, evaluation: evaluation, corrections: corrections)
        return output
    }

    /// Reads the copy back as evaltop would and checks that it holds the same inputs with the
    /// intended labels. The writers find cells with a scanner of their own; a file whose quoting
    /// the loader accepts leniently (a stray quote inside a header cell) could put a cell
    /// elsewhere for the two, and a copy that reads back wrong must never be written (found
    /// by scripts/fuzz.sh apply).
    static func verify(_ output: [UInt8], source: [UInt8], evaluation: Evaluation, corrections: [String: [String]]) throws {
        let path = evaluation.sourcePath
        let options = LoadOptions(format: evaluation.format, mode: .multilabel)
        // The source as the loader reads it now (the evaluation may have been loaded earlier).
        guard let original = try? EvaluationLoader.load(bytes: source, name: path, options: options) else { return }
        let unsafe = "the corrected copy would not read back as intended"
        let advice = "the file's quoting is irregular; rewrite it with a CSV or JSON writer, or relabel from `evaltop flags` instead"
        let copy: Evaluation
        do {
            copy = try EvaluationLoader.load(bytes: output, name: path, options: options)
        } catch {
            throw Failure(description: "\(path): \(unsafe) (\(error)); \(advice)")
        }
        guard copy.inputIDs == original.inputIDs else {
            throw Failure(description: "\(path): \(unsafe) (its inputs differ); \(advice)")
        }
        for input in 0 ..< original.inputCount {
            let got = Set(copy.labels(of: input).map { copy.concepts[Int($0)].id })
            let expected = corrections[original.inputIDs[input]].map(Set.init)
                ?? Set(original.labels(of: input).map { original.concepts[Int($0)].id })
            guard got == expected else {
                throw Failure(description: "\(path): \(unsafe) (input '\(TerminalSafe.escape(original.inputIDs[input]))' would have other labels); \(advice)")
            }
        }
    }

    static func splice(_ source: [UInt8], _ replacements: [(Range<Int>, [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(source.count + 1024)
        var cursor = 0
        for (range, bytes) in replacements.sorted(by: { $0.0.lowerBound < $1.0.lowerBound }) {
            out.append(contentsOf: source[cursor ..< range.lowerBound])
            out.append(contentsOf: bytes)
            cursor = range.upperBound
        }
        out.append(contentsOf: source[cursor...])
        return out
    }

    private static func delimiter(for path: String) -> UInt8 {
        path.lowercased().hasSuffix(".tsv") ? UInt8(ascii: "\t") : UInt8(ascii: ",")
    }

    private static func wide(_ source: [UInt8], path: String, corrections: [String: [String]], names: [String: String])
        throws -> [(Range<Int>, [UInt8])] {
        let separator = delimiter(for: path)
        var scanner = CSVRecordScanner(bytes: source, delimiter: separator)
        guard let header = try scanner.next() else { throw Failure(description: "\(path): empty file") }
        let columns = header.fields.map { scanner.decode($0) }
        guard let idColumn = columns.firstIndex(where: { ["input_id", "id", "input"].contains($0) }),
              let labelColumn = columns.firstIndex(where: { ["labels", "label", "ground_truth"].contains($0) })
        else { throw Failure(description: "\(path): no input_id or labels column") }
        var replacements: [(Range<Int>, [UInt8])] = []
        while let record = try scanner.next() {
            guard record.fields.count > max(idColumn, labelColumn),
                  let labels = corrections[scanner.decode(record.fields[idColumn])] else { continue }
            let written = labels.map { names[$0] ?? $0 }
            if let unwritable = written.first(where: { !canStandInLabelsCell($0) }) {
                throw Failure(description: "\(path): concept '\(TerminalSafe.escape(unwritable))' cannot be written in a labels cell "
                    + "(its name holds ';' or '|', which separate labels, or starts or ends with a space); rename the concept column first")
            }
            let cell = written.joined(separator: ";")
            let quoted = CSVQuoting.quote(cell, delimiter: Character(Unicode.Scalar(separator)))
            replacements.append((record.fields[labelColumn], Array(quoted.utf8)))
        }
        return replacements
    }

    /// Whether the wide loader reads `name` back from a labels cell: it splits the cell at ';'
    /// and '|' and trims spaces from each part.
    static func canStandInLabelsCell(_ name: String) -> Bool {
        !name.contains(";") && !name.contains("|") && name.trimmingSpaces == name
    }

    private static func long(_ source: [UInt8], path: String, corrections: [String: [String]])
        throws -> [(Range<Int>, [UInt8])] {
        var scanner = CSVRecordScanner(bytes: source, delimiter: delimiter(for: path))
        guard let header = try scanner.next() else { throw Failure(description: "\(path): empty file") }
        let columns = header.fields.map { scanner.decode($0) }
        guard let idColumn = columns.firstIndex(where: { ["input_id", "id", "input"].contains($0) }),
              let conceptColumn = columns.firstIndex(of: "concept"),
              let labelColumn = columns.firstIndex(of: "label")
        else { throw Failure(description: "\(path): no input_id, concept or label column") }
        var replacements: [(Range<Int>, [UInt8])] = []
        while let record = try scanner.next() {
            guard record.fields.count > max(idColumn, conceptColumn, labelColumn),
                  let labels = corrections[scanner.decode(record.fields[idColumn])] else { continue }
            // Trimmed as the long loader reads it, so that " cat" is the concept "cat".
            let concept = scanner.decode(record.fields[conceptColumn]).trimmingSpaces
            let old = scanner.decode(record.fields[labelColumn])
            let new = booleanCell(labels.contains(concept), like: old)
            if new != old { replacements.append((record.fields[labelColumn], Array(new.utf8))) }
        }
        return replacements
    }

    /// `value` written the way `example` writes booleans (1/0, true/false, yes/no, same case).
    static func booleanCell(_ value: Bool, like example: String) -> String {
        let trimmed = example.trimmingCharacters(in: .whitespaces)
        let pair: (String, String)
        switch trimmed.lowercased() {
        case "true", "false": pair = ("true", "false")
        case "yes", "no": pair = ("yes", "no")
        default: return value ? "1" : "0"
        }
        let word = value ? pair.0 : pair.1
        if trimmed == trimmed.uppercased() { return word.uppercased() }
        if trimmed.first?.isUppercase == true { return word.prefix(1).uppercased() + word.dropFirst() }
        return word
    }

    private static func jsonArray(_ labels: [String], names: [String: String]) -> [UInt8] {
        Array(("[" + labels.map { JSONText.string(names[$0] ?? $0) }.joined(separator: ",") + "]").utf8)
    }

    private static func jsonLines(_ source: [UInt8], corrections: [String: [String]], names: [String: String])
        throws -> [(Range<Int>, [UInt8])] {
        let scanner = JSONSpanScanner(bytes: source)
        var replacements: [(Range<Int>, [UInt8])] = []
        var lineStart = 0
        var lineNumber = 1
        while lineStart < source.count {
            let lineEnd = source[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? source.count
            let start = scanner.skipWhitespace(lineStart)
            if start < lineEnd {
                do {
                    let members = try scanner.members(ofObject: start ..< lineEnd)
                    if let idSpan = JSONSpanScanner.value(members, "input_id", "id", "input"),
                       let labels = corrections[try scanner.decodeString(idSpan)] {
                        if let labelSpan = JSONSpanScanner.value(members, "labels") {
                            replacements.append((labelSpan, jsonArray(labels, names: names)))
                        } else {
                            throw Failure(description: "line \(lineNumber): no labels key")
                        }
                    }
                } catch is JSONSpanScanner.Malformed {
                    throw Failure(description: "line \(lineNumber): not a JSON object")
                }
            }
            lineStart = lineEnd + 1
            lineNumber += 1
        }
        return replacements
    }

    private static func clarifai(_ source: [UInt8], corrections: [String: [String]], names: [String: String])
        throws -> [(Range<Int>, [UInt8])] {
        let scanner = JSONSpanScanner(bytes: source)
        do {
            let rootStart = scanner.skipWhitespace(source.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0)
            var metrics = rootStart ..< (try scanner.valueEnd(rootStart))
            let root = try scanner.members(ofObject: metrics)
            if let modelVersion = JSONSpanScanner.value(root, "model_version", "modelVersion"),
               let inner = JSONSpanScanner.value(try scanner.members(ofObject: modelVersion), "metrics") {
                metrics = inner
            } else if let inner = JSONSpanScanner.value(root, "eval_metrics", "evalMetrics") {
                metrics = inner
            }
            guard let testSet = JSONSpanScanner.value(try scanner.members(ofObject: metrics), "test_set", "testSet") else {
                throw Failure(description: "no test_set in the document")
            }
            var replacements: [(Range<Int>, [UInt8])] = []
            for entry in try scanner.elements(ofArray: testSet) {
                let members = try scanner.members(ofObject: entry)
                guard let input = JSONSpanScanner.value(members, "input"),
                      let idSpan = JSONSpanScanner.value(try scanner.members(ofObject: input), "id"),
                      let labels = corrections[try scanner.decodeString(idSpan)] else { continue }
                let concepts = labels.map {
                    "{\"id\":" + JSONText.string($0) + ",\"name\":" + JSONText.string(names[$0] ?? $0) + ",\"value\":1}"
                }
                let array = Array(("[" + concepts.joined(separator: ",") + "]").utf8)
                if let truth = JSONSpanScanner.value(members, "ground_truth_concepts", "groundTruthConcepts") {
                    replacements.append((truth, array))
                } else {
                    // No ground truth key (an input labelled with nothing): add one after "input".
                    replacements.append((input.upperBound ..< input.upperBound,
                                         Array(",\"ground_truth_concepts\":".utf8) + array))
                }
            }
            return replacements
        } catch is JSONSpanScanner.Malformed {
            throw Failure(description: "the Clarifai document is not valid JSON")
        }
    }
}
