import Foundation
import XCTest

/// Runs `pwguard audit` on stores generated with the real tools (mkpasswd,
/// htpasswd, openssl, argon2, python3's hashlib) holding known passwords:
/// every format, status and finding code, every report format, exit codes,
/// and no password in any output unless --show-passwords.
final class AuditCommandTests: XCTestCase {
    /// The generated stores, shared by every test (generation takes seconds).
    private static let fixture = Result { try AuditFixture.make() }

    private var fixture: AuditFixture!

    override class func tearDown() {
        if case .success(let fixture) = Self.fixture { try? FileManager.default.removeItem(at: fixture.directory) }
        super.tearDown()
    }

    override func setUpWithError() throws {
        fixture = try Self.fixture.get()
    }

    private func run(_ arguments: [String]) throws -> PwguardRun {
        try PwguardBinary.run(["audit"] + arguments, input: Data(), in: fixture.directory)
    }

    /// The JSON report of a run, parsed.
    private func json(_ arguments: [String]) throws -> (run: PwguardRun, report: [String: Any]) {
        let result = try run(["--json"] + arguments)
        let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        return (result, try XCTUnwrap(object, "not a JSON object: \(result.output) \(result.errors)"))
    }

    private func accounts(_ report: [String: Any]) -> [[String: Any]] {
        report["accounts"] as? [[String: Any]] ?? []
    }

    private func account(_ report: [String: Any], _ login: String) -> [String: Any]? {
        accounts(report).first { $0["login"] as? String == login }
    }

