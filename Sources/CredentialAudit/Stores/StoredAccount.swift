/// One credential read from a store, whatever the store's format: what the
/// audit needs to classify, guess and report it.

/// What a store's password field holds, decided by the store parser from
/// the field's syntax (the hash itself is parsed later, by `PasswordHash`).
public enum StoredSecret: Sendable, Equatable {
    /// An empty field: no password is needed to log in.
    case empty
    /// A marker that no password can match (`*`, `!!`, `x`, `NP`, ...): password login is off.
    case disabled
    /// A hash string for `PasswordHash(_:)`, the lock prefix removed.
    case hash(String)
    /// A pwdump line's columns: the NT hash and, when present, the LM hash (32 hex digits each).
    case ntlm(nt: String, lm: String?)
    /// A password stored as is (htpasswd `-p`, an LDAP `userPassword` without a `{SCHEME}`).
    case plaintext([UInt8])
}

/// Shadow ageing fields (shadow(5)), in days; nil when the field is empty.
public struct PasswordAgeing: Sendable, Equatable {
    /// Day of the last change (days since 1970); 0 forces a change at the next login.
    public var lastChange: Int?
    /// Minimum days between changes.
    public var minDays: Int?
    /// Maximum days a password is valid.
    public var maxDays: Int?
    /// Days of warning before expiry.
    public var warnDays: Int?
    /// Days after expiry during which a change is still allowed.
    public var inactiveDays: Int?
    /// Day the account itself expires.
    public var expireDate: Int?

    /// The ageing fields of a shadow entry.
    public init(_ entry: ShadowEntry) {
        lastChange = entry.lastChange
        minDays = entry.minDays
        maxDays = entry.maxDays
        warnDays = entry.warnDays
        inactiveDays = entry.inactiveDays
        expireDate = entry.expireDate
    }
}

/// An account record, the same for every store format.
public struct StoredAccount: Sendable {
    /// The login (LDIF: from `uid`, else the DN; PHC lines without a login: `#LINE`).
    public var login: String
    /// The store's path as given.
    public var file: String
    /// 1-based line of the password field.
    public var line: Int
    /// The store's format.
    public var format: StoreFormat
    /// What the password field holds.
    public var secret: StoredSecret
    /// Whether the field carried shadow's `!` lock prefix.
    public var isLocked: Bool
    /// Shadow ageing fields; nil for other formats.
    public var ageing: PasswordAgeing?
    /// GECOS (shadow, from the passwd file) or the LDIF entry's names.
    public var gecos: String
    /// Home directory (shadow, from the passwd file; LDIF `homeDirectory`).
    public var home: String

    /// Creates a record.
    public init(login: String, file: String, line: Int, format: StoreFormat, secret: StoredSecret,
                isLocked: Bool = false, ageing: PasswordAgeing? = nil, gecos: String = "", home: String = "") {
        self.login = login
        self.file = file
        self.line = line
        self.format = format
        self.secret = secret
        self.isLocked = isLocked
        self.ageing = ageing
        self.gecos = gecos
        self.home = home
    }
}

/// A problem with one line (or a whole file) of a store: reported with its place, never skipped silently.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's path as given.
    public var file: String
    /// 1-based line, nil for a problem with the whole file.
    public var line: Int?
    /// What is wrong (never the line's content: it may hold a hash or a password).
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)" }
}
