/// Decides whether a password is acceptable under a policy.
///
/// A checker is built once from ``Settings`` and used for any number of
/// passwords; it is a value and safe to share between threads.
///
///     let checker = PasswordChecker(settings: try Settings.load())
///     let verdict = checker.check(password, context: UserContext(login: "jdoe"))
///     if !verdict.accepted { print(verdict.reasons[0].message) }
///
/// The rules, each reported under its ``ReasonCode``: length (`minlen`
/// with pam_pwquality's credits, `max_length`), required character counts
/// and classes, runs and sequences, palindromes, the old password (see
/// `OldPasswordRules` for the exact similarity rule), the user's login and
/// real name, `badwords`, and the estimator's verdict (a lone dictionary
/// word, fewer than 10^`min_guesses_log10` guesses), and the breached-
/// password database (`breach_db`, `breach_min_count`). Every applicable
/// reason is reported, so a user can fix them all at once.
///
/// The breach database is opened once, when the checker is made. If it
/// cannot be (missing, unreadable, damaged), ``breachDatabaseError`` says
/// why and `breach_db_missing` decides: `allow` checks everything else,
/// `reject` rejects every password as ``ReasonCode/breachDatabaseUnavailable``.
/// A damaged bucket met by one lookup is handled the same way for that
/// password, and reported in ``Verdict/breachCheckError``.
///
/// Work per password is bounded whatever the input: anything longer than
/// ``inputByteLimit`` bytes is rejected as too long without being decoded
/// or analysed, every rule is linear or bounded by `max_length`, and edit
/// distances are computed on at most ``Levenshtein/maxLength`` scalars.
/// Lengths are counted in Unicode scalars; each byte that is not valid
/// UTF-8 counts as one.
public struct PasswordChecker: Sendable {
    /// The policy.
    public let settings: Settings
    /// The guess estimator.
    public let estimator: Estimator
    /// `settings.badWords`, prepared for matching.
    private let badWords: [[UInt32]]
    /// The database named by `breach_db`, or nil when the setting is empty
    /// or the database could not be opened.
    public let breachDatabase: BreachDatabase?
    /// Why `breach_db` could not be opened, when it is set and could not
    /// be; the message names the file. Callers should warn about it once.
    public let breachDatabaseError: BreachError?

    /// Creates a checker for `settings`, using `estimator` for the
    /// guessability and dictionary rules, and opening `settings.breachDatabase`
    /// when set.
    public init(settings: Settings, estimator: Estimator = Estimator()) {
        var database: BreachDatabase?
        var error: BreachError?
        if !settings.breachDatabase.isEmpty {
            do {
                database = try BreachDatabase.open(path: settings.breachDatabase)
            } catch let failure {
                error = failure
            }
        }
        self.init(settings: settings, estimator: estimator, breachDatabase: database, breachDatabaseError: error)
    }

    /// Creates a checker that uses an already open breach database (shared
    /// between checkers, or made for a test) instead of opening
    /// `settings.breachDatabase`; nil disables the breach check.
    public init(settings: Settings, estimator: Estimator = Estimator(), breachDatabase: BreachDatabase?) {
        self.init(settings: settings, estimator: estimator, breachDatabase: breachDatabase, breachDatabaseError: nil)
    }

    private init(settings: Settings, estimator: Estimator, breachDatabase: BreachDatabase?,
                 breachDatabaseError: BreachError?) {
        self.settings = settings
        self.estimator = estimator
        self.badWords = WordRules.prepare(settings.badWords)
        self.breachDatabase = breachDatabase
        self.breachDatabaseError = breachDatabaseError
    }

    /// Inputs longer than this many bytes are too long whatever they
    /// contain, since a scalar takes at most 4 bytes. A reader may keep just
    /// `inputByteLimit + 1` bytes of a longer input and still get the
    /// `too_long` verdict.
    public var inputByteLimit: Int { settings.maxLength * 4 }

    /// Checks `password` (raw bytes: invalid UTF-8 and NUL are data) for
    /// the user described by `context`, running the estimator.
    ///
    /// - Returns: The verdict; its estimate is nil only when the password
    ///   was rejected as too long before analysis.
    public func check(_ password: [UInt8], context: UserContext) -> Verdict {
        check(password, context: context) { estimator.estimate(password, context: context) }
    }

    /// Checks `password` against an estimate made elsewhere (cached, or
    /// prepared for a test) instead of running the estimator.
    ///
    /// The estimate's piece positions must be in scalars of `password`, as
    /// ``Estimator`` reports them.
    public func check(_ password: [UInt8], context: UserContext, estimate: Estimate) -> Verdict {
        check(password, context: context) { estimate }
    }

    private func check(_ password: [UInt8], context: UserContext, estimate makeEstimate: () -> Estimate) -> Verdict {
        // Length first, on the byte count alone, then on the scalar count:
        // a megabyte of input costs nothing beyond this comparison.
        guard password.count <= inputByteLimit else {
            return Verdict(reasons: [.tooLong(settings.maxLength)], estimate: nil)
        }
        var text = PolicyText(bytes: password)
        defer { text.wipe() }
        guard text.count <= settings.maxLength else {
            return Verdict(reasons: [.tooLong(settings.maxLength)], estimate: nil)
        }

        let estimate = makeEstimate()
        var reasons: [Reason] = []
        CompositionRules.check(text, settings: settings, into: &reasons)
        PatternRules.check(text, settings: settings, into: &reasons)
        if let oldBytes = context.oldPassword, oldBytes.count <= inputByteLimit {
            // An old password longer than the limit could not have been set
            // under this policy; skipping it keeps the comparison bounded.
            var old = PolicyText(bytes: oldBytes)
            defer { old.wipe() }
            OldPasswordRules.check(text, old: old, settings: settings, into: &reasons)
        }
        UserInfoRules.check(text, context: context, estimate: estimate, settings: settings, into: &reasons)
        WordRules.checkBadWords(text, badWords: badWords, into: &reasons)
        EstimateRules.checkDictionary(estimate, count: text.count, settings: settings, into: &reasons)
        EstimateRules.checkGuessable(estimate, settings: settings, into: &reasons)
        let breachError = checkBreached(password, into: &reasons)
        return Verdict(reasons: Self.ordered(reasons), estimate: estimate, breachCheckError: breachError)
    }

    /// Looks the password up in the breach database; returns why the check
    /// could not be made, if it could not.
    private func checkBreached(_ password: [UInt8], into reasons: inout [Reason]) -> BreachError? {
        let failure: BreachError
        if let breachDatabase {
            do {
                if let match = try breachDatabase.lookup(password: password),
                   match.maximumCount >= UInt64(max(settings.breachMinCount, 1)) {
                    reasons.append(.breached)
                }
                return nil
            } catch let error {
                failure = error
            }
        } else if let breachDatabaseError {
            failure = breachDatabaseError
        } else {
            return nil
        }
        if settings.breachDatabaseMissing == .reject { reasons.append(.breachDatabaseUnavailable) }
        return failure
    }

    /// The reasons in ``ReasonCode`` declaration order, one per code: the
    /// rules run in whatever order is convenient, the report is stable.
    static func ordered(_ reasons: [Reason]) -> [Reason] {
        ReasonCode.allCases.compactMap { code in reasons.first { $0.code == code } }
    }
}
