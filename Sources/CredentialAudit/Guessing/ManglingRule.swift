/// One word-mangling rule (like a line of john's rule sets): a shape applied
/// to the word, then a prefix and a suffix; `weight` is how likely people
/// are to choose a password made this way, relative to the word as it is
/// (1). Generators try word i with rule r in order of `(i + 1) / weight`, so
/// the top words get the rare rules and every word gets the common ones.
struct ManglingRule: Sendable {
    enum Shape: Sendable {
        /// The word as it is.
        case asIs
        /// Lower case (only for words with capitals).
        case lower
        /// First letter upper case, the rest lower case.
        case capitalized
        /// Every letter upper case.
        case upper
        /// Backwards.
        case reversed
        /// Twice ("fredfred").
        case duplicated
        /// Capitalized, twice ("FredFred").
        case capitalizedDuplicated
        /// Then backwards ("fredderf").
        case reflected
        /// a→@ e→3 i→1 o→0 s→$.
        case l33t
    }

    let shape: Shape
    let prefix: [UInt8]
    let suffix: [UInt8]
    let weight: Double

    init(_ shape: Shape, prefix: String = "", suffix: String = "", weight: Double) {
        self.shape = shape
        self.prefix = Array(prefix.utf8)
        self.suffix = Array(suffix.utf8)
        self.weight = weight
    }

    /// Builds the candidate for `word` in `builder` and commits it with
    /// `score`; false (nothing added) when the rule does not apply, i.e. it
    /// would repeat what a simpler rule already gives for this word.
    func apply(_ word: UnsafeBufferPointer<UInt8>, score: Double, into builder: inout CandidateBlockBuilder) -> Bool {
        let n = word.count
        guard n > 0 else { return false }
        switch shape {
        case .asIs:
            break
        case .lower:
            guard word.contains(where: ManglingRule.isUpper) else { return false }
        case .capitalized, .capitalizedDuplicated:
            guard ManglingRule.isLetter(word[0]) else { return false }
            if shape == .capitalized {
                // Only when it changes the word (lower case first letter or capitals further on).
                guard ManglingRule.isLower(word[0]) || word.dropFirst().contains(where: ManglingRule.isUpper)
                else { return false }
            } else {
                guard n >= 2, n <= 7 else { return false }
            }
        case .upper:
            guard n >= 2, word.contains(where: ManglingRule.isLower) else { return false }
        case .reversed:
            guard n >= 3, !ManglingRule.isPalindrome(word) else { return false }
        case .duplicated, .reflected:
            guard n >= 2, n <= 7 else { return false }
        case .l33t:
            guard word.contains(where: { ManglingRule.l33t($0) != $0 }) else { return false }
        }
        builder.append(contentsOf: prefix)
        switch shape {
        case .asIs:
            builder.append(contentsOf: word)
        case .lower:
            for c in word { builder.append(ManglingRule.lowered(c)) }
        case .capitalized:
            ManglingRule.appendCapitalized(word, into: &builder)
        case .upper:
            for c in word { builder.append(ManglingRule.uppered(c)) }
        case .reversed:
            for c in word.reversed() { builder.append(c) }
        case .duplicated:
            builder.append(contentsOf: word)
            builder.append(contentsOf: word)
        case .capitalizedDuplicated:
            ManglingRule.appendCapitalized(word, into: &builder)
            ManglingRule.appendCapitalized(word, into: &builder)
        case .reflected:
            builder.append(contentsOf: word)
            for c in word.reversed() { builder.append(c) }
        case .l33t:
            for c in word { builder.append(ManglingRule.l33t(c)) }
        }
        builder.append(contentsOf: suffix)
        builder.commit(score: score)
        return true
    }

    // MARK: ASCII helpers (other bytes are left alone)

    static func isUpper(_ c: UInt8) -> Bool { c >= 0x41 && c <= 0x5A }
    static func isLower(_ c: UInt8) -> Bool { c >= 0x61 && c <= 0x7A }
    static func isLetter(_ c: UInt8) -> Bool { isUpper(c) || isLower(c) }
    static func lowered(_ c: UInt8) -> UInt8 { isUpper(c) ? c + 0x20 : c }
    static func uppered(_ c: UInt8) -> UInt8 { isLower(c) ? c - 0x20 : c }

