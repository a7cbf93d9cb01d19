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
/// word, fewer than 10^`min_guesses_log10` guesses). Every applicable reason
/// is reported, so a user can fix them all at once.
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

    /// Creates a checker for `settings`, using `estimator` for the
    /// guessability and dictionary rules.
    public init(settings: Settings, estimator: Estimator = Estimator()) {
        self.settings = settings
        self.estimator = estimator
        self.badWords = WordRules.prepare(settings.badWords)
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
        return Verdict(reasons: Self.ordered(reasons), estimate: estimate)
    }

    /// The reasons in ``ReasonCode`` declaration order, one per code: the
    /// rules run in whatever order is convenient, the report is stable.
    static func ordered(_ reasons: [Reason]) -> [Reason] {
        ReasonCode.allCases.compactMap { code in reasons.first { $0.code == code } }
    }
}
