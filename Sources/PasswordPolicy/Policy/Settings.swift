/// The password policy: every setting pwguard understands, with its value.
///
/// The defaults follow NIST SP 800-63B: at least 8 characters, long
/// passphrases allowed, no composition rules, and a rejection of passwords
/// that are easy to guess (`minGuessesLog10`) or found in a dictionary.
/// Every pam_pwquality setting is also understood, with pam_pwquality's
/// meaning, so an existing `pwquality.conf` can be reused; their defaults
/// leave the composition rules off.
///
/// Values normally come from configuration files and PAM module arguments
/// (see ``Settings/load(configFile:overrides:defaultConfigFile:defaultConfigDirectory:)``);
/// the names of the settings, their kinds and their allowed ranges are listed
/// once, in ``Settings/known``.
public struct Settings: Sendable, Equatable {
    /// `minlen`: the minimum length, in characters (Unicode scalars).
    ///
    /// When a credit (`dcredit`, `ucredit`, `lcredit`, `ocredit`) is positive,
    /// this is pam_pwquality's "size": each character counts one and each
    /// credited character one more, up to the credit.
    public var minLength: Int = 8

    /// `max_length`: the maximum length, in characters. Longer passwords are
    /// rejected before any analysis, which bounds the work an input can cause.
    public var maxLength: Int = 1024

    /// `min_guesses_log10`: passwords whose estimated number of guesses is
    /// below 10^this are rejected as too easy to guess. pwguard's own setting.
    public var minGuessesLog10: Double = 10

    /// `dcredit`: positive, the most digits that each count one extra toward
    /// `minlen`; negative, the number of digits required.
    public var digitCredit: Int = 0

    /// `ucredit`: as `dcredit`, for upper-case letters.
    public var uppercaseCredit: Int = 0

    /// `lcredit`: as `dcredit`, for lower-case letters.
    public var lowercaseCredit: Int = 0

    /// `ocredit`: as `dcredit`, for other characters (neither digits nor
    /// cased letters).
    public var otherCredit: Int = 0

    /// `minclass`: the number of character classes (digits, upper case,
    /// lower case, others) required; 0 disables the rule.
    public var minClasses: Int = 0

    /// `maxrepeat`: the most consecutive identical characters allowed;
    /// 0 disables the rule.
    public var maxRepeat: Int = 0

    /// `maxsequence`: the longest monotonic sequence (such as `abcd` or
    /// `4321`) allowed; 0 disables the rule.
    public var maxSequence: Int = 0

    /// `maxclassrepeat`: the most consecutive characters of one class
    /// allowed; 0 disables the rule.
    public var maxClassRepeat: Int = 0

    /// `difok`: how many characters of the new password must differ from
    /// the old one (Levenshtein distance, as pam_pwquality).
    public var differentCharacters: Int = 1

    /// `usercheck`: reject passwords containing the login name, forwards or
    /// reversed, ignoring case.
    public var userCheck: Bool = true

    /// `usersubstr`: when 3 or more, also reject passwords containing any
    /// substring of this many characters of the login name; 0 disables.
    public var userSubstring: Int = 0

    /// `gecoscheck`: reject passwords containing a word (3 or more
    /// characters) of the user's GECOS field.
    public var gecosCheck: Bool = false

    /// `dictcheck`: reject passwords that are just a (mangled) dictionary word.
    public var dictionaryCheck: Bool = true

    /// `badwords`: words that must not appear in a password, ignoring case,
    /// forwards or reversed.
    public var badWords: [String] = []

    /// `breach_db`: the breached-password database, built by `pwguard breach
    /// build`, that new passwords are looked up in (NIST SP 800-63B's
    /// "passwords obtained from previous breach corpuses"); empty for none.
    public var breachDatabase: String = ""

    /// `breach_min_count`: a password in the breach database is rejected
    /// when it may have been seen at least this many times. The database
    /// keeps counts as decade tiers (1, 2–9, 10–99, …), so a tier that
    /// reaches the value counts: 5 rejects a password seen 2–9 times.
    public var breachMinCount: Int = 1

    /// `breach_db_missing`: what a check does when `breach_db` is set but the
    /// database is missing, unreadable or damaged.
    public var breachDatabaseMissing: BreachDatabaseMissing = .allow

    /// `enforce_for_root`: the PAM module rejects bad passwords for root too
    /// (otherwise root is only warned).
    public var enforceForRoot: Bool = false

    /// `retry`: how many times the PAM module prompts for a new password.
    public var retry: Int = 1

    /// `local_users_only`: the PAM module checks only users listed in
    /// `/etc/passwd`.
    public var localUsersOnly: Bool = false

    /// `enforcing`: reject bad passwords (otherwise only warn).
    public var enforcing: Bool = true

    /// `debug`: the PAM module logs its decisions (never a password).
    public var debug: Bool = false

    /// `use_authtok`: the PAM module takes the new password from an earlier
    /// module instead of prompting.
    public var useAuthtok: Bool = false

    /// Creates the default settings.
    public init() {}
}

/// What a check does when the breached-password database (`breach_db`)
/// cannot be used.
public enum BreachDatabaseMissing: String, Sendable, Equatable, CaseIterable {
    /// Apply every other rule and warn (the CLI on standard error, the PAM
    /// module through syslog): a broken file does not lock users out.
    case allow
    /// Reject every password (reason `breach_db_unavailable`): a site that
    /// must not accept unchecked passwords fails closed.
    case reject
}