    private func codes(_ account: [String: Any]?) -> [String] {
        (account?["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    }

    /// Every store, no guessing.
    private var allStores: [String] {
        ["--passwd", fixture.path("passwd"), fixture.path("shadow"), fixture.path("htpasswd"),
         fixture.path("people.ldif"), fixture.path("dump.pwdump"), fixture.path("hashes.phc")]
    }

    // MARK: Stores and statuses

    func testEveryFormatIsDetectedAndEveryAccountHasOneStatus() throws {
        let (result, report) = try json(["--max-guesses", "0"] + allStores)
        XCTAssertEqual(result.status, 2, "malformed lines make the run exit 2: \(result.errors)")
        let formats = Set(accounts(report).compactMap { $0["format"] as? String })
        XCTAssertEqual(formats, ["shadow", "htpasswd", "ldif", "pwdump", "phc"])
        let statuses = ["cracked", "not_cracked", "empty", "no_password", "locked", "unsupported"]
        for account in accounts(report) {
            XCTAssertTrue(statuses.contains(account["status"] as? String ?? ""), "\(account)")
        }
        XCTAssertEqual(account(report, "emptyu")?["status"] as? String, "empty")
        XCTAssertEqual(account(report, "nologin")?["status"] as? String, "no_password")
        XCTAssertEqual(account(report, "neverset")?["status"] as? String, "no_password")
        XCTAssertEqual(account(report, "lockedu")?["status"] as? String, "locked")
        XCTAssertEqual(account(report, "weird")?["status"] as? String, "unsupported")
        XCTAssertEqual(account(report, "htplain")?["status"] as? String, "cracked")
        XCTAssertEqual(account(report, "ntempty")?["status"] as? String, "empty")
        XCTAssertEqual(account(report, "strongu")?["status"] as? String, "not_cracked")
        let schemes = Set(accounts(report).compactMap { $0["scheme"] as? String })
        for scheme in ["yescrypt", "sha512crypt", "sha256crypt", "md5crypt", "descrypt", "bcrypt", "apr1", "sha1",
                       "ssha", "ssha512", "plaintext", "nt", "argon2id", "pbkdf2-sha256", "scrypt-werkzeug"] {
            XCTAssertTrue(schemes.contains(scheme), "no account with scheme \(scheme): \(schemes.sorted())")
        }
        let summary = report["summary"] as? [String: Any]
        XCTAssertEqual(summary?["accounts"] as? Int, accounts(report).count)
    }

    func testMalformedLinesAreReportedWithFileAndLine() throws {
        let (result, report) = try json(["--max-guesses", "0", fixture.path("shadow")])
        XCTAssertEqual(result.status, 2)
        let errors = report["errors"] as? [[String: Any]] ?? []
        let lines = errors.compactMap { $0["line"] as? Int }
        XCTAssertEqual(lines, fixture.malformedShadowLines)
        XCTAssertTrue(result.errors.contains("shadow:\(fixture.malformedShadowLines[0]): has 3 fields, expected 9"),
                      result.errors)
        XCTAssertTrue(result.errors.contains("is not valid UTF-8"), result.errors)
        XCTAssertTrue(result.errors.contains("contains a NUL byte"), result.errors)
        XCTAssertFalse(accounts(report).isEmpty, "the audit goes on after a malformed line")
    }

    func testMegabyteLinesAndNamedFormats() throws {
        let huge = fixture.path("huge.htpasswd")
        var bytes = Data("first:$apr1$A5.U/Zk2$zMimQ.qraCvq/kqWgWvUl1\nbig:".utf8)
        bytes.append(Data(repeating: UInt8(ascii: "a"), count: 3 << 20))
        bytes.append(Data("\nlast:{SHA}GpHWL3ymc5liWkNopqtdSjuqYHM=\n".utf8))
        try bytes.write(to: URL(fileURLWithPath: huge))
        let (result, report) = try json(["--max-guesses", "0", huge])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(accounts(report).compactMap { $0["login"] as? String }, ["first", "last"])
        XCTAssertTrue(result.errors.contains("huge.htpasswd:2: is longer than 65536 bytes"), result.errors)
        XCTAssertLessThan(result.stdout.count, 10_000, "the long line is not echoed")

        // Named, the format is not detected: htpasswd lines are not pwdump lines.
        let (named, namedReport) = try json(["--max-guesses", "0", "--format", "pwdump", fixture.path("htpasswd")])
        XCTAssertEqual(named.status, 2)
        XCTAssertEqual(accounts(namedReport).count, 0)
        XCTAssertEqual((namedReport["errors"] as? [Any])?.count, 6)
    }

    func testNoFileMeansEtcShadow() throws {
        let result = try run(["--max-guesses", "0", "--json"])
        if getuid() == 0 {
            XCTAssertNotEqual(result.status, 2, result.errors)
            XCTAssertTrue(result.output.contains("\"files\":[\"/etc/shadow\"]"))
        } else {
            XCTAssertEqual(result.status, 2)
            XCTAssertTrue(result.errors.contains("/etc/shadow"), result.errors)
            XCTAssertTrue(result.errors.contains("root"), result.errors)
        }
    }

    // MARK: Findings without guessing

    func testFindingsWithoutGuessing() throws {
        let (_, report) = try json(["--max-guesses", "0", "--breach-db", fixture.path("sha1.pwgdb")] + allStores)
        XCTAssertTrue(codes(account(report, "emptyu")).contains("empty_password"))
        XCTAssertTrue(codes(account(report, "ntempty")).contains("empty_password"))
        XCTAssertTrue(codes(account(report, "desu")).contains("weak_scheme"))
        XCTAssertTrue(codes(account(report, "md5u")).contains("weak_scheme"))
        XCTAssertTrue(codes(account(report, "htplain")).contains("weak_scheme"))
        XCTAssertTrue(codes(account(report, "sha512u")).contains("low_cost"))
        XCTAssertTrue(codes(account(report, "bcryptu")).contains("low_cost"))
        XCTAssertTrue(codes(account(report, "htsha1")).contains("breached"), "{SHA} checked against a SHA-1 list")
        XCTAssertTrue(codes(account(report, "htsha1")).contains("shared_password"))
        XCTAssertTrue(codes(account(report, "htsha1b")).contains("shared_password"))
        XCTAssertTrue(codes(account(report, "ldapsha")).contains("shared_password"), "shared across stores")
        XCTAssertTrue(codes(account(report, "htplain")).contains("breached"), "plaintext checked by password")
        XCTAssertTrue(codes(account(report, "oldpw")).contains("password_too_old"))
        XCTAssertTrue(codes(account(report, "oldpw")).contains("never_expires"))
        XCTAssertTrue(codes(account(report, "expiredpw")).contains("expired"))
        XCTAssertTrue(codes(account(report, "futurepw")).contains("last_change_in_future"))
        XCTAssertFalse(codes(account(report, "nologin")).contains("never_expires"), "no ageing without a password")
        XCTAssertEqual(account(report, "strongu")?["guessing"] is NSNull, true)

        let (_, ntReport) = try json(["--max-guesses", "0", "--breach-db", fixture.path("ntlm.pwgdb"),
                                      fixture.path("dump.pwdump")])
        XCTAssertTrue(codes(account(ntReport, "ntpass")).contains("breached"), "NT hashes checked against an NTLM list")
        XCTAssertTrue(codes(account(ntReport, "ntpass")).contains("weak_scheme"))
        XCTAssertTrue(codes(account(ntReport, "ntpass")).contains("shared_password"), "same NT hash as ntpass2")
        let parameters = ntReport["parameters"] as? [String: Any]
        XCTAssertEqual(parameters?["breach_db"] as? String, fixture.path("ntlm.pwgdb"))
    }

    func testBreachDatabaseDefaultsToTheConfiguration() throws {
        let config = fixture.path("pwguard.conf")
        try "breach_db = \(fixture.path("sha1.pwgdb"))\n".write(toFile: config, atomically: true, encoding: .utf8)
        let (_, report) = try json(["--max-guesses", "0", "--config", config, fixture.path("htpasswd")])
        XCTAssertTrue(codes(account(report, "htsha1")).contains("breached"))
    }

    func testFileFindings() throws {
        let copy = fixture.path("shadow-0644")
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: fixture.path("clean.shadow"), toPath: copy)
        chmod(copy, 0o644)
        let (result, report) = try json(["--max-guesses", "0", copy])
        let findings = report["file_findings"] as? [[String: Any]] ?? []
        XCTAssertEqual(findings.compactMap { $0["code"] as? String }, ["shadow_world_readable"])
        XCTAssertEqual(result.status, 1)
        chmod(copy, 0o600)
        let (quiet, quietReport) = try json(["--max-guesses", "0", copy])
        XCTAssertEqual((quietReport["file_findings"] as? [Any])?.count, 0)
        XCTAssertEqual(quiet.status, 0, quiet.output)
    }

    // MARK: Guessing

    func testGuessingFindsWeakPasswordsAndSaysHowFarItWent() throws {
        let (_, report) = try json(["--max-guesses", "40", "--breach-db", fixture.path("sha1.pwgdb")] + allStores)
        let ycrypt = account(report, "ycrypt")
        XCTAssertEqual(ycrypt?["status"] as? String, "cracked")
        XCTAssertTrue(codes(ycrypt).contains("guessable_password"))
        XCTAssertTrue(codes(ycrypt).contains("breached"), "cracked passwords are looked up too")
        XCTAssertTrue(codes(ycrypt).contains("shared_password"), "the LDIF ycrypt has the same password")
        let guessing = ycrypt?["guessing"] as? [String: Any]
        XCTAssertEqual(guessing?["method"] as? String, "user_context")
        let detail = (ycrypt?["findings"] as? [[String: Any]])?.first { $0["code"] as? String == "guessable_password" }
        XCTAssertTrue((detail?["detail"] as? String ?? "").contains("user context"))
        for login in ["sha512u", "md5u", "desu", "bcryptu", "htbcrypt", "ldapssha"] {
            XCTAssertEqual(account(report, login)?["status"] as? String, "cracked", login)
        }
        XCTAssertEqual(account(report, "lockedu")?["status"] as? String, "locked")
        XCTAssertTrue(codes(account(report, "lockedu")).contains("locked_weak"))
        XCTAssertFalse(codes(account(report, "lockedu")).contains("guessable_password"))
        XCTAssertEqual(account(report, "emptyhash")?["status"] as? String, "empty")
        XCTAssertTrue(codes(account(report, "emptyhash")).contains("empty_password"))
        let strong = account(report, "strongu")
        XCTAssertEqual(strong?["status"] as? String, "not_cracked")
        let tried = strong?["guessing"] as? [String: Any]
        XCTAssertEqual(tried?["guesses"] as? Int, 40)
        XCTAssertEqual(tried?["exhausted"] as? Bool, false)
        XCTAssertTrue(account(report, "weird")?["guessing"] is NSNull, "unsupported hashes are not guessed")
        XCTAssertEqual((report["parameters"] as? [String: Any])?["max_guesses"] as? Int, 40)
    }

    func testProgressBarOnlyOnATerminal() throws {
        let plain = try run(["--max-guesses", "5", fixture.path("clean.shadow")])
        XCTAssertFalse(plain.errors.contains("guesses/s"), plain.errors)
        // script(1) gives the run a terminal; its output is the terminal's.
        let command = [PwguardBinary.url?.path ?? "pwguard", "audit", "--max-guesses", "5", fixture.path("clean.shadow")]
            .map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertTrue(text.contains("accounts") && text.contains("guesses/s"), text)
    }

    // MARK: Exit status

    func testExitStatusFollowsFailOn() throws {
        let clean = fixture.path("clean.shadow")
        chmod(clean, 0o600)
        XCTAssertEqual(try run(["--max-guesses", "0", clean]).status, 0, "only an info finding")
        XCTAssertEqual(try run(["--max-guesses", "0", "--fail-on", "low", clean]).status, 0)
        XCTAssertEqual(try run(["--max-guesses", "0", "--fail-on", "info", clean]).status, 1)
        XCTAssertEqual(try run(["--max-guesses", "0", "--fail-on", "critical", fixture.path("htpasswd")]).status, 1)
        XCTAssertEqual(try run(["--max-guesses", "0", "--fail-on", "bogus", clean]).status, 2)
        XCTAssertEqual(try run(["--max-guesses", "0", "--json", "--csv", clean]).status, 2)
        let missing = try run(["--max-guesses", "0", fixture.path("does-not-exist")])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.errors.contains("does-not-exist: cannot open: No such file or directory"), missing.errors)
        let notAStore = fixture.path("prose.txt")
        try "just some words\n".write(toFile: notAStore, atomically: true, encoding: .utf8)
        let unknown = try run(["--max-guesses", "0", notAStore])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.errors.contains("--format"), unknown.errors)
    }

