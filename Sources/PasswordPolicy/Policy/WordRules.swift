/// The administrator's `badwords` rule.
enum WordRules {
    /// The configured words in lower case, empty ones dropped; prepared
    /// once per checker rather than once per password.
    static func prepare(_ words: [String]) -> [[UInt32]] {
        words.map { PolicyText($0).lower }.filter { !$0.isEmpty }
    }

    /// `bad_word`: any of the prepared words appears, ignoring case,
    /// forwards or reversed. Every length counts: the administrator chose
    /// the words.
    static func checkBadWords(_ text: PolicyText, badWords: [[UInt32]], into reasons: inout [Reason]) {
        if badWords.contains(where: { text.lower.containsSequenceEitherWay($0) }) {
            reasons.append(.badWord)
        }
    }
}
