/// SplitMix64: a small, fast generator that gives the same numbers on every platform, so that
/// `evaltop-bench generate --seed` reproduces the same file and seeded tests reproduce their
/// cases. Not for anything that needs unpredictability.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Approximately standard normal (sum of four uniforms, rescaled): cheap and smooth enough.
    public mutating func normal() -> Double { (unit() + unit() + unit() + unit() - 2) * 1.7320508075688772 }
}
