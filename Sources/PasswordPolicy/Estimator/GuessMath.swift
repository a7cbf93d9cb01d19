/// Guess arithmetic in log10 space, where products of large counts never
/// overflow. The library computes these itself, from the binary exponent and
/// short series, rather than calling libm: the PAM module does not load libm
/// (pam/libm_on_demand.c), and accuracy ~1e-15 is far beyond what guesses
/// need. Integers below 1024, the common case, come from tables.
enum GuessMath {
    static let log10Of2 = 0.301029995663981195
    /// log10(2) in two parts, the first with 32 significant bits, so that
    /// n times it is exact for every binary exponent n and x − n·log10(2)
    /// loses nothing.
    static let log10Of2High = 0x1.34413508p-2
    static let log10Of2Low = 1.1451100898021838e-10
    static let log2Of10 = 3.321928094887362
    static let ln10 = 2.302585092994045684
    /// 1 / ln(10).
    static let log10OfE = 0.4342944819032518
    static let tableSize = 1024

    /// log10 of `x`. Callers pass counts ≥ 1; anything not positive (or NaN)
    /// gives 0 rather than trapping or poisoning a sum with NaN.
    static func log10(_ x: Double) -> Double {
        guard x > 0 else { return 0 }
        guard x.isFinite else { return x }
        // Exponent and significand from the bits (the stdlib accessors are
        // out-of-line calls); subnormals are scaled into the normal range.
        let bits = x.bitPattern
        let rawExponent = Int((bits >> 52) & 0x7FF)
        if rawExponent == 0 { return log10(x * 0x1p54) - 54 * log10Of2 }
        var exponent = Double(rawExponent - 1023)
        var m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)   // in [1, 2)
        if m > 1.4142135623730951 {      // centre on 1 so the series converges fast
            m *= 0.5
            exponent += 1
        }
        // ln m = 2 atanh(z) = 2 (z + z³/3 + z⁵/5 …), z = (m − 1)/(m + 1),
        // |z| ≤ 0.172: ten terms leave an error below 1e-16. Horner form
        // with constant coefficients: no divisions in the dependency chain.
        let z = (m - 1) / (m + 1)
        let w = z * z
        var p = 1.0 / 19
        p = p * w + 1.0 / 17
        p = p * w + 1.0 / 15
        p = p * w + 1.0 / 13
        p = p * w + 1.0 / 11
        p = p * w + 1.0 / 9
        p = p * w + 1.0 / 7
        p = p * w + 1.0 / 5
        p = p * w + 1.0 / 3
        p = p * w + 1
        // e·log10(2) with log10(2) in two parts (the high part times e is
        // exact), then the series' ln m scaled to log10: about 1 ulp.
        return exponent * log10Of2High + (exponent * log10Of2Low + 2 * z * p * log10OfE)
    }

    /// Tables of log10 n and log10 n! for n < 1024. Hot loops fetch them
    /// once (`let t = GuessMath.tables`): each access to a global array
    /// costs a lazy-initialisation check and a retain.
    struct Tables: Sendable {
        let logs: [Double]
        let factorials: [Double]

        init() {
            logs = (0..<GuessMath.tableSize).map { GuessMath.log10(Double($0)) }
            var f = [Double](repeating: 0, count: GuessMath.tableSize)
            for n in 2..<GuessMath.tableSize { f[n] = f[n - 1] + logs[n] }
            factorials = f
        }

        /// log10 of a positive integer (0 for n ≤ 0).
        @inline(__always)
        func log10(_ n: Int) -> Double {
            if n < 1 { return 0 }
            if n < logs.count { return logs[n] }
            return GuessMath.log10(Double(n))
        }

        /// log10(n!) (0 for n < 2): exact below 1024, Stirling's series
        /// above (error < 1e-15).
        @inline(__always)
        func log10Factorial(_ n: Int) -> Double {
            if n < 2 { return 0 }
            if n < factorials.count { return factorials[n] }
            let x = Double(n)
            let ln = x * (GuessMath.log10(x) * GuessMath.ln10) - x
                + 0.5 * (GuessMath.log10(2 * Double.pi * x) * GuessMath.ln10)
                + 1 / (12 * x) - 1 / (360 * x * x * x)
            return ln / GuessMath.ln10
        }

        /// log10 C(n, k); 0 when k is outside 0…n (no combinations to count).
        @inline(__always)
        func log10Binomial(_ n: Int, _ k: Int) -> Double {
            guard n > 0, k > 0, k < n else { return 0 }
            return log10Factorial(n) - log10Factorial(k) - log10Factorial(n - k)
        }
    }

    static let tables = Tables()

    /// log10 of a positive integer (0 for n ≤ 0), from a table when small.
    static func log10(_ n: Int) -> Double { tables.log10(n) }

    /// log10(n!) for n ≥ 0 (0 for negative n).
    static func log10Factorial(_ n: Int) -> Double { tables.log10Factorial(n) }

    /// log10 C(n, k); 0 when k is outside 0…n (no combinations to count).
    static func log10Binomial(_ n: Int, _ k: Int) -> Double { tables.log10Binomial(n, k) }

    /// log10 of the sum over i = 1...upTo of C(n, i): the ways to pick which of
    /// `n` positions carry a change when at most `upTo` of them do.
    static func log10SumOfBinomials(_ n: Int, upTo: Int) -> Double {
        let top = min(upTo, n)
        guard top >= 1 else { return 0 }
        var total = 0.0
        for i in 1...top {
            total += exp10(log10Binomial(n, i))
        }
        return log10(max(total, 1))
    }

    /// log10(10^a + 10^b) without overflow.
    static func log10Add(_ a: Double, _ b: Double) -> Double {
        let hi = max(a, b), lo = min(a, b)
        return hi + log10(1 + exp10(lo - hi))
    }

    /// 10^x. Infinity past the largest Double, 0 below 10^-323.3, NaN for NaN;
    /// relative error a few units in the last place.
    ///
    /// x = n·log10(2) + r/ln(10) with n the nearest integer to x·log2(10),
    /// so 10^x = 2^n · e^r with |r| ≤ ln(2)/2 + ε, and e^r is its Taylor
    /// series to r^17/17! (the first term left out is below 1e-24).
    static func exp10(_ x: Double) -> Double {
        guard !x.isNaN else { return x }
        if x > 308.25471555991675 { return .infinity }     // log10(Double.greatestFiniteMagnitude)
        if x < -323.3 { return 0 }
        let t = x * log2Of10
        let n = Int(t < 0 ? t - 0.5 : t + 0.5)      // |t| < 1075: no overflow
        let r = ((x - Double(n) * log10Of2High) - Double(n) * log10Of2Low) * ln10
        // Horner: 1 + r(1 + r/2(1 + r/3(… (1 + r/17)))).
        var e = 1.0, k = 17.0
        while k >= 1 {
            e = 1 + e * r / k
            k -= 1
        }
        return scaled(e, byPowerOfTwo: n)
    }

    /// y · 2^n, in steps that neither overflow nor flush early.
    private static func scaled(_ y: Double, byPowerOfTwo n: Int) -> Double {
        var value = y, rest = n
        while rest > 1023 { value *= 0x1p1023; rest -= 1023 }
        while rest < -1022 { value *= 0x1p-1022; rest += 1022 }
        return value * Double(bitPattern: UInt64(rest + 1023) << 52)
    }
}
