import ArgumentParser
import CredentialAudit
import PasswordPolicy
#if canImport(Glibc)
import Glibc
#endif

/// `pwguard audit`: audits credential stores (docs/audit-report.md).
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Audit password stores: weak, breached, shared, empty and badly hashed credentials.",
        discussion: """
            Reads each FILE (default: /etc/shadow, with /etc/passwd for GECOS \
            and home; reading it needs root) as a shadow, htpasswd, LDIF, \
            pwdump or PHC/Django/Werkzeug store, detected per file unless \
            --format names it. Every account gets one status (cracked, \
            not_cracked, empty, no_password, locked, unsupported) and findings \
            with stable codes and severities. Salted hashes are guessed \
            (user context, word lists, pattern model) within --budget and \
            --max-guesses; --max-guesses 0 skips guessing and gives every \
            other finding in seconds.

            Found passwords are never written unless --show-passwords is given.

            Exit status: 0 no finding at or above --fail-on, 1 such findings, \
            2 errors (usage, an unreadable file, a malformed line: the report \
            is still written).

            Example:
              pwguard audit --max-guesses 0 --json /etc/shadow
            """
    )

    @Option(help: ArgumentHelp("Store format: auto, shadow, htpasswd, ldif, pwdump or phc.", valueName: "format"))
    var format: String = "auto"

    @Option(help: ArgumentHelp("passwd file giving GECOS and home to shadow accounts.", valueName: "file"))
    var passwd: String?

    @Option(help: ArgumentHelp("Word list to guess from, one word per line (repeatable).", valueName: "file"))
    var wordlist: [String] = []

    @Option(name: .customLong("breach-db"),
            help: ArgumentHelp("Breached-password database (default: breach_db of pwguard.conf).", valueName: "file"))
    var breachDB: String?

    @Option(help: ArgumentHelp("Read this configuration file instead of the default ones.", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Guessing time budget for the whole run, in seconds (default \(Int(Audit.defaultBudget))).",
                               valueName: "seconds"))
    var budget: Double?

    @Option(name: .customLong("max-guesses"),
            help: ArgumentHelp("Most guesses per account; 0 skips guessing.", valueName: "n"))
    var maxGuesses: Int?

    @Option(help: ArgumentHelp("Guessing threads (default: the online CPUs).", valueName: "n"))
    var threads: Int?

    @Option(name: .customLong("max-age"),
            help: ArgumentHelp("password_too_old above this many days.", valueName: "days"))
    var maxAge: Int = 365

    @Flag(help: "Write the report as one JSON document.")
    var json = false

    @Flag(help: "Write the report as CSV, one row per finding.")
    var csv = false

    @Option(help: ArgumentHelp("Also write a self-contained HTML page to this file.", valueName: "file"))
    var html: String?

    @Option(name: .customLong("fail-on"),
            help: ArgumentHelp("Exit 1 on a finding at this severity or above: critical, high, medium, low, info.",
                               valueName: "severity"))
    var failOn: String = "high"

    @Flag(name: .customLong("show-passwords"), help: "Include found passwords in the report.")
    var showPasswords = false

    @Argument(help: ArgumentHelp("Store files (default: /etc/shadow).", valueName: "file"))
    var files: [String] = []

    /// Used when neither --budget nor --max-guesses bounds the run.
    static let defaultBudget = 60.0

    func validate() throws {
        if json && csv { throw ValidationError("--json and --csv cannot be combined") }
        if format != "auto" && StoreFormat(rawValue: format) == nil {
            throw ValidationError("--format must be auto, shadow, htpasswd, ldif, pwdump or phc")
        }
        if Severity(rawValue: failOn) == nil {
            throw ValidationError("--fail-on must be critical, high, medium, low or info")
        }
        if let budget, !(budget >= 0 && budget.isFinite) { throw ValidationError("--budget must be a number of seconds >= 0") }
        if let maxGuesses, maxGuesses < 0 { throw ValidationError("--max-guesses must be >= 0") }
        if let threads, threads < 1 || threads > 1024 { throw ValidationError("--threads must be between 1 and 1024") }
        if maxAge < 0 { throw ValidationError("--max-age must be >= 0") }
    }

    func run() throws {
        let usingSystemFiles = files.isEmpty
        let paths = usingSystemFiles ? ["/etc/shadow"] : files
        let storeFormat = StoreFormat(rawValue: format)

        // GECOS and home only feed user-context guessing: without guessing,
        // the passwd file is not read (parsing it is a tenth of a 100,000-account scan).
        var passwdFile: PasswdFile?
        if maxGuesses != 0, let path = passwd ?? (usingSystemFiles ? "/etc/passwd" : nil) {
            do {
                passwdFile = try StoreLoader.loadPasswd(path: path)
            } catch {
                throw CommandFailure(message: error.description)
            }
        }

        var stores: [LoadedStore] = []
        var loadErrors: [StoreError] = []
        for path in paths {
            do {
                stores.append(try StoreLoader.load(path: path, format: storeFormat, passwd: passwdFile,
                                                   threads: threads ?? AuditOptions().threads))
            } catch {
                if usingSystemFiles {
                    throw CommandFailure(message: "\(error.description) (reading /etc/shadow needs root; or name a copy of the file)")
                }
                loadErrors.append(error)
            }
        }
        if let malformed = passwdFile?.malformed, !malformed.isEmpty {
            loadErrors += malformed.map { StoreError(file: $0.path, line: $0.line, message: $0.reason) }
        }

        var options = AuditOptions(breachDatabase: try openBreachDatabase(), maxAgeDays: maxAge,
                                   showPasswords: showPasswords)
        options.wordlists = wordlist
        options.maxGuesses = maxGuesses
        options.budgetSeconds = budget ?? (maxGuesses == nil ? Self.defaultBudget : nil)
        if let threads { options.threads = threads }

        let progressBar = AuditProgressBar.forStandardError()
        var report: AuditReport
        do {
            report = try Auditor(options: options).run(stores, files: paths, progress: progressBar?.callback)
        } catch {
            progressBar?.finish()
            throw CommandFailure(message: "\(error)")
        }
        progressBar?.finish()
        report.errors.insert(contentsOf: loadErrors, at: 0)

        reportErrors(report.errors)
        // The rendered report is written as it is: copying tens of megabytes
        // into an output buffer would cost more than rendering them.
        var rendered: [UInt8]
        if json {
            rendered = JSONReport.render(report)
        } else if csv {
            rendered = CSVReport.render(report, showPasswords: showPasswords)
        } else {
            rendered = Array(TableReport.render(report, showPasswords: showPasswords).utf8)
        }
        FileOutput.writeAll(fd: 1, &rendered)
        if showPasswords { rendered.wipe() }
        if let html {
            try writeFile(html, HTMLReport.render(report, showPasswords: showPasswords))
        }
        if !report.errors.isEmpty { throw ExitCode(2) }
        if let threshold = Severity(rawValue: failOn), report.hasFinding(atLeast: threshold) { throw ExitCode(1) }
    }

    /// The database named by --breach-db, else by breach_db in the configuration, else none.
    private func openBreachDatabase() throws -> BreachDatabase? {
        var path = breachDB
        if path == nil {
            do {
                let settings = try Settings.load(configFile: config)
                if !settings.breachDatabase.isEmpty { path = settings.breachDatabase }
            } catch {
                throw CommandFailure(message: error.description)
            }
        }
        guard let path else { return nil }
        do {
            return try BreachDatabase.open(path: path)
        } catch {
            throw CommandFailure(message: error.description)
        }
    }

    /// Errors go to standard error too (the first 20), whatever the report format.
    private func reportErrors(_ errors: [StoreError]) {
        for error in errors.prefix(20) { StandardError.write("pwguard: \(TableReport.terminalSafe(error.description))\n") }
        if errors.count > 20 { StandardError.write("pwguard: ... and \(errors.count - 20) more errors (see the report)\n") }
    }

    /// Writes the HTML page, readable by its owner only (it names accounts, and
    /// with --show-passwords holds passwords).
    private func writeFile(_ path: String, _ text: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            throw CommandFailure(message: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        // An existing file keeps its mode through O_TRUNC: narrow it before writing.
        _ = fchmod(fd, 0o600)
        var bytes = Array(text.utf8)
        FileOutput.writeAll(fd: fd, &bytes)
        if close(fd) != 0 {
            throw CommandFailure(message: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
