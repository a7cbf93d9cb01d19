/// Turns the pieces of a weak password into a warning and suggestions.
///
/// The piece that explains most of the password speaks: its pattern decides
/// the warning, and the mangling seen on it adds suggestions.
enum FeedbackAdvisor {
    /// Below this many guesses (log10) the password gets advice.
    static let adviceBelowLog10 = 10.0

    static let addWords = "Add another word or two. Uncommon words are better."

    static func feedback(for pieces: [Piece], guessesLog10: Double, length: Int) -> Feedback {
        guard guessesLog10 < adviceBelowLog10 else { return Feedback() }
        if length == 0 {
            return Feedback(warning: "The password is empty.",
                            suggestions: ["Use a few words, avoid common phrases."])
        }
        var suggestions = [addWords]
        // The longest non-brute-force piece (ties: the cheapest) explains the most.
        let main = pieces.filter { $0.pattern != .bruteforce }
            .max { a, b in
                let la = a.end - a.start, lb = b.end - b.start
                return la != lb ? la < lb : a.guessesLog10 > b.guessesLog10
            }
        guard let main else {
            return Feedback(warning: length < 12 ? "Short passwords are easy to guess." : "",
                            suggestions: ["Use a longer password, for example a few uncommon words."])
        }
        let whole = main.start == 0 && main.end == length
        var warning: String
        switch main.pattern {
        case .dictionary:
            warning = dictionaryWarning(main, whole: whole)
        case .phrase:
            warning = whole ? "Common words in a row are easy to guess, with or without separators."
                            : "This contains common words in a row, which are easy to guess."
            suggestions = ["Add an unusual word or two, not from a common phrase.", "Separators between common words add little."]
        case .userContext:
            warning = "Passwords built from your own name, login or old password are easy to guess."
            suggestions.append("Avoid your name, login and parts of your old password.")
        case .keyboard:
            warning = "Rows and patterns of neighbouring keys are easy to guess."
            suggestions.append("Avoid keyboard patterns, even with turns or the Shift key.")
        case .sequence:
            warning = "Sequences like abc or 6543 are easy to guess."
            suggestions.append("Avoid sequences.")
        case .repeat:
            warning = main.end - main.start > 0 && pieces.count == 1
                ? "Repeating characters or words adds almost nothing."
                : "Repeats like \"aaa\" or \"abcabc\" are easy to guess."
            suggestions.append("Avoid repeated words and characters.")
        case .affix:
            warning = "Digits and symbols added at the end are the first thing attackers try."
            suggestions.append("Put the extra characters somewhere unexpected, or add another word.")
        case .date:
            warning = "Dates are often easy to guess."
            suggestions.append("Avoid dates and years that are associated with you.")
        case .year:
            warning = "Years are easy to guess."
            suggestions.append("Avoid years that are associated with you.")
        case .bruteforce:
            warning = ""
        }
        if pieces.contains(where: { $0.pattern == .year || $0.pattern == .date }) && main.pattern != .year && main.pattern != .date {
            suggestions.append("Avoid dates and years that are associated with you.")
        }
        if main.capitalised {
            suggestions.append("Capitalisation doesn't help very much.")
        }
        if main.reversed {
            suggestions.append("Reversed words aren't much harder to guess.")
        }
        if main.l33tSubstitutions > 0 {
            suggestions.append("Predictable substitutions like '@' instead of 'a' don't help very much.")
        }
        if warning.isEmpty { warning = "This password is easy to guess." }
        return Feedback(warning: warning, suggestions: suggestions)
    }

    private static func dictionaryWarning(_ piece: Piece, whole: Bool) -> String {
        let rank = piece.rank ?? Int.max
        let mangled = piece.capitalised || piece.reversed || piece.l33tSubstitutions > 0
        switch piece.dictionary {
        case "passwords", "john":
            if whole && !mangled {
                if rank <= 10 { return "This is a top-10 common password." }
                if rank <= 100 { return "This is a top-100 common password." }
                return "This is a very common password."
            }
            return whole ? "This is similar to a commonly used password." : "This contains a commonly used password."
        case "female_names", "male_names", "surnames":
            return whole ? "Names and surnames by themselves are easy to guess."
                         : "Common names and surnames are easy to guess."
        default:
            return whole ? "A word by itself is easy to guess." : "Common words and phrases are easy to guess."
        }
    }
}
