/// Finds a block typed several times in a row: `aaaa`, `abcabcabc`,
/// `philliesphillies`. The repeat costs the guesses of one copy (estimated
/// on its own by the caller) times the number of copies.
///
/// Periods up to `maximumPeriod` are scanned in one pass each, so the work is
/// O(n · maximumPeriod); a longer block repeated is long enough to be strong.
enum RepeatMatcher {
    static let maximumPeriod = 128
    /// Full estimates of blocks per password; further blocks are costed as brute force.
    static let maximumBaseEstimates = 32

    /// - Parameter baseGuesses: log10 guesses of `scalars[start..<end]` on its own;
    ///   `nil` when the budget of full estimates is spent.
    static func match(_ text: PasswordText, baseGuesses: (Int, Int) -> Double,
                      into candidates: inout [Candidate]) {
        // Copies are compared ignoring case (`Espnespn`); a copy whose case
        // differs from the first costs one more rule.
        let s = text.lower
        let n = s.count
        guard n >= 2 else { return }
        var estimates = 0
        // Maximal runs of s[k] == s[k + period]: a run of length r starting
        // at k covers r + period scalars with that period. A run long enough
        // to matter (r ≥ period) contains a multiple of the period, so only
        // those positions are probed: about n / period probes per period.
        var runs: [(start: Int, length: Int, period: Int)] = []
        s.withUnsafeBufferPointer { buffer in
            guard let p = buffer.baseAddress else { return }
            for period in 1...min(maximumPeriod, n / 2) {
                let limit = n - period          // positions k with k + period < n
                var covered = 0                 // positions before this are in a recorded run
                var k = 0
                while k < limit {
                    if k >= covered && p[k] == p[k + period] {
                        var first = k, last = k
                        while first > covered && p[first - 1] == p[first - 1 + period] { first -= 1 }
                        while last + 1 < limit && p[last + 1] == p[last + 1 + period] { last += 1 }
                        let run = last - first + 1
                        if run >= period { runs.append((first, run, period)) }
                        covered = last + 1
                        k = (last / period + 1) * period
                    } else {
                        k += period
                    }
                }
            }
        }
        // The full estimates go to the repeats that cover the most scalars:
        // spent in scan order, trivial runs such as `ss` or `oo` (period 1)
        // used them up and `password` × 32 was costed as brute force.
        runs.sort { ($0.length + $0.period) / $0.period * $0.period > ($1.length + $1.period) / $1.period * $1.period }
        for (start, run, period) in runs {
            let copies = (run + period) / period
            guard copies >= 2, isPrimitive(s[start..<(start + period)]) else { continue }
            let base: Double
            if estimates < maximumBaseEstimates {
                estimates += 1
                base = baseGuesses(start, start + period)
            } else {
                base = Decomposition.bruteforceLog10(s[start..<(start + period)])
            }
            let end = start + copies * period
            var guesses = base + GuessMath.log10(Double(copies))
            if !sameCase(text.scalars, start: start, period: period, end: end) { guesses += GuessMath.log10(2.0) }
            let piece = Piece(pattern: .repeat, start: start, end: end, guessesLog10: guesses)
            candidates.append(Candidate(piece))
        }
    }

    /// True when every copy is typed exactly like the first.
    static func sameCase(_ scalars: [UInt32], start: Int, period: Int, end: Int) -> Bool {
        var k = start + period
        while k < end {
            if scalars[k] != scalars[k - period] { return false }
            k += 1
        }
        return true
    }

    /// True when the block is not itself a repetition of a shorter block
    /// (that shorter period finds the same repeat more cheaply).
    static func isPrimitive(_ block: ArraySlice<UInt32>) -> Bool {
        let b = Array(block)
        let m = b.count
        guard m > 1 else { return true }
        // Prefix function: the longest proper border gives the smallest period.
        var border = [Int](repeating: 0, count: m)
        var j = 0
        for i in 1..<m {
            while j > 0 && b[i] != b[j] { j = border[j - 1] }
            if b[i] == b[j] { j += 1 }
            border[i] = j
        }
        let smallest = m - border[m - 1]
        return !(smallest < m && m % smallest == 0)
    }
}
