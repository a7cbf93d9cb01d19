/// Finds words typed one after another as one piece: `goodfootballcoffee`,
/// `free how work`, `GoodMorningSunshine`, `beautiful!cup`. That is what a
/// combinator attack tries (hashcat's `-a 1`, or a word list run over
/// itself), and costing each word as a separate piece overprices it: the
/// attacker pays for the list depth per word and for the separator once,
/// not for a new choice of pattern per word and brute force per separator.
///
/// Words are the dictionary matcher's (as typed or capitalised, not
/// reversed or l33t: attacks do not stack those rules on every word of a
/// phrase) plus one- and two-letter words (`i`, `go`, `an`), which are only
/// worth matching inside a phrase. All words of a phrase are joined the same
/// way: directly, or by one separator scalar.
enum PhraseMatcher {
    /// At most this many words per phrase: longer phrases are costed as
    /// phrases joined by the decomposition.
    static let maximumWords = 6

    /// log10 of the choices of separator: a space, or one of the symbols
    /// people put between words.
    static let spaceLog10 = 0.3
    static let symbolSeparatorLog10 = 1.0
    /// Scalars that join words in phrases people choose.
    static let separators: [UInt32] = Array(" -_.+,/&*#@!~:;|=".unicodeScalars.map(\.value))
    /// Chain extensions allowed per password, so that long input full of
    /// words (`password` × 128) costs a bounded amount: a password of
    /// ordinary length never reaches it, and past it longer phrases are
    /// left to the decomposition.
    static let extensionBudget = 4096
    /// Words past this rank are left out of phrases: combinator attacks
    /// run over lists of at most tens of thousands of words, and the rare
    /// words the lexicon finds inside random strings would only make chains
    /// to throw away (the decomposition still prices them next to others).
    static let maximumRank = 30_000
    /// One- and two-letter words count only this far down their list.
    static let shortWordMaximumRank = 5000

    private struct Word {
        var start: Int
        var end: Int
        /// log10 guesses of the word with its capitalisation.
        var guessesLog10: Double
        var caseShape: Mangling.CaseShape
        var caseLog10: Double
    }

    private struct Chain {
        /// The phrase's cost (``cost(_:)``): what chains are compared by.
        var costLog10 = Double.infinity
        /// log10 of the product of the words' guesses (ranks and case).
        var guessesLog10 = 0.0
        var words = 0
        var caseLog10 = 0.0
        /// log10 of the largest rank among the words (the list depth a
        /// combinator attack needs).
        var deepestLog10 = 0.0
        /// The shape every word shares, or nil once two differ.
        var sharedShape: Mangling.CaseShape?
    }

    static func match(_ text: PasswordText, lexicon: Lexicon, candidates: inout [Candidate]) {
        let n = text.count
        guard n >= 2 else { return }
        var words: [Word] = []
        for c in candidates where c.pattern == .dictionary && !c.reversed && c.l33tSubstitutions == 0
            && c.rank <= maximumRank && (c.caseShape == .lower || c.caseShape == .firstUpper || c.caseShape == .allUpper) {
            words.append(Word(start: c.start, end: c.end, guessesLog10: c.guessesLog10,
                              caseShape: c.caseShape, caseLog10: c.caseLog10))
        }
        guard !words.isEmpty else { return }
        // A phrase starts where the password does, after a scalar that is
        // not a letter, or where a word of three letters or more ends: one
        // starting inside letters no word explains would be a word's tail,
        // or brute force, run into others (their words are still priced one
        // after another by the decomposition).
        var canStart = [Bool](repeating: false, count: n + 1)
        canStart[0] = true
        for p in 1..<n where !Mangling.isLetter(text.lower[p - 1]) { canStart[p] = true }
        for word in words { canStart[word.end] = true }
        addShortWords(text, lexicon: lexicon, to: &words)
        // Words by start position (counting sort): firstWord[p]..<firstWord[p + 1].
        var firstWord = [Int](repeating: 0, count: n + 2)
        for word in words { firstWord[word.start + 2] += 1 }
        for p in 2..<(n + 2) { firstWord[p] += firstWord[p - 1] }
        var byStart = words
        for word in words {
            byStart[firstWord[word.start + 1]] = word
            firstWord[word.start + 1] += 1
        }

        // The ways words may be joined here: directly, and by each separator
        // the password contains.
        var joins: [UInt32?] = [nil]
        for s in separators where text.scalars.contains(s) { joins.append(s) }

        let span = maximumWords * (Lexicon.maxWordLength + 1)
        var chains = [Chain](repeating: Chain(), count: min(n, span) + 1)
        let none = Chain(costLog10: 0, guessesLog10: 0, words: 0, caseLog10: 0, deepestLog10: 0, sharedShape: nil)
        var extensions = 0
        for start in 0..<n where canStart[start] && firstWord[start] < firstWord[start + 1] && extensions < extensionBudget {
            let limit = min(n, start + span)
            for join in joins {
                // Chains only reach forward: positions past the furthest
                // word end so far have none.
                var reach = start
                for w in firstWord[start]..<firstWord[start + 1] where byStart[w].end <= limit {
                    reach = max(reach, byStart[w].end)
                }
                for k in 0...(reach - start) { chains[k] = Chain() }
                for w in firstWord[start]..<firstWord[start + 1] where byStart[w].end <= limit {
                    extend(&chains[byStart[w].end - start], from: none, by: byStart[w], first: true)
                }
                let joinLog10 = join == nil ? 0 : (join == 0x20 ? spaceLog10 : symbolSeparatorLog10)
                var position = start
                while position < reach {
                    position += 1
                    let chain = chains[position - start]
                    guard chain.words > 0 else { continue }
                    if chain.words >= 2 {
                        candidates.append(phrase(start: start, end: position, chain, joinLog10: joinLog10))
                    }
                    guard chain.words < maximumWords else { continue }
                    var next = position
                    if let join {
                        guard position < n, text.scalars[position] == join else { continue }
                        next += 1
                    }
                    guard next < n else { continue }
                    extensions += firstWord[next + 1] - firstWord[next]
                    for w in firstWord[next]..<firstWord[next + 1] where byStart[w].end <= limit {
                        let end = byStart[w].end
                        while reach < end { reach += 1; chains[reach - start] = Chain() }
                        extend(&chains[end - start], from: chain, by: byStart[w], first: false)
                    }
                }
            }
        }
    }

