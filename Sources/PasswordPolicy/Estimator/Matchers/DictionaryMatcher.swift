/// Finds words of the ranked lexicon anywhere in the password: as typed, in
/// any capitalisation, with look-alike (l33t) substitutions, and reversed
/// (reversed words are matched without l33t: crackers rarely stack the two
/// rules, and the reversed l33t walk doubled the matcher's cost).
///
/// For every start position the matcher walks the sorted lexicon one byte at
/// a time (`Lexicon.narrow`), branching where a character may stand for a
/// letter. Words are at most 31 bytes and each start has a fixed budget of
/// steps, so the work is linear in the password length.
struct DictionaryMatcher {
    let lexicon: Lexicon
    /// Steps allowed per start position; bounds the l33t branching.
    static let stepBudget = 256
    /// Shortest word worth a candidate: one- and two-letter "words" are
    /// cheaper as brute force.
    static let minimumLength = 3

    func match(_ text: PasswordText, into candidates: inout [Candidate]) {
        guard lexicon.count > 0, !text.lower.isEmpty else { return }
        var stack = FrameStack()
        defer { stack.release() }
        walkAll(text.lower, original: text.scalars, reversed: false, stack: &stack, into: &candidates)
        let reversedLower = Array(text.lower.reversed())
        walkAll(reversedLower, original: text.scalars, reversed: true, stack: &stack, into: &candidates)
        walkDevoweled(text.lower, original: text.scalars, stack: &stack, into: &candidates)
    }

    /// log10 of the rule that drops a word's vowels (`bttrfly`, `prtty`):
    /// one of the few whole-word rules crackers apply.
    static let devowelLog10 = GuessMath.log10(4.0)
    /// Words shorter than this are not matched with their vowels dropped:
    /// what is left of them is too short to tell from brute force.
    static let devowelMinimumWordLength = 5

    /// Ranges of at most this many words are scanned, not searched.
    static let devowelScanLimit = 24

    /// Where `word[depth...]` ends when typed without its vowels from
    /// `lower[position...]` (consonants as typed, vowels skipped, at most two
    /// in a row), and how many vowels were skipped; nil if it is not.
    static func devoweledEnd(of word: UnsafeBufferPointer<UInt8>, from depth: Int, in lower: [UInt32],
                             at position: Int) -> (position: Int, skipped: UInt32)? {
        var j = position, skipped: UInt32 = 0, run = 0
        for i in depth..<word.count {
            let byte = word[i]
            if byte == 0x61 || byte == 0x65 || byte == 0x69 || byte == 0x6F || byte == 0x75 {
                run += 1
                if run > 2 { return nil }
                skipped += 1
                continue
            }
            run = 0
            guard j < lower.count, lower[j] == UInt32(byte) else { return nil }
            j += 1
        }
        return (j, skipped)
    }

    /// Lexicon searches allowed per start position for words without
    /// vowels: the walk tries what is typed first and the five vowels only
    /// when that is exhausted, so most words are found in a few searches.
    static let devowelSearchBudget = 120
    /// Lexicon searches allowed per password for words without vowels, so
    /// that long input (1,024 consonants) costs no more than a short one
    /// does: a password of ordinary length never reaches it.
    static let devowelTotalBudget = 120

