import Glibc

/// Chooses the cheapest way to explain the whole password as a sequence of
/// matched pieces and brute-forced runs, by dynamic programming over end
/// positions: O(n + candidates).
///
/// The cost of a decomposition is the product of its pieces' guesses times a
/// fixed factor for every piece after the first: an attacker who combines
/// patterns must also guess how many there are and of which kinds.
enum Decomposition {
    /// log10 of the factor paid for each additional piece.
    static let pieceOverheadLog10 = 0.5

    /// log10 of the guesses to brute-force one scalar, by its class.
    @inline(__always)
    static func cardinalityLog10(_ s: UInt32) -> Double {
        switch s {
        case 0x30...0x39: return 1.0                       // 10 digits
        case 0x61...0x7A, 0x41...0x5A: return 1.414973348  // 26 letters
        case 0x20...0x7E: return 1.518513940               // 33 symbols and space
        default: return 2.0                                // anything else: 100
        }
    }

    static func bruteforceLog10(_ scalars: ArraySlice<UInt32>) -> Double {
        var total = 0.0
        for s in scalars { total += cardinalityLog10(s) }
        return total
    }

    /// The cheapest cover of `text` by `candidates` and brute force.
    static func cheapest(_ text: PasswordText, candidates: [Candidate],
                         listNames: [String] = []) -> (guessesLog10: Double, pieces: [Piece]) {
        let s = text.scalars
        let n = s.count
        guard n > 0 else { return (0, []) }
        let overhead = pieceOverheadLog10

        // Candidates grouped by end position (counting sort).
        var bucketStart = [Int](repeating: 0, count: n + 2)
        for c in candidates where c.end >= 1 && c.end <= n && c.start >= 0 && c.start < c.end {
            bucketStart[c.end + 1] += 1
        }
        for k in 1..<(n + 2) { bucketStart[k] += bucketStart[k - 1] }
        var fill = bucketStart
        var order = [Int](repeating: 0, count: bucketStart[n + 1])
        for (index, c) in candidates.enumerated() where c.end >= 1 && c.end <= n && c.start >= 0 && c.start < c.end {
            order[fill[c.end]] = index
            fill[c.end] += 1
        }

        let infinity = Double.infinity
        var best = [Double](repeating: infinity, count: n + 1)
        var bestBF = [Double](repeating: infinity, count: n + 1)
        var choice = [Int](repeating: -1, count: n + 1)      // candidate index, or -1 for brute force
        var runStartsHere = [Bool](repeating: false, count: n + 1)
        best[0] = 0
        for k in 1...n {
            let card = cardinalityLog10(s[k - 1])
            let fresh = best[k - 1] + overhead
            if fresh <= bestBF[k - 1] {
                bestBF[k] = fresh + card
                runStartsHere[k] = true
            } else {
                bestBF[k] = bestBF[k - 1] + card
            }
            best[k] = bestBF[k]
            choice[k] = -1
            var b = bucketStart[k]
            while b < bucketStart[k + 1] {
                let index = order[b]
                let c = candidates[index]
                let cost = best[c.start] + c.guessesLog10 + overhead
                if cost < best[k] {
                    best[k] = cost
                    choice[k] = index
                }
                b += 1
            }
        }

        var pieces: [Piece] = []
        var chosen: [Int] = []
        var k = n
        while k > 0 {
            let index = choice[k]
            if index >= 0 {
                pieces.append(candidates[index].piece(listNames: listNames))
                chosen.append(index)
                k = candidates[index].start
            } else {
                var j = k
                while j > 0 && !runStartsHere[j] { j -= 1 }
                let start = max(j - 1, 0)
                pieces.append(Piece(pattern: .bruteforce, start: start, end: k,
                                    guessesLog10: bruteforceLog10(s[start..<k])))
                k = start
            }
        }
        pieces.reverse()
        let total = best[n] - overhead - sharedCaseDiscount(chosen.map { candidates[$0] })
        return (max(total, 0), pieces)
    }

    /// Words that are all capitalised the same way (`SensePromisedAccident`,
    /// `HAPPYDOG`) are one rule for a cracker, not one per word: charge the
    /// shape once.
    static func sharedCaseDiscount(_ chosen: [Candidate]) -> Double {
        let shaped = chosen.filter { $0.caseShape != .lower }
        guard shaped.count >= 2, let shape = shaped.first?.caseShape,
              shape == .firstUpper || shape == .allUpper,
              shaped.allSatisfy({ $0.caseShape == shape }) else { return 0 }
        let words = chosen.filter { $0.pattern == .dictionary || $0.pattern == .userContext }.count
        let charged = shaped.reduce(0) { $0 + $1.caseLog10 }
        // One rule, plus the choice of which words carry it when not all do.
        let once = log10(2.0) + (shaped.count < words ? GuessMath.log10Binomial(words, shaped.count) : 0)
        return max(charged - once, 0)
    }
}