    // MARK: Report formats

    func testCSVHasOneRowPerFindingWithRFC4180Quoting() throws {
        let result = try run(["--max-guesses", "0", "--csv", fixture.path("htpasswd")])
        let rows = result.output.components(separatedBy: "\r\n").dropLast()
        XCTAssertEqual(rows.first, "login,file,line,scheme,status,code,severity,detail")
        let (_, report) = try json(["--max-guesses", "0", fixture.path("htpasswd")])
        let summary = report["summary"] as? [String: Any]
        XCTAssertEqual(rows.count - 1, summary?["findings"] as? Int)
        XCTAssertTrue(rows.contains("htdes,\(fixture.path("htpasswd")),5,descrypt,not_cracked,weak_scheme,high,"
                                    + "\"descrypt (DES, 8 characters at most) is a legacy scheme: store a yescrypt hash instead\""),
                      "a detail with a comma is quoted: \(rows)")
    }

    func testHTMLIsOneSelfContainedEscapedPage() throws {
        let page = fixture.path("report.html")
        let result = try run(["--max-guesses", "0", "--html", page] + allStores)
        XCTAssertEqual(result.status, 2)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        for section in ["Summary", "Findings by severity", "Hash schemes", "Password age", "Accounts"] {
            XCTAssertTrue(html.contains("<h2>\(section)</h2>"), section)
        }
        XCTAssertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script") || html.contains("src="))
        XCTAssertTrue(html.contains("&lt;b&gt;x"), "the LDIF login <b>x is escaped")
        XCTAssertFalse(html.contains("<b>x"))
    }

