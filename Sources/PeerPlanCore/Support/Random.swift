/// SplitMix64 (Steele, Lea & Flood 2014): used to expand one seed into independent streams.
package struct SplitMix64: Sendable {
    package var state: UInt64

    package init(state: UInt64) { self.state = state }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A well-mixed 64-bit value from a seed and a stream number (school index, purpose tag).
    package static func mix(_ seed: UInt64, _ stream: UInt64) -> UInt64 {
        var generator = SplitMix64(state: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        _ = generator.next()
        return generator.next()
    }
}

/// xoshiro256** (Blackman & Vigna 2018), the generator behind every random choice here.
///
/// Deliberately not a `RandomNumberGenerator`: the standard library's `random(in:using:)` and
/// `shuffled(using:)` are free to change their algorithms between releases, and the generator's
/// output must stay byte-identical for a given seed. Every draw goes through the methods below,
/// which use integer arithmetic and correctly rounded floating point only (no `log`, `cos`),
/// so the same seed gives the same district on every platform.
package struct Xoshiro: Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    package init(seed: UInt64) {
        var expander = SplitMix64(state: seed)
        s0 = expander.next()
        s1 = expander.next()
        s2 = expander.next()
        s3 = expander.next()
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    package mutating func next() -> UInt64 {
        let result = Xoshiro.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Xoshiro.rotl(s3, 45)
        return result
    }

    /// Uniform in `0..<bound` (Lemire's multiply-shift with rejection). `bound` must be > 0.
    package mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        var product = next().multipliedFullWidth(by: b)
        if product.low < b {
            let threshold = (0 &- b) % b
            while product.low < threshold {
                product = next().multipliedFullWidth(by: b)
            }
        }
        return Int(product.high)
    }

    /// Uniform in [0, 1), 53 bits.
    package mutating func unit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Uniform in [low, high).
    package mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * unit()
    }

    /// True with probability `p`.
    package mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Approximately normal (Irwin–Hall sum of four uniforms), mean 0, standard deviation 1,
    /// bounded by ±3.46. Arithmetic only, so it is bit-reproducible everywhere.
    package mutating func normal() -> Double {
        (unit() + unit() + unit() + unit() - 2.0) * 1.7320508075688772
    }

    /// An index chosen with the given non-negative weights (at least one positive).
    package mutating func weighted(_ weights: [Double]) -> Int {
        var total = 0.0
        for w in weights { total += w }
        var x = unit() * total
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.count - 1
    }

    /// Fisher–Yates, in place.
    package mutating func shuffle<T>(_ array: inout [T]) {
        var i = array.count - 1
        while i > 0 {
            let j = below(i + 1)
            if i != j { array.swapAt(i, j) }
            i -= 1
        }
    }

    package mutating func pick<T>(_ array: [T]) -> T { array[below(array.count)] }
}
