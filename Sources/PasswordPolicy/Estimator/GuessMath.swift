import Glibc

/// Guess arithmetic in log10 space: products of large counts never overflow.
enum GuessMath {
    /// log10 of n choose k (0 when k is out of range).
    static func log10Binomial(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, n >= 0, k <= n else { return 0 }
        if k == 0 || k == n { return 0 }
        return (lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)) / M_LN10
    }

    /// log10 of the sum over i = 1...upTo of C(n, i): the ways to pick which of
    /// `n` positions carry a change when at most `upTo` of them do.
    static func log10SumOfBinomials(_ n: Int, upTo: Int) -> Double {
        let top = min(upTo, n)
        guard top >= 1 else { return 0 }
        var total = 0.0
        for i in 1...top {
            total += pow(10, log10Binomial(n, i))
        }
        return log10(max(total, 1))
    }

    /// log10(10^a + 10^b) without overflow.
    static func log10Add(_ a: Double, _ b: Double) -> Double {
        let hi = max(a, b), lo = min(a, b)
        return hi + log10(1 + pow(10, lo - hi))
    }
}
