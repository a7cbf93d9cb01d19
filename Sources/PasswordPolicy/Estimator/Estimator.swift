import Glibc

/// Estimates how many guesses an attacker needs for a password.
///
/// The password is matched against every pattern crackers use (ranked word
/// lists with their mangling, the user's own words, keyboard walks,
/// sequences, repeats, dates and years); the cheapest decomposition into
/// those pieces and brute force gives the estimate. Every step is linear in
/// the password's length, so callers may analyse long input in full; the
/// policy caps the length before calling.
public struct Estimator: Sendable {
    /// The ranked word lists.
    public let lexicon: Lexicon
    /// The year taken as "now" for plausible years and dates.
    public let currentYear: Int

    /// - Parameters:
    ///   - lexicon: the word lists; the one compiled into the binary by default.
    ///   - currentYear: "now"; read from the system clock by default.
    public init(lexicon: Lexicon = .builtIn, currentYear: Int? = nil) {
        self.lexicon = lexicon
        self.currentYear = currentYear ?? Estimator.yearFromClock()
    }

    /// Estimates `password` (raw bytes: invalid UTF-8 and NUL are analysed as
    /// data) for the given user.
    public func estimate(_ password: [UInt8], context: UserContext = UserContext()) -> Estimate {
        var text = PasswordText(bytes: password)
        defer { text.wipe() }
        let contextMatcher = UserContextMatcher(context: context)
        let environment = MatchEnvironment(currentYear: currentYear)
        var candidates: [Candidate] = []
        candidates.reserveCapacity(128 + text.count * 8)
        collect(text, contextMatcher: contextMatcher, environment: environment, into: &candidates)
        RepeatMatcher.match(text, baseGuesses: { start, end in
            var block = text.slice(start..<end)
            defer { block.wipe() }
            var inner: [Candidate] = []
            collect(block, contextMatcher: contextMatcher, environment: environment, into: &inner)
            return Decomposition.cheapest(block, candidates: inner).guessesLog10
        }, into: &candidates)
        let (guesses, pieces) = Decomposition.cheapest(text, candidates: candidates, listNames: lexicon.listNames)
        let feedback = FeedbackAdvisor.feedback(for: pieces, guessesLog10: guesses, length: text.count)
        return Estimate(guessesLog10: guesses, pieces: pieces, feedback: feedback)
    }

    /// Runs every matcher but the repeat matcher (which calls back into this
    /// for the repeated block).
    private func collect(_ text: PasswordText, contextMatcher: UserContextMatcher,
                         environment: MatchEnvironment, into candidates: inout [Candidate]) {
        DictionaryMatcher(lexicon: lexicon).match(text, into: &candidates)
        contextMatcher.match(text, into: &candidates)
        KeyboardMatcher.match(text, environment: environment, into: &candidates)
        KeyboardChains.match(&candidates, length: text.count)
        SequenceMatcher.match(text, environment: environment, into: &candidates)
        DateMatcher.match(text, environment: environment, into: &candidates)
        AffixMatcher.match(text, into: &candidates)
        PhraseMatcher.match(text, lexicon: lexicon, candidates: &candidates)
    }

    static func yearFromClock() -> Int {
        var now = time(nil)
        var parts = tm()
        guard gmtime_r(&now, &parts) != nil else { return 2026 }
        return Int(parts.tm_year) + 1900
    }
}
