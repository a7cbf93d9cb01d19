import Foundation
import XCTest
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `pwguard rotate --apply` never corrupts or loses a shadow update:
/// - killed with SIGKILL anywhere (105 runs: at each writer step through
///   PWGUARD_TEST_CRASH_AT, at random times in a write slowed by
///   PWGUARD_TEST_STEP_DELAY_MS, and at random times with no hook), the
///   file is byte for byte the old version or the new one, and the next run
///   is not blocked by a stale lock;
/// - concurrent pwguard and chage runs on different users all land.
final class RotateWriteSafetyTests: XCTestCase {
    /// A root with `count` human accounts (user00000...) plus root.
    private func makeRoot(accounts count: Int) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pwguard-rotate-safety-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: url.path + "/etc", withIntermediateDirectories: true)
        var passwd = "root:x:0:0::/root:/bin/sh\n"
        var shadow = "root:$6$r$h:19000:0:99999:7:::\n"
        for index in 0..<count {
            let login = "user" + String(100_000 + index).dropFirst()
            passwd += "\(login):x:\(1000 + index):\(1000 + index)::/home/\(login):/bin/sh\n"
            shadow += "\(login):$6$saltsalt$\(String(repeating: "h", count: 86)):\(19_000 + index):0:99999:7:::\n"
        }
        try Data(passwd.utf8).write(to: url.appendingPathComponent("etc/passwd"))
        try Data(shadow.utf8).write(to: url.appendingPathComponent("etc/shadow"))
        chmod(url.path + "/etc/shadow", 0o640)
        return url
    }

    /// Puts `bytes` in place atomically, leaving lock files as they are.
    private func restore(_ bytes: Data, in root: URL) throws {
        let temporary = root.path + "/etc/restore.tmp"
        try bytes.write(to: URL(fileURLWithPath: temporary))
        XCTAssertEqual(rename(temporary, root.path + "/etc/shadow"), 0)
    }

    private func shadow(_ root: URL) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: root.path + "/etc/shadow")) }

    /// Starts pwguard with posix_spawn (not Process, which reaps the child
    /// on its own thread: a kill after that could hit a reused PID).
    private func spawn(_ arguments: [String], environment extra: [String: String] = [:]) throws -> pid_t {
        guard let binary = PwguardBinary.url?.path else {
            XCTFail("pwguard binary not found next to the tests; run `swift build` first")
            throw XCTSkip("no binary")
        }
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in extra { environment[key] = value }
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let result = posix_spawn(&pid, binary, &actions, nil, argv, envp)
        guard result == 0 else { throw NSError(domain: "posix_spawn", code: Int(result)) }
        return pid
    }

    /// Waits for `pid`; returns (exit status, terminating signal).
    private func wait(_ pid: pid_t) -> (status: Int32?, signal: Int32?) {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? ((status >> 8) & 0xff, nil) : (nil, signal)
    }

    private func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = Date()
        try body()
        return Date().timeIntervalSince(start)
    }

    func testKilledAnywhereLeavesOldOrNewAndNoStaleLock() throws {
        try Requirement.requireRoot("writing files owned by root")
        let root = try makeRoot(accounts: 200)
        defer { try? FileManager.default.removeItem(at: root) }
        let arguments = ["rotate", "--root", root.path, "--profile", "cis", "--apply"]
        let old = try shadow(root)
        // The new version, from one run that is not interrupted.
        var plainRun = 0.0
        plainRun = try seconds { XCTAssertEqual(wait(try spawn(arguments)).status, 0) }
        let new = try shadow(root)
        XCTAssertNotEqual(old, new)
        var slowRun = 0.0
        try restore(old, in: root)
        slowRun = try seconds { XCTAssertEqual(wait(try spawn(arguments, environment: ["PWGUARD_TEST_STEP_DELAY_MS": "3"])).status, 0) }
        XCTAssertEqual(try shadow(root), new)
        try restore(old, in: root)

        var generator = SystemRandomNumberGenerator()
        var kills = 0
        var outcomes = (old: 0, new: 0)
        func check(_ label: String) throws {
            let now = try shadow(root)
            XCTAssertTrue(now == old || now == new, "\(label): shadow is neither the old nor the new version")
            if now == old { outcomes.old += 1 } else if now == new { outcomes.new += 1 }
            // The next run goes through: no stale lock blocks it.
            try restore(old, in: root)
            XCTAssertEqual(wait(try spawn(arguments)).status, 0, "\(label): the run after the kill failed")
            XCTAssertEqual(try shadow(root), new, "\(label): the run after the kill did not write")
            XCTAssertFalse(FileManager.default.fileExists(atPath: root.path + "/etc/shadow.lock"), label)
            try restore(old, in: root)
        }

        // At every step of the writer.
        let steps = ["locked", "backup-partial", "backup-written", "temp-partial", "temp-written", "renamed", "synced"]
        for round in 0..<5 {
            for step in steps {
                let result = wait(try spawn(arguments, environment: ["PWGUARD_TEST_CRASH_AT": step]))
                XCTAssertEqual(result.signal, SIGKILL, "step \(step) was not reached")
                kills += 1
                // Until the rename the file is the old one; from then on, the new one.
                let renamed = ["renamed", "synced"].contains(step)
                XCTAssertEqual(try shadow(root), renamed ? new : old, "\(step), round \(round)")
                try check("crash at \(step)")
            }
        }
        // At random times in a write slowed at each step, and in a plain one.
        for (count, runTime, environment) in [(40, slowRun, ["PWGUARD_TEST_STEP_DELAY_MS": "3"]), (30, plainRun, [:])] {
            for _ in 0..<count {
                let pid = try spawn(arguments, environment: environment)
                usleep(UInt32.random(in: 0...UInt32(max(1_000, runTime * 1.1e6)), using: &generator))
                kill(pid, SIGKILL)
                _ = wait(pid)
                kills += 1
                try check("random kill")
            }
        }
        print("RotateWriteSafetyTests: \(kills) kills, shadow left old \(outcomes.old) times, new \(outcomes.new) times")
        XCTAssertGreaterThanOrEqual(kills, 100)
        XCTAssertGreaterThan(outcomes.old, 0)
        XCTAssertGreaterThan(outcomes.new, 0)
    }

    /// Two pwguard runs on different users and chage runs on others, all at
    /// once, repeatedly: every change is in the final file.
    func testConcurrentPwguardAndChageLoseNoUpdate() throws {
        try Requirement.requireRoot("chage --root (it chroots)")
        try Requirement.requireExecutable("/usr/bin/chage", package: "passwd")
        let root = try makeRoot(accounts: 200)
        defer { try? FileManager.default.removeItem(at: root) }
        for round in 1...8 {
            let days = 10 * round
            var pids: [pid_t] = []
            for (offset, user) in ["user00001", "user00002"].enumerated() {
                pids.append(try spawn(["rotate", "--root", root.path, "--profile", "custom", "--users", user,
                                       "--max-days", "\(days + offset)", "--apply"]))
            }
            var chages: [Process] = []
            for (offset, user) in ["user00003", "user00004", "user00005"].enumerated() {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/chage")
                process.arguments = ["--root", root.path, "-M", "\(days + 2 + offset)", user]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                chages.append(process)
            }
            for pid in pids { XCTAssertEqual(wait(pid).status, 0, "pwguard, round \(round)") }
            for process in chages {
                process.waitUntilExit()
                XCTAssertEqual(process.terminationStatus, 0, "chage, round \(round)")
            }
            let text = String(decoding: try shadow(root), as: UTF8.self)
            for (offset, user) in ["user00001", "user00002", "user00003", "user00004", "user00005"].enumerated() {
                let line = text.split(separator: "\n").first { $0.hasPrefix(user + ":") } ?? ""
                let fields = line.split(separator: ":", omittingEmptySubsequences: false)
                XCTAssertEqual(fields.count, 9, "\(user), round \(round)")
                XCTAssertEqual(fields.count == 9 ? String(fields[4]) : "", "\(days + offset)", "\(user) lost its update in round \(round)")
            }
            XCTAssertEqual(text.split(separator: "\n").count, 201)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.path + "/etc/shadow.lock"))
    }
}
