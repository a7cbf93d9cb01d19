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

    /// log10 of the extra factor paid when a word follows a word directly
    /// (dictionary words and phrases): k words enumerated by the product of
    /// their ranks P number about P · Σ_{j<k} (ln P)^j / j!, far more than
    /// one piece overhead per word. Chains of plain words are costed whole
    /// by ``PhraseMatcher``; this prices the rest (a reversed or l33t word
    /// next to another) consistently with it.
    static let wordAfterWordLog10 = 0.6

    /// True for the pieces that count as words for ``wordAfterWordLog10``.
    @inline(__always)
    static func isWord(_ c: Candidate) -> Bool { c.pattern == .dictionary || c.pattern == .phrase }

    /// The cheapest cover of `text` by `candidates` and brute force.
    ///
    /// Two costs per end position: the cheapest cover whose last piece is a
    /// word, and the cheapest whose last piece is anything else, so that a
    /// word directly after a word pays ``wordAfterWordLog10``.
    static func cheapest(_ text: PasswordText, candidates: [Candidate],
                         listNames: [String] = []) -> (guessesLog10: Double, pieces: [Piece]) {
        let s = text.scalars
        let n = s.count
        guard n > 0 else { return (0, []) }
        let overhead = pieceOverheadLog10
        let wordAfterWord = overhead + wordAfterWordLog10

        // Two allocations hold all the working arrays (an allocation per
        // array was a measurable share of the estimator's time):
        // ints = bucketStart[n + 2] | fill[n + 2] | choiceOther[n + 1] | choiceWord[n + 1]
        //        | wordAfterWord[n + 1] | runStart[n + 1] | order[m]
        // reals = bestOther[n + 1] | bestWord[n + 1] | bestBF[n + 1]
        func valid(_ c: Candidate) -> Bool { c.end >= 1 && c.end <= n && c.start >= 0 && c.start < c.end }
        let fillBase = n + 2, otherChoiceBase = 2 * (n + 2), wordChoiceBase = otherChoiceBase + n + 1
        let afterWordBase = wordChoiceBase + n + 1, runBase = afterWordBase + n + 1, orderBase = runBase + n + 1
        var m = 0
        for c in candidates where valid(c) { m += 1 }
        var ints = [Int](repeating: 0, count: orderBase + m)
        var reals = [Double](repeating: .infinity, count: 3 * (n + 1))
        let wordBase = n + 1, bfBase = 2 * (n + 1)
        @inline(__always) func best(_ k: Int) -> Double { min(reals[k], reals[wordBase + k]) }

        // Candidates grouped by end position (counting sort).
        for c in candidates where valid(c) { ints[c.end + 1] += 1 }
        for k in 1..<(n + 2) { ints[k] += ints[k - 1] }
        for k in 0..<(n + 2) { ints[fillBase + k] = ints[k] }
        for (index, c) in candidates.enumerated() where valid(c) {
            ints[orderBase + ints[fillBase + c.end]] = index
            ints[fillBase + c.end] += 1
        }

        reals[0] = 0
        for k in 1...n {
            let card = cardinalityLog10(s[k - 1])
            let fresh = best(k - 1) + overhead
            if fresh <= reals[bfBase + k - 1] {
                reals[bfBase + k] = fresh + card
                ints[runBase + k] = 1
            } else {
                reals[bfBase + k] = reals[bfBase + k - 1] + card
            }
            var bestOther = reals[bfBase + k], bestWord = Double.infinity
            var otherChoice = -1                                  // -1: a brute-force run ends here
            var wordChoice = -1, afterWord = 0
            var b = ints[k]
            while b < ints[k + 1] {
                let index = ints[orderBase + b]
                let c = candidates[index]
                if isWord(c) {
                    let afterOther = reals[c.start] + c.guessesLog10 + overhead
                    let afterAWord = reals[wordBase + c.start] + c.guessesLog10 + wordAfterWord
                    if min(afterOther, afterAWord) < bestWord {
                        bestWord = min(afterOther, afterAWord)
                        wordChoice = index
                        afterWord = afterAWord < afterOther ? 1 : 0
                    }
                } else {
                    // An affix's price already includes the choice of having
                    // one (its share counts the passwords without): no
                    // piece overhead on top.
                    let cost = best(c.start) + c.guessesLog10 + (c.pattern == .affix ? 0 : overhead)
                    if cost < bestOther {
                        bestOther = cost
                        otherChoice = index
                    }
                }
                b += 1
            }
            reals[k] = bestOther
            reals[wordBase + k] = bestWord
            ints[otherChoiceBase + k] = otherChoice
            ints[wordChoiceBase + k] = wordChoice
            ints[afterWordBase + k] = afterWord
        }

        var pieces: [Piece] = []
        var chosen: [Int] = []
        var k = n
        var inWord = reals[wordBase + n] < reals[n]
        while k > 0 {
            if inWord {
                let index = ints[wordChoiceBase + k]
                pieces.append(candidates[index].piece(listNames: listNames))
                chosen.append(index)
                inWord = ints[afterWordBase + k] == 1
                k = candidates[index].start
                continue
            }
            let index = ints[otherChoiceBase + k]
            let start: Int
            if index >= 0 {
                pieces.append(candidates[index].piece(listNames: listNames))
                chosen.append(index)
                start = candidates[index].start
            } else {
                var j = k
                while j > 0 && ints[runBase + j] == 0 { j -= 1 }
                start = max(j - 1, 0)
                pieces.append(Piece(pattern: .bruteforce, start: start, end: k,
                                    guessesLog10: bruteforceLog10(s[start..<k])))
            }
            k = start
            inWord = reals[wordBase + k] < reals[k]
        }
        pieces.reverse()
        let total = best(n) - overhead - sharedCaseDiscount(chosen, in: candidates)
        return (max(total, 0), pieces)
    }

    /// Words that are all capitalised the same way (`SensePromisedAccident`,
    /// `HAPPYDOG`) are one rule for a cracker, not one per word: charge the
    /// shape once.
    static func sharedCaseDiscount(_ chosen: [Int], in candidates: [Candidate]) -> Double {
        var shaped = 0, words = 0, charged = 0.0
        var shape: Mangling.CaseShape?
        for index in chosen {
            let c = candidates[index]
            if c.pattern == .dictionary || c.pattern == .userContext { words += 1 }
            guard c.caseShape != .lower else { continue }
            guard c.caseShape == .firstUpper || c.caseShape == .allUpper, shape == nil || shape == c.caseShape else { return 0 }
            shape = c.caseShape
            shaped += 1
            charged += c.caseLog10
        }
        guard shaped >= 2 else { return 0 }
        // One rule, plus the choice of which words carry it when not all do.
        let once = GuessMath.log10(2.0) + (shaped < words ? GuessMath.log10Binomial(words, shaped) : 0)
        return max(charged - once, 0)
    }
}