    static func l33t(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "a"): return UInt8(ascii: "@")
        case UInt8(ascii: "e"): return UInt8(ascii: "3")
        case UInt8(ascii: "i"): return UInt8(ascii: "1")
        case UInt8(ascii: "o"): return UInt8(ascii: "0")
        case UInt8(ascii: "s"): return UInt8(ascii: "$")
        default: return c
        }
    }

    static func appendCapitalized(_ word: UnsafeBufferPointer<UInt8>, into builder: inout CandidateBlockBuilder) {
        var first = true
        for c in word {
            builder.append(first ? uppered(c) : lowered(c))
            first = false
        }
    }

    static func isPalindrome(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0, j = word.count - 1
        while i < j {
            if word[i] != word[j] { return false }
            i += 1
            j -= 1
        }
        return true
    }
}

extension ManglingRule {
    /// Rules for ranked word lists (the lexicon, --wordlist files), most
    /// likely first. The weights follow how often leaked passwords are a
    /// common word so changed: capitalisation and a trailing "1" lead, then
    /// "123", single digits and "!", then two digits and years, then the
    /// rarer shapes (john's wordlist rules cover the same ground).
    static let wordRules: [ManglingRule] = {
        var rules: [ManglingRule] = [
            ManglingRule(.asIs, weight: 1),
            ManglingRule(.lower, weight: 0.3),
            ManglingRule(.capitalized, weight: 0.3),
            ManglingRule(.asIs, suffix: "1", weight: 0.2),
            ManglingRule(.asIs, suffix: "123", weight: 0.08),
            ManglingRule(.capitalized, suffix: "1", weight: 0.08),
            ManglingRule(.upper, weight: 0.05),
            ManglingRule(.asIs, suffix: "12", weight: 0.04),
            ManglingRule(.asIs, suffix: "!", weight: 0.04),
            ManglingRule(.capitalized, suffix: "123", weight: 0.04),
            ManglingRule(.capitalized, suffix: "!", weight: 0.03),
            ManglingRule(.asIs, suffix: "1234", weight: 0.02),
            ManglingRule(.asIs, suffix: "s", weight: 0.01),
            ManglingRule(.asIs, suffix: "12345", weight: 0.01),
            ManglingRule(.asIs, suffix: "1!", weight: 0.01),
            ManglingRule(.capitalized, suffix: "1!", weight: 0.01),
            ManglingRule(.reversed, weight: 0.01),
            ManglingRule(.duplicated, weight: 0.01),
            ManglingRule(.l33t, weight: 0.01),
            ManglingRule(.capitalized, suffix: "12", weight: 0.01),
            ManglingRule(.asIs, prefix: "1", weight: 0.005),
            ManglingRule(.asIs, suffix: "!!", weight: 0.005),
            ManglingRule(.asIs, suffix: ".", weight: 0.004),
            ManglingRule(.asIs, suffix: "?", weight: 0.003),
            ManglingRule(.asIs, suffix: "@", weight: 0.003),
            ManglingRule(.asIs, suffix: "*", weight: 0.003),
            ManglingRule(.asIs, suffix: "#", weight: 0.003),
            ManglingRule(.asIs, suffix: "$", weight: 0.003),
            ManglingRule(.asIs, suffix: "123!", weight: 0.005),
            ManglingRule(.capitalized, suffix: "123!", weight: 0.005),
            ManglingRule(.asIs, suffix: "007", weight: 0.002),
            ManglingRule(.asIs, suffix: "321", weight: 0.002),
            ManglingRule(.asIs, suffix: "111", weight: 0.002),
            ManglingRule(.capitalizedDuplicated, weight: 0.002),
            ManglingRule(.reflected, weight: 0.002),
            ManglingRule(.capitalized, suffix: "1234", weight: 0.004),
            ManglingRule(.l33t, suffix: "1", weight: 0.002),
            ManglingRule(.asIs, prefix: "123", weight: 0.002),
        ]
        for digit in ["2", "3", "7", "0", "5", "4", "9", "8", "6"] {
            rules.append(ManglingRule(.asIs, suffix: digit, weight: 0.02))
            rules.append(ManglingRule(.capitalized, suffix: digit, weight: 0.008))
        }
        for number in 0...99 where number != 12 {
            let text = number < 10 ? "0\(number)" : "\(number)"
            rules.append(ManglingRule(.asIs, suffix: text, weight: 0.004))
            rules.append(ManglingRule(.capitalized, suffix: text, weight: 0.0015))
        }
        for year in 1970...2029 {
            // Recent years and the 1980s–2000s (birth years) are the common ones.
            let weight = (1980...2025).contains(year) ? 0.004 : 0.0015
            rules.append(ManglingRule(.asIs, suffix: "\(year)", weight: weight))
            rules.append(ManglingRule(.capitalized, suffix: "\(year)", weight: weight / 2))
        }
        return rules
    }()