    /// No report format, and no diagnostic, carries a password unless asked.
    func testNoPasswordInAnyOutputUnlessShowPasswords() throws {
        let base = ["--max-guesses", "12", "--breach-db", fixture.path("sha1.pwgdb")] + allStores
        var outputs: [(String, String)] = []
        for format in [[], ["--json"], ["--csv"]] {
            let page = fixture.path("nopw.html")
            let result = try run(format + ["--html", page] + base)
            outputs.append(("stdout \(format)", result.output))
            outputs.append(("stderr \(format)", result.errors))
            outputs.append(("html", try String(contentsOfFile: page, encoding: .utf8)))
        }
        for (name, text) in outputs {
            for password in fixture.knownPasswords {
                XCTAssertFalse(text.contains(password), "\(name) contains the password \(password)")
            }
        }
        let shown = try run(["--show-passwords", "--json"] + base)
        for password in fixture.plaintextPasswords + ["ycrypt123"] {
            XCTAssertTrue(shown.output.contains(password), "--show-passwords shows \(password)")
        }
        let table = try run(["--show-passwords"] + base)
        XCTAssertTrue(table.output.contains("PASSWORD"))
        XCTAssertTrue(table.output.contains(fixture.plaintextPasswords[0]))
    }
}

/// Stores with known passwords, generated by the real tools.
struct AuditFixture {
    let directory: URL

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Every password in the stores (none of them may appear in a report).
    let knownPasswords = ["Zq8vLpStrong2x", "ycrypt123", "sha512u123", "sha256upw", "md5u123", "desu123", "bcryptu123",
                          "lockedu123", "htbcrypt123", "HtApr1Pw", "sharedpw1", "HtDesPw", "PlainPass77", "ldapssha123",
                          "LdapSSHA512", "LdapCryptPw", "LdapPlain99", "Argon2Pass", "DjangoPbkdf2", "WerkScrypt",
                          "WerkPbkdf2", "oldpwpass", "expiredpass", "futurepass", "Ssha64Pass"]
    /// The passwords stored in plaintext, which --show-passwords shows without guessing.
    let plaintextPasswords = ["PlainPass77", "LdapPlain99"]
    /// Line numbers of the malformed lines of `shadow`.
    let malformedShadowLines = [18, 19, 20]

