/// One account to guess: its stored hash and what single-crack mode uses
/// (login, GECOS, home directory).
public struct GuessTarget: Sendable {
    /// The caller's identifier, returned in the outcome.
    public var id: Int
    public var hash: PasswordHash
    public var login: String
    /// The GECOS field as stored ("Alice Smith,Room 1,,").
    public var gecos: String
    /// The home directory; its last component is a context word.
    public var home: String

    public init(id: Int, hash: PasswordHash, login: String, gecos: String = "", home: String = "") {
        self.id = id
        self.hash = hash
        self.login = login
        self.gecos = gecos
        self.home = home
    }
}

/// How long and how hard to guess.
public struct GuessingOptions: Sendable {
    /// Word lists (paths given with --wordlist), tried after the built-in lexicon.
    public var wordlists: [String] = []
    /// Wall-clock budget for the whole run's guessing (the setup before it,
    /// about 0.1 s, is not counted); nil for none.
    public var budgetSeconds: Double? = nil
    /// Candidates per account at most; nil for no cap.
    public var maxGuesses: Int? = nil
    /// Worker threads; every online core by default.
    public var threads: Int = onlineProcessorCount()
    /// The stages to run, in the engine's fixed order (user context,
    /// lexicon, word lists, model); all of them by default. The benchmark
    /// restricts this to `[.wordlist]` to compare rates with john on the
    /// same word list.
    public var methods: Set<GuessMethod> = [.userContext, .lexicon, .wordlist, .model]

    public init() {}
}

/// Which stage found (or tried) a candidate. Raw values are report names.
public enum GuessMethod: String, Sendable, CaseIterable {
    case userContext = "user_context", lexicon, wordlist, model
}

/// What guessing found for one account.
public struct GuessOutcome: Sendable {
    /// The target's `id`.
    public var id: Int
    /// The password, when found. Kept in memory only: the audit prints it
    /// only with --show-passwords.
    public var password: [UInt8]?
    /// The stage that found it.
    public var method: GuessMethod?
    /// Candidates tried on this account.
    public var guessesTried: Int
    /// Stages run to their end on this account (how far it was tested).
    public var stagesCompleted: [GuessMethod]
    /// Every stage of the run ran to its end.
    public var exhausted: Bool

    public init(id: Int, password: [UInt8]? = nil, method: GuessMethod? = nil, guessesTried: Int = 0,
                stagesCompleted: [GuessMethod] = [], exhausted: Bool = false) {
        self.id = id
        self.password = password
        self.method = method
        self.guessesTried = guessesTried
        self.stagesCompleted = stagesCompleted
        self.exhausted = exhausted
    }
}

/// A progress report, at most about four times a second.
public struct GuessProgress: Sendable {
    /// Accounts found or finished (all stages run, or --max-guesses reached).
    public var accountsDone: Int
    public var accountsTotal: Int
    /// Over the run so far, all threads together.
    public var guessesPerSecond: Double
    /// Seconds since the run started.
    public var elapsed: Double
    /// Seconds left when a budget or --max-guesses bounds the run; nil otherwise.
    public var etaSeconds: Double?
}

/// Why a run could not start.
public struct GuessingError: Error, CustomStringConvertible, Sendable {
    public var description: String
}
