import COpenSSL
import XCTest
@testable import PasswordPolicy

/// The library's own SHA-1 and MD4 (no libcrypto in the PAM module) give
/// libcrypto's answers.
final class DigestTests: XCTestCase {
    func testKnownVectors() {
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String($0, radix: 16).leftPadded(2) }.joined() }
        XCTAssertEqual(hex(Array("abc".utf8).withUnsafeBytes { Digest.sha1($0) }), "a9993e364706816aba3e25717850c26c9cd0d89d")
        XCTAssertEqual(hex([UInt8]().withUnsafeBytes { Digest.sha1($0) }), "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        XCTAssertEqual(hex(Array("abc".utf8).withUnsafeBytes { Digest.md4($0) }), "a448017aaf21d8525fc10ae87aa6729d")
        XCTAssertEqual(hex([UInt8]().withUnsafeBytes { Digest.md4($0) }), "31d6cfe0d16ae931b73c59d7e0c089c0")
        // NTLM of "password", as in every NT-hash dump.
        XCTAssertEqual(hex(BreachHash.digest(of: Array("password".utf8), kind: .ntlm)), "8846f7eaee8fb117ad06bdd830b7586c")
    }

    func testMatchLibcryptoOnRandomInputsOfEveryLengthAroundTheBlockSize() {
        var random = TestRandom(seed: 42)
        for length in Array(0...200) + [447, 448, 511, 512, 1000, 4096] {
            for _ in 0..<3 {
                let input = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
                var expectedSHA1 = [UInt8](repeating: 0, count: 20)
                var expectedMD4 = [UInt8](repeating: 0, count: 16)
                input.withUnsafeBytes { bytes in
                    _ = expectedSHA1.withUnsafeMutableBufferPointer { pwguard_sha1(bytes.baseAddress, bytes.count, $0.baseAddress) }
                    _ = expectedMD4.withUnsafeMutableBufferPointer { pwguard_md4(bytes.baseAddress, bytes.count, $0.baseAddress) }
                }
                XCTAssertEqual(input.withUnsafeBytes { Digest.sha1($0) }, expectedSHA1, "SHA-1, length \(length)")
                XCTAssertEqual(input.withUnsafeBytes { Digest.md4($0) }, expectedMD4, "MD4, length \(length)")
            }
        }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
