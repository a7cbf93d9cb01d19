import Foundation
import XCTest
@testable import CredentialAudit

/// The store parsers: one account record per credential whatever the
/// format, malformed lines reported with their numbers, nothing skipped.
final class StoreParserTests: XCTestCase {
    private func parse(_ text: String, _ format: StoreFormat, passwd: PasswdFile? = nil) -> (accounts: [StoredAccount], errors: [StoreError]) {
        let bytes = Array(text.utf8)
        switch format {
        case .shadow: return ShadowStore.parse(bytes, path: "f", passwd: passwd)
        case .htpasswd: return HtpasswdStore.parse(bytes, path: "f")
        case .ldif: return LDIFStore.parse(bytes, path: "f")
        case .pwdump: return PwdumpStore.parse(bytes, path: "f")
        case .phc: return PHCStore.parse(bytes, path: "f")
        }
    }

    func testShadowFieldMeanings() {
        let text = """
            root:$y$j9T$abc$def:19000:0:99999:7:::
            daemon:*:19000:0:99999:7:::
            alice:!$6$salt$hash:0::::::
            bob::19500:1:90:7:30::
            nis:!!:19000::::::
            old:x:19000::::::
            lockedempty:!:19000::::::
            broken:x:1
            """
        let passwd = PasswdFile(bytes: Array("root:x:0:0:Root Admin,,,:/root:/bin/sh\n".utf8), path: "p")
        let (accounts, errors) = parse(text, .shadow, passwd: passwd)
        XCTAssertEqual(accounts.map(\.login), ["root", "daemon", "alice", "bob", "nis", "old", "lockedempty"])
        XCTAssertEqual(accounts.map(\.secret), [.hash("$y$j9T$abc$def"), .disabled, .hash("$6$salt$hash"), .empty,
                                                .disabled, .disabled, .disabled])
        XCTAssertEqual(accounts.map(\.isLocked), [false, false, true, false, true, false, true])
        XCTAssertEqual(accounts.map(\.line), [1, 2, 3, 4, 5, 6, 7])
        XCTAssertEqual(accounts[0].gecos, "Root Admin,,,")
        XCTAssertEqual(accounts[0].home, "/root")
        XCTAssertEqual(accounts[3].ageing?.maxDays, 90)
        XCTAssertEqual(accounts[3].ageing?.inactiveDays, 30)
        XCTAssertEqual(errors, [StoreError(file: "f", line: 8, message: "has 3 fields, expected 9")])
    }

    func testLargeShadowFilesParsedInPiecesGiveTheSameResult() {
        var text = ""
        for index in 0..<30_000 {
            switch index % 997 {
            case 5: text += "broken\(index):x:1\n"
            case 11: text += "\n"
            case 17: text += "user\(index - 17):$6$dup$x:19000::::::\n"   // a duplicate, sometimes in another piece
            default: text += "user\(index):$y$j9T$\(index)$abcdefghijklmnopqrstuvwxyz0123456789:19000:0:99999:7:::\n"
            }
        }
        XCTAssertGreaterThan(text.utf8.count, 1 << 20)
        let bytes = Array(text.utf8)
        let one = ShadowStore.parse(bytes, path: "f", passwd: nil, threads: 1)
        let four = ShadowStore.parse(bytes, path: "f", passwd: nil, threads: 4)
        XCTAssertEqual(one.accounts.map(\.login), four.accounts.map(\.login))
        XCTAssertEqual(one.accounts.map(\.line), four.accounts.map(\.line))
        XCTAssertEqual(one.errors, four.errors)
        XCTAssertEqual(one.errors.count, 2 * 31)
        XCTAssertEqual(one.accounts.last?.line, 30_000)
    }

    func testHtpasswdSchemesAndPlaintext() {
        let text = """
            # comment
            a:$2y$04$rZoLxirp/ak6FPE/QdNg1eAzSM9C6apTUsvvnBs9aX1z3V1/VFXLa
            b:$apr1$A5.U/Zk2$zMimQ.qraCvq/kqWgWvUl1
            c:{SHA}GpHWL3ymc5liWkNopqtdSjuqYHM=
            d:hoYfbJQRMv.56
            e:pw

            nocolon
            :nologin
            """
        let (accounts, errors) = parse(text, .htpasswd)
        XCTAssertEqual(accounts.map(\.login), ["a", "b", "c", "d", "e"])
        XCTAssertEqual(accounts[3].secret, .hash("hoYfbJQRMv.56"))
        XCTAssertEqual(accounts[4].secret, .plaintext(Array("pw".utf8)))
        XCTAssertEqual(errors.map(\.line), [8, 9])
    }

