/// Why a password was rejected, as a stable machine-readable code.
///
/// The raw values are part of pwguard's interface (JSON output, logs,
/// scripts) and never change. Declaration order is report order: a
/// ``Verdict`` lists its reasons in this order, the specific and actionable
/// ones first and the estimator's general judgement last.
public enum ReasonCode: String, Sendable, Equatable, CaseIterable {
    /// Longer than `max_length`; nothing else was checked.
    case tooLong = "too_long"
    /// Shorter than `minlen` (with credits, when positive).
    case tooShort = "too_short"
    /// Identical to the old password.
    case sameAsOld = "same_as_old"
    /// The old password with only letter case changed.
    case caseChangeOnly = "case_change_only"
    /// The old password rotated (`abcdef` → `defabc`).
    case rotated = "rotated"
    /// Too close to the old password (see ``PasswordChecker``).
    case similarToOld = "similar_to_old"
    /// In the breached-password database (`breach_db`), seen at least
    /// `breach_min_count` times.
    case breached = "breached"
    /// Contains the login name, words of the real name, or is mostly built
    /// from the user's own context.
    case userInfo = "user_info"
    /// Contains a word from `badwords`.
    case badWord = "bad_word"
    /// Reads the same backwards.
    case palindrome = "palindrome"
    /// Nothing but a (mangled) dictionary word.
    case dictionaryWord = "dictionary_word"
    /// Fewer digits than a negative `dcredit` requires.
    case tooFewDigits = "too_few_digits"
    /// Fewer upper-case letters than a negative `ucredit` requires.
    case tooFewUppercase = "too_few_uppercase"
    /// Fewer lower-case letters than a negative `lcredit` requires.
    case tooFewLowercase = "too_few_lowercase"
    /// Fewer other characters than a negative `ocredit` requires.
    case tooFewOthers = "too_few_others"
    /// Fewer character classes than `minclass`.
    case tooFewClasses = "too_few_classes"
    /// More identical characters in a row than `maxrepeat`.
    case tooManyRepeats = "too_many_repeats"
    /// A monotonic sequence longer than `maxsequence`.
    case tooLongSequence = "too_long_sequence"
    /// More characters of one class in a row than `maxclassrepeat`.
    case tooManyClassRepeats = "too_many_class_repeats"
    /// Estimated to fall in fewer than 10^`min_guesses_log10` guesses.
    case tooGuessable = "too_guessable"
    /// `breach_db` is set but the database cannot be used, and
    /// `breach_db_missing` is `reject`. Last: it is not about the password.
    case breachDatabaseUnavailable = "breach_db_unavailable"
}
