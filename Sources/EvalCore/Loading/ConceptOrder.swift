/// The column order of concepts in a document that lists them per input (Clarifai's
/// `predicted_concepts`), where each input may leave some out (the API omits zeros).
///
/// The order matters: a tie in the argmax goes to the concept that comes first. First
/// appearance alone gets it wrong when the first inputs omit an early concept, so the lists
/// are merged: if every input lists its concepts in one consistent order, that order is used
/// (a topological sort of "a came right before b", ties broken by first appearance). If the
/// lists contradict each other (for example each sorted by score), first appearance is used.
///
/// The lists are taken one at a time (`add`), keeping only the distinct "a came right before b"
/// pairs, so that a streamed document (`ClarifaiSummarizer`) needs memory for the concepts,
/// not for the inputs.
struct ConceptOrder {
    private var successors: [[Int]] = []
    private var indegree: [Int] = []
    private var seen = Set<Int64>()

    /// One input's list: concept indices numbered by first appearance.
    mutating func add(_ sequence: some Collection<Int32>) {
        var previous: Int?
        for index in sequence {
            let b = Int(index)
            defer { previous = b }
            guard let a = previous, a != b, seen.insert(Int64(a) << 32 | Int64(b)).inserted else { continue }
            let needed = max(a, b) + 1
            if successors.count < needed {
                successors += [[Int]](repeating: [], count: needed - successors.count)
                indegree += [Int](repeating: 0, count: needed - indegree.count)
            }
            successors[a].append(b)
            indegree[b] += 1
        }
    }

    /// The merged order of concepts 0 ..< count (every index the lists hold is below `count`),
    /// as a list of those indices.
    func order(count: Int) -> [Int] {
        guard count > 1 else { return Array(0 ..< count) }
        var indegree = self.indegree + [Int](repeating: 0, count: max(0, count - self.indegree.count))
        // Kahn's algorithm, always taking the earliest-appearing concept that is free.
        var ready = Set((0 ..< count).filter { indegree[$0] == 0 })
        var order: [Int] = []
        order.reserveCapacity(count)
        while let next = ready.min() {
            ready.remove(next)
            order.append(next)
            for b in next < successors.count ? successors[next] : [] {
                indegree[b] -= 1
                if indegree[b] == 0 { ready.insert(b) }
            }
        }
        return order.count == count ? order : Array(0 ..< count)
    }

    /// `sequences` hold concept indices numbered by first appearance (0 ..< count). Returns the
    /// merged order as a list of those indices.
    static func merge(count: Int, sequences: [[Int32]]) -> [Int] {
        var merger = ConceptOrder()
        for sequence in sequences { merger.add(sequence) }
        return merger.order(count: count)
    }
}
