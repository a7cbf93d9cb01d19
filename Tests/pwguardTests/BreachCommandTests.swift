import Foundation
import XCTest

/// Runs `pwguard breach build|query|info`, and `check` with `breach_db`, as
/// a user would: output, exit status, diagnostics.
final class BreachCommandTests: XCTestCase {

    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pwguard-breach-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    @discardableResult
    private func writeFile(_ name: String, _ contents: String) throws -> String {
        try Data(contents.utf8).write(to: directory.appendingPathComponent(name))
        return path(name)
    }

    private typealias Run = PwguardRun

    /// Runs pwguard with files for its standard streams.
    private func run(_ arguments: [String], _ input: String = "") throws -> Run {
        try PwguardBinary.run(arguments, input: Data(input.utf8), in: directory)
    }

    /// SHA-1 "password" seen 3 times, "letmein123" 40 times, plus 500 other
    /// random-looking hashes: a sorted HIBP-style file.
    private func hibpFile() throws -> String {
        var lines = [
            "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:3",
            "B5D0E4E0C0C5D1E9A8D3F2B1C0A9E8D7C6B5A4F3:1",
        ]
        var state: UInt64 = 42
        for _ in 0..<500 {
            var hex = ""
            for _ in 0..<5 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                hex += String(format: "%08X", UInt32(truncatingIfNeeded: state >> 32))
            }
            lines.append("\(hex):\(state % 50 + 1)")
        }
        let letmein = "D7B9F8FEEAD3F6E7D8EE5A00D4A8A7B6D0B5A0B9"  // not a real hash: a plain entry
        lines.append("\(letmein):40")
        return try writeFile("pwned.txt", lines.sorted().joined(separator: "\n") + "\n")
    }

    private func buildDatabase() throws -> String {
        let output = path("hibp.pwgdb")
        let result = try run(["breach", "build", "-o", output, try hibpFile()])
        XCTAssertEqual(result.status, 0, result.errors)
        return output
    }

    // MARK: build

    func testBuildReportsWhatItWrote() throws {
        let output = path("out.pwgdb")
        let result = try run(["breach", "build", "-o", output, try hibpFile()])
        XCTAssertEqual(result.status, 0, result.errors)
        XCTAssertEqual(result.lines.count, 2)
        XCTAssertTrue(result.lines[0].hasPrefix("wrote \(output): 503 entries (SHA-1, minimum count 1)"), result.output)
        XCTAssertTrue(result.lines[1].contains("sorted input streamed"))
        // Not a terminal: no progress bar.
        XCTAssertEqual(result.errors, "")
        XCTAssertTrue(FileManager.default.fileExists(atPath: output))
    }

    func testBuildFromEveryInputKind() throws {
        let list = try writeFile("list.txt", "password\nhunter22\n")
        let ranges = directory.appendingPathComponent("ranges")
        try FileManager.default.createDirectory(at: ranges, withIntermediateDirectories: true)
        try Data("1E4C9B93F3F0682250B6CF8331B7EE68FD8:5\r\n".utf8).write(to: ranges.appendingPathComponent("5BAA6.txt"))
        let output = path("mixed.pwgdb")
        let build = try run(["breach", "build", "-o", output, "--chunk-records", "16", ranges.path, list])
        XCTAssertEqual(build.status, 0, build.errors)
        let query = try run(["breach", "query", "--db", output, "--json"], "password\nhunter22\nnot listed\n")
        XCTAssertEqual(query.lines, ["{\"breached\":true,\"count\":2}", "{\"breached\":true,\"count\":1}",
                                     "{\"breached\":false,\"count\":0}"])
        XCTAssertEqual(query.status, 1)
    }

    func testBuildNTLM() throws {
        let input = try writeFile("ntlm.txt", "8846F7EAEE8FB117AD06BDD830B7586C:12\n")
        let output = path("ntlm.pwgdb")
        XCTAssertEqual(try run(["breach", "build", "-o", output, "--ntlm", input]).status, 0)
        // The hash kind comes from the file.
        let query = try run(["breach", "query", "--db", output], "password\nPassword\n")
        XCTAssertEqual(query.lines, ["breached 10", "not found"])
        let withoutFlag = try run(["breach", "build", "-o", path("x.pwgdb"), input])
        XCTAssertEqual(withoutFlag.status, 2)
        XCTAssertTrue(withoutFlag.errors.contains("--ntlm"), withoutFlag.errors)
    }

    func testBuildMinCount() throws {
        let output = path("min.pwgdb")
        let build = try run(["breach", "build", "-o", output, "--min-count", "10", try hibpFile()])
        XCTAssertEqual(build.status, 0, build.errors)
        let query = try run(["breach", "query", "--db", output], "password\n")
        XCTAssertEqual(query.lines, ["not found"])
        XCTAssertEqual(query.status, 0)
    }

    func testBuildErrorsExitTwo() throws {
        let bad = try writeFile("bad.txt", "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:3\nnot-a-hash:1\n")
        let malformed = try run(["breach", "build", "-o", path("x.pwgdb"), bad])
        XCTAssertEqual(malformed.status, 2)
        XCTAssertEqual(malformed.errors, "pwguard: \(bad):2: expected 40 hexadecimal digits, ':' and a count\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("x.pwgdb")))

        let missing = try run(["breach", "build", "-o", path("x.pwgdb"), path("nothere.txt")])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.errors.contains(path("nothere.txt")))

        XCTAssertEqual(try run(["breach", "build", "-o", path("x.pwgdb")]).status, 2)
        XCTAssertEqual(try run(["breach", "build", path("in.txt")]).status, 2)
        XCTAssertEqual(try run(["breach", "build", "-o", path("x.pwgdb"), "--min-count", "0", bad]).status, 2)
        XCTAssertEqual(try run(["breach", "frobnicate"]).status, 2)
    }

    func testBuildIntoAMissingDirectorySaysSo() throws {
        let missingDirectory = path("missing")
        let output = missingDirectory + "/x.db"
        // Unsorted input: without the check, the external sort would read
        // it all before failing on a temporary file in that directory.
        let list = try writeFile("list.txt", "password\nhunter22\n")
        let result = try run(["breach", "build", "-o", output, "--list", list])
        XCTAssertEqual(result.status, 2, result.errors)
        XCTAssertEqual(result.errors, "pwguard: \(output): the directory \(missingDirectory) does not exist (create it first)\n")
        XCTAssertEqual(result.output, "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: missingDirectory))
    }

    // MARK: query

    func testQueryTextAndExitStatus() throws {
        let database = try buildDatabase()
        let some = try run(["breach", "query", "--db", database], "password\ncorrect horse battery staple\n")
        XCTAssertEqual(some.lines, ["breached 2", "not found"])
        XCTAssertEqual(some.status, 1)
        let none = try run(["breach", "query", "--db", database], "correct horse battery staple\r\n")
        XCTAssertEqual(none.lines, ["not found"])
        XCTAssertEqual(none.status, 0)
        let empty = try run(["breach", "query", "--db", database], "")
        XCTAssertEqual(empty.output, "")
        XCTAssertEqual(empty.status, 0)
    }

    func testQueryNeverPrintsPasswords() throws {
        let database = try buildDatabase()
        let secret = "s3cret-Never-Shown"
        let result = try run(["breach", "query", "--db", database, "--json"], secret + "\n" + String(repeating: "x", count: 70_000) + "\n")
        XCTAssertFalse(result.output.contains(secret))
        XCTAssertFalse(result.errors.contains(secret))
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.errors, "pwguard: standard input line 2: longer than 65536 bytes\n")
    }

    func testQueryErrorsExitTwo() throws {
        let missing = try run(["breach", "query", "--db", path("nothere.pwgdb")], "password\n")
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.errors, "pwguard: \(path("nothere.pwgdb")): cannot open: No such file or directory\n")
        XCTAssertEqual(missing.output, "")

        let notDatabase = try run(["breach", "query", "--db", try hibpFile()], "password\n")
        XCTAssertEqual(notDatabase.status, 2)
        XCTAssertTrue(notDatabase.errors.contains("not a pwguard breach database"), notDatabase.errors)

        // A damaged bucket: found by the lookup that reads it.
        let database = try buildDatabase()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: database)))
        bytes[bytes.count - 2] ^= 0x40
        let damaged = path("damaged.pwgdb")
        try Data(bytes).write(to: URL(fileURLWithPath: damaged))
        // Enough passwords that one falls in the damaged (last) bucket.
        let many = (0..<40).map { "candidate-\($0)\n" }.joined()
        let corrupt = try run(["breach", "query", "--db", damaged], many)
        XCTAssertEqual(corrupt.status, 2)
        XCTAssertTrue(corrupt.errors.hasPrefix("pwguard: \(damaged): corrupt: bucket"), corrupt.errors)

        var truncated = bytes
        truncated.removeLast(10)
        try Data(truncated).write(to: URL(fileURLWithPath: damaged))
        let short = try run(["breach", "query", "--db", damaged], "password\n")
        XCTAssertEqual(short.status, 2)
        XCTAssertTrue(short.errors.contains("corrupt"), short.errors)

        XCTAssertEqual(try run(["breach", "query"], "password\n").status, 2)
    }

    // MARK: info

    func testInfo() throws {
        let database = try buildDatabase()
        let text = try run(["breach", "info", database])
        XCTAssertEqual(text.status, 0, text.errors)
        XCTAssertTrue(text.output.contains("entries:          503"), text.output)
        XCTAssertTrue(text.output.contains("hash:             SHA-1"))
        XCTAssertTrue(text.output.contains("false positives:  <= 2^-32"))
        XCTAssertTrue(text.output.contains("bits per entry:"))

        let verified = try run(["breach", "info", "--verify", "--json", database])
        XCTAssertEqual(verified.status, 0, verified.errors)
        let object = try JSONSerialization.jsonObject(with: Data(verified.output.utf8)) as? [String: Any]
        XCTAssertEqual(object?["entries"] as? Int, 503)
        XCTAssertEqual(object?["hash"] as? String, "SHA-1")
        XCTAssertEqual(object?["false_positive_bits"] as? Int, 32)
        XCTAssertEqual(object?["maximum_count"] as? Int, 50)
        XCTAssertEqual(object?["verified"] as? Bool, true)
        XCTAssertEqual((object?["source_digest"] as? String)?.count, 64)

        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: database)))
        bytes[bytes.count / 2] ^= 0x01
        let damaged = path("damaged.pwgdb")
        try Data(bytes).write(to: URL(fileURLWithPath: damaged))
        XCTAssertEqual(try run(["breach", "info", damaged]).status, 0)
        let check = try run(["breach", "info", "--verify", damaged])
        XCTAssertEqual(check.status, 2)
        XCTAssertTrue(check.errors.contains("corrupt"), check.errors)
        XCTAssertEqual(try run(["breach", "info", path("nothere")]).status, 2)
    }

    // MARK: check with breach_db

    func testCheckRejectsBreachedPasswords() throws {
        let database = try buildDatabase()
        let config = try writeFile("pwguard.conf", "breach_db = \(database)\nmin_guesses_log10 = 0\ndictcheck = 0\n")
        let result = try run(["check", "--config", config], "password\nVq8#mZ2!pL7@xR4$kW\n")
        XCTAssertEqual(result.lines, ["BAD PASSWORD: The password appears in a list of breached passwords", "OK"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.errors, "")
        let json = try run(["check", "--config", config, "--json"], "password\n")
        XCTAssertTrue(json.output.contains("{\"code\":\"breached\",\"message\":\"The password appears in a list of breached passwords\"}"))
        let minimum = try run(["check", "--config", config, "--set", "breach_min_count=10"], "password\n")
        XCTAssertEqual(minimum.lines, ["OK"])
    }

    func testCheckWarnsOnceAboutAMissingDatabase() throws {
        let missing = path("nothere.pwgdb")
        let arguments = ["check", "--config", "/dev/null", "--set", "breach_db=\(missing)", "--set", "min_guesses_log10=0"]
        let allow = try run(arguments, "Vq8#mZ2!pL7@xR4$kW\nVq8#mZ2!pL7@xR4$kW\n")
        XCTAssertEqual(allow.lines, ["OK", "OK"])
        XCTAssertEqual(allow.status, 0)
        XCTAssertEqual(allow.errors, "pwguard: warning: breach_db: \(missing): cannot open: No such file or directory; "
                       + "passwords are not checked against it (breach_db_missing = allow)\n")
        let reject = try run(arguments + ["--set", "breach_db_missing=reject"], "Vq8#mZ2!pL7@xR4$kW\n")
        XCTAssertEqual(reject.lines, ["BAD PASSWORD: The password cannot be checked against the list of breached passwords"])
        XCTAssertEqual(reject.status, 1)
        XCTAssertTrue(reject.errors.contains("every password is rejected (breach_db_missing = reject)"))
        let badSetting = try run(arguments + ["--set", "breach_db_missing=sometimes"], "x\n")
        XCTAssertEqual(badSetting.status, 2)
    }
}
