import Foundation

/// Reads JSON Lines: one object per line,
/// `{"input_id":"a1","url":…,"width":640,"height":480,"fold":…,"labels":["dog"],"scores":{"dog":0.93,"cat":0.05},"meta":{"camera":"x"}}`.
/// The concepts are the keys of the first line's `scores`, in order; every line must score
/// exactly that set (in any order).
enum JSONLinesLoader {
    static func load(_ source: SourceBytes, options: LoadOptions, progress: ProgressSink, probe: CancellationProbe) throws -> Evaluation {
        do {
            return try parse(source, options: options, progress: progress, probe: probe)
        } catch let failure as ParseFailure {
            throw failure.loadError(in: source)
        }
    }

    private static func parse(_ source: SourceBytes, options: LoadOptions, progress: ProgressSink, probe: CancellationProbe) throws -> Evaluation {
        var builder = SparseEvaluationBuilder(path: source.path, fileSize: source.buffer.count)
        var rows = JSONLinesRowParser()
        var lastReport = 0
        try JSONLinesRowParser.forEachLine(of: source.buffer) { start, end, lineEnd, lineNumber in
            guard let record = try rows.parse(source.buffer, start: start, end: end, line: lineNumber) else { return }
            if builder.concepts.isEmpty { builder.concepts = rows.concepts }
            try builder.add(id: record.id, line: lineNumber, scores: record.scores, labels: record.labels, metadata: record.metadata)
            if lineEnd - lastReport > 8 << 20 {
                try probe.check()
                progress.add(bytes: lineEnd - lastReport, inputs: builder.inputCount)
                lastReport = lineEnd
            }
        }
        guard builder.inputCount > 0 else {
            throw ParseFailure(offset: 0, "the file has no JSON objects; expected one object per line")
        }
        progress.finish(inputs: builder.inputCount)
        return builder.build(format: .jsonl, mode: options.mode)
    }
}
