/// The `"diagnosis"` section of `evaltop report --json`:
/// `{"verdict", "summary", "evidence": {…}, "concepts": [{"concept", "strength", "advice": [codes],
/// "evidence": {code: {…}}}]}`, every concept listed (healthy ones with no advice).
public enum DiagnosisJSON {
    public static func render(_ diagnosis: Diagnosis, concepts: [Concept], indent: String = "  ") -> String {
        let rows = diagnosis.concepts.map { concept in
            JSONText.object([
                ("concept", JSONText.string(concepts[concept.concept].name)),
                ("strength", JSONText.string(concept.strength.rawValue)),
                ("advice", JSONText.array(concept.codes.map(JSONText.string))),
                ("evidence", JSONText.object(concept.advice.map { ($0.code, object($0.evidence)) })),
            ])
        }
        return JSONText.object([
            ("verdict", JSONText.string(diagnosis.verdict.rawValue)),
            ("summary", JSONText.string(diagnosis.summary)),
            ("evidence", object(diagnosis.evidence)),
            ("advice", JSONText.array(diagnosis.advice.map { JSONText.string($0.code) })),
            ("advice_evidence", JSONText.object(diagnosis.advice.map { ($0.code, object($0.evidence)) })),
            ("concepts", rows.isEmpty ? "[]" : "[\n" + rows.map { indent + "    " + $0 }.joined(separator: ",\n") + "\n" + indent + "  ]"),
        ], indent: indent)
    }

    static func object(_ evidence: Evidence) -> String {
        JSONText.object(evidence.items.map { ($0.key, value($0.value)) })
    }

    static func value(_ value: EvidenceValue) -> String {
        switch value {
        case .int(let number): return JSONText.number(number)
        case .number(let number): return JSONText.number(number)
        case .text(let text): return JSONText.string(text)
        case .numbers(let numbers): return JSONText.array(numbers.map { JSONText.number($0) })
        case .texts(let texts): return JSONText.array(texts.map(JSONText.string))
        }
    }
}

/// The "Diagnosis" section of the text report: the summary, then one line per concept with
/// advice (its short phrases). Names are made terminal-safe.
public enum DiagnosisText {
    public static func render(_ diagnosis: Diagnosis, concepts: [Concept]) -> [String] {
        var lines = ["Diagnosis", TerminalSafe.escape(diagnosis.summary)]
        let advised = diagnosis.conceptsWithAdvice
        guard !advised.isEmpty else {
            lines.append("No advice: every concept is healthy.")
            return lines
        }
        let names = advised.map { TerminalSafe.escape(concepts[$0.concept].name) }
        let width = names.map(DisplayWidth.of).max() ?? 0
        for (index, concept) in advised.enumerated() {
            lines.append("  " + DisplayWidth.padRight(names[index], to: width) + "  "
                         + TerminalSafe.escape(concept.advice.map(\.phrase).joined(separator: "; ")))
        }
        return lines
    }
}
