import Foundation

/// Maps byte strings (concept names, categorical values) to dense indices in order of first
/// insertion, without creating a String per lookup. Open addressing over FNV-1a hashes; the
/// lookup of a short name is a hash, one probe and a memcmp, which keeps label cells cheap.
struct ByteNameTable {
    private(set) var names: [[UInt8]] = []
    private var hashes: [UInt64] = []
    private var slots: [Int32] = Array(repeating: -1, count: 16)

    init() {}

    var count: Int { names.count }

    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// The index of `bytes`, or -1.
    @inline(__always)
    func index(of bytes: UnsafeRawBufferPointer) -> Int32 {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let candidate = slots[slot]
            if candidate < 0 { return -1 }
            if hashes[Int(candidate)] == hash, names[Int(candidate)].withUnsafeBytes({ Self.equal($0, bytes) }) {
                return candidate
            }
            slot = (slot + 1) & mask
        }
    }

    /// Byte for byte equality by `memcmp`: the generic `elementsEqual` was 109 instructions per
    /// label cell, 1 % of `report`'s on 300k × 20 (callgrind, BENCHMARKS.md "Ninth pass").
    @inline(__always)
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let first = a.baseAddress, let second = b.baseAddress, a.count > 0 else { return true }
        return memcmp(first, second, a.count) == 0
    }

    /// The index of `bytes`, adding it when new.
    @discardableResult
    mutating func insert(_ bytes: UnsafeRawBufferPointer) -> (index: Int32, inserted: Bool) {
        let existing = index(of: bytes)
        if existing >= 0 { return (existing, false) }
        if (names.count + 1) * 2 > slots.count { grow() }
        let hash = Self.hash(bytes)
        let newIndex = Int32(names.count)
        names.append(Array(bytes))
        hashes.append(hash)
        place(newIndex, hash: hash)
        return (newIndex, true)
    }

    mutating func insert(_ text: String) -> (index: Int32, inserted: Bool) {
        var copy = Array(text.utf8)
        return copy.withUnsafeMutableBytes { insert(UnsafeRawBufferPointer($0)) }
    }

    func index(of text: String) -> Int32 {
        var copy = Array(text.utf8)
        return copy.withUnsafeMutableBytes { index(of: UnsafeRawBufferPointer($0)) }
    }

    private mutating func place(_ index: Int32, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = index
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        for index in names.indices { place(Int32(index), hash: hashes[index]) }
    }
}
