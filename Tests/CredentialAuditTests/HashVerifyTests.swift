import CredentialAudit
import XCTest

/// Every scheme `PasswordHash` knows, on hashes made by the real tools:
/// parsed to the right scheme, the right password verifies, wrong ones do not.
final class HashVerifyTests: XCTestCase {
    let password = "Tr0ub4dor&3"
    let scratch = HashScratch()

    /// Checks scheme, verifiability and right/wrong candidates of one stored hash.
    private func assertVerifies(_ stored: String, _ scheme: PasswordHash.Scheme, password: String? = nil,
                                file: StaticString = #filePath, line: UInt = #line) {
        let right = password ?? self.password
        let hash = PasswordHash(stored)
        XCTAssertEqual(hash.scheme, scheme, "scheme of \(stored)", file: file, line: line)
        XCTAssertTrue(hash.canVerify, "canVerify \(stored)", file: file, line: line)
        XCTAssertTrue(hash.verify(Array(right.utf8), scratch: scratch), "right password for \(stored)",
                      file: file, line: line)
        // DES crypt reads 8 characters: a suffix after them changes nothing.
        let longer = scheme == .descrypt ? [] : [right + "x"]
        for wrong in ["", "tr0ub4dor&3", String(right.dropLast()), "password"] + longer {
            XCTAssertFalse(hash.verify(Array(wrong.utf8), scratch: scratch), "wrong password for \(stored)",
                           file: file, line: line)
        }
    }

    func testCryptSchemesFromMkpasswd() throws {
        let cases: [(String, Int?, PasswordHash.Scheme)] = [
            ("yescrypt", 1, .yescrypt), ("gost-yescrypt", 1, .gostYescrypt), ("scrypt", 6, .scrypt),
            ("bcrypt", 4, .bcrypt), ("bcrypt-a", 4, .bcrypt), ("sha512crypt", 1000, .sha512crypt),
            ("sha256crypt", 1000, .sha256crypt), ("sunmd5", 100, .sunMD5), ("md5crypt", nil, .md5crypt),
            ("bsdicrypt", nil, .bsdicrypt), ("descrypt", nil, .descrypt), ("nt", nil, .ntHash),
        ]
        for (method, cost, scheme) in cases {
            // DES reads 8 characters: give it exactly 8.
            let chosen = scheme == .descrypt ? "Tr0b4d&3" : password
            let stored = try HashTool.mkpasswd(method, chosen, cost: cost)
            assertVerifies(stored, scheme, password: chosen)
            assertVerifies("{CRYPT}" + stored, scheme, password: chosen)
        }
    }

    func testCryptSchemesFromPythonCrypt() throws {
        // python3's crypt module calls the system libxcrypt: sha1crypt and
        // bigcrypt have no mkpasswd method.
        let sha1crypt = try HashTool.python("import crypt; print(crypt.crypt(pw.decode(), '$sha1$480$abcdefgh$'))",
                                            password)
        assertVerifies(sha1crypt, .sha1crypt)
        let longer = "correcthorse9"
        let bigcrypt = try HashTool.python("import crypt; print(crypt.crypt(pw.decode(), 'ab' + '.' * 22))", longer)
        XCTAssertEqual(bigcrypt.utf8.count, 24)
        assertVerifies(bigcrypt, .bigcrypt, password: longer)
    }

    func testOpenSSLPasswd() throws {
        let cases: [(String, PasswordHash.Scheme)] = [("-6", .sha512crypt), ("-5", .sha256crypt), ("-1", .md5crypt),
                                                      ("-apr1", .apr1)]
        for (flag, scheme) in cases {
            assertVerifies(try HashTool.run(["openssl", "passwd", flag, "-stdin"], input: password), scheme)
        }
    }

    func testHtpasswdFormats() throws {
        assertVerifies(try HashTool.htpasswd(["-B", "-C", "4"], password), .bcrypt)
        assertVerifies(try HashTool.htpasswd(["-m"], password), .apr1)
        assertVerifies(try HashTool.htpasswd(["-s"], password), .ldapSHA)
        // DES crypt keeps 8 characters: "Tr0ub4do" is the password it sees.
        let des = PasswordHash(try HashTool.htpasswd(["-d"], password))
        XCTAssertEqual(des.scheme, .descrypt)
        XCTAssertTrue(des.verify(Array("Tr0ub4do".utf8), scratch: scratch))
        XCTAssertFalse(des.verify(Array("tr0ub4do".utf8), scratch: scratch))
        // Plaintext entries come through `PasswordHash.plaintext`.
        let plain = PasswordHash.plaintext(try HashTool.htpasswd(["-p"], password))
        XCTAssertEqual(plain.scheme, .plaintext)
        XCTAssertTrue(plain.verify(Array(password.utf8), scratch: scratch))
        XCTAssertFalse(plain.verify(Array("tr0ub4dor&3".utf8), scratch: scratch))
    }

