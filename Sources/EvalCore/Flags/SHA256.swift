import Foundation

/// SHA-256 (FIPS 180-4), streaming. Small and dependency-free: it identifies which evaluation
/// a flag was recorded against (`evaluation_sha256`), so it needs to be correct and fast enough
/// for a 154 MB file off the main path, not constant-time.
public struct SHA256: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19)
    private var pending: [UInt8] = []
    private var totalBytes: UInt64 = 0

    public init() { pending.reserveCapacity(64) }

    /// Without the pending buffer's capacity reserved up front (`digest`: a short message never
    /// needs it, and reserving it is an allocation per message).
    private init(reservingPending: Bool) {
        if reservingPending { pending.reserveCapacity(64) }
    }

    /// Feeds more bytes.
    public mutating func update<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if let done = bytes.withContiguousStorageIfAvailable({ update(buffer: UnsafeRawBufferPointer($0)) }) {
            return done
        }
        let copy = Array(bytes)
        copy.withUnsafeBytes { update(buffer: $0) }
    }

    public mutating func update(buffer: UnsafeRawBufferPointer) {
        totalBytes &+= UInt64(buffer.count)
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, buffer.count)
            pending.append(contentsOf: buffer[0 ..< take])
            offset = take
            if pending.count == 64 {
                pending.withUnsafeBytes { compress(block: $0.baseAddress!) }
                pending.removeAll(keepingCapacity: true)
            }
        }
        while buffer.count - offset >= 64 {
            compress(block: buffer.baseAddress! + offset)
            offset += 64
        }
        if offset < buffer.count { pending.append(contentsOf: buffer[offset...]) }
    }

    /// A digest's 32 bytes as four big-endian 64-bit words: comparing them in order is comparing
    /// the bytes (and the hex digits) in order, without making a string.
    public struct Digest: Hashable, Comparable, Sendable {
        public let words: (UInt64, UInt64, UInt64, UInt64)

        public static func == (a: Digest, b: Digest) -> Bool { a.words == b.words }

        public static func < (a: Digest, b: Digest) -> Bool {
            if a.words.0 != b.words.0 { return a.words.0 < b.words.0 }
            if a.words.1 != b.words.1 { return a.words.1 < b.words.1 }
            if a.words.2 != b.words.2 { return a.words.2 < b.words.2 }
            return a.words.3 < b.words.3
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(words.0)
            hasher.combine(words.1)
            hasher.combine(words.2)
            hasher.combine(words.3)
        }

        /// The 64 lowercase hex digits.
        public var hex: String {
            let digits = Array("0123456789abcdef".utf8)
            return String(unsafeUninitializedCapacity: 64) { buffer in
                for (index, word) in [words.0, words.1, words.2, words.3].enumerated() {
                    for nibble in 0 ..< 16 {
                        buffer[index * 16 + nibble] = digits[Int((word >> UInt64(60 - 4 * nibble)) & 0xF)]
                    }
                }
                return 64
            }
        }
    }

    /// The digest. Consumes the hasher's state (call once).
    public mutating func finalize() -> Digest {
        let tail = pending
        pending.removeAll()
        return tail.withUnsafeBytes { finish(tail: $0) }
    }

    /// Pads `tail` (the bytes after the last whole block, fewer than 64) with the length and
    /// compresses it: one block, or two when fewer than 9 bytes remain in it. A stack buffer, so
    /// that hashing many short messages (the sample's ids) allocates nothing.
    private mutating func finish(tail: UnsafeRawBufferPointer) -> Digest {
        let bitLength = totalBytes &* 8
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { block in
            let used = tail.count
            for index in 0 ..< used { block[index] = tail[index] }
            block[used] = 0x80
            let length = used + 9 <= 64 ? 64 : 128
            for index in used + 1 ..< length - 8 { block[index] = 0 }
            for byte in 0 ..< 8 { block[length - 8 + byte] = UInt8(truncatingIfNeeded: bitLength >> UInt64(56 - 8 * byte)) }
            for blockStart in stride(from: 0, to: length, by: 64) { compress(block: UnsafeRawPointer(block.baseAddress! + blockStart)) }
        }
        return Digest(words: (UInt64(state.0) << 32 | UInt64(state.1), UInt64(state.2) << 32 | UInt64(state.3),
                              UInt64(state.4) << 32 | UInt64(state.5), UInt64(state.6) << 32 | UInt64(state.7)))
    }

    /// The digest as 64 lowercase hex digits. Consumes the hasher's state (call once).
    public mutating func finalizeHex() -> String { finalize().hex }

    /// The digest of some bytes, without a heap allocation (the blocks are read in place).
    public static func digest(_ bytes: UnsafeRawBufferPointer) -> Digest {
        var hasher = SHA256(reservingPending: false)
        let whole = bytes.count / 64 * 64
        for blockStart in stride(from: 0, to: whole, by: 64) { hasher.compress(block: bytes.baseAddress! + blockStart) }
        hasher.totalBytes = UInt64(bytes.count)
        return hasher.finish(tail: UnsafeRawBufferPointer(rebasing: bytes[whole...]))
    }

    /// The hex digest of some bytes.
    public static func hex<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    /// The hex digest of a file, read in 4 MiB chunks. Checks for Task cancellation between
    /// chunks, so a background computation can be abandoned.
    public static func hex(ofFileAt path: String) throws -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw FlagJournalError.io(path: path, operation: "open", code: errno) }
        defer { close(descriptor) }
        var hasher = SHA256()
        let chunkSize = 4 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            try Task.checkCancellation()
            let count = read(descriptor, buffer.baseAddress!, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw FlagJournalError.io(path: path, operation: "read", code: errno)
            }
            if count == 0 { break }
            hasher.update(buffer: UnsafeRawBufferPointer(rebasing: buffer[0 ..< count]))
        }
        return hasher.finalizeHex()
    }

    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    private mutating func compress(block: UnsafeRawPointer) {
        // A stack buffer for the message schedule: a heap array per 64-byte block would
        // dominate the cost on large files.
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for t in 0 ..< 16 {
                w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
            }
            for t in 16 ..< 64 {
                let s0 = w[t - 15].rotatedRight(7) ^ w[t - 15].rotatedRight(18) ^ (w[t - 15] >> 3)
                let s1 = w[t - 2].rotatedRight(17) ^ w[t - 2].rotatedRight(19) ^ (w[t - 2] >> 10)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, h) = state
            SHA256.roundConstants.withUnsafeBufferPointer { k in
                for t in 0 ..< 64 {
                    let s1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
                    let choice = (e & f) ^ (~e & g)
                    let temp1 = h &+ s1 &+ choice &+ k[t] &+ w[t]
                    let s0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    let temp2 = s0 &+ majority
                    h = g; g = f; f = e; e = d &+ temp1
                    d = c; c = b; b = a; a = temp1 &+ temp2
                }
            }
            state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d,
                     state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ h)
        }
    }
}

extension UInt32 {
    @inline(__always) fileprivate func rotatedRight(_ count: UInt32) -> UInt32 {
        (self >> count) | (self << (32 - count))
    }
}
