/// Rules that judge the estimator's analysis rather than the text.
enum EstimateRules {
    /// `dictionary_word`: with `dictcheck`, one `.dictionary` piece covers
    /// the whole password, which is what a (mangled) dictionary word looks
    /// like to the estimator (`P@ssw0rd`, `drowssap`).
    static func checkDictionary(_ estimate: Estimate, count: Int, settings: Settings, into reasons: inout [Reason]) {
        guard settings.dictionaryCheck, count > 0 else { return }
        if estimate.pieces.contains(where: { $0.pattern == .dictionary && $0.start <= 0 && $0.end >= count }) {
            reasons.append(.dictionaryWord)
        }
    }

    /// `too_guessable`: fewer estimated guesses than `min_guesses_log10`.
    /// Written so that a NaN estimate is rejected: a broken estimate must
    /// not let a password through.
    static func checkGuessable(_ estimate: Estimate, settings: Settings, into reasons: inout [Reason]) {
        if !(estimate.guessesLog10 >= settings.minGuessesLog10) {
            reasons.append(.tooGuessable)
        }
    }
}
