import ArgumentParser
import PasswordPolicy

/// `pwguard check`: checks passwords read from standard input.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check passwords read from standard input, one per line.",
        discussion: """
            Passwords are never taken from the command line, where other users \
            could see them. Each input line (ending in \\n or \\r\\n) is one \
            password, as raw bytes. For each, one line is written: OK, or \
            BAD PASSWORD: and the first reason; with --json, one JSON object.

            Settings come from /etc/security/pwguard.conf and \
            /etc/security/pwguard.conf.d/*.conf, or from --config, then --set. \
            With breach_db set, passwords in that breached-password database \
            (see `pwguard breach`) are rejected; a database that cannot be used \
            gives a warning on standard error and breach_db_missing decides.

            Exit status: 0 every password accepted, 1 some rejected, \
            2 usage or configuration error, or a malformed --context-tsv line \
            (answered "ERROR: ..." in its place; the other lines are still checked).

            Example:
              printf 'password1\\ncorrect horse battery staple\\n' | pwguard check --user jdoe
            """
    )

    @Option(help: "Login name of the user, for every password.")
    var user: String?

    @Option(name: .customLong("full-name"), help: "Full name (GECOS field) of the user, for every password.")
    var fullName: String?

    @Flag(name: .customLong("context-tsv"),
          help: "Read lines of user<TAB>full name<TAB>password instead of bare passwords (a malformed line is answered ERROR and the rest still checked).")
    var contextTSV = false

    @Flag(help: "Write one JSON object per password.")
    var json = false

    @Option(help: ArgumentHelp("Read this configuration file instead of the default ones.", valueName: "file"))
    var config: String?

    @Option(name: .customLong("set"),
            help: ArgumentHelp("Override a setting, after the configuration files (repeatable).",
                               valueName: "name=value"))
    var overrides: [String] = []

    /// The most bytes kept of the user and full-name fields of a TSV line.
    static let maxContextFieldBytes = 4096

    func validate() throws {
        if contextTSV, user != nil || fullName != nil {
            throw ValidationError("--context-tsv gives the user on each line: it cannot be combined with --user or --full-name")
        }
    }

    func run() throws {
        let settings: Settings
        do {
            settings = try Settings.load(configFile: config, overrides: overrides)
        } catch {
            throw CommandFailure(message: error.description)
        }
        let checker = PasswordChecker(settings: settings)
        let fixedContext = UserContext(login: user, fullName: fullName)
        // A breach database that cannot be used is not a configuration
        // error: breach_db_missing decides, and the user hears of it once.
        var breachWarned = false
        func warnAboutBreachDatabase(_ error: BreachError) {
            guard !breachWarned else { return }
            breachWarned = true
            let consequence = settings.breachDatabaseMissing == .reject
                ? "every password is rejected (breach_db_missing = reject)"
                : "passwords are not checked against it (breach_db_missing = allow)"
            StandardError.write("pwguard: warning: breach_db: \(error); \(consequence)\n")
        }
        if let error = checker.breachDatabaseError { warnAboutBreachDatabase(error) }

        // Keeping inputByteLimit + 2 bytes is enough to prove a cut line too
        // long even after a `\r` is removed; TSV lines add room for the
        // context fields, which are capped separately.
        let passwordBytes = checker.inputByteLimit + 2
        let maxLineBytes = contextTSV ? passwordBytes + 2 * (Self.maxContextFieldBytes + 1) : passwordBytes

        var output = FileOutput(fd: 1)
        defer { output.flush() }
        var reader = LineReader(fd: 0, maxLineBytes: maxLineBytes)
        var lineNumber = 0
        var anyRejected = false
        var anyMalformed = false
        try reader.forEachLine(beforeRead: { output.flush() }) { line, _ in
            lineNumber += 1
            let verdict: Verdict
            if contextTSV {
                // A malformed line is reported, on standard error and in its
                // place in the output (so answers stay one per input line),
                // and the lines after it are still checked.
                guard var entry = Self.splitTSV(line) else {
                    anyMalformed = true
                    let problem = "standard input line \(lineNumber): \(Self.tsvFormatProblem(line))"
                    StandardError.write("pwguard: \(problem)\n")
                    if json {
                        output.write("{\"line\":\(lineNumber),\"error\":\(VerdictJSON.string(problem))}\n")
                    } else {
                        output.write("ERROR: \(problem)\n")
                    }
                    return
                }
                defer { entry.password.wipe() }
                verdict = checker.check(entry.password, context: entry.context)
            } else {
                verdict = checker.check(line, context: fixedContext)
            }
            if let error = verdict.breachCheckError { warnAboutBreachDatabase(error) }
            if !verdict.accepted { anyRejected = true }
            if json {
                output.append { VerdictJSON.append(verdict, to: &$0) }
            } else if let reason = verdict.reasons.first {
                output.write("BAD PASSWORD: \(reason.message)\n")
            } else {
                output.write("OK\n")
            }
        }
        if anyMalformed { throw ExitCode(2) }
        if anyRejected { throw ExitCode(1) }
    }

    /// Splits `user<TAB>full name<TAB>password`. The password is the rest of
    /// the line and may itself contain tabs. Nil when the line is malformed
    /// (``tsvFormatProblem(_:)`` says how).
    static func splitTSV(_ line: [UInt8]) -> (context: UserContext, password: [UInt8])? {
        let tab: UInt8 = 0x09
        guard let firstTab = line.firstIndex(of: tab),
              let secondTab = line[(firstTab + 1)...].firstIndex(of: tab),
              firstTab <= maxContextFieldBytes, secondTab - firstTab - 1 <= maxContextFieldBytes else { return nil }
        let user = String(decoding: line[..<firstTab], as: UTF8.self)
        let fullName = String(decoding: line[(firstTab + 1)..<secondTab], as: UTF8.self)
        let context = UserContext(login: user.isEmpty ? nil : user, fullName: fullName.isEmpty ? nil : fullName)
        return (context, Array(line[(secondTab + 1)...]))
    }

    /// Why ``splitTSV(_:)`` refused `line`; never quotes the line.
    static func tsvFormatProblem(_ line: [UInt8]) -> String {
        line.lazy.filter { $0 == 0x09 }.count < 2
            ? "expected user<TAB>full name<TAB>password"
            : "user or full name longer than \(maxContextFieldBytes) bytes"
    }
}
