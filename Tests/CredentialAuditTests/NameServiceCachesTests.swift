import Foundation
import XCTest
@testable import CredentialAudit

/// The cache-invalidation commands run as Foundation's `Process` ran them:
/// exit status or signal number back, standard streams on /dev/null, no
/// other descriptor inherited, the environment passed on, a process group
/// of their own.
final class NameServiceCachesTests: XCTestCase {
    /// The status of `/bin/sh -c script`.
    private func status(ofShell script: String) -> Int32? {
        guard case .success(let status) = NameServiceCaches.run(["/bin/sh", "-c", script]) else { return nil }
        return status
    }

    func testExitStatusAndSignalNumber() {
        XCTAssertEqual(status(ofShell: "exit 0"), 0)
        XCTAssertEqual(status(ofShell: "exit 3"), 3)
        XCTAssertEqual(status(ofShell: "kill -TERM $$"), SIGTERM)
    }

    func testStandardStreamsOnDevNullAndNoOtherDescriptor() throws {
        let fd = open("/dev/null", O_RDONLY)   // no O_CLOEXEC: the child must still not get it
        XCTAssertGreaterThanOrEqual(fd, 3)
        defer { close(fd) }
        XCTAssertEqual(status(ofShell: """
            for n in 0 1 2; do [ "$(readlink /proc/$$/fd/$n)" = /dev/null ] || exit 1; done
            [ ! -e /proc/$$/fd/\(fd) ] || exit 2
            """), 0)
    }

    func testEnvironmentAndProcessGroup() {
        setenv("PWGUARD_CACHE_TEST", "passed on", 1)
        defer { unsetenv("PWGUARD_CACHE_TEST") }
        XCTAssertEqual(status(ofShell: "[ \"$PWGUARD_CACHE_TEST\" = 'passed on' ]"), 0)
        // Field 5 of /proc/PID/stat is the process group.
        XCTAssertEqual(status(ofShell: "set -- $(cat /proc/$$/stat); [ \"$5\" = $$ ]"), 0)
    }

    func testMissingCommandIsAnError() {
        guard case .failure(let error) = NameServiceCaches.run(["/nonexistent/pwguard-test"]) else {
            return XCTFail("a missing command ran")
        }
        XCTAssertEqual(error.errorNumber, ENOENT)
    }
}