    func testLDAPDigests() throws {
        let ssha = try HashTool.python("""
            import hashlib, base64, os; salt = os.urandom(8)
            print('{SSHA}' + base64.b64encode(hashlib.sha1(pw + salt).digest() + salt).decode())
            """, password)
        assertVerifies(ssha, .ldapSSHA)
        assertVerifies(ssha.replacingOccurrences(of: "{SSHA}", with: "{ssha}"), .ldapSSHA)
        let ssha512 = try HashTool.python("""
            import hashlib, base64, os; salt = os.urandom(16)
            print('{SSHA512}' + base64.b64encode(hashlib.sha512(pw + salt).digest() + salt).decode())
            """, password)
        assertVerifies(ssha512, .ldapSSHA512)
        let sha = try HashTool.python("import hashlib, base64; print('{SHA}' + base64.b64encode(hashlib.sha1(pw).digest()).decode())",
                                      password)
        assertVerifies(sha, .ldapSHA)
    }

    func testPBKDF2Formats() throws {
        let django = try HashTool.python("""
            import hashlib, base64
            print('pbkdf2_sha256$1000$NaCl4salt$' + base64.b64encode(hashlib.pbkdf2_hmac('sha256', pw, b'NaCl4salt', 1000)).decode())
            """, password)
        assertVerifies(django, .pbkdf2SHA256)
        let werkzeug = try HashTool.python("""
            import hashlib
            print('pbkdf2:sha512:1000$s4ltText$' + hashlib.pbkdf2_hmac('sha512', pw, b's4ltText', 1000).hex())
            """, password)
        assertVerifies(werkzeug, .pbkdf2SHA512)
        // passlib / OpenLDAP "adapted base64": '.' for '+', no padding.
        let ab64 = "import hashlib, base64, os\nab = lambda b: base64.b64encode(b).decode().replace('+', '.').rstrip('=')\nsalt = os.urandom(16)\n"
        let ldap = try HashTool.python(ab64 + "print('{PBKDF2-SHA512}1000$' + ab(salt) + '$' + ab(hashlib.pbkdf2_hmac('sha512', pw, salt, 1000)))",
                                       password)
        assertVerifies(ldap, .pbkdf2SHA512)
        let passlib = try HashTool.python(ab64 + "print('$pbkdf2$1000$' + ab(salt) + '$' + ab(hashlib.pbkdf2_hmac('sha1', pw, salt, 1000)))",
                                          password)
        assertVerifies(passlib, .pbkdf2SHA1)
    }

    func testScryptFormats() throws {
        let werkzeug = try HashTool.python("""
            import hashlib
            print('scrypt:1024:8:1$saltText$' + hashlib.scrypt(pw, salt=b'saltText', n=1024, r=8, p=1, dklen=64).hex())
            """, password)
        assertVerifies(werkzeug, .werkzeugScrypt)
        let django = try HashTool.python("""
            import hashlib, base64
            print('scrypt$1024$saltText$8$1$' + base64.b64encode(hashlib.scrypt(pw, salt=b'saltText', n=1024, r=8, p=1, dklen=64)).decode())
            """, password)
        assertVerifies(django, .scrypt)
        let passlib = try HashTool.python("""
            import hashlib, base64, os
            ab = lambda b: base64.b64encode(b).decode().replace('+', '.').rstrip('=')
            salt = os.urandom(16)
            print('$scrypt$ln=10,r=8,p=1$' + ab(salt) + '$' + ab(hashlib.scrypt(pw, salt=salt, n=1024, r=8, p=1, dklen=32)))
            """, password)
        assertVerifies(passlib, .scrypt)
    }

    func testArgon2() throws {
        let cases: [(String, PasswordHash.Scheme)] = [("-i", .argon2i), ("-d", .argon2d), ("-id", .argon2id)]
        for (flag, scheme) in cases {
            let stored = try HashTool.run(["argon2", "s0mesaltvalue", flag, "-t", "1", "-m", "8", "-p", "1", "-e"],
                                          input: password)
            assertVerifies(stored, scheme)
            assertVerifies("{ARGON2}" + stored, scheme)
            assertVerifies("argon2" + stored, scheme)   // Django
        }
    }

