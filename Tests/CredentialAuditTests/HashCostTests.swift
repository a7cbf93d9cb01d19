import CredentialAudit
import XCTest

/// Legacy status (libxcrypt's crypt_checksalt plus the non-crypt schemes) and
/// pwguard's own cost floor, on hashes made by the real tools. The floor
/// (documented in Sources/CredentialAudit/Hashes/CostFloor.swift):
/// sha256/512crypt < 5000 rounds, bcrypt < 10, yescrypt below the
/// distribution default j9T, scrypt N < 2^15, PBKDF2 below OWASP's
/// 600,000 (SHA-256) / 210,000 (SHA-512) / 1,300,000 (SHA-1) iterations,
/// argon2 below 7 MiB × 5 passes; md5crypt, DES and the other legacy schemes
/// are legacy (not "low cost").
final class HashCostTests: XCTestCase {
    private func hash(_ method: String, cost: Int? = nil) throws -> PasswordHash {
        PasswordHash(try HashTool.mkpasswd(method, "Xx-cost-test-9", cost: cost))
    }

    func testShaCryptRoundsFloor() throws {
        let low = try hash("sha512crypt", cost: 4999)
        XCTAssertEqual(low.cost, "rounds=4999")
        XCTAssertTrue(low.isLowCost)
        XCTAssertFalse(low.isLegacy)
        let standard = try hash("sha512crypt")
        XCTAssertEqual(standard.cost, "rounds=5000")
        XCTAssertFalse(standard.isLowCost)
        let sha256 = try hash("sha256crypt", cost: 1000)
        XCTAssertTrue(sha256.isLowCost)
        XCTAssertTrue(sha256.isLegacy, "crypt_checksalt calls $5$ legacy")
    }

    func testBcryptFloor() throws {
        let low = try hash("bcrypt", cost: 9)
        XCTAssertEqual(low.cost, "cost=9")
        XCTAssertTrue(low.isLowCost)
        let fine = PasswordHash(try HashTool.htpasswd(["-B", "-C", "10"], "Xx-cost-test-9"))
        XCTAssertEqual(fine.cost, "cost=10")
        XCTAssertFalse(fine.isLowCost)
        XCTAssertFalse(fine.isLegacy)
    }

    func testYescryptFloorIsTheDistributionDefault() throws {
        let standard = try hash("yescrypt")
        XCTAssertEqual(standard.cost, "j9T")
        XCTAssertFalse(standard.isLowCost)
        XCTAssertFalse(standard.isLegacy)
        XCTAssertTrue(try hash("yescrypt", cost: 4).isLowCost)
        XCTAssertTrue(try hash("yescrypt", cost: 1).isLowCost)
        XCTAssertFalse(try hash("yescrypt", cost: 6).isLowCost)
        XCTAssertTrue(try hash("gost-yescrypt", cost: 1).isLowCost)
    }

    func testScryptFloor() throws {
        let low = try hash("scrypt", cost: 6)
        XCTAssertEqual(low.cost, "N=2^13,r=32,p=1")
        XCTAssertTrue(low.isLowCost)
        XCTAssertFalse(PasswordHash("scrypt:32768:8:1$salt$" + String(repeating: "ab", count: 64)).isLowCost)
        XCTAssertTrue(PasswordHash("scrypt:16384:8:1$salt$" + String(repeating: "ab", count: 64)).isLowCost)
    }

    func testPBKDF2FloorsAreOWASPs() {
        let key = String(repeating: "ab", count: 32)
        XCTAssertTrue(PasswordHash("pbkdf2:sha256:599999$salt$" + key).isLowCost)
        XCTAssertFalse(PasswordHash("pbkdf2:sha256:600000$salt$" + key).isLowCost)
        XCTAssertTrue(PasswordHash("pbkdf2:sha512:209999$salt$" + key).isLowCost)
        XCTAssertFalse(PasswordHash("pbkdf2:sha512:210000$salt$" + key).isLowCost)
        XCTAssertTrue(PasswordHash("pbkdf2:sha1:1299999$salt$" + key).isLowCost)
        let fine = PasswordHash("pbkdf2:sha1:1300000$salt$" + key)
        XCTAssertFalse(fine.isLowCost)
        XCTAssertEqual(fine.cost, "iterations=1300000")
    }

    func testArgon2Floor() throws {
        let low = PasswordHash(try HashTool.run(["argon2", "s0mesaltvalue", "-id", "-t", "1", "-m", "8", "-p", "1", "-e"],
                                                input: "x"))
        XCTAssertEqual(low.cost, "m=256,t=1,p=1")
        XCTAssertTrue(low.isLowCost)
        let fine = PasswordHash("$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$" + String(repeating: "A", count: 43))
        XCTAssertEqual(fine.scheme, .argon2id)
        XCTAssertEqual(fine.cost, "m=65536,t=3,p=4")
        XCTAssertFalse(fine.isLowCost)
    }

    func testLegacySchemes() throws {
        for method in ["md5crypt", "descrypt", "bsdicrypt", "sunmd5", "nt"] {
            let legacy = try hash(method)
            XCTAssertTrue(legacy.isLegacy, method)
            XCTAssertFalse(legacy.isLowCost, "\(method): weak_scheme covers it")
        }
        XCTAssertTrue(PasswordHash(try HashTool.htpasswd(["-m"], "x")).isLegacy)
        XCTAssertTrue(PasswordHash(try HashTool.htpasswd(["-s"], "x")).isLegacy)
        XCTAssertTrue(PasswordHash.plaintext("x").isLegacy)
        XCTAssertTrue(PasswordHash(ntHex: "31d6cfe0d16ae931b73c59d7e0c089c0").isLegacy)
        XCTAssertTrue(PasswordHash(lmHex: "aad3b435b51404eeaad3b435b51404ee").isLegacy)
        let ssha = PasswordHash("{SSHA}" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY")
        XCTAssertEqual(ssha.scheme, .ldapSSHA)
        XCTAssertFalse(ssha.isLegacy)
        XCTAssertTrue(ssha.isLowCost, "one salted SHA-1 has no cost")
    }

    func testUnsaltedDigestsForBreachChecks() throws {
        let sha = PasswordHash(try HashTool.htpasswd(["-s"], "password"))
        // SHA-1("password") = 5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8
        XCTAssertEqual(sha.unsaltedDigest, .sha1(HashCostTests.bytes("5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8")))
        XCTAssertEqual(PasswordHash.plaintext("password").unsaltedDigest, sha.unsaltedDigest)
        let nt = PasswordHash(ntHex: "8846F7EAEE8FB117AD06BDD830B7586C")
        XCTAssertEqual(nt.unsaltedDigest, .ntlm(HashCostTests.bytes("8846f7eaee8fb117ad06bdd830b7586c")))
        XCTAssertNil(try hash("sha512crypt", cost: 1000).unsaltedDigest)
    }

    private static func bytes(_ hex: String) -> [UInt8] {
        var out = [UInt8]()
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            out.append(UInt8(hex[i..<j], radix: 16) ?? 0)
            i = j
        }
        return out
    }
}
