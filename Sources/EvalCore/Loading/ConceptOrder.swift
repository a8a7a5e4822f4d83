/// The column order of concepts in a document that lists them per input (Clarifai's
/// `predicted_concepts`), where each input may leave some out (the API omits zeros).
///
/// The order matters: a tie in the argmax goes to the concept that comes first. First
/// appearance alone gets it wrong when the first inputs omit an early concept, so the lists
/// are merged: if every input lists its concepts in one consistent order, that order is used
/// (a topological sort of "a came right before b", ties broken by first appearance). If the
/// lists contradict each other (for example each sorted by score), first appearance is used.
enum ConceptOrder {
    /// `sequences` hold concept indices numbered by first appearance (0 ..< count). Returns the
    /// merged order as a list of those indices.
    static func merge(count: Int, sequences: [[Int32]]) -> [Int] {
        guard count > 1 else { return Array(0 ..< count) }
        var successors = [[Int]](repeating: [], count: count)
        var indegree = [Int](repeating: 0, count: count)
        var seen = Set<Int64>()
        for sequence in sequences where sequence.count > 1 {
            for k in 1 ..< sequence.count {
                let (a, b) = (Int(sequence[k - 1]), Int(sequence[k]))
                guard a != b, seen.insert(Int64(a) << 32 | Int64(b)).inserted else { continue }
                successors[a].append(b)
                indegree[b] += 1
            }
        }
        // Kahn's algorithm, always taking the earliest-appearing concept that is free.
        var ready = Set((0 ..< count).filter { indegree[$0] == 0 })
        var order: [Int] = []
        order.reserveCapacity(count)
        while let next = ready.min() {
            ready.remove(next)
            order.append(next)
            for b in successors[next] {
                indegree[b] -= 1
                if indegree[b] == 0 { ready.insert(b) }
            }
        }
        return order.count == count ? order : Array(0 ..< count)
    }
}
