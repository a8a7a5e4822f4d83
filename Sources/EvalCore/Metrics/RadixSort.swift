/// Least-significant-digit radix sort of 64-bit keys, the core of building the curves: for a
/// million keys it is several times faster than a comparison sort and its cost does not depend
/// on the order of the input.
enum RadixSort {
    static let digitBits = 11
    static let bucketCount = 1 << digitBits
    /// 6 × 11 = 66 bits cover every 64-bit key.
    static let passCount = 6

    /// Sorts `keys` ascending. `scratch` must hold at least as
    /// many elements and `histograms` `passCount × bucketCount` elements. Returns the buffer
    /// holding the result: `keys` or the first `keys.count` elements of `scratch`.
    /// Passes whose digit is the same in every key are skipped.
    static func sort(
        _ keys: UnsafeMutableBufferPointer<UInt64>,
        scratch: UnsafeMutableBufferPointer<UInt64>,
        histograms: UnsafeMutablePointer<Int>
    ) -> UnsafeMutableBufferPointer<UInt64> {
        let count = keys.count
        guard count > 1 else { return keys }
        precondition(scratch.count >= count)
        let mask = UInt64(bucketCount - 1)

        // One read pass counts the digits of every pass.
        histograms.update(repeating: 0, count: passCount * bucketCount)
        guard let keyBase = keys.baseAddress, let scratchBase = scratch.baseAddress else { return keys }
        for index in 0 ..< count {
            let key = keyBase[index]
            for pass in 0 ..< passCount {
                let digit = Int((key >> UInt64(pass * digitBits)) & mask)
                histograms[pass &* bucketCount &+ digit] &+= 1
            }
        }

        var source = keyBase
        var destination = scratchBase
        for pass in 0 ..< passCount {
            let shift = UInt64(pass * digitBits)
            let counts = histograms + pass * bucketCount
            let firstDigit = Int((source[0] >> shift) & mask)
            if counts[firstDigit] == count { continue }  // every key shares this digit
            // Counts become start offsets.
            var running = 0
            for bucket in 0 ..< bucketCount {
                let bucketSize = counts[bucket]
                counts[bucket] = running
                running &+= bucketSize
            }
            for index in 0 ..< count {
                let key = source[index]
                let digit = Int((key >> shift) & mask)
                destination[counts[digit]] = key
                counts[digit] &+= 1
            }
            swap(&source, &destination)
        }
        return source == keyBase ? keys : UnsafeMutableBufferPointer(start: scratchBase, count: count)
    }
}
