/// What the estimator found in a password: how many guesses an attacker
/// would need, how that number was reached, and advice for the user.
///
/// An estimate never contains the password or any part of it: the pieces
/// name their positions and patterns, not their text.
public struct Estimate: Sendable {
    /// log10 of the estimated number of guesses.
    public var guessesLog10: Double
    /// The pieces of the cheapest decomposition, in password order.
    public var pieces: [Piece]
    /// Advice in plain English.
    public var feedback: Feedback

    /// zxcvbn's 0–4 score: cutoffs at 10^3, 10^6, 10^8 and 10^10 guesses.
    public var score: Int {
        switch guessesLog10 {
        case ..<3: return 0
        case ..<6: return 1
        case ..<8: return 2
        case ..<10: return 3
        default: return 4
        }
    }

    public init(guessesLog10: Double, pieces: [Piece], feedback: Feedback) {
        self.guessesLog10 = guessesLog10
        self.pieces = pieces
        self.feedback = feedback
    }
}

/// A warning and suggestions, in the spirit of zxcvbn's feedback.
public struct Feedback: Sendable, Equatable {
    /// The main problem, or "" when there is none.
    public var warning: String
    /// What to do instead.
    public var suggestions: [String]

    public init(warning: String = "", suggestions: [String] = []) {
        self.warning = warning
        self.suggestions = suggestions
    }
}

/// The kind of pattern a piece of the password was matched as.
public enum Pattern: String, Sendable, Equatable {
    /// A word from a ranked list (see `Piece.dictionary`), possibly
    /// reversed, l33t-substituted or capitalised.
    case dictionary
    /// Words typed one after another, joined directly or by one separator
    /// (`goodfootballcoffee`, `free how work`): a combinator attack's guess.
    case phrase
    /// A word taken from the user's own context (login, name, e-mail, old password).
    case userContext = "user_context"
    /// Adjacent keys on a keyboard layout.
    case keyboard
    /// Characters in a run such as `abcd`, `9753`.
    case sequence
    /// A character or block repeated.
    case `repeat`
    /// Digits and symbols appended at the end (`1`, `123`, `!`, `1!`),
    /// priced by how often people append them.
    case affix
    /// A calendar date.
    case date
    /// A year on its own.
    case year
    /// Characters no pattern explains.
    case bruteforce
}

/// One matched piece of the password.
public struct Piece: Sendable, Equatable {
    /// The pattern.
    public var pattern: Pattern
    /// Position in the password, in Unicode scalars: `start..<end`.
    public var start: Int
    public var end: Int
    /// log10 of the guesses for this piece alone.
    public var guessesLog10: Double
    /// For `.dictionary`: the list's name (e.g. "passwords", "english").
    public var dictionary: String?
    /// For `.dictionary`/`.userContext`: the word's rank in its list (1 = most common).
    public var rank: Int?
    /// For `.dictionary`/`.userContext`: matched reversed.
    public var reversed: Bool
    /// For `.dictionary`/`.userContext`: number of l33t substitutions undone.
    public var l33tSubstitutions: Int
    /// For `.dictionary`/`.userContext`: the capitalisation was not all lower case.
    public var capitalised: Bool
    /// For `.keyboard`: the layout name; for `.repeat`: nil.
    public var layout: String?

    public init(pattern: Pattern, start: Int, end: Int, guessesLog10: Double,
                dictionary: String? = nil, rank: Int? = nil, reversed: Bool = false,
                l33tSubstitutions: Int = 0, capitalised: Bool = false, layout: String? = nil) {
        self.pattern = pattern
        self.start = start
        self.end = end
        self.guessesLog10 = guessesLog10
        self.dictionary = dictionary
        self.rank = rank
        self.reversed = reversed
        self.l33tSubstitutions = l33tSubstitutions
        self.capitalised = capitalised
        self.layout = layout
    }
}

/// What is known about the person choosing the password.
public struct UserContext: Sendable {
    /// Login name.
    public var login: String?
    /// Full name (GECOS field, possibly with comma-separated extras).
    public var fullName: String?
    /// E-mail address.
    public var email: String?
    /// The password being replaced, as bytes (wipe it when done).
    public var oldPassword: [UInt8]?
    /// Further words (e.g. home directory, company name).
    public var extraWords: [String]

    public init(login: String? = nil, fullName: String? = nil, email: String? = nil,
                oldPassword: [UInt8]? = nil, extraWords: [String] = []) {
        self.login = login
        self.fullName = fullName
        self.email = email
        self.oldPassword = oldPassword
        self.extraWords = extraWords
    }
}
