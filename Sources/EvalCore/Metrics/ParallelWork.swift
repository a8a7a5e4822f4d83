import Foundation

/// A pointer handed to the workers of `DispatchQueue.concurrentPerform`, whose closure must be
/// `@Sendable`. Sound only because every worker touches disjoint elements (its own concepts
/// or its own rows) and the caller waits for all of them before reading.
struct DisjointWrites<Pointer>: @unchecked Sendable {
    let pointer: Pointer
    init(_ pointer: Pointer) { self.pointer = pointer }
}
