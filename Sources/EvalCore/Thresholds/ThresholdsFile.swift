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
    /// either form, numbers or null (`evaltop FILE --thresholds PATH` does it before the UI
    /// starts; the concept names are checked once the evaluation is loaded).
    public static func check(path: String) throws(LoadError) {
        let bytes = try SmallFile.read(path: path, what: "a thresholds file")
        _ = try entries(of: try document(bytes: bytes, path: path), path: path)
    }

    /// Parses a thresholds document (either form). `path` only names it in errors.
    public static func parse(bytes: [UInt8], path: String, concepts: [Concept], global: Double) throws(LoadError) -> Thresholds {
        let entries = try entries(of: try document(bytes: bytes, path: path), path: path)
        return try resolve(entries, path: path, concepts: concepts, global: global)
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

    /// (concept key, threshold or nil) pairs from either form.
    private static func entries(of document: JSONValue, path: String) throws(LoadError) -> [(String, Double?)] {
        guard case .object(let members, _) = document else {
            throw LoadError(path: path, message: "a thresholds file is a JSON object such as {\"dog\": 0.62}, not \(document.kindName)")
        }
        if case .array(let rows)? = members.first(where: { $0.key == "thresholds" })?.value {
            var result: [(String, Double?)] = []
            for (index, row) in rows.enumerated() {
                guard case .string(let concept)? = row.member("concept") else {
                    throw LoadError(path: path, message: "thresholds[\(index)] needs a \"concept\" string")
                }
                result.append((concept, try threshold(row.member("threshold") ?? .null, key: concept, path: path)))
            }
            return result
        }
        var result: [(String, Double?)] = []
        for member in members {
            result.append((member.key, try threshold(member.value, key: member.key, path: path)))
        }
        return result
    }

    private static func threshold(_ value: JSONValue, key: String, path: String) throws(LoadError) -> Double? {
        switch value {
        case .number(let number) where number.isFinite: return number
        case .null: return nil
        default:
            throw LoadError(path: path, message: "the threshold of \"\(TerminalSafe.escape(key))\" must be a number or null, not \(value.kindName)")
        }
    }

    private static func resolve(_ entries: [(String, Double?)], path: String, concepts: [Concept], global: Double) throws(LoadError) -> Thresholds {
        var byName: [String: Int] = [:]
        for (index, concept) in concepts.enumerated() {
            if byName[concept.name] == nil { byName[concept.name] = index }
        }
        var byID: [String: Int] = [:]
        for (index, concept) in concepts.enumerated() where byID[concept.id] == nil { byID[concept.id] = index }

        var result = Thresholds(global: global)
        var unknown: [String] = []
        var seen = Set<Int>()
        for (key, value) in entries {
            guard let index = byName[key] ?? byID[key] else {
                unknown.append(key)
                continue
            }
            guard seen.insert(index).inserted else {
                throw LoadError(path: path, message: "concept \"\(TerminalSafe.escape(key))\" is given twice")
            }
            if let value { result.perConcept[index] = value }
        }
        if !unknown.isEmpty {
            let names = unknown.prefix(5).map { "\"\(TerminalSafe.escape($0))\"" }.joined(separator: ", ")
                + (unknown.count > 5 ? " and \(unknown.count - 5) more" : "")
            let known = concepts.prefix(10).map { TerminalSafe.escape($0.name) }.joined(separator: ", ")
                + (concepts.count > 10 ? ", …" : "")
            throw LoadError(path: path, message: "unknown concept\(unknown.count == 1 ? "" : "s") \(names) (the evaluation has: \(known))")
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
