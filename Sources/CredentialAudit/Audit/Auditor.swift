#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import PasswordPolicy
import Synchronization

/// The CPUs online now: the default number of threads for guessing, parsing
/// and rendering. (Usable from inline code: `AuditOptions.init`'s default
/// argument calls it.)
@usableFromInline
func onlineProcessorCount() -> Int {
    max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
}

/// What an audit run is told.
public struct AuditOptions: Sendable {
    /// Word lists for guessing (`--wordlist`).
    public var wordlists: [String]
    /// Guessing time budget for the run in seconds, nil for none.
    public var budgetSeconds: Double?
    /// Guesses per account, nil for no cap; 0 skips guessing.
    public var maxGuesses: Int?
    /// Guessing threads.
    public var threads: Int
    /// The guessing stages to run (all by default; tests pick one to see it report itself).
    public var methods: Set<GuessMethod> = Set(GuessMethod.allCases)
    /// The breach database, when one is used (SHA-1 or NTLM).
    public var breachDatabase: BreachDatabase?
    /// The day ageing is judged on (days since 1970, UTC).
    public var today: Int
    /// `password_too_old` above this many days.
    public var maxAgeDays: Int
    /// Keep found passwords in the report (`--show-passwords`); otherwise they are wiped after use.
    public var showPasswords: Bool

    /// Options with no word lists, no bounds, one thread per online CPU,
    /// today's date and no breach database.
    public init(wordlists: [String] = [], budgetSeconds: Double? = nil, maxGuesses: Int? = nil,
                threads: Int = onlineProcessorCount(), breachDatabase: BreachDatabase? = nil,
                today: Int = AgeingRules.day(ofUnixTime: Int(time(nil))), maxAgeDays: Int = 365,
                showPasswords: Bool = false) {
        self.wordlists = wordlists
        self.budgetSeconds = budgetSeconds
        self.maxGuesses = maxGuesses
        self.threads = threads
        self.breachDatabase = breachDatabase
        self.today = today
        self.maxAgeDays = maxAgeDays
        self.showPasswords = showPasswords
    }
}

/// Runs the audit: classifies every account, checks unsalted hashes against
/// the breach database, guesses the salted ones, groups shared passwords,
/// judges ageing and file permissions. Status rules: docs/audit-report.md.
public struct Auditor: Sendable {
    public let options: AuditOptions

    /// Creates an auditor.
    public init(options: AuditOptions) {
        self.options = options
    }

    /// One account while it is being audited.
    private struct Work {
        var account: StoredAccount
        var hash: PasswordHash?
        var status: AuditStatus
        var findings: [Finding] = []
        /// The password, once known (plaintext store, empty digest, or guessed).
        var password: [UInt8]?
        var guessing: GuessingSummary?
        /// How it was found, for the finding's detail.
        var foundBy: String?
    }

    /// Audits `stores`. `progress` receives the guessing engine's reports.
    /// - Throws: `GuessingError` when guessing cannot start (an unreadable word list).
    public func run(_ stores: [LoadedStore], files: [String],
                    progress: (@Sendable (GuessProgress) -> Void)? = nil) throws -> AuditReport {
        var errors: [StoreError] = []
        var fileFindings: [FileFinding] = []
        for store in stores {
            errors.append(contentsOf: store.errors)
            fileFindings.append(contentsOf: FilePermissionRules.findings(path: store.path, format: store.format,
                                                                          status: store.status))
        }
        var work = classifyAll(stores.flatMap(\.accounts))
        defer { for index in work.indices { work[index].password?.wipe() } }

        checkUnsaltedDigestsAgainstBreaches(&work, errors: &errors)
        try guess(&work, progress: progress)
        judgeKnownPasswords(&work, errors: &errors)
        findSharedPasswords(&work)

        var results: [AccountResult] = []
        results.reserveCapacity(work.count)
        for item in work {
            var findings = item.findings
            var ageDays: Int?
            if let ageing = item.account.ageing {
                if let last = ageing.lastChange, last > 0, last <= options.today { ageDays = options.today - last }
                if [.cracked, .notCracked, .empty, .unsupported].contains(item.status) {
                    findings += AgeingRules.findings(ageing, today: options.today, maxAgeDays: options.maxAgeDays)
                }
            }
            findings.sort { $0.severity > $1.severity }
            let shown = options.showPasswords ? item.password.map { String(decoding: $0, as: UTF8.self) } : nil
            results.append(AccountResult(
                login: item.account.login, file: item.account.file, line: item.account.line,
                format: item.account.format, scheme: item.hash.map { $0.scheme.rawValue } ?? plaintextScheme(item),
                cost: item.hash?.cost, locked: item.account.isLocked, lastChange: item.account.ageing?.lastChange,
                ageDays: ageDays, status: item.status, guessing: item.guessing, findings: findings, password: shown))
        }
        let parameters = AuditParameters(
            files: files, budgetSeconds: options.budgetSeconds, maxGuesses: options.maxGuesses,
            threads: options.threads, wordlists: options.wordlists,
            breachDatabase: options.breachDatabase?.path, today: options.today, maxAgeDays: options.maxAgeDays)
        return AuditReport(parameters: parameters, accounts: results, fileFindings: fileFindings, errors: errors)
    }

