import Testing
@testable import EvalCore

/// The radix sort under the curves: whole keys, and keys whose low bits (an input index,
/// written in index order) it skips, relying on its stability.
@Suite struct RadixSortTests {
    private static func sorted(_ keys: [UInt64], fromBit lowestBit: Int) -> [UInt64] {
        var input = keys
        let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: keys.count)
        let histograms = UnsafeMutablePointer<Int>.allocate(capacity: RadixSort.histogramCapacity)
        defer {
            scratch.deallocate()
            histograms.deallocate()
        }
        return input.withUnsafeMutableBufferPointer { keys in
            Array(RadixSort.sort(keys, scratch: scratch, histograms: histograms, fromBit: lowestBit))
        }
    }

    @Test(arguments: [0, 1, 2, 1_000, 70_000])
    func wholeKeysSortAscending(count: Int) {
        var random = SplitMix64(seed: UInt64(count))
        // Full-width keys, and keys with long shared prefixes (passes skipped).
        let wide = (0 ..< count).map { _ in UInt64.random(in: 0 ... .max, using: &random) }
        let narrow = (0 ..< count).map { _ in 0x3FE0_0000_0000_0000 | UInt64.random(in: 0 ..< 5_000, using: &random) << 20 }
        #expect(Self.sorted(wide, fromBit: 0) == wide.sorted())
        #expect(Self.sorted(narrow, fromBit: 0) == narrow.sorted())
    }

    /// Keys `prefix | label | index` in index order, sorted from the label bit up, come out in
    /// the order of the whole keys, for index widths giving 4, 5 and 6 passes.
    @Test(arguments: [(1_000, 10), (70_000, 17), (70_000, 20), (8, 3)])
    func indexBitsAreLeftToStability(count: Int, indexBits: Int) {
        var random = SplitMix64(seed: UInt64(indexBits))
        let layout = (0 ..< count).map { input -> UInt64 in
            // Few distinct prefixes: many keys share one and are ordered by label, then index.
            let prefix = UInt64.random(in: 0 ..< 300, using: &random) * 0x0123_4567_89AB
            let label = UInt64.random(in: 0 ... 1, using: &random)
            return (prefix << UInt64(indexBits + 1) | label << UInt64(indexBits) | UInt64(input)) & ~(1 << 63)
        }
        #expect(Self.sorted(layout, fromBit: indexBits) == layout.sorted())
    }

    @Test func digitsCoverTheWidthInFewestPasses() {
        for width in 1 ... 64 {
            let (passes, bits) = RadixSort.digits(width: width)
            #expect(passes * bits >= width && bits <= RadixSort.maximumDigitBits)
            #expect(passes <= RadixSort.maximumPassCount && passes == (width + 11) / 12)
            #expect(passes << bits <= RadixSort.histogramCapacity)
        }
        #expect(RadixSort.digits(width: 44) == (4, 11))
        #expect(RadixSort.digits(width: 64) == (6, 11))
    }
}
