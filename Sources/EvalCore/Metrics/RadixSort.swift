/// Least-significant-digit radix sort of 64-bit keys, the core of building the curves: for a
/// million keys it is several times faster than a comparison sort and its cost does not depend
/// on the order of the input.
enum RadixSort {
    /// Digits of at most this many bits: 4,096 counters (32 kB) per pass still sit in L1/L2.
    static let maximumDigitBits = 12
    /// At most 6 passes (64 bits in digits of 11 or more).
    static let maximumPassCount = 6
    /// What `histograms` must hold.
    static let histogramCapacity = maximumPassCount << maximumDigitBits

    /// The fewest passes of at most `maximumDigitBits` bits over `width` bits, and their digit
    /// width (11 bits × 4 for 44 bits, 12 × 4 for 48, 11 × 6 for 64).
    static func digits(width: Int) -> (passes: Int, bits: Int) {
        let passes = max(1, (width + maximumDigitBits - 1) / maximumDigitBits)
        return (passes, (width + passes - 1) / passes)
    }

    /// Sorts `keys` ascending by their bits from `lowestBit` up, stably: keys equal in those
    /// bits keep their order. Callers whose keys end in an input index and are written in index
    /// order (`SortKeyLayout`) pass the index width, and get the order of the whole keys with
    /// fewer passes (4 instead of 6 for a million inputs' keys, 20 index bits).
    /// `scratch` must hold at least as many elements and `histograms` `histogramCapacity`
    /// elements. Returns the buffer holding the result: `keys` or the first `keys.count`
    /// elements of `scratch`. Passes whose digit is the same in every key are skipped.
    /// Keys that all agree on their bits from `endBit` up may say so (`SortKeyLayout.fitted`):
    /// the sort then orders them by the bits below it only, in fewer passes. With
    /// `refitting` > 0 the keys, laid out as `SortKeyLayout`'s with the label at `lowestBit`,
    /// first lose that many more of their prefix's low bits (`SortKeyLayout.refit`), as the
    /// counting pass reads them: a separate pass over the keys cost as much again.
    static func sort(
        _ keys: UnsafeMutableBufferPointer<UInt64>,
        scratch: UnsafeMutableBufferPointer<UInt64>,
        histograms: UnsafeMutablePointer<Int>,
        fromBit lowestBit: Int = 0,
        toBit endBit: Int = 64,
        refitting extraDroppedBits: Int = 0
    ) -> UnsafeMutableBufferPointer<UInt64> {
        let count = keys.count
        guard count > 1 else {
            if count == 1, extraDroppedBits > 0 {
                keys[0] = SortKeyLayout.refit(keys[0], labelBit: lowestBit, extraDroppedBits: extraDroppedBits)
            }
            return keys
        }
        precondition(scratch.count >= count)
        precondition((0 ..< 64).contains(lowestBit) && endBit > lowestBit && endBit <= 64)
        let (passCount, digitBits) = digits(width: endBit - lowestBit)
        let bucketCount = 1 << digitBits
        let mask = UInt64(bucketCount - 1)

        // One read pass counts the digits of every pass.
        histograms.update(repeating: 0, count: passCount * bucketCount)
        guard let keyBase = keys.baseAddress, let scratchBase = scratch.baseAddress else { return keys }
        let low = UInt64(lowestBit)
        let kept = UInt64(lowestBit + 1)
        let keptMask: UInt64 = (1 << kept) &- 1
        let refitShift = kept &+ UInt64(extraDroppedBits)
        @inline(__always) func read(_ index: Int) -> UInt64 {
            guard extraDroppedBits > 0 else { return keyBase[index] }
            let key = keyBase[index]
            let refitted = (key &>> refitShift) &<< kept | key & keptMask
            keyBase[index] = refitted
            return refitted
        }
        if passCount == 4 {
            // Unrolled for the usual case (indexed keys of up to 2^20 inputs): the loop below
            // with a run-time pass count cost half again the sort's instructions.
            let digit = UInt64(digitBits)
            let second = histograms + bucketCount
            let third = second + bucketCount
            let fourth = third + bucketCount
            for index in 0 ..< count {
                let key = read(index) &>> low
                histograms[Int(key & mask)] &+= 1
                second[Int((key &>> digit) & mask)] &+= 1
                third[Int((key &>> (digit &* 2)) & mask)] &+= 1
                fourth[Int((key &>> (digit &* 3)) & mask)] &+= 1
            }
        } else if passCount == 3 {
            // Unrolled too: full-precision columns fitted to their range (`SortKeyLayout.fitted`).
            let digit = UInt64(digitBits)
            let second = histograms + bucketCount
            let third = second + bucketCount
            for index in 0 ..< count {
                let key = read(index) &>> low
                histograms[Int(key & mask)] &+= 1
                second[Int((key &>> digit) & mask)] &+= 1
                third[Int((key &>> (digit &* 2)) & mask)] &+= 1
            }
        } else {
            for index in 0 ..< count {
                let key = read(index) &>> low
                for pass in 0 ..< passCount {
                    let digit = Int((key &>> UInt64(pass &* digitBits)) & mask)
                    histograms[pass &* bucketCount &+ digit] &+= 1
                }
            }
        }

        // The digits' shifts are masking ones (`&>>`): each amount is under 64 (the passes
        // end at `endBit` ≤ 64), and Swift's checked shifts added a compare and a select per
        // key and digit (callgrind, BENCHMARKS.md "Ninth pass").
        var source = keyBase
        var destination = scratchBase
        for pass in 0 ..< passCount {
            let shift = UInt64(lowestBit + pass * digitBits)
            let counts = histograms + pass * bucketCount
            let firstDigit = Int((source[0] &>> shift) & mask)
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
                let digit = Int((key &>> shift) & mask)
                destination[counts[digit]] = key
                counts[digit] &+= 1
            }
            swap(&source, &destination)
        }
        return source == keyBase ? keys : UnsafeMutableBufferPointer(start: scratchBase, count: count)
    }
}
