import Foundation

/// The thresholds file a deployment reads, and `--thresholds FILE` loads.
///
/// Written forms:
/// - plain (`evaltop thresholds … --output`, the UI's `e`): `{"dog": 0.62, "cat": null, …}`,
///   one key per concept name in concept order; null where the strategy found no threshold.
/// - detailed (`--detailed`): the `evaltop thresholds --json` document,
///   `{"strategy": "max-f1", "thresholds": [{"concept": "dog", "threshold": 0.62, "precision": …}]}`.
///
/// Both read back. A key may be the concept's name or its id (Clarifai ids differ from names);
/// null means "no override" (the concept keeps the global threshold).
public enum ThresholdsFile {
    // MARK: writing

    /// The plain form of every concept's threshold in force (`thresholds.value(for:)`).
    public static func plain(_ thresholds: Thresholds, concepts: [Concept]) -> String {
        plain(concepts.indices.map { (concepts[$0].name, thresholds.value(for: $0)) })
    }

    /// The plain form of a strategy's suggestions (null where there is none).
    public static func plain(_ suggestions: [ThresholdSuggestion], concepts: [Concept]) -> String {
        plain(suggestions.map { (concepts[$0.concept].name, $0.threshold) })
    }

    private static func plain(_ pairs: [(String, Double?)]) -> String {
        JSONText.object(pairs.map { ($0.0, JSONText.number($0.1)) }, indent: "") + "\n"
    }

    /// The detailed form: the strategy and, per concept, the threshold with its metrics.
    public static func detailed(strategy: ThresholdStrategy, suggestions: [ThresholdSuggestion], concepts: [Concept]) -> String {
        let rows = suggestions.map { suggestion -> String in
            let counts = suggestion.counts
            return "    " + JSONText.object([
                ("concept", JSONText.string(concepts[suggestion.concept].name)),
                ("threshold", JSONText.number(suggestion.threshold)),
                ("precision", JSONText.number(counts?.precision)),
                ("recall", JSONText.number(counts?.recall)),
                ("f1", JSONText.number(counts?.f1)),
                ("tp", JSONText.number(counts?.tp)),
                ("fp", JSONText.number(counts?.fp)),
                ("fn", JSONText.number(counts?.fn)),
            ])
        }
        return JSONText.object([
            ("strategy", JSONText.string(strategy.description)),
            ("thresholds", rows.isEmpty ? "[]" : "[\n" + rows.joined(separator: ",\n") + "\n  ]"),
        ], indent: "") + "\n"
    }