    func testWindowsHashes() throws {
        // mkpasswd's NT method prints "$3$$<hex>": for ASCII the digest a pwdump's NT column holds.
        let crypt = try HashTool.mkpasswd("nt", password)
        XCTAssertEqual(PasswordHash(ntHex: String(crypt.dropFirst(4))).unsaltedDigest, PasswordHash(crypt).unsaltedDigest)
        // Windows hashes UTF-16LE (libxcrypt's "$3$" widens bytes instead): openssl's MD4 over iconv's output.
        for candidate in [password, "pässwörd€😀"] {
            let line = try HashTool.run(["sh", "-c", "iconv -f UTF-8 -t UTF-16LE | openssl dgst -md4 -r -provider legacy -provider default"],
                                        input: candidate)
            let nt = PasswordHash(ntHex: String(line.prefix(32)))
            XCTAssertEqual(nt.scheme, .ntHash)
            XCTAssertTrue(nt.verify(Array(candidate.utf8), scratch: scratch))
            XCTAssertFalse(nt.verify(Array(candidate.uppercased().utf8), scratch: scratch))
        }
        // Published LM vectors (no tool here writes LM hashes): "password" and the empty password.
        let lm = PasswordHash(lmHex: "E52CAC67419A9A224A3B108F3FA6CB6D")
        XCTAssertEqual(lm.scheme, .lmHash)
        XCTAssertTrue(lm.verify(Array("password".utf8), scratch: scratch))
        XCTAssertTrue(lm.verify(Array("PassWord".utf8), scratch: scratch), "LM ignores case")
        XCTAssertFalse(lm.verify(Array("password1".utf8), scratch: scratch))
        XCTAssertTrue(PasswordHash(lmHex: "aad3b435b51404eeaad3b435b51404ee").verify([], scratch: scratch))
        XCTAssertTrue(PasswordHash(ntHex: "31d6cfe0d16ae931b73c59d7e0c089c0").verify([], scratch: scratch))
    }

    func testCandidatesNoLibraryAccepts() throws {
        let stored = try HashTool.mkpasswd("sha512crypt", password, cost: 1000)
        let hash = PasswordHash(stored)
        // NUL bytes, invalid UTF-8 and over-long candidates are simply wrong, never a crash.
        XCTAssertFalse(hash.verify(Array(password.utf8) + [0], scratch: scratch))
        XCTAssertFalse(hash.verify([0xFF, 0xFE, 0x41], scratch: scratch))
        XCTAssertFalse(hash.verify([UInt8](repeating: 0x41, count: 100_000), scratch: scratch))
        let nt = PasswordHash(ntHex: "31d6cfe0d16ae931b73c59d7e0c089c0")
        XCTAssertFalse(nt.verify([0xC3, 0x28], scratch: scratch))
        XCTAssertFalse(nt.verify([UInt8](repeating: 0x41, count: 5000), scratch: scratch))
    }

    func testUnrecognisedText() {
        for text in ["", "*", "!", "!!", "x", "$6$", "$6$salt", "{SSHA}", "{SSHA}!!!", "{FOO}abc", "$argon2id$v=19$m=x",
                     "pbkdf2_sha256$x$y$z", "scrypt:0:8:1$a$00", "$2b$", "$y$", "_abc", "abc:def", "\u{0}",
                     String(repeating: "$", count: 5000), "$argon2id$v=19$m=99999999999,t=1,p=1$c2FsdA$aGFzaA"] {
            let hash = PasswordHash(text)
            XCTAssertFalse(hash.canVerify, "\(text.prefix(40)) should not verify")
            XCTAssertFalse(hash.verify(Array("x".utf8), scratch: scratch))
        }
        XCTAssertEqual(PasswordHash("not a hash").scheme, .unknown)
        XCTAssertEqual(PasswordHash(ntHex: "xyz").scheme, .unknown)
        XCTAssertEqual(PasswordHash(lmHex: "00").scheme, .unknown)
    }

    func testSchemeNamesForReports() {
        XCTAssertEqual(PasswordHash.Scheme.ntHash.rawValue, "nt")
        XCTAssertEqual(PasswordHash.Scheme.ldapSSHA.rawValue, "ssha")
        XCTAssertEqual(PasswordHash.Scheme.werkzeugScrypt.rawValue, "scrypt-werkzeug")
    }
}
