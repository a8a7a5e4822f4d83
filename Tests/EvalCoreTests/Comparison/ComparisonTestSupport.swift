@testable import EvalCore

/// Small evaluations for the comparison tests, written as rows of (id, labels, scores).
enum PairFixture {
    static func evaluation(
        _ path: String, concepts: [String], rows: [(id: String, labels: [String], scores: [Double])],
        mode: EvaluationMode = .multilabel, format: EvaluationFormat = .wide, conceptIDs: [String]? = nil
    ) -> Evaluation {
        var offsets: [Int32] = [0]
        var labels: [Int32] = []
        for row in rows {
            labels += row.labels.map { Int32(concepts.firstIndex(of: $0)!) }.sorted()
            offsets.append(Int32(labels.count))
        }
        return Evaluation(
            sourcePath: path, format: format, mode: mode,
            concepts: concepts.enumerated().map { Concept(id: conceptIDs?[$0.offset] ?? $0.element, name: $0.element) },
            inputIDs: rows.map(\.id), scores: rows.flatMap(\.scores), labelOffsets: offsets, labelConcepts: labels)
    }

    /// One concept "x": inputs i0, i1, … labelled where `positive` is true.
    static func oneConcept(_ path: String, positive: [Bool], scores: [Double]) -> Evaluation {
        evaluation(path, concepts: ["x"], rows: scores.indices.map {
            (id: "i\($0)", labels: positive[$0] ? ["x"] : [], scores: [scores[$0]])
        })
    }

    /// DeLong's paired test from its O(m·n) definition (every positive–negative pair), as the
    /// independent oracle for the midrank form: placements, their covariances over m − 1 and
    /// n − 1, var(B − A). Returns (delta, variance).
    static func definitionalDeLong(positive: [Bool], a: [Double], b: [Double]) -> (delta: Double, variance: Double) {
        let cases = positive.indices.filter { positive[$0] }
        let controls = positive.indices.filter { !positive[$0] }
        func psi(_ x: Double, _ y: Double) -> Double { x > y ? 1 : (x == y ? 0.5 : 0) }
        func placements(_ s: [Double]) -> (v10: [Double], v01: [Double], auc: Double) {
            let v10 = cases.map { i in controls.reduce(0.0) { $0 + psi(s[i], s[$1]) } / Double(controls.count) }
            let v01 = controls.map { j in cases.reduce(0.0) { $0 + psi(s[$1], s[j]) } / Double(cases.count) }
            return (v10, v01, v10.reduce(0, +) / Double(cases.count))
        }
        let pa = placements(a), pb = placements(b)
        func covariance(_ x: [Double], _ mx: Double, _ y: [Double], _ my: Double) -> Double {
            zip(x, y).reduce(0.0) { $0 + ($1.0 - mx) * ($1.1 - my) } / Double(x.count - 1)
        }
        let m = Double(cases.count), n = Double(controls.count)
        let s10 = covariance(pa.v10, pa.auc, pa.v10, pa.auc) + covariance(pb.v10, pb.auc, pb.v10, pb.auc)
            - 2 * covariance(pa.v10, pa.auc, pb.v10, pb.auc)
        let s01 = covariance(pa.v01, pa.auc, pa.v01, pa.auc) + covariance(pb.v01, pb.auc, pb.v01, pb.auc)
            - 2 * covariance(pa.v01, pa.auc, pb.v01, pb.auc)
        return (pb.auc - pa.auc, s10 / m + s01 / n)
    }
}