    /// Rules for the user's own words (john's single mode covers the same:
    /// case, reversal, duplication, digits and years, punctuation). These
    /// few words deserve more shapes than a lexicon word does, and birth
    /// years reach further back.
    static let contextRules: [ManglingRule] = {
        var rules: [ManglingRule] = [
            ManglingRule(.asIs, weight: 1),
            ManglingRule(.lower, weight: 0.5),
            ManglingRule(.capitalized, weight: 0.5),
            ManglingRule(.asIs, suffix: "1", weight: 0.3),
            ManglingRule(.asIs, suffix: "123", weight: 0.2),
            ManglingRule(.capitalized, suffix: "1", weight: 0.15),
            ManglingRule(.upper, weight: 0.1),
            ManglingRule(.reversed, weight: 0.1),
            ManglingRule(.duplicated, weight: 0.08),
            ManglingRule(.asIs, suffix: "12", weight: 0.06),
            ManglingRule(.asIs, suffix: "!", weight: 0.06),
            ManglingRule(.capitalized, suffix: "123", weight: 0.06),
            ManglingRule(.capitalized, suffix: "!", weight: 0.05),
            ManglingRule(.asIs, suffix: "1234", weight: 0.04),
            ManglingRule(.asIs, suffix: "1!", weight: 0.03),
            ManglingRule(.capitalized, suffix: "1!", weight: 0.03),
            ManglingRule(.reflected, weight: 0.03),
            ManglingRule(.capitalizedDuplicated, weight: 0.02),
            ManglingRule(.l33t, weight: 0.03),
            ManglingRule(.asIs, suffix: "12345", weight: 0.02),
            ManglingRule(.asIs, suffix: "123!", weight: 0.015),
            ManglingRule(.capitalized, suffix: "123!", weight: 0.015),
            ManglingRule(.asIs, prefix: "1", weight: 0.01),
            ManglingRule(.asIs, suffix: "!!", weight: 0.01),
            ManglingRule(.asIs, suffix: ".", weight: 0.01),
            ManglingRule(.asIs, suffix: "?", weight: 0.008),
            ManglingRule(.asIs, suffix: "@", weight: 0.008),
            ManglingRule(.asIs, suffix: "#", weight: 0.008),
            ManglingRule(.asIs, suffix: "$", weight: 0.008),
            ManglingRule(.asIs, suffix: "*", weight: 0.008),
            ManglingRule(.reversed, suffix: "1", weight: 0.01),
            ManglingRule(.upper, suffix: "1", weight: 0.01),
            ManglingRule(.l33t, suffix: "1", weight: 0.01),
        ]
        for digit in ["2", "3", "7", "0", "5", "4", "9", "8", "6"] {
            rules.append(ManglingRule(.asIs, suffix: digit, weight: 0.04))
            rules.append(ManglingRule(.capitalized, suffix: digit, weight: 0.02))
            rules.append(ManglingRule(.asIs, prefix: digit, weight: 0.005))
        }
        for number in 0...99 where number != 12 {
            let text = number < 10 ? "0\(number)" : "\(number)"
            rules.append(ManglingRule(.asIs, suffix: text, weight: 0.01))
            rules.append(ManglingRule(.capitalized, suffix: text, weight: 0.005))
        }
        for year in 1950...2029 {
            let weight = (1960...2025).contains(year) ? 0.01 : 0.004
            rules.append(ManglingRule(.asIs, suffix: "\(year)", weight: weight))
            rules.append(ManglingRule(.capitalized, suffix: "\(year)", weight: weight))
            rules.append(ManglingRule(.capitalized, suffix: "\(year)!", weight: weight / 4))
        }
        return rules
    }()
}