    static func make() throws -> AuditFixture {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pwguard-audit-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-eu", "-c", script]
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["PWGUARD"] = PwguardBinary.url?.path ?? "pwguard"
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "AuditFixture", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: String(decoding: message, as: UTF8.self)])
        }
        return AuditFixture(directory: directory)
    }

    /// Writes the stores into the current directory. Cheap costs keep it fast.
    static let script = #"""
        today=$(( $(date +%s) / 86400 ))
        m() { printf %s "$2" | mkpasswd -s -m "$1" ${3:+-R "$3"}; }
        {
          echo "root:$(m yescrypt Zq8vLpStrong2x 1):$((today - 10)):0:90:7:::"
          echo "ycrypt:$(m yescrypt ycrypt123 1):$((today - 10)):0:90:7:::"
          echo "sha512u:$(m sha512crypt sha512u123 1000):$((today - 10)):0:90:7:::"
          echo "sha256u:$(m sha256crypt sha256upw 1000):$((today - 10)):0:90:7:::"
          echo "md5u:$(m md5crypt md5u123):$((today - 10)):0:90:7:::"
          echo "desu:$(m descrypt desu123):$((today - 10)):0:90:7:::"
          echo "bcryptu:$(m bcrypt bcryptu123 5):$((today - 10)):0:90:7:::"
          echo "lockedu:!$(m sha512crypt lockedu123 1000):$((today - 10)):0:90:7:::"
          echo "emptyu::$((today - 10)):0:90:7:::"
          echo "nologin:*:$((today - 10)):0:99999:7:::"
          echo "neverset:!!:$((today - 10)):0:99999:7:::"
          echo "strongu:$(m sha512crypt Zq8vLpStrong2x 5000):$((today - 10)):0:90:7:::"
          echo 'weird:$9$unknownscheme$abcdefghijklmnop:'"$((today - 10))"':0:90:7:::'
          echo "emptyhash:$(m sha512crypt '' 1000):$((today - 10)):0:90:7:::"
          echo "oldpw:$(m yescrypt oldpwpass 1):$((today - 800)):0:99999:7:::"
          echo "expiredpw:$(m yescrypt expiredpass 1):$((today - 200)):0:90:7:30::"
          echo "futurepw:$(m yescrypt futurepass 1):$((today + 40)):0:90:7:::"
          echo "broken:x:1"
          printf 'badutf8:\377\376:1::::::\n'
          printf 'nul:x\000y:1::::::\n'
        } > shadow
        chmod 0640 shadow
        {
          echo "root:x:0:0:root:/root:/bin/bash"
          echo "ycrypt:x:1001:1001:Ycrypt Person,,,:/home/ycrypt:/bin/bash"
          echo "sha512u:x:1002:1002:Sha Five,,,:/home/sha512u:/bin/bash"
        } > passwd
        {
          echo "goodpw:$(m yescrypt Zq8vLpStrong2x):$((today - 10)):0:99999:7:::"
          echo "sysacct:*:$((today - 10)):0:99999:7:::"
        } > clean.shadow
        chmod 0600 clean.shadow
        {
          htpasswd -nbB -C 4 htbcrypt htbcrypt123
          htpasswd -nbm htapr1 HtApr1Pw
          htpasswd -nbs htsha1 sharedpw1
          htpasswd -nbs htsha1b sharedpw1
          htpasswd -nbd htdes HtDesPw
          htpasswd -nbp htplain PlainPass77 2>/dev/null
        } | grep -v '^$' > htpasswd
        chmod 0640 htpasswd
        python3 - <<'EOF'
        import base64, hashlib, os
        def b64(data): return base64.b64encode(data).decode()
        salt = b"saltsalt"
        ssha = "{SSHA}" + b64(hashlib.sha1(b"ldapssha123" + salt).digest() + salt)
        ssha512 = "{SSHA512}" + b64(hashlib.sha512(b"LdapSSHA512" + salt).digest() + salt)
        sha = "{SHA}" + b64(hashlib.sha1(b"sharedpw1").digest())
        ssha64 = "{SSHA}" + b64(hashlib.sha1(b"Ssha64Pass" + salt).digest() + salt)
        ycrypt = "{SSHA}" + b64(hashlib.sha1(b"ycrypt123" + salt).digest() + salt)
        crypt = "{CRYPT}" + os.popen("printf %s LdapCryptPw | mkpasswd -s -m sha512crypt -R 1000").read().strip()
        with open("people.ldif", "w") as f:
            f.write("version: 1\n\n")
            f.write("dn: uid=ldapssha,ou=people,dc=example,dc=org\ncn: Ldap Ssha\nuserPassword: %s\n\n" % ssha)
            f.write("dn: cn=ldapssha512,ou=people,dc=example,dc=org\nuserPassword: %s\n\n" % ssha512)
            f.write("dn: uid=ldapsha,ou=people,dc=example,dc=org\nuserPassword: %s\n\n" % sha)
            f.write("dn: uid=ldapcrypt,ou=people,dc=example,dc=org\nuserPassword: %s\n\n" % crypt)
            f.write("dn: uid=ldap64,ou=people,dc=example,dc=org\nuserPassword:: %s\n\n" % b64(ssha64.encode()))
            f.write("dn: uid=ldapplain,ou=people,dc=example,dc=org\nuserPassword: LdapPlain99\n\n")
            f.write("dn: uid=<b>x,ou=people,dc=example,dc=org\nuserPassword: %s\n\n" % ssha)
            f.write("dn: uid=ycrypt,ou=people,dc=example,dc=org\nuserPassword: %s\n\n" % ycrypt)
        django = "pbkdf2_sha256$1000$djsalt$" + b64(hashlib.pbkdf2_hmac("sha256", b"DjangoPbkdf2", b"djsalt", 1000))
        wscrypt = "scrypt:1024:8:1$wsalt$" + hashlib.scrypt(b"WerkScrypt", salt=b"wsalt", n=1024, r=8, p=1, dklen=64).hex()
        wpbkdf2 = "pbkdf2:sha256:1000$wpsalt$" + hashlib.pbkdf2_hmac("sha256", b"WerkPbkdf2", b"wpsalt", 1000).hex()
        argon = os.popen("printf %s Argon2Pass | argon2 argonsalt -id -t 1 -m 8 -p 1 -e").read().strip()
        with open("hashes.phc", "w") as f:
            f.write("argonuser:%s\n%s\ndjango:%s\n%s\n" % (argon, wscrypt, django, wpbkdf2))
        EOF
        nt() { printf %s "$1" | iconv -t UTF-16LE | openssl dgst -provider legacy -provider default -md4 -r | cut -d' ' -f1; }
        {
          echo "ntempty:500:aad3b435b51404eeaad3b435b51404ee:$(nt ''):::"
          echo "ntpass:1001:e52cac67419a9a224a3b108f3fa6cb6d:$(nt password):::"
          echo "ntpass2:1002:aad3b435b51404eeaad3b435b51404ee:$(nt password):::"
        } > dump.pwdump
        printf 'sharedpw1\npassword\nPlainPass77\nycrypt123\n' > breached.txt
        "$PWGUARD" breach build --quiet -o sha1.pwgdb --list breached.txt
        "$PWGUARD" breach build --quiet --ntlm -o ntlm.pwgdb --list breached.txt
        """#
}