    /// Writes a thresholds document (from `plain` or `detailed`) atomically, so a deployment
    /// never reads a half-written file. The error names the path and the reason.
    public static func write(_ text: String, to path: String) throws(ThresholdsWriteError) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ThresholdsWriteError(path: path, reason: SmallFile.writeProblem(path: path)
                ?? (error as NSError).localizedDescription)
        }
    }

    // MARK: reading

    /// Loads `path` as per-concept overrides on top of `global` (what `evaltop FILE
    /// --thresholds PATH` and `report --thresholds PATH` call). Errors name the file and,
    /// for an unknown concept, list the evaluation's concepts.
    public static func load(path: String, evaluation: Evaluation, global: Double) throws(LoadError) -> Thresholds {
        let bytes = try SmallFile.read(path: path, what: "a thresholds file")
        return try parse(bytes: bytes, path: path, concepts: evaluation.concepts, global: global)
    }

    /// Reads `path` and checks what can be checked without an evaluation: readable, JSON,
    /// either form, numbers in [0, 1] or null (`evaltop FILE --thresholds PATH` does it before
    /// the UI starts; the concept names are checked once the evaluation is loaded).
    public static func check(path: String) throws(LoadError) {
        try check(bytes: SmallFile.read(path: path, what: "a thresholds file"), path: path)
    }

    /// `check(path:)` of bytes already read (`path` names them in errors).
    static func check(bytes: [UInt8], path: String) throws(LoadError) {
        let locator = Locator(path: path, bytes: bytes)
        _ = try entries(of: try document(bytes: bytes, path: path), locator: locator)
    }

    /// Parses a thresholds document (either form). `path` only names it in errors.
    public static func parse(bytes: [UInt8], path: String, concepts: [Concept], global: Double) throws(LoadError) -> Thresholds {
        let locator = Locator(path: path, bytes: bytes)
        let entries = try entries(of: try document(bytes: bytes, path: path), locator: locator)
        return try resolve(entries, locator: locator, concepts: concepts, global: global)
    }

    private static func document(bytes: [UInt8], path: String) throws(LoadError) -> JSONValue {
        let parsed: Result<JSONValue, LoadError> = bytes.withUnsafeBytes { buffer in
            var parser = JSONParser(bytes: buffer, start: buffer.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0, end: buffer.count)
            do throws(ParseFailure) {
                return .success(try parser.parseDocument())
            } catch {
                let position = SourceLocation.of(offset: error.offset ?? 0, in: buffer)
                return .failure(LoadError(path: path, line: position.line, column: position.column, message: error.message))
            }
        }
        return try parsed.get()
    }

    /// Errors placed at a byte offset of the file (a key, or a row of the detailed form).
    private struct Locator {
        let path: String
        let bytes: [UInt8]

        func error(at offset: Int?, _ message: String) -> LoadError {
            guard let offset else { return LoadError(path: path, message: message) }
            let position = bytes.withUnsafeBytes { SourceLocation.of(offset: offset, in: $0) }
            return LoadError(path: path, line: position.line, column: position.column, message: message)
        }

        func line(of offset: Int) -> Int { bytes.withUnsafeBytes { SourceLocation.of(offset: offset, in: $0).line } }
    }

    /// One concept key with its threshold (nil: no override) and where it is in the file.
    private typealias Entry = (key: String, threshold: Double?, offset: Int?)

    /// The entries of either form.
    private static func entries(of document: JSONValue, locator: Locator) throws(LoadError) -> [Entry] {
        guard case .object(let members, _, let keyOffsets) = document else {
            let start = locator.bytes.withUnsafeBytes(JSONParser.documentStart)
            throw locator.error(at: start, "a thresholds file is a JSON object such as {\"dog\": 0.62}, not \(document.kindName)")
        }
        if case .array(let rows)? = members.first(where: { $0.key == "thresholds" })?.value {
            var result: [Entry] = []
            for (index, row) in rows.enumerated() {
                guard case .string(let concept)? = row.member("concept") else {
                    throw locator.error(at: row.offset ?? document.memberKeyOffset("thresholds"),
                                        "thresholds[\(index)] needs a \"concept\" string")
                }
                result.append((concept, try threshold(row.member("threshold") ?? .null, key: concept, at: row.offset, locator: locator),
                               row.offset))
            }
            return result
        }
        var result: [Entry] = []
        for (member, offset) in zip(members, keyOffsets) {
            result.append((member.key, try threshold(member.value, key: member.key, at: offset, locator: locator), offset))
        }
        return result
    }

    private static func threshold(_ value: JSONValue, key: String, at offset: Int?, locator: Locator) throws(LoadError) -> Double? {
        switch value {
        case .number(let number) where number.isFinite:
            // A score is in [0, 1], so a threshold outside it would mark every input or none.
            guard number >= 0, number <= 1 else {
                throw locator.error(at: offset, "the threshold of \"\(TerminalSafe.escape(key))\" must be between 0 and 1, not \(number)")
            }
            return number
        case .number(let number):
            throw locator.error(at: offset, "the threshold of \"\(TerminalSafe.escape(key))\" must be between 0 and 1, not \(number)")
        case .null: return nil
        default:
            throw locator.error(at: offset, "the threshold of \"\(TerminalSafe.escape(key))\" must be a number or null, not \(value.kindName)")
        }
    }

    private static func resolve(_ entries: [Entry], locator: Locator, concepts: [Concept], global: Double) throws(LoadError) -> Thresholds {
        var byName: [String: Int] = [:]
        for (index, concept) in concepts.enumerated() {
            if byName[concept.name] == nil { byName[concept.name] = index }
        }
        var byID: [String: Int] = [:]
        for (index, concept) in concepts.enumerated() where byID[concept.id] == nil { byID[concept.id] = index }

        var result = Thresholds(global: global)
        var unknown: [Entry] = []
        var seen: [Int: Int?] = [:]  // concept → the offset of the entry that gave it
        for entry in entries {
            guard let index = byName[entry.key] ?? byID[entry.key] else {
                unknown.append(entry)
                continue
            }
            if let earlier = seen[index] {
                let first = earlier.map { " (first on line \(locator.line(of: $0)))" } ?? ""
                throw locator.error(at: entry.offset, "concept \"\(TerminalSafe.escape(entry.key))\" is given twice\(first)")
            }
            seen[index] = entry.offset
            if let value = entry.threshold { result.perConcept[index] = value }
        }
        if let firstUnknown = unknown.first {
            let names = unknown.prefix(5).map { "\"\(TerminalSafe.escape($0.key))\"" }.joined(separator: ", ")
                + (unknown.count > 5 ? " and \(unknown.count - 5) more" : "")
            let known = concepts.prefix(10).map { TerminalSafe.escape($0.name) }.joined(separator: ", ")
                + (concepts.count > 10 ? ", …" : "")
            throw locator.error(at: firstUnknown.offset,
                                "unknown concept\(unknown.count == 1 ? "" : "s") \(names) (the evaluation has: \(known))")
        }
        return result
    }
}

/// A thresholds file that could not be written.
public struct ThresholdsWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "\(path): cannot write the thresholds (\(reason))" }
}