    /// Finds words typed without their vowels, the first letter kept
    /// (`bttrfly` for butterfly). The walk consumes the password's
    /// consonants and skips the lexicon's vowels (at most two in a row),
    /// so it stops at the first vowel typed after the first letter. It
    /// starts only where a run of letters does and three consonants follow
    /// (a word of five letters or more without its vowels has them), which
    /// leaves a word typed so inside a run of letters (`mybttrfly`) to brute
    /// force, but lets each start search deep: cheap, and random strings
    /// rarely get far.
    private func walkDevoweled(_ lower: [UInt32], original: [UInt32], stack: inout FrameStack,
                               into candidates: inout [Candidate]) {
        let n = lower.count
        // Pushed in this order, so that the walk tries the vowels English
        // uses most first: e, a, o, i, u.
        let vowels: [UInt8] = [0x75, 0x69, 0x6F, 0x61, 0x65]
        @inline(__always) func isLetter(_ s: UInt32) -> Bool { s >= 0x61 && s <= 0x7A }
        @inline(__always) func isConsonant(_ s: UInt32) -> Bool {
            isLetter(s) && s != 0x61 && s != 0x65 && s != 0x69 && s != 0x6F && s != 0x75
        }
        guard n >= 4 else { return }
        var total = 0
        // Starts where a run of letters does: the password's start, or
        // after a scalar that is not a letter.
        for start in 0..<(n - 3) where total < DictionaryMatcher.devowelTotalBudget
            && (start == 0 || !isLetter(lower[start - 1])) && isLetter(lower[start])
            && isConsonant(lower[start + 1]) && isConsonant(lower[start + 2]) && isConsonant(lower[start + 3]) {
            stack.count = 0
            // `substituted` counts the vowels skipped; a frame with
            // `vowelsPending` stands for its five vowel steps, searched only
            // when it is popped.
            stack.push(Frame(position: start, range: lexicon.all, depth: 0, substituted: 0))
            var searches = 0
            // Pushes a step of the walk, and emits it when it ends a word.
            func visit(_ next: Frame) {
                stack.push(next)
                emitIfWord(next)
            }
            func emitIfWord(_ next: Frame) {
                let entry = next.range.lowerBound
                guard next.substituted > 0, next.depth >= DictionaryMatcher.devowelMinimumWordLength,
                      next.position - start >= DictionaryMatcher.minimumLength,
                      lexicon.length(of: entry) == next.depth else { return }
                let rank = max(1, lexicon.rank(of: entry))
                let (shape, caseLog10) = Mangling.caseShape(original, start..<next.position)
                let guesses = GuessMath.log10(Double(rank)) + caseLog10 + DictionaryMatcher.devowelLog10
                candidates.append(Candidate(pattern: .dictionary, start: start, end: next.position,
                                            guessesLog10: guesses, source: lexicon.list(of: entry), rank: rank,
                                            caseShape: shape, caseLog10: caseLog10))
            }
            while searches < DictionaryMatcher.devowelSearchBudget, let frame = stack.pop() {
                guard frame.depth < Lexicon.maxWordLength else { continue }
                // A small range is settled word by word: cheaper than
                // searching five vowels at every remaining step.
                if frame.range.count <= DictionaryMatcher.devowelScanLimit {
                    searches += 1
                    var entry = frame.range.lowerBound
                    lexicon.forEachWord(in: frame.range) { word in
                        if let end = Self.devoweledEnd(of: word, from: frame.depth, in: lower, at: frame.position),
                           frame.substituted > 0 || end.skipped > 0 {
                            emitIfWord(Frame(position: end.position, range: entry..<(entry + 1), depth: word.count,
                                             substituted: frame.substituted + end.skipped))
                        }
                        entry += 1
                        return true
                    }
                    continue
                }
                if frame.vowelsPending {
                    for vowel in vowels {
                        searches += 1
                        let range = lexicon.narrow(frame.range, depth: frame.depth, byte: vowel)
                        if !range.isEmpty {
                            visit(Frame(position: frame.position, range: range, depth: frame.depth + 1,
                                        substituted: frame.substituted + 1, vowelRun: frame.vowelRun + 1))
                        }
                    }
                    continue
                }
                // At most two vowels in a row (`beautiful`'s `eau` is rare).
                if frame.depth >= 1 && frame.vowelRun < 2 {
                    var pending = frame
                    pending.vowelsPending = true
                    stack.push(pending)
                }
                if frame.position < n, frame.depth == 0 ? isLetter(lower[frame.position]) : isConsonant(lower[frame.position]) {
                    searches += 1
                    let range = lexicon.narrow(frame.range, depth: frame.depth, byte: UInt8(truncatingIfNeeded: lower[frame.position]))
                    if !range.isEmpty {
                        visit(Frame(position: frame.position + 1, range: range, depth: frame.depth + 1,
                                    substituted: frame.substituted))
                    }
                }
            }
            total += searches
        }
    }

