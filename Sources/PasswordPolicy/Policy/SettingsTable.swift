/// The kind of value a setting takes, with its allowed range.
public enum SettingKind: Sendable, Equatable {
    /// A whole number in the range, written in decimal with an optional sign.
    case integer(ClosedRange<Int>)
    /// A decimal number in the range, such as `10` or `12.5`.
    case decimal(ClosedRange<Double>)
    /// `0` (off) or `1` (on), as pam_pwquality's on/off settings.
    case boolean
    /// A name alone turns the setting on; `0` or `1` may be given so that a
    /// later source can turn off what an earlier one turned on.
    case flag
    /// Free text.
    case string
    /// Words separated by spaces; an empty value means no words.
    case list
    /// One of the listed words.
    case choice([String])
}

/// One setting pwguard understands: its name in configuration files, the
/// kind of value it takes, and what it does.
public struct SettingDescriptor: Sendable {
    /// The name, as written in configuration files and PAM arguments.
    public let name: String
    /// What the setting does, in one sentence.
    public let summary: String
    /// Where the value goes in ``Settings``, with its range.
    let target: SettingTarget

    /// The kind of value, with its range.
    public var kind: SettingKind {
        switch target {
        case .integer(_, let range): return .integer(range)
        case .decimal(_, let range): return .decimal(range)
        case .boolean: return .boolean
        case .flag: return .flag
        case .words: return .list
        case .text, .ignoredText: return .string
        case .missingPolicy: return .choice(BreachDatabaseMissing.allCases.map(\.rawValue))
        }
    }
}

/// One stored property of ``Settings``, read and written through two plain
/// functions. (Key paths would say it more briefly, but the runtime builds
/// each key path object on its first use, demangling type names to do it:
/// for this table's 26 that was 0.4 M instructions, a seventh of a whole
/// PAM password change.)
struct SettingField<Value>: Sendable {
    let get: @Sendable (Settings) -> Value
    let set: @Sendable (inout Settings, Value) -> Void
}

/// Where a parsed value is stored, and what values are allowed. The table
/// stays the single place that ties a name to a property, a kind and a
/// range.
enum SettingTarget: Sendable {
    case integer(SettingField<Int>, ClosedRange<Int>)
    case decimal(SettingField<Double>, ClosedRange<Double>)
    case boolean(SettingField<Bool>)
    case flag(SettingField<Bool>)
    case words(SettingField<[String]>)
    /// Text stored as given (a path).
    case text(SettingField<String>)
    /// `allow` or `reject`.
    case missingPolicy(SettingField<BreachDatabaseMissing>)
    /// Text accepted for compatibility and not stored.
    case ignoredText
}