    /// Keeps the cheaper of `chain` and `from` followed by `word`.
    private static func extend(_ chain: inout Chain, from: Chain, by word: Word, first: Bool) {
        // Both orders cost at least the product of the words' guesses: a
        // chain that cannot beat the one kept is not costed.
        guard from.guessesLog10 + word.guessesLog10 - from.caseLog10 - word.caseLog10 < chain.costLog10 else { return }
        let shared: Mangling.CaseShape? = first ? word.caseShape : (from.sharedShape == word.caseShape ? word.caseShape : nil)
        var next = Chain(guessesLog10: from.guessesLog10 + word.guessesLog10, words: from.words + 1,
                         caseLog10: from.caseLog10 + word.caseLog10,
                         deepestLog10: max(from.deepestLog10, word.guessesLog10 - word.caseLog10), sharedShape: shared)
        next.costLog10 = cost(next)
        if next.costLog10 < chain.costLog10 { chain = next }
    }

    /// The candidate for a chain: the cheaper of the two orders an attacker
    /// can enumerate k-word phrases in, plus one rule for a capitalisation
    /// all words share (else each word's own) and the separator once.
    ///
    /// - By product of ranks: the phrases whose rank product is at most P
    ///   number about P · Σ_{j<k} (ln P)^j / j!.
    /// - By list depth: every phrase of k words from the top D is D^k
    ///   guesses, D being the deepest word's rank (hashcat's combinator).
    private static func phrase(start: Int, end: Int, _ chain: Chain, joinLog10: Double) -> Candidate {
        Candidate(pattern: .phrase, start: start, end: end, guessesLog10: chain.costLog10 + joinLog10,
                  caseShape: chain.sharedShape ?? .mixed, caseLog10: 0)
    }

    /// log10 guesses of the words of `chain` as a phrase, the separator aside.
    private static func cost(_ chain: Chain) -> Double {
        let k = chain.words
        // One word: its own guesses (both orders agree), case included.
        if k == 1 { return chain.guessesLog10 }
        let productLog10 = chain.guessesLog10 - chain.caseLog10
        let lnProduct = productLog10 * GuessMath.ln10
        var sum = 0.0, term = 1.0
        for j in 0..<k {
            if j > 0 { term *= lnProduct / Double(j) }
            sum += term
        }
        let byProduct = productLog10 + GuessMath.log10(sum)
        let byDepth = Double(k) * chain.deepestLog10
        let shared = chain.sharedShape
        let caseLog10 = shared == nil ? chain.caseLog10 : (shared == .lower ? 0 : GuessMath.log10Of2)
        return min(byProduct, byDepth) + caseLog10
    }

    /// One- and two-letter words of the lexicon (ASCII letters, as typed or
    /// capitalised), which the dictionary matcher leaves out. Only where
    /// one touches another word (directly or across one scalar): nowhere
    /// else can it join a phrase.
    private static func addShortWords(_ text: PasswordText, lexicon: Lexicon, to words: inout [Word]) {
        let n = text.count
        let builtIn = lexicon.isBuiltIn
        var letters: [UInt8] = [0, 0]   // for another lexicon's lookups: wiped
        defer { letters.wipe() }
        var boundary = [Bool](repeating: false, count: n + 2)
        for word in words {
            boundary[word.start] = true
            boundary[word.end] = true
            if word.start > 0 { boundary[word.start - 1] = true }
            boundary[word.end + 1] = true
        }
        for start in 0..<n {
            for length in 1...2 where start + length <= n && (boundary[start] || boundary[start + length]) {
                // For the built-in lexicon, the rank from the generated table
                // (ShortWordRanks.swift): no lexicon search.
                let first = text.lower[start]
                guard first >= 0x61 && first <= 0x7A else { break }
                var index = Int(first - 0x61)
                if length == 2 {
                    let second = text.lower[start + 1]
                    guard second >= 0x61 && second <= 0x7A else { continue }
                    index = 26 + index * 26 + Int(second - 0x61)
                }
                var rank = 0
                if builtIn {
                    rank = Int(shortWordRanks[index])
                } else {
                    for k in 0..<length { letters[k] = UInt8(truncatingIfNeeded: text.lower[start + k]) }
                    if let entry = lexicon.lookup(letters[0..<length]) { rank = max(1, lexicon.rank(of: entry)) }
                }
                guard rank > 0, rank <= shortWordMaximumRank else { continue }
                let (shape, caseLog10) = Mangling.caseShape(text.scalars, start..<(start + length))
                guard shape == .lower || shape == .firstUpper || shape == .allUpper else { continue }
                words.append(Word(start: start, end: start + length, guessesLog10: GuessMath.log10(Double(rank)) + caseLog10,
                                  caseShape: shape, caseLog10: caseLog10))
            }
        }
    }
}
