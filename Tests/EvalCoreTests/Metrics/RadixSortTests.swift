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

    /// Keys that agree on their top bits are sorted over the bits below (`toBit`): three passes
    /// instead of four for a fitted full-precision column.
    @Test func keysSharingTheirTopBitsSortBelowThem() {
        var random = SplitMix64(seed: 5)
        let indexBits = 20
        let keys = (0 ..< 50_000).map { input -> UInt64 in
            let prefix = 0x3F_8000_0000 | UInt64.random(in: 0 ..< 1 << 34, using: &random)
            let label = UInt64.random(in: 0 ... 1, using: &random)
            return prefix << UInt64(indexBits + 1) | label << UInt64(indexBits) | UInt64(input)
        }
        var input = keys
        let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: keys.count)
        let histograms = UnsafeMutablePointer<Int>.allocate(capacity: RadixSort.histogramCapacity)
        defer {
            scratch.deallocate()
            histograms.deallocate()
        }
        let sorted = input.withUnsafeMutableBufferPointer { keys in
            Array(RadixSort.sort(keys, scratch: scratch, histograms: histograms, fromBit: indexBits, toBit: indexBits + 1 + 34))
        }
        #expect(sorted == keys.sorted())
        #expect(RadixSort.digits(width: 35) == (3, 12))
    }

    /// Refitting as the sort counts (`refitting:`) gives the keys refitted first, then sorted,
    /// for a long column, one key, and a column whose digits are all shared.
    @Test func refittingWhileCountingEqualsRefittingFirst() {
        var random = SplitMix64(seed: 8)
        let layout = SortKeyLayout(inputCount: 1_000_000)
        let (fitted, extra) = layout.fitted(smallest: (1e-6).bitPattern, largest: (0.99).bitPattern)
        #expect(extra > 0)
        let scores = (0 ..< 30_000).map { _ in Double.random(in: 1e-6 ... 0.99, using: &random) }
        for column in [scores, [0.25], [Double](repeating: 0.5, count: 50)] {
            let keys = column.enumerated().map { layout.key(bits: $1.bitPattern, isPositive: UInt64($0 % 3 == 0 ? 1 : 0), input: $0) }
            let expected = keys.map { fitted.refit($0, extraDroppedBits: extra) }.sorted()
            var input = keys
            let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(1, keys.count))
            let histograms = UnsafeMutablePointer<Int>.allocate(capacity: RadixSort.histogramCapacity)
            defer {
                scratch.deallocate()
                histograms.deallocate()
            }
            let sorted = input.withUnsafeMutableBufferPointer { keys in
                Array(RadixSort.sort(keys, scratch: scratch, histograms: histograms, fromBit: fitted.indexBits,
                                     toBit: fitted.keyEnd, refitting: extra))
            }
            #expect(sorted == expected, "\(column.count) keys")
        }
    }

    /// A million inputs' softmax-like column (10^-6 to 1) fits three passes by dropping three
    /// more score bits; the full [0, 1] range does not, and keeps its layout.
    @Test func fittedLayoutsTakeThreePassesWhenTheRangeAllows() {
        let layout = SortKeyLayout(inputCount: 1_000_000)
        let (fitted, extra) = layout.fitted(smallest: (1e-6).bitPattern, largest: (1.0).bitPattern)
        #expect(extra == 3 && fitted.droppedBits == layout.droppedBits + 3)
        #expect(fitted.keyEnd - fitted.indexBits <= SortKeyLayout.threePassBits)
        let key = layout.key(bits: (0.123).bitPattern, isPositive: 1, input: 777)
        let refitted = fitted.refit(key, extraDroppedBits: extra)
        #expect(fitted.prefix(refitted) == (0.123).bitPattern >> UInt64(fitted.droppedBits))
        #expect(fitted.input(refitted) == 777 && fitted.isPositive(refitted) == 1)
        #expect(refitted >> UInt64(fitted.keyEnd) == fitted.key(bits: (1e-6).bitPattern, isPositive: 0, input: 0) >> UInt64(fitted.keyEnd))
        let whole = layout.fitted(smallest: 0, largest: (1.0).bitPattern)
        #expect(whole.extraDroppedBits == 0 && whole.layout.droppedBits == layout.droppedBits)
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