extension Settings {
    /// Every setting pwguard understands, in documentation order. Parsing,
    /// error messages and documentation all come from this table.
    public static let known: [SettingDescriptor] = [
        SettingDescriptor(name: "minlen",
                          summary: "Minimum length in characters (credits count toward it when positive).",
                          target: .integer(SettingField(get: { $0.minLength }, set: { $0.minLength = $1 }), 1...4096)),
        SettingDescriptor(name: "max_length",
                          summary: "Maximum length in characters; longer passwords are rejected unread.",
                          target: .integer(SettingField(get: { $0.maxLength }, set: { $0.maxLength = $1 }), 64...4096)),
        SettingDescriptor(name: "min_guesses_log10",
                          summary: "Reject passwords estimated to fall in fewer than 10^N guesses.",
                          target: .decimal(SettingField(get: { $0.minGuessesLog10 }, set: { $0.minGuessesLog10 = $1 }), 0...30)),
        SettingDescriptor(name: "dcredit",
                          summary: "Positive: credit up to N digits toward minlen; negative: require at least -N digits.",
                          target: .integer(SettingField(get: { $0.digitCredit }, set: { $0.digitCredit = $1 }), -256...256)),
        SettingDescriptor(name: "ucredit",
                          summary: "Positive: credit up to N upper-case letters toward minlen; negative: require at least -N.",
                          target: .integer(SettingField(get: { $0.uppercaseCredit }, set: { $0.uppercaseCredit = $1 }), -256...256)),
        SettingDescriptor(name: "lcredit",
                          summary: "Positive: credit up to N lower-case letters toward minlen; negative: require at least -N.",
                          target: .integer(SettingField(get: { $0.lowercaseCredit }, set: { $0.lowercaseCredit = $1 }), -256...256)),
        SettingDescriptor(name: "ocredit",
                          summary: "Positive: credit up to N other characters toward minlen; negative: require at least -N.",
                          target: .integer(SettingField(get: { $0.otherCredit }, set: { $0.otherCredit = $1 }), -256...256)),
        SettingDescriptor(name: "minclass",
                          summary: "Number of character classes (digits, upper, lower, others) required; 0 disables.",
                          target: .integer(SettingField(get: { $0.minClasses }, set: { $0.minClasses = $1 }), 0...4)),
        SettingDescriptor(name: "maxrepeat",
                          summary: "Most consecutive identical characters allowed; 0 disables.",
                          target: .integer(SettingField(get: { $0.maxRepeat }, set: { $0.maxRepeat = $1 }), 0...4096)),
        SettingDescriptor(name: "maxsequence",
                          summary: "Longest monotonic sequence (abcd, 4321) allowed; 0 disables.",
                          target: .integer(SettingField(get: { $0.maxSequence }, set: { $0.maxSequence = $1 }), 0...4096)),
        SettingDescriptor(name: "maxclassrepeat",
                          summary: "Most consecutive characters of one class allowed; 0 disables.",
                          target: .integer(SettingField(get: { $0.maxClassRepeat }, set: { $0.maxClassRepeat = $1 }), 0...4096)),
        SettingDescriptor(name: "difok",
                          summary: "Number of characters that must differ from the old password.",
                          target: .integer(SettingField(get: { $0.differentCharacters }, set: { $0.differentCharacters = $1 }), 0...256)),
        SettingDescriptor(name: "usercheck",
                          summary: "Reject passwords containing the login name, forwards or reversed.",
                          target: .boolean(SettingField(get: { $0.userCheck }, set: { $0.userCheck = $1 }))),
        SettingDescriptor(name: "usersubstr",
                          summary: "When 3 or more, also reject any substring of this length of the login name.",
                          target: .integer(SettingField(get: { $0.userSubstring }, set: { $0.userSubstring = $1 }), 0...256)),
        SettingDescriptor(name: "gecoscheck",
                          summary: "Reject passwords containing words of 3 or more characters from the GECOS field.",
                          target: .boolean(SettingField(get: { $0.gecosCheck }, set: { $0.gecosCheck = $1 }))),
        SettingDescriptor(name: "dictcheck",
                          summary: "Reject passwords that are just a (mangled) dictionary word.",
                          target: .boolean(SettingField(get: { $0.dictionaryCheck }, set: { $0.dictionaryCheck = $1 }))),
        SettingDescriptor(name: "badwords",
                          summary: "Space-separated words forbidden in passwords, ignoring case, forwards or reversed.",
                          target: .words(SettingField(get: { $0.badWords }, set: { $0.badWords = $1 }))),
        SettingDescriptor(name: "breach_db",
                          summary: "Breached-password database (pwguard breach build) to reject listed passwords; empty: none.",
                          target: .text(SettingField(get: { $0.breachDatabase }, set: { $0.breachDatabase = $1 }))),
        SettingDescriptor(name: "breach_min_count",
                          summary: "Reject a listed password only if it may have been seen at least N times.",
                          target: .integer(SettingField(get: { $0.breachMinCount }, set: { $0.breachMinCount = $1 }), 1...4_294_967_295)),
        SettingDescriptor(name: "breach_db_missing",
                          summary: "When breach_db cannot be used: allow (check the rest, warn) or reject every password.",
                          target: .missingPolicy(SettingField(get: { $0.breachDatabaseMissing }, set: { $0.breachDatabaseMissing = $1 }))),
        SettingDescriptor(name: "enforce_for_root",
                          summary: "The PAM module rejects bad passwords for root as well.",
                          target: .flag(SettingField(get: { $0.enforceForRoot }, set: { $0.enforceForRoot = $1 }))),
        SettingDescriptor(name: "retry",
                          summary: "How many times the PAM module prompts for a new password.",
                          target: .integer(SettingField(get: { $0.retry }, set: { $0.retry = $1 }), 1...100)),
        SettingDescriptor(name: "local_users_only",
                          summary: "The PAM module checks only users listed in /etc/passwd.",
                          target: .flag(SettingField(get: { $0.localUsersOnly }, set: { $0.localUsersOnly = $1 }))),
        SettingDescriptor(name: "enforcing",
                          summary: "Reject bad passwords; 0 only warns.",
                          target: .boolean(SettingField(get: { $0.enforcing }, set: { $0.enforcing = $1 }))),
        // pwquality's cracklib dictionary path. pwguard's word lists are
        // compiled into the binary, so there is no path to set; the name is
        // accepted so that a pwquality.conf can be reused unchanged.
        SettingDescriptor(name: "dictpath",
                          summary: "Accepted for pwquality compatibility and ignored: the dictionary is built in.",
                          target: .ignoredText),
        SettingDescriptor(name: "debug",
                          summary: "The PAM module logs its decisions (never a password).",
                          target: .flag(SettingField(get: { $0.debug }, set: { $0.debug = $1 }))),
        SettingDescriptor(name: "use_authtok",
                          summary: "The PAM module takes the new password from an earlier module.",
                          target: .flag(SettingField(get: { $0.useAuthtok }, set: { $0.useAuthtok = $1 }))),
        // Read by libpam's pam_get_authtok from the module's own arguments
        // ("New UNIX password:"); accepted here so that every argument of a
        // pam_pwquality line is valid for pam_pwguard.
        SettingDescriptor(name: "authtok_type",
                          summary: "PAM module argument only: the word libpam puts in its prompts (\"New TYPE password:\").",
                          target: .ignoredText),
    ]

    /// The value of the integer, boolean or flag setting called `name`
    /// (booleans as 0 or 1), or nil when there is no such setting or it
    /// holds another kind of value.
    public func integerValue(named name: String) -> Int? {
        guard let descriptor = Settings.descriptor(named: name) else { return nil }
        switch descriptor.target {
        case .integer(let field, _): return field.get(self)
        case .boolean(let field), .flag(let field): return field.get(self) ? 1 : 0
        case .decimal, .words, .text, .missingPolicy, .ignoredText: return nil
        }
    }

    /// The descriptor of the setting called `name`, or nil when there is none.
    public static func descriptor(named name: String) -> SettingDescriptor? {
        known.first { $0.name == name }
    }
}
