/// A password decoded for analysis: one element per Unicode scalar.
///
/// Bytes that are not valid UTF-8 are kept as data: each such byte becomes
/// the private-use scalar U+F700 + byte, so nothing is lost and nothing traps.
/// NUL is an ordinary scalar (0).
struct PasswordText {
    /// The scalars as typed.
    var scalars: [UInt32]
    /// Lower-case form of each scalar (one scalar each; multi-scalar
    /// lowercase mappings keep the original).
    var lower: [UInt32]

    var count: Int { scalars.count }

    init(bytes: some Collection<UInt8>) {
        self.scalars = UTF8Decoding.scalars(Array(bytes))
        self.lower = scalars.map(PasswordText.lowercase)
    }

    /// Lower-case mapping of one scalar: ASCII fast path, Unicode properties otherwise.
    static func lowercase(_ s: UInt32) -> UInt32 {
        if s < 0x80 {
            return (s >= 0x41 && s <= 0x5A) ? s + 0x20 : s
        }
        guard let scalar = Unicode.Scalar(s), scalar.properties.isUppercase else { return s }
        let mapped = scalar.properties.lowercaseMapping.unicodeScalars
        if mapped.count == 1, let first = mapped.first { return first.value }
        return s
    }

    /// True when the scalar is an upper-case letter.
    static func isUpper(_ s: UInt32) -> Bool {
        if s < 0x80 { return s >= 0x41 && s <= 0x5A }
        guard let scalar = Unicode.Scalar(s) else { return false }
        return scalar.properties.isUppercase
    }
}

/// A candidate piece found by one matcher. The decomposition then picks the
/// cheapest set of candidates (plus brute force) that covers the password.
///
/// A plain value with no references: matchers emit thousands per long
/// password, and only the chosen few become public `Piece`s.
struct Candidate {
    /// Scalar offsets, `start..<end`.
    var start: Int
    var end: Int
    /// log10 of the guesses this piece costs on its own.
    var guessesLog10: Double
    var pattern: Pattern
    /// `.dictionary`: the lexicon list id; `.keyboard`: the index in
    /// `KeyboardLayout.all`; otherwise -1.
    var source: Int16
    /// `.dictionary`/`.userContext`: the word's rank.
    var rank: Int32
    var reversed: Bool
    var l33tSubstitutions: UInt8
    /// The capitalisation shape and its share of `guessesLog10`, so the
    /// decomposition can charge one rule for a shape shared by all words.
    var caseShape: Mangling.CaseShape
    var caseLog10: Double

    init(pattern: Pattern, start: Int, end: Int, guessesLog10: Double, source: Int = -1, rank: Int = 0,
         reversed: Bool = false, l33tSubstitutions: Int = 0,
         caseShape: Mangling.CaseShape = .lower, caseLog10: Double = 0) {
        self.start = start
        self.end = end
        self.guessesLog10 = guessesLog10
        self.pattern = pattern
        self.source = Int16(truncatingIfNeeded: source)
        self.rank = Int32(clamping: rank)
        self.reversed = reversed
        self.l33tSubstitutions = UInt8(clamping: l33tSubstitutions)
        self.caseShape = caseShape
        self.caseLog10 = caseLog10
    }

    /// A candidate with the position, pattern and guesses of `piece`.
    init(_ piece: Piece) {
        self.init(pattern: piece.pattern, start: piece.start, end: piece.end, guessesLog10: piece.guessesLog10,
                  source: piece.layout.flatMap(KeyboardLayout.index(named:)) ?? -1, rank: piece.rank ?? 0,
                  reversed: piece.reversed, l33tSubstitutions: piece.l33tSubstitutions,
                  caseShape: piece.capitalised ? .mixed : .lower)
    }

    /// The public description, naming lists from `listNames`.
    func piece(listNames: [String]) -> Piece {
        let hasRank = pattern == .dictionary || pattern == .userContext
        let list = pattern == .dictionary && source >= 0 && Int(source) < listNames.count ? listNames[Int(source)] : nil
        let layouts = KeyboardLayout.all
        let layout = pattern == .keyboard && source >= 0 && Int(source) < layouts.count ? layouts[Int(source)].name : nil
        return Piece(pattern: pattern, start: start, end: end, guessesLog10: guessesLog10,
                     dictionary: list, rank: hasRank ? Int(rank) : nil, reversed: reversed,
                     l33tSubstitutions: Int(l33tSubstitutions), capitalised: caseShape != .lower, layout: layout)
    }

    /// The public description, with the built-in lexicon's list names.
    var piece: Piece { piece(listNames: Lexicon.builtIn.listNames) }
}

/// What every matcher may need besides the text.
struct MatchEnvironment {
    /// The current calendar year (from the clock), for plausible years and dates.
    var currentYear: Int
}

extension PasswordText {
    /// A copy of part of the text.
    func slice(_ range: Range<Int>) -> PasswordText {
        PasswordText(scalars: Array(scalars[range]), lower: Array(lower[range]))
    }

    init(scalars: [UInt32], lower: [UInt32]) {
        self.scalars = scalars
        self.lower = lower
    }

    /// Overwrites the decoded password before the memory is released.
    mutating func wipe() {
        scalars.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices { buffer[i] = 0 }
        }
        lower.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices { buffer[i] = 0 }
        }
    }
}
