import Foundation
import XCTest
import TestSupport
@testable import CredentialAudit

/// The shadow writer: owner, group and mode kept, a backup, unchanged lines
/// byte-identical, malformed files refused untouched, stale locks removed,
/// live locks respected, and a file changed since it was read planned again.
final class ShadowWriterTests: XCTestCase {
    static let sample = """
        root:$6$r$h:19000:0:99999:7:::
        alice:$6$a$h:19500:0:99999:7:::
        bob:$y$j9T$b$h:19600:0:99999:7:::

        """
    static let uids: [String: UInt32] = ["root": 0]

    private func request(max: Int, users: [String]? = nil) throws -> RotationRequest {
        RotationRequest(policy: try RotationPolicy(profile: .custom, maxDays: max), users: users)
    }

    private func attributes(_ path: String) -> stat {
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        return info
    }

    func testKeepsOwnerGroupModeAndWritesBackup() throws {
        let root = try RotationTestRoot(shadow: Self.sample, uids: Self.uids)
        defer { root.remove() }
        XCTAssertEqual(chown(root.shadowPath, 0, 42), 0)
        XCTAssertEqual(chmod(root.shadowPath, 0o640), 0)
        let before = try root.shadowBytes()
        let result = try RotationRoot(root.path).apply(try request(max: 90, users: ["alice"]))
        XCTAssertTrue(result.outcome.wrote)
        XCTAssertFalse(result.outcome.changedSinceRead)
        let info = attributes(root.shadowPath)
        XCTAssertEqual(info.st_uid, 0)
        XCTAssertEqual(info.st_gid, 42)
        XCTAssertEqual(info.st_mode & 0o7777, 0o640)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: root.shadowPath + "-")), before)
        XCTAssertEqual(attributes(root.shadowPath + "-").st_mode & 0o7777, 0o640)
        XCTAssertEqual(attributes(root.shadowPath + "-").st_gid, 42)
        XCTAssertEqual(try root.shadowText(), Self.sample.replacingOccurrences(of: "alice:$6$a$h:19500:0:99999:", with: "alice:$6$a$h:19500:0:90:"))
        for leftover in ["shadow+", "shadow.lock", "shadow.\(getpid())"] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: root.etc + "/" + leftover), leftover)
        }
    }

    /// Lines in forms shadow-utils would rewrite (NIS lines, blank lines,
    /// a reserved field, numbers with leading zeros, no final newline) stay
    /// exactly as they were when the plan does not touch them.
    func testUnchangedLinesStayByteIdentical() throws {
        let odd = "root:$6$r$h:019000:0:99999:7:::\n+nisuser::::::::\n\nalice:$6$a$h:19500:0:99999:7:::\nbob:x:19600::::::reserved"
        let root = try RotationTestRoot(shadow: odd, uids: Self.uids)
        defer { root.remove() }
        _ = try RotationRoot(root.path).apply(try request(max: 30, users: ["alice"]))
        XCTAssertEqual(try root.shadowText(), odd.replacingOccurrences(of: "alice:$6$a$h:19500:0:99999:", with: "alice:$6$a$h:19500:0:30:"))
    }

    func testMalformedLinesRefuseWithFileAndLineAndChangeNothing() throws {
        var bytes = Array(Self.sample.utf8)
        bytes += Array("carol:$6$c$h:notanumber:0:99999:7:::\n".utf8)
        bytes += Array("dave:".utf8) + [0xFF, 0xFE] + Array(":19000::::::\n".utf8)
        bytes += Array("erin:x:1".utf8) + [0] + Array("::::::\n".utf8)
        let root = try RotationTestRoot(shadow: "")
        defer { root.remove() }
        try Data(bytes).write(to: URL(fileURLWithPath: root.shadowPath))
        XCTAssertThrowsError(try RotationRoot(root.path).apply(try request(max: 90))) { error in
            guard case RotationError.malformed(let lines) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(lines.map(\.line), [4, 5, 6])
            XCTAssertTrue("\(error)".contains("\(root.shadowPath):4: last change is not a number of days"), "\(error)")
            XCTAssertTrue("\(error)".contains("\(root.shadowPath):5: is not valid UTF-8"), "\(error)")
        }
        XCTAssertEqual(Array(try root.shadowBytes()), bytes)
        for leftover in ["shadow-", "shadow+", "shadow.lock"] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: root.etc + "/" + leftover), leftover)
        }
    }

    /// A link lock left by a process that no longer runs (kill -9) is stale:
    /// it is removed, with its PID file, and the write goes on.
    func testStaleLinkLockIsRemoved() throws {
        let root = try RotationTestRoot(shadow: Self.sample, uids: Self.uids)
        defer { root.remove() }
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        let pid = dead.processIdentifier
        try Data("\(pid)".utf8).write(to: URL(fileURLWithPath: root.etc + "/shadow.\(pid)"))
        XCTAssertEqual(link(root.etc + "/shadow.\(pid)", root.etc + "/shadow.lock"), 0)
        let result = try RotationRoot(root.path).apply(try request(max: 90, users: ["alice"]), lockTimeout: 1)
        XCTAssertTrue(result.outcome.wrote)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.etc + "/shadow.lock"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.etc + "/shadow.\(pid)"))
    }

    /// A link lock held by a running process is respected: after the
    /// timeout, the run fails and the file is unchanged.
    func testLiveLinkLockIsRespected() throws {
        let root = try RotationTestRoot(shadow: Self.sample, uids: Self.uids)
        defer { root.remove() }
        try Data("1".utf8).write(to: URL(fileURLWithPath: root.etc + "/shadow.lock"))
        XCTAssertThrowsError(try RotationRoot(root.path).apply(try request(max: 90, users: ["alice"]), lockTimeout: 0.1)) { error in
            XCTAssertTrue("\(error)".contains("locked by running process 1"), "\(error)")
        }
        XCTAssertEqual(try root.shadowText(), Self.sample)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.etc + "/shadow.lock"))
    }

    /// When the file changes between planning and locking, the plan is made
    /// again on the new content: the other writer's change survives.
    func testFileChangedSinceReadIsPlannedAgain() throws {
        let root = try RotationTestRoot(shadow: Self.sample, uids: Self.uids)
        defer { root.remove() }
        let files = RotationRoot(root.path)
        let rotation = try request(max: 90, users: ["alice"])
        let stale = try files.plan(rotation).snapshot
        // Another tool replaces the file (new inode), changing bob.
        let changed = Self.sample.replacingOccurrences(of: "bob:$y$j9T$b$h:19600:0:99999:", with: "bob:$y$j9T$b$h:19600:0:77:")
        try Data(changed.utf8).write(to: URL(fileURLWithPath: root.shadowPath + ".other"))
        XCTAssertEqual(rename(root.shadowPath + ".other", root.shadowPath), 0)
        let passwd = try files.passwd()
        let writer = ShadowWriter(directory: root.etc)
        let outcome = try writer.commit(readBeforeLocking: stale) { current throws(RotationError) in
            var file = ShadowFile(bytes: current.bytes, path: root.shadowPath)
            let plan = try RotationPlan(shadow: file, passwd: passwd, request: rotation)
            plan.apply(to: &file)
            return file.serialized()
        }
        XCTAssertTrue(outcome.changedSinceRead)
        XCTAssertTrue(outcome.wrote)
        XCTAssertEqual(try root.shadowText(), changed.replacingOccurrences(of: "alice:$6$a$h:19500:0:99999:", with: "alice:$6$a$h:19500:0:90:"))
    }

    func testNothingToChangeWritesNothing() throws {
        let root = try RotationTestRoot(shadow: Self.sample, uids: Self.uids)
        defer { root.remove() }
        let result = try RotationRoot(root.path).apply(try request(max: 99999))
        XCTAssertFalse(result.outcome.wrote)
        XCTAssertTrue(result.plan.isEmpty)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.shadowPath + "-"))
    }

    /// On the running system the password-database lock is glibc's
    /// lckpwdf(3): while it is held, another process cannot take the fcntl
    /// lock on /etc/.pwd.lock. (Nothing else in /etc is touched.)
    func testSystemRootTakesLckpwdf() throws {
        try Requirement.requireRoot("lckpwdf")
        let probe = ["-c", "import fcntl,sys\ntry:\n fcntl.lockf(open('/etc/.pwd.lock','a'), fcntl.LOCK_EX|fcntl.LOCK_NB)\nexcept OSError:\n sys.exit(3)"]
        let lock = try PasswordDatabaseLock(etcDirectory: "/etc", timeout: 5)
        XCTAssertEqual(try runTool("/usr/bin/python3", probe).status, 3, "lock not held")
        lock.release()
        XCTAssertEqual(try runTool("/usr/bin/python3", probe).status, 0, "lock not released")
    }
}
