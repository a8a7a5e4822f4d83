import Foundation
import Testing
@testable import EvalCore

@Suite struct FlagsSHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func streamingInPiecesEqualsOneShot() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0 ..< 10_007).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }
        let whole = SHA256.hex(bytes)
        for pieceSize in [1, 3, 63, 64, 65, 1000] {
            var hasher = SHA256()
            var start = 0
            while start < bytes.count {
                hasher.update(bytes[start ..< min(start + pieceSize, bytes.count)])
                start += pieceSize
            }
            #expect(hasher.finalizeHex() == whole, "piece size \(pieceSize)")
        }
    }

    @Test func fileDigestMatchesMemoryDigest() throws {
        let folder = try FlagsTemporaryFolder()
        defer { folder.cleanup() }
        let text = String(repeating: "input_id,labels,a\nx,a,0.5\n", count: 400_000)  // ~10 MB, several chunks
        let path = try folder.write("big.csv", text)
        #expect(try SHA256.hex(ofFileAt: path) == SHA256.hex(Array(text.utf8)))
    }

    /// The one-shot digest (blocks read in place, the padding on the stack) equals the streaming
    /// hasher at every length around the one- and two-block paddings, and its words order as the
    /// hex digits do (the sample picks the smallest digests).
    @Test func digestBytesEqualHexAtEveryLength() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0 ..< 300).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }
        var digests: [SHA256.Digest] = []
        for length in 0 ... 300 {
            let prefix = Array(bytes[0 ..< length])
            var hasher = SHA256()
            for byte in prefix { hasher.update(CollectionOfOne(byte)) }
            let digest = prefix.withUnsafeBytes { SHA256.digest($0) }
            #expect(digest.hex == hasher.finalizeHex(), "length \(length)")
            digests.append(digest)
        }
        #expect(Array("abc".utf8).withUnsafeBytes { SHA256.digest($0) }.hex
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(digests.sorted().map(\.hex) == digests.map(\.hex).sorted())
    }
}