    private func plaintextScheme(_ item: Work) -> String? {
        if case .plaintext = item.account.secret { return PasswordHash.Scheme.plaintext.rawValue }
        return nil
    }

    // MARK: Classification (no guessing)

    /// Every account classified, on all cores: parsing 100,000 hashes is
    /// the largest part of a scan without guessing.
    private func classifyAll(_ accounts: [StoredAccount]) -> [Work] {
        let chunks = max(1, min(options.threads, accounts.count / 4096))
        guard chunks > 1 else { return accounts.map(classify) }
        let results = Mutex<[[Work]]>(Array(repeating: [], count: chunks))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (accounts.count * chunk / chunks)..<(accounts.count * (chunk + 1) / chunks)
            let part = accounts[range].map(classify)
            results.withLock { $0[chunk] = part }
        }
        return results.withLock { $0.flatMap { $0 } }
    }

    /// The status and scheme findings an account has before any guessing.
    private func classify(_ account: StoredAccount) -> Work {
        switch account.secret {
        case .empty:
            var item = Work(account: account, status: .empty)
            item.findings.append(Finding(.emptyPassword, .critical, "the password field is empty: no password is needed"))
            return item
        case .disabled:
            return Work(account: account, status: .noPassword)
        case .plaintext(let bytes):
            var item = Work(account: account, status: .cracked)
            item.password = bytes
            item.foundBy = "stored in plaintext"
            item.findings.append(Finding(.weakScheme, .critical, "the password is stored in plaintext"))
            return item
        case .hash(let text):
            return classifyHash(PasswordHash(text), account: account)
        case .ntlm(let nt, let lm):
            var item = classifyHash(PasswordHash(ntHex: nt), account: account)
            if lm != nil {
                // The parser dropped LM columns that hold the empty-password constant (no LM hash).
                item.findings.append(Finding(.weakScheme, .high,
                    "an LM hash is stored too (upper-cased, split in 7-character halves, unsalted)"))
            }
            return item
        }
    }

    private static let emptyLMDigest: [UInt8] = [0xaa, 0xd3, 0xb4, 0x35, 0xb5, 0x14, 0x04, 0xee,
                                                 0xaa, 0xd3, 0xb4, 0x35, 0xb5, 0x14, 0x04, 0xee]

    private func classifyHash(_ hash: PasswordHash, account: StoredAccount) -> Work {
        var item = Work(account: account, hash: hash, status: account.isLocked ? .locked : .notCracked)
        if hash.scheme == .unknown || !hash.canVerify {
            item.status = account.isLocked ? .locked : .unsupported
        }
        if hash.isLegacy {
            item.findings.append(Finding(.weakScheme, Self.weakSchemeSeverity(hash.scheme),
                                         "\(Self.schemeDescription(hash.scheme)) is a legacy scheme: store a yescrypt hash instead"))
        }
        if hash.isLowCost {
            item.findings.append(Finding(.lowCost, .medium,
                                         "\(hash.scheme.rawValue) at \(hash.cost ?? "its cost") is below pwguard's cost floor"))
        }
        // A digest of the empty password needs no guessing.
        if let digest = hash.unsaltedDigest, Self.isEmptyPasswordDigest(digest) {
            item.password = []
            item.foundBy = "its unsalted hash is the hash of the empty password"
        }
        return item
    }

    /// Unsalted, or fast and short-limited: high. Salted legacy schemes: medium.
    static func weakSchemeSeverity(_ scheme: PasswordHash.Scheme) -> Severity {
        switch scheme {
        case .plaintext: return .critical
        case .lmHash, .ntHash, .ldapSHA, .descrypt, .bigcrypt: return .high
        default: return .medium
        }
    }

    /// How a legacy scheme is named in a finding, with what makes it weak.
    static func schemeDescription(_ scheme: PasswordHash.Scheme) -> String {
        switch scheme {
        case .descrypt: return "descrypt (DES, 8 characters at most)"
        case .bigcrypt: return "bigcrypt (DES in 8-character blocks)"
        case .bsdicrypt: return "bsdicrypt (extended DES)"
        case .md5crypt: return "md5crypt (fixed 1000 MD5 rounds)"
        case .apr1: return "apr1 (Apache md5crypt, fixed 1000 MD5 rounds)"
        case .ldapSHA: return "{SHA} (one unsalted SHA-1)"
        case .ntHash: return "the NT hash (one unsalted MD4)"
        case .lmHash: return "the LM hash"
        default: return scheme.rawValue
        }
    }

    private static let emptyDigests: (sha1: [UInt8], ntlm: [UInt8]) = (
        BreachHash.digest(of: [], kind: .sha1), BreachHash.digest(of: [], kind: .ntlm))

    static func isEmptyPasswordDigest(_ digest: PasswordHash.UnsaltedDigest) -> Bool {
        switch digest {
        case .sha1(let bytes): return bytes == emptyDigests.sha1
        case .ntlm(let bytes): return bytes == emptyDigests.ntlm
        case .lm(let bytes): return bytes == emptyLMDigest
        }
    }

    // MARK: Breach checks

    /// `{SHA}` digests against a SHA-1 database, NT hashes against an NTLM one: no guessing needed.
    private func checkUnsaltedDigestsAgainstBreaches(_ work: inout [Work], errors: inout [StoreError]) {
        guard let database = options.breachDatabase else { return }
        let kind = database.info.hashKind
        for index in work.indices where work[index].password == nil {
            guard let digest = work[index].hash?.unsaltedDigest else { continue }
            let bytes: [UInt8]
            switch (digest, kind) {
            case (.sha1(let value), .sha1), (.ntlm(let value), .ntlm): bytes = value
            default: continue
            }
            do {
                if let match = try database.lookup(hash: bytes) {
                    work[index].findings.append(Finding(.breached, .high,
                        "its unsalted \(kind.name) hash is in the breach database (seen \(countText(match)))"))
                }
            } catch {
                errors.append(StoreError(file: database.path, line: nil, message: "\(error)"))
                return
            }
        }
    }

    private func countText(_ match: BreachMatch) -> String {
        match.count == match.maximumCount ? "\(match.count) times" : "at least \(match.count) times"
    }

    // MARK: Guessing

    /// Guesses every verifiable hash whose password is not known yet, locked ones included.
    private func guess(_ work: inout [Work], progress: (@Sendable (GuessProgress) -> Void)?) throws {
        guard options.maxGuesses != 0 else { return }
        var targets: [GuessTarget] = []
        for (index, item) in work.enumerated() where item.password == nil {
            guard let hash = item.hash, hash.canVerify, hash.scheme != .unknown else { continue }
            targets.append(GuessTarget(id: index, hash: hash, login: item.account.login,
                                       gecos: item.account.gecos, home: item.account.home))
        }
        guard !targets.isEmpty else { return }
        var guessing = GuessingOptions()
        guessing.wordlists = options.wordlists
        guessing.budgetSeconds = options.budgetSeconds
        guessing.maxGuesses = options.maxGuesses
        guessing.threads = options.threads
        guessing.methods = options.methods
        let engine = GuessingEngine(options: guessing)
        var outcomes = try engine.run(targets, progress: progress)
        for outcome in outcomes where work.indices.contains(outcome.id) {
            work[outcome.id].guessing = GuessingSummary(
                guesses: outcome.guessesTried, method: outcome.method?.rawValue,
                stagesCompleted: outcome.stagesCompleted.map(\.rawValue), exhausted: outcome.exhausted)
            if let password = outcome.password {
                work[outcome.id].password = password
                let guesses = outcome.guessesTried == 1 ? "1 guess" : "\(outcome.guessesTried) guesses"
                work[outcome.id].foundBy = "found by \(Self.methodName(outcome.method)) after \(guesses)"
            }
        }
        for index in outcomes.indices { outcomes[index].password?.wipe() }
    }

    static func methodName(_ method: GuessMethod?) -> String {
        switch method {
        case .userContext?: return "user context (login, GECOS, home)"
        case .lexicon?: return "the built-in word list"
        case .wordlist?: return "a word list"
        case .model?: return "the pattern model"
        case nil: return "guessing"
        }
    }

    // MARK: Known passwords

    /// Status and findings of accounts whose password is now known.
    private func judgeKnownPasswords(_ work: inout [Work], errors: inout [StoreError]) {
        var breachFailed = false
        for index in work.indices {
            guard let password = work[index].password else { continue }
            let locked = work[index].account.isLocked
            let how = work[index].foundBy ?? "found"
            if password.isEmpty {
                work[index].status = locked ? .locked : .empty
                if locked {
                    work[index].findings.append(Finding(.lockedWeak, .medium,
                        "locked, but the hash behind the lock is of the empty password: unlocking would allow login without one"))
                } else {
                    work[index].findings.append(Finding(.emptyPassword, .critical, "the password is empty (\(how))"))
                }
                continue
            }
            if locked {
                work[index].status = .locked
                work[index].findings.append(Finding(.lockedWeak, .medium,
                    "locked, but its password was \(how): unlocking would revive it"))
            } else {
                work[index].status = .cracked
                if work[index].guessing?.method != nil {
                    work[index].findings.append(Finding(.guessablePassword, .high, "password \(how)"))
                }
            }
            guard let database = options.breachDatabase, !breachFailed else { continue }
            do {
                if let match = try database.lookup(password: password) {
                    work[index].findings.append(Finding(.breached, .high,
                        "the password is in the breach database (seen \(countText(match)))"))
                }
            } catch {
                errors.append(StoreError(file: database.path, line: nil, message: "\(error)"))
                breachFailed = true
            }
        }
    }

    // MARK: Shared passwords

    /// Accounts with the same unsalted digest, or whose known passwords hash
    /// alike (SHA-1 and NTLM of a known password join `{SHA}` and NT hashes).
    /// Empty passwords are left out: `empty_password` already says it.
    private func findSharedPasswords(_ work: inout [Work]) {
        var groups: [[UInt8]: [Int]] = [:]
        for (index, item) in work.enumerated() {
            var keys: [[UInt8]] = []
            if let password = item.password {
                guard !password.isEmpty else { continue }
                keys.append([1] + BreachHash.digest(of: password, kind: .sha1))
                keys.append([2] + BreachHash.digest(of: password, kind: .ntlm))
            } else if let digest = item.hash?.unsaltedDigest {
                switch digest {
                case .sha1(let bytes): keys.append([1] + bytes)
                case .ntlm(let bytes): keys.append([2] + bytes)
                case .lm: break   // same LM hash = same password up to case only
                }
            }
            for key in keys { groups[key, default: []].append(index) }
        }
        var others: [Int: Set<Int>] = [:]
        for members in groups.values where members.count > 1 {
            for member in members { others[member, default: []].formUnion(members.filter { $0 != member }) }
        }
        for (index, set) in others {
            let logins = set.sorted().map { work[$0].account.login }
            let named = logins.prefix(5).joined(separator: ", ") + (logins.count > 5 ? ", ..." : "")
            let noun = logins.count == 1 ? "account" : "accounts"
            work[index].findings.append(Finding(.sharedPassword, .medium,
                "same password as \(logins.count) other \(noun): \(named)"))
        }
    }
}