    private struct Frame {
        var position: Int
        var range: Range<Int>
        var depth: Int
        var substituted: UInt32
        /// ``walkDevoweled`` only: vowels skipped in a row, and whether the
        /// frame stands for its vowel steps, not yet searched.
        var vowelRun: UInt32 = 0
        var vowelsPending = false
    }

    /// The walk's depth-first stack: a fixed buffer, no array bookkeeping in
    /// the hot loop. Words are ≤ 31 bytes with ≤ 3 choices per character, so
    /// 128 frames are never exceeded in practice; a push beyond is dropped.
    private struct FrameStack {
        static let capacity = 128
        let frames = UnsafeMutablePointer<Frame>.allocate(capacity: FrameStack.capacity)
        var count = 0

        @inline(__always) mutating func push(_ frame: Frame) {
            guard count < FrameStack.capacity else { return }
            (frames + count).initialize(to: frame)
            count += 1
        }

        @inline(__always) mutating func pop() -> Frame? {
            guard count > 0 else { return nil }
            count -= 1
            return (frames + count).move()
        }

        func release() { frames.deallocate() }
    }

    private func walkAll(_ lower: [UInt32], original: [UInt32], reversed: Bool, stack: inout FrameStack,
                         into candidates: inout [Candidate]) {
        let n = lower.count
        var utf8 = [UInt8](repeating: 0, count: 4)
        let l33tPairs = Mangling.l33tPairs
        for start in 0..<n {
            stack.count = 0
            stack.push(Frame(position: start, range: lexicon.all, depth: 0, substituted: 0))
            var steps = 0
            while let frame = stack.pop() {
                steps += 1
                if steps > DictionaryMatcher.stepBudget { break }
                guard frame.position < n else { continue }
                let scalar = lower[frame.position]
                if scalar < 0x80 {
                    let byte = UInt8(truncatingIfNeeded: scalar)
                    advance(frame, start: start, byte: byte, substitution: false, original: original,
                            reversed: reversed, stack: &stack, into: &candidates)
                    var pair = reversed ? 0 : l33tPairs[Int(byte)]
                    while pair != 0 {
                        advance(frame, start: start, byte: UInt8(truncatingIfNeeded: pair), substitution: true,
                                original: original, reversed: reversed, stack: &stack, into: &candidates)
                        pair >>= 8
                    }
                } else {
                    // Multi-byte scalar: narrow through all of its UTF-8 bytes.
                    let count = DictionaryMatcher.encodeUTF8(scalar, into: &utf8)
                    var range = frame.range
                    var depth = frame.depth
                    for k in 0..<count {
                        range = lexicon.narrow(range, depth: depth, byte: utf8[k])
                        depth += 1
                        if range.isEmpty { break }
                    }
                    guard !range.isEmpty, depth <= 31 else { continue }
                    let next = Frame(position: frame.position + 1, range: range, depth: depth, substituted: frame.substituted)
                    emitIfWord(next, start: start, original: original, reversed: reversed, into: &candidates)
                    if next.position < n { stack.push(next) }
                }
            }
        }
    }

    @inline(__always)
    private func advance(_ frame: Frame, start: Int, byte: UInt8, substitution: Bool, original: [UInt32],
                         reversed: Bool, stack: inout FrameStack, into candidates: inout [Candidate]) {
        guard frame.depth < 31 else { return }
        let range = lexicon.narrow(frame.range, depth: frame.depth, byte: byte)
        guard !range.isEmpty else { return }
        var mask = frame.substituted
        if substitution { mask |= 1 << UInt32(frame.depth) }
        let next = Frame(position: frame.position + 1, range: range, depth: frame.depth + 1, substituted: mask)
        emitIfWord(next, start: start, original: original, reversed: reversed, into: &candidates)
        if next.position < original.count { stack.push(next) }
    }

