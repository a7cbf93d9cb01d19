/// The mangling rule-based crackers (john, hashcat) apply to words, and what
/// each costs an attacker in extra guesses.
enum Mangling {
    /// Letters that a look-alike character stands for (l33t speak).
    /// Indexed by ASCII code; empty for characters with no look-alike use.
    static let l33tLetters: [[UInt8]] = {
        var table = [[UInt8]](repeating: [], count: 128)
        let pairs: [(Character, String)] = [
            ("4", "a"), ("@", "a"), ("8", "b"), ("(", "c"), ("{", "c"), ("[", "c"), ("<", "c"),
            ("3", "e"), ("6", "g"), ("9", "g"), ("1", "il"), ("!", "i"), ("|", "il"),
            ("0", "o"), ("$", "s"), ("5", "s"), ("7", "tl"), ("+", "t"), ("%", "x"), ("2", "z"),
        ]
        for (symbol, letters) in pairs {
            guard let code = symbol.asciiValue else { continue }
            table[Int(code)] = Array(letters.utf8)
        }
        return table
    }()

    /// `l33tLetters` flattened for the hot loop: up to two letters per ASCII
    /// code, packed as `first | second << 8` (0 = none).
    static let l33tPairs: [UInt16] = l33tLetters.map { letters in
        letters.prefix(2).enumerated().reduce(UInt16(0)) { $0 | UInt16($1.element) << UInt16(8 * $1.offset) }
    }

    /// True when the typed scalar `typed` (lower case) may stand for `letter`.
    @inline(__always)
    static func isLookAlike(_ typed: UInt32, for letter: UInt32) -> Bool {
        guard typed < 128, letter < 128 else { return false }
        return l33tLetters[Int(typed)].contains(UInt8(truncatingIfNeeded: letter))
    }

    /// How a piece is capitalised: crackers have one rule for each simple shape.
    enum CaseShape: UInt8 {
        case lower, firstUpper, allUpper, lastUpper, mixed
    }

    /// The capitalisation of a piece (from its original scalars) and the
    /// log10 of the guesses it adds.
    ///
    /// All lower: ×1. First letter only, or all upper: ×2 (the first rules every
    /// cracker tries). Last letter only: ×3. Anything else: the number of ways
    /// to choose that many upper-case positions (as zxcvbn counts it).
    static func caseShape(_ scalars: [UInt32], _ range: Range<Int>) -> (shape: CaseShape, log10: Double) {
        var upper = 0, lower = 0
        var firstLetterUpper = false, lastLetterUpper = false, seenLetter = false
        // Clamped so that no range, however wrong, can trap.
        let end = min(scalars.count, max(0, range.upperBound))
        for i in min(max(0, range.lowerBound), end)..<end {
            let s = scalars[i]
            // ASCII fast path: the common case, and no Unicode property lookups.
            if s < 0x80 {
                if s >= 0x61 && s <= 0x7A {
                    if !seenLetter { seenLetter = true }
                    lastLetterUpper = false; lower += 1
                } else if s >= 0x41 && s <= 0x5A {
                    if !seenLetter { firstLetterUpper = true; seenLetter = true }
                    lastLetterUpper = true; upper += 1
                }
                continue
            }
            let isUpper = PasswordText.isUpper(s)
            let isLower = !isUpper && PasswordText.lowercase(s) == s && isLetter(s)
            guard isUpper || isLower else { continue }
            if !seenLetter { firstLetterUpper = isUpper; seenLetter = true }
            lastLetterUpper = isUpper
            if isUpper { upper += 1 } else { lower += 1 }
        }
        if upper == 0 { return (.lower, 0) }
        if lower == 0 { return (.allUpper, GuessMath.log10(2.0)) }
        if upper == 1 && firstLetterUpper { return (.firstUpper, GuessMath.log10(2.0)) }
        if upper == 1 && lastLetterUpper { return (.lastUpper, GuessMath.log10(3.0)) }
        return (.mixed, GuessMath.log10SumOfBinomials(upper + lower, upTo: min(upper, lower)))
    }

    /// log10 of the guesses l33t substitutions add.
    ///
    /// Bit k of `substitutedMask` tells whether position k of the matched word
    /// was typed as a look-alike. For each letter that was substituted: all
    /// its occurrences substituted is one rule (×2); only some of them is a
    /// choice of positions on top of that.
    static func log10L33tFactor(word: [UInt32], substitutedMask: UInt64) -> Double {
        guard substitutedMask != 0 else { return 0 }
        var total = 0.0
        var seen: [UInt32] = []
        for (k, letter) in word.enumerated() where k < 64 && substitutedMask & (1 << UInt64(k)) != 0 {
            guard !seen.contains(letter) else { continue }
            seen.append(letter)
            var subs = 0, plain = 0
            for (m, other) in word.enumerated() where other == letter && m < 64 {
                if substitutedMask & (1 << UInt64(m)) != 0 { subs += 1 } else { plain += 1 }
            }
            total += GuessMath.log10(2.0)
            if plain > 0 { total += GuessMath.log10SumOfBinomials(subs + plain, upTo: subs) }
        }
        return total
    }

    static func isLetter(_ s: UInt32) -> Bool {
        if s < 0x80 { return (s >= 0x61 && s <= 0x7A) || (s >= 0x41 && s <= 0x5A) }
        guard let scalar = Unicode.Scalar(s) else { return false }
        return scalar.properties.isAlphabetic
    }
}
