import XCTest
@testable import CredentialAudit

final class ShadowFileTests: XCTestCase {
    let sample = """
    root:$y$j9T$abc$def:19000:0:99999:7:::
    daemon:*:19000:0:99999:7:::
    alice:!$6$salt$hash:0::::::

    bob::19500:1:90:7:30:20000:
    broken:x:notanumber::::::
    short:x:1
    alice:dup:1:::::: 
    """

    func testParsesEveryFieldAndReportsBadLinesWithTheirNumbers() {
        let file = ShadowFile(bytes: Array((sample + "\n").utf8), path: "shadow")
        XCTAssertEqual(file.entries.map(\.login), ["root", "daemon", "alice", "bob"])
        let bob = file.entries[3]
        XCTAssertEqual(bob, ShadowEntry(login: "bob", password: "", lastChange: 19500, minDays: 1, maxDays: 90,
                                        warnDays: 7, inactiveDays: 30, expireDate: 20000))
        XCTAssertTrue(file.entries[2].isLocked)
        XCTAssertEqual(file.entries[2].lastChange, 0)
        XCTAssertEqual(file.malformed.map(\.line), [6, 7, 8])
        XCTAssertEqual(file.malformed[0].description, "shadow:6: last change is not a number of days")
    }

    func testUnchangedFileIsByteIdenticalAndChangesTouchOneLine() {
        for text in [sample + "\n", sample] {
            var file = ShadowFile(bytes: Array(text.utf8), path: "shadow")
            XCTAssertEqual(file.serialized(), Array(text.utf8))
            XCTAssertTrue(file.update("bob") { $0.lastChange = 0 })
            XCTAssertFalse(file.update("nobody") { $0.lastChange = 0 })
            let expected = text.replacingOccurrences(of: "bob::19500:", with: "bob::0:")
            XCTAssertEqual(String(decoding: file.serialized(), as: UTF8.self), expected)
        }
    }

    func testInvalidUTF8AndNULAreMalformedNotFatal() {
        var bytes = Array("ok:x:1::::::\n".utf8)
        bytes += [0x62, 0xFF, 0x3A] + Array("x:1::::::\n".utf8)
        bytes += [0x63, 0x00] + Array(":x:1::::::\n".utf8)
        let file = ShadowFile(bytes: bytes, path: "s")
        XCTAssertEqual(file.entries.map(\.login), ["ok"])
        XCTAssertEqual(file.malformed.map(\.line), [2, 3])
        XCTAssertEqual(file.serialized(), bytes)
    }

    func testPasswdFile() {
        let passwd = PasswdFile(bytes: Array("alice:x:1000:1000:Alice Smith,,,:/home/alice:/bin/bash\nbad:x:y:1::/:\n".utf8), path: "passwd")
        XCTAssertEqual(passwd.entry(for: "alice")?.gecos, "Alice Smith,,,")
        XCTAssertEqual(passwd.entry(for: "alice")?.uid, 1000)
        XCTAssertEqual(passwd.malformed.map(\.line), [2])
    }
}