    private func emitIfWord(_ frame: Frame, start: Int, original: [UInt32], reversed: Bool,
                            into candidates: inout [Candidate]) {
        let entry = frame.range.lowerBound
        guard lexicon.length(of: entry) == frame.depth else {
            emitIfTruncated(frame, start: start, original: original, reversed: reversed, into: &candidates)
            return
        }
        let matchedScalars = frame.position - start
        guard matchedScalars >= DictionaryMatcher.minimumLength else { return }
        let n = original.count
        let (from, to) = reversed ? (n - frame.position, n - start) : (start, frame.position)
        let rank = max(1, lexicon.rank(of: entry))
        var guesses = GuessMath.log10(Double(rank))
        let (shape, caseLog10) = Mangling.caseShape(original, from..<to)
        guesses += caseLog10
        if frame.substituted != 0 {
            guesses += Mangling.log10L33tFactor(word: lexicon.word(entry).map(UInt32.init), substitutedMask: UInt64(frame.substituted))
        }
        if reversed { guesses += GuessMath.log10(2.0) }
        candidates.append(Candidate(pattern: .dictionary, start: from, end: to, guessesLog10: guesses,
                                    source: lexicon.list(of: entry), rank: rank, reversed: reversed,
                                    l33tSubstitutions: frame.substituted.nonzeroBitCount,
                                    caseShape: shape, caseLog10: caseLog10))
    }

    /// log10 of the rule that cuts a word short (john's and hashcat's
    /// truncation rules: `utilitie` for utilities): the choice of length.
    static let truncationLog10 = GuessMath.log10(8.0)
    /// A cut word keeps at least this many letters, and the words it may
    /// be cut from are at most `truncationScanLimit` (their ranks are read).
    static let truncationMinimumLength = 5
    static let truncationScanLimit = 16

    /// Emits the typed letters as a word cut short, when they begin only a
    /// few words of the lexicon, are not a word themselves and no letter
    /// follows: priced as
    /// the most common of those words plus the truncation rule. As typed
    /// (no l33t), forwards only.
    private func emitIfTruncated(_ frame: Frame, start: Int, original: [UInt32], reversed: Bool,
                                 into candidates: inout [Candidate]) {
        // Where the letters end: a cut word is followed by digits, symbols
        // or nothing (`utilitie1`), rarely by more letters.
        guard !reversed, frame.substituted == 0, frame.depth >= DictionaryMatcher.truncationMinimumLength,
              frame.position - start == frame.depth, frame.range.count <= DictionaryMatcher.truncationScanLimit,
              frame.position == original.count || !Mangling.isLetter(original[frame.position])
        else { return }
        var bestEntry = frame.range.lowerBound, bestRank = Int.max
        for entry in frame.range {
            let rank = max(1, lexicon.rank(of: entry))
            if rank < bestRank { bestRank = rank; bestEntry = entry }
        }
        let (shape, caseLog10) = Mangling.caseShape(original, start..<frame.position)
        let guesses = GuessMath.log10(Double(bestRank)) + caseLog10 + DictionaryMatcher.truncationLog10
        candidates.append(Candidate(pattern: .dictionary, start: start, end: frame.position, guessesLog10: guesses,
                                    source: lexicon.list(of: bestEntry), rank: bestRank,
                                    caseShape: shape, caseLog10: caseLog10))
    }

    /// Encodes one scalar as UTF-8 into `buffer` (4 bytes); returns the length.
    static func encodeUTF8(_ scalar: UInt32, into buffer: inout [UInt8]) -> Int {
        switch scalar {
        case ..<0x80:
            buffer[0] = UInt8(truncatingIfNeeded: scalar); return 1
        case ..<0x800:
            buffer[0] = UInt8(truncatingIfNeeded: 0xC0 | (scalar >> 6))
            buffer[1] = UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F)); return 2
        case ..<0x10000:
            buffer[0] = UInt8(truncatingIfNeeded: 0xE0 | (scalar >> 12))
            buffer[1] = UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 6) & 0x3F))
            buffer[2] = UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F)); return 3
        default:
            buffer[0] = UInt8(truncatingIfNeeded: 0xF0 | ((scalar >> 18) & 0x07))
            buffer[1] = UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 12) & 0x3F))
            buffer[2] = UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 6) & 0x3F))
            buffer[3] = UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F)); return 4
        }
    }
}
