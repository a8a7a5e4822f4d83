import Foundation

/// The concept names in lower case, as one run of UTF-8 bytes, for the table's filter (`/`):
/// a substring test is a byte search in a contiguous buffer, so filtering 20,000 names is one
/// pass over a few hundred kilobytes per typed character (String's `contains` on 20,000
/// separate strings cost tens of milliseconds a key).
struct ConceptNameIndex: Sendable {
    private let bytes: [UInt8]
    /// Concept `c`'s name is `bytes[starts[c] ..< starts[c + 1]]`.
    private let starts: [Int]

    init(names: [String]) {
        var bytes: [UInt8] = []
        var starts = [0]
        starts.reserveCapacity(names.count + 1)
        for name in names {
            bytes += name.lowercased().utf8
            starts.append(bytes.count)
        }
        self.bytes = bytes
        self.starts = starts
    }

    /// The concepts of `order` whose name contains `filter` ignoring case, in `order`'s order.
    func matching(_ filter: String, in order: [Int]) -> [Int] {
        let needle = Array(filter.lowercased().utf8)
        guard !needle.isEmpty else { return order }
        return bytes.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { needle in
                order.filter { Self.contains(hay, from: starts[$0], to: starts[$0 + 1], needle) }
            }
        }
    }

    private static func contains(_ hay: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int,
                                 _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = needle.count
        guard end - start >= count else { return false }
        let first = needle[0]
        var i = start
        let last = end - count
        while i <= last {
            if hay[i] == first {
                var k = 1
                while k < count, hay[i + k] == needle[k] { k += 1 }
                if k == count { return true }
            }
            i += 1
        }
        return false
    }
}
