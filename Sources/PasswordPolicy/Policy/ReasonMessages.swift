/// Every user-facing rejection message, in one place.
///
/// The wording is pam_pwquality's where it has one, so users and help desks
/// who know its messages see the same ones; its singular forms for a count
/// of 1 are kept as well.
extension Reason {
    static func tooLong(_ maximum: Int) -> Reason {
        Reason(code: .tooLong, message: "The password is longer than \(plural(maximum, "character"))")
    }

    static func tooShort(_ minimum: Int) -> Reason {
        Reason(code: .tooShort, message: "The password is shorter than \(plural(minimum, "character"))")
    }

    static let sameAsOld = Reason(code: .sameAsOld, message: "The password is the same as the old one")

    static let caseChangeOnly = Reason(code: .caseChangeOnly, message: "The password differs with case changes only")

    static let rotated = Reason(code: .rotated, message: "The password is just rotated old one")

    static let similarToOld = Reason(code: .similarToOld, message: "The password is too similar to the old one")

    static let breached = Reason(code: .breached, message: "The password appears in a list of breached passwords")

    static let breachDatabaseUnavailable = Reason(
        code: .breachDatabaseUnavailable,
        message: "The password cannot be checked against the list of breached passwords")

    static let containsLogin = Reason(code: .userInfo, message: "The password contains the user name in some form")

    static let containsRealName = Reason(
        code: .userInfo, message: "The password contains words from the real name of the user in some form")

    static let builtFromUserContext = Reason(
        code: .userInfo, message: "The password is built from the user's own name or login")

    static let badWord = Reason(code: .badWord, message: "The password contains forbidden words in some form")

    static let palindrome = Reason(code: .palindrome, message: "The password is a palindrome")

    static let dictionaryWord = Reason(code: .dictionaryWord, message: "The password is based on a dictionary word")

    static func tooFewDigits(_ minimum: Int) -> Reason {
        Reason(code: .tooFewDigits, message: "The password contains less than \(plural(minimum, "digit"))")
    }

    static func tooFewUppercase(_ minimum: Int) -> Reason {
        Reason(code: .tooFewUppercase,
               message: "The password contains less than \(plural(minimum, "uppercase letter"))")
    }

    static func tooFewLowercase(_ minimum: Int) -> Reason {
        Reason(code: .tooFewLowercase,
               message: "The password contains less than \(plural(minimum, "lowercase letter"))")
    }

    static func tooFewOthers(_ minimum: Int) -> Reason {
        Reason(code: .tooFewOthers,
               message: "The password contains less than \(plural(minimum, "non-alphanumeric character"))")
    }

    static func tooFewClasses(_ minimum: Int) -> Reason {
        Reason(code: .tooFewClasses,
               message: "The password contains less than \(plural(minimum, "character class", "character classes"))")
    }

    static func tooManyRepeats(_ maximum: Int) -> Reason {
        Reason(code: .tooManyRepeats,
               message: "The password contains more than \(plural(maximum, "same character")) consecutively")
    }

    static func tooLongSequence(_ maximum: Int) -> Reason {
        Reason(code: .tooLongSequence,
               message: "The password contains monotonic sequence longer than \(plural(maximum, "character"))")
    }

    static func tooManyClassRepeats(_ maximum: Int) -> Reason {
        Reason(code: .tooManyClassRepeats,
               message: "The password contains more than \(plural(maximum, "character")) of the same class consecutively")
    }

    static let tooGuessable = Reason(code: .tooGuessable, message: "The password is too easy to guess")

    /// `1 digit`, `3 digits`.
    private static func plural(_ count: Int, _ singular: String, _ pluralForm: String? = nil) -> String {
        count == 1 ? "1 \(singular)" : "\(count) \(pluralForm ?? singular + "s")"
    }
}