    func testLDIFBase64FoldingAndLogins() {
        let ssha = "{SSHA}" + "abcdefghijklmnopqrstuvwxyz0123456789"
        let encoded = Data(ssha.utf8).base64EncodedString()
        let text = """
            version: 1

            dn: uid=alice,ou=people,dc=example,dc=org
            cn: Alice Liddell
            homeDirectory: /home/alice
            userPassword:: \(encoded.prefix(10))
             \(encoded.dropFirst(10))

            # a comment
            dn: cn=Bob Smith,ou=people,dc=example,dc=org
            userPassword: {CRYPT}$6$salt$hash
            userPassword: plainsecret

            dn: ou=people,dc=example,dc=org
            objectClass: organizationalUnit

            dn: cn=broken,dc=example,dc=org
            userPassword:: !!!notbase64
            userPassword:< file:///etc/passwd
            """
        let (accounts, errors) = parse(text, .ldif)
        XCTAssertEqual(accounts.map(\.login), ["alice", "Bob Smith", "Bob Smith"])
        XCTAssertEqual(accounts[0].secret, .hash(ssha))
        XCTAssertEqual(accounts[0].line, 6)
        XCTAssertEqual(accounts[0].gecos, "Alice Liddell")
        XCTAssertEqual(accounts[0].home, "/home/alice")
        XCTAssertEqual(accounts[1].secret, .hash("{CRYPT}$6$salt$hash"))
        XCTAssertEqual(accounts[2].secret, .plaintext(Array("plainsecret".utf8)))
        XCTAssertEqual(errors.map(\.line), [18, 19])
    }

    func testPwdumpColumns() {
        let text = """
            Administrator:500:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::
            alice:1001:E52CAC67419A9A224A3B108F3FA6CB6D:8846F7EAEE8FB117AD06BDD830B7586C:::
            bob:1002:NO PASSWORD*********************:NO PASSWORD*********************:::
            bad:1003:zz:yy:::
            """
        let (accounts, errors) = parse(text, .pwdump)
        XCTAssertEqual(accounts.map(\.secret), [
            .ntlm(nt: "31d6cfe0d16ae931b73c59d7e0c089c0", lm: nil),
            .ntlm(nt: "8846f7eaee8fb117ad06bdd830b7586c", lm: "e52cac67419a9a224a3b108f3fa6cb6d"),
            .disabled,
        ])
        XCTAssertEqual(errors.map(\.line), [4])
    }

    func testPHCLinesWithAndWithoutLogins() {
        let text = """
            alice:$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA
            pbkdf2_sha256$600000$salt$aGFzaA==
            scrypt:32768:8:1$salt$abcdef
            bob:pbkdf2:sha256:600000$salt$abcdef
            :$argon2id$v=19$x
            """
        let (accounts, errors) = parse(text, .phc)
        XCTAssertEqual(accounts.map(\.login), ["alice", "#2", "#3", "bob"])
        XCTAssertEqual(accounts[2].secret, .hash("scrypt:32768:8:1$salt$abcdef"))
        XCTAssertEqual(accounts[3].secret, .hash("pbkdf2:sha256:600000$salt$abcdef"))
        XCTAssertEqual(errors.map(\.line), [5])
    }

    func testBadBytesAndHugeLinesAreErrorsInEveryFormat() {
        var bytes = Array("a:x\n".utf8)
        bytes += [0x62, 0x3A, 0xFF, 0xFE, 0x0A]          // invalid UTF-8
        bytes += Array("c:\u{0}x\n".utf8)                 // NUL
        bytes += Array("d:".utf8) + [UInt8](repeating: 0x61, count: 2 << 20) + [0x0A]
        bytes += Array("e:pw\n".utf8)
        let (accounts, errors) = HtpasswdStore.parse(bytes, path: "f")
        XCTAssertEqual(accounts.map(\.login), ["a", "e"])
        XCTAssertEqual(errors.map(\.line), [2, 3, 4])
        XCTAssertEqual(errors.map(\.message), ["is not valid UTF-8", "contains a NUL byte", "is longer than 65536 bytes"])
        let longShadow = "ok:x:1::::::\n" + String(repeating: "a", count: 1 << 20) + ":$6$x$y:1::::::\n"
        let shadow = ShadowStore.parse(Array(longShadow.utf8), path: "f", passwd: nil)
        XCTAssertEqual(shadow.accounts.map(\.login), ["ok"])
        XCTAssertEqual(shadow.errors.map(\.message), ["is longer than 65536 bytes"])
        for format in [StoreFormat.ldif, .pwdump, .phc] {
            let text = String(decoding: bytes, as: UTF8.self)
            _ = parse(text, format)   // must not trap
        }
    }

    func testFormatDetection() {
        XCTAssertEqual(StoreFormat.detect(Array("root:$y$j9T$a$b:19000:0:99999:7:::\n".utf8)), .shadow)
        XCTAssertEqual(StoreFormat.detect(Array("u:$apr1$A5.U/Zk2$zMimQ.qraCvq/kqWgWvUl1\n".utf8)), .htpasswd)
        XCTAssertEqual(StoreFormat.detect(Array("dn: uid=a,dc=x\nuserPassword: {SSHA}x\n".utf8)), .ldif)
        XCTAssertEqual(StoreFormat.detect(Array("a:500:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::\n".utf8)), .pwdump)
        XCTAssertEqual(StoreFormat.detect(Array("$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA\nbob:pbkdf2_sha256$1$s$h\n".utf8)), .phc)
        XCTAssertNil(StoreFormat.detect(Array("just some text\n".utf8)))
    }
}
