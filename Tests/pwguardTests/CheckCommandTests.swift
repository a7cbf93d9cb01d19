import Foundation
import XCTest

/// Runs the built `pwguard` binary (see `PwguardBinary`) as a user would.
final class CheckCommandTests: XCTestCase {

    private var directory: URL!
    /// An empty configuration file: tests must not depend on the machine's /etc.
    private var emptyConfig: String!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pwguard-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        emptyConfig = try writeFile("empty.conf", "")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func writeFile(_ name: String, _ contents: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        return url.path
    }

    private typealias Run = PwguardRun

    /// Runs pwguard with `arguments`, feeding `input` on standard input.
    /// Files rather than pipes carry the data, so large inputs cannot deadlock.
    private func run(_ arguments: [String], input: Data = Data()) throws -> Run {
        try PwguardBinary.run(arguments, input: input, in: directory)
    }

    private func run(_ arguments: [String], _ input: String) throws -> Run {
        try run(arguments, input: Data(input.utf8))
    }

    /// Settings under which estimator-dependent rules stay quiet, so the
    /// tests do not depend on the estimator's numbers.
    private var lenient: [String] {
        ["--config", emptyConfig, "--set", "min_guesses_log10=0", "--set", "dictcheck=0"]
    }

    private let strong = "Vq8#mZ2!pL7@xR4$kW"

    // MARK: Plain output and exit status

    func testPlainOutputOneLinePerPassword() throws {
        let result = try run(["check"] + lenient, "abc\n\(strong)\n")
        XCTAssertEqual(result.lines, ["BAD PASSWORD: The password is shorter than 8 characters", "OK"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.errors, "")
    }

    func testAllAcceptedExitsZero() throws {
        let result = try run(["check"] + lenient, "\(strong)\n\(strong)x\n")
        XCTAssertEqual(result.lines, ["OK", "OK"])
        XCTAssertEqual(result.status, 0)
    }

    func testEmptyInput() throws {
        let result = try run(["check"] + lenient, "")
        XCTAssertEqual(result.output, "")
        XCTAssertEqual(result.status, 0)
    }

    func testEmptyLineIsAnEmptyPassword() throws {
        let result = try run(["check"] + lenient, "\n")
        XCTAssertEqual(result.lines, ["BAD PASSWORD: The password is shorter than 8 characters"])
        XCTAssertEqual(result.status, 1)
    }

    func testLastLineWithoutNewline() throws {
        let result = try run(["check"] + lenient, "\(strong)\nabc")
        XCTAssertEqual(result.lines, ["OK", "BAD PASSWORD: The password is shorter than 8 characters"])
    }

    func testCRLFLineEndings() throws {
        // "abcdefg\r" would be 8 characters: the \r must go.
        let result = try run(["check"] + lenient + ["--set", "maxrepeat=0"], "abcdefg\r\nxyzuvwst\r\nab\rcdefg\n")
        XCTAssertEqual(result.lines, [
            "BAD PASSWORD: The password is shorter than 8 characters",
            "OK",
            "OK",  // a \r inside a line is a character
        ])
    }

    func testUserOption() throws {
        let result = try run(["check", "--user", "jdoe"] + lenient, "xxJDoe2024!!\n")
        XCTAssertEqual(result.lines, ["BAD PASSWORD: The password contains the user name in some form"])
        let gecos = try run(["check", "--full-name", "John Doe"] + lenient + ["--set", "gecoscheck=1"], "xxjohn2024!!\n")
        XCTAssertEqual(gecos.lines, ["BAD PASSWORD: The password contains words from the real name of the user in some form"])
    }

    // MARK: JSON

    func testJSONFieldsAndOrder() throws {
        let result = try run(["check", "--json", "--config", emptyConfig], "abc\n\(strong)\n")
        XCTAssertEqual(result.lines.count, 2)
        for line in result.lines {
            XCTAssertTrue(line.hasPrefix("{\"accepted\":"), line)
            let keys = ["\"accepted\":", "\"score\":", "\"guesses_log10\":", "\"reasons\":", "\"feedback\":", "\"pieces\":"]
            let positions = keys.map { line.range(of: $0)?.lowerBound }
            XCTAssertFalse(positions.contains(nil), line)
            XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted(), "field order: \(line)")
            XCTAssertNotNil(line.range(of: #""guesses_log10":-?[0-9]+\.[0-9]{2}[,}]"#, options: .regularExpression))

            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            XCTAssertEqual(Set(object.keys), ["accepted", "score", "guesses_log10", "reasons", "feedback", "pieces"])
            XCTAssertNotNil(object["accepted"] as? Bool)
            let score = try XCTUnwrap(object["score"] as? Int)
            XCTAssertTrue((0...4).contains(score))
            XCTAssertNotNil(object["guesses_log10"] as? Double)
            let feedback = try XCTUnwrap(object["feedback"] as? [String: Any])
            XCTAssertNotNil(feedback["warning"] as? String)
            XCTAssertNotNil(feedback["suggestions"] as? [String])
            for reason in try XCTUnwrap(object["reasons"] as? [[String: Any]]) {
                XCTAssertEqual(Set(reason.keys), ["code", "message"])
            }
            for piece in try XCTUnwrap(object["pieces"] as? [[String: Any]]) {
                for key in ["pattern", "start", "end", "guesses_log10", "reversed", "l33t", "capitalised"] {
                    XCTAssertNotNil(piece[key], "\(key) in \(line)")
                }
                XCTAssertTrue(Set(piece.keys).isSubset(of: [
                    "pattern", "start", "end", "guesses_log10", "dictionary", "rank", "reversed", "l33t",
                    "capitalised", "layout",
                ]))
            }
        }
        let first = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.lines[0].utf8)) as? [String: Any])
        XCTAssertEqual(first["accepted"] as? Bool, false)
        let reasons = try XCTUnwrap(first["reasons"] as? [[String: String]])
        XCTAssertEqual(reasons.first, ["code": "too_short", "message": "The password is shorter than 8 characters"])
    }

    func testJSONRejectsInInputOrder() throws {
        let input = (0..<50).map { $0 % 2 == 0 ? "short\($0)" : "\(strong)\($0)" }.joined(separator: "\n") + "\n"
        let result = try run(["check", "--json"] + lenient, input)
        XCTAssertEqual(result.lines.count, 50)
        for (index, line) in result.lines.enumerated() {
            XCTAssertTrue(line.hasPrefix(index % 2 == 0 ? "{\"accepted\":false" : "{\"accepted\":true"), line)
        }
    }

    // MARK: Long lines and odd bytes

    func testMegabyteLineIsTooLongAndTheNextLineStillWorks() throws {
        var input = Data(repeating: UInt8(ascii: "M"), count: 1 << 20)
        input.append(contentsOf: Array("\nabc\n".utf8))
        let start = Date()
        let result = try run(["check", "--json"] + lenient, input: input)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertEqual(result.lines.count, 2)
        XCTAssertEqual(result.lines.first,
                       #"{"accepted":false,"score":0,"guesses_log10":0.00,"reasons":[{"code":"too_long","message":"The password is longer than 1024 characters"}],"feedback":{"warning":"","suggestions":[]},"pieces":[]}"#)
        XCTAssertTrue(result.lines.last?.contains("\"too_short\"") ?? false)
        XCTAssertEqual(result.status, 1)
    }

    func testLongLineJustOverTheLimitWithCRLF() throws {
        // 1024 scalars of 4 bytes fit exactly; a \r\n after them must not
        // make the line count as too long.
        let emoji = String(repeating: "🙂🐍", count: 512)
        let result = try run(["check"] + lenient + ["--set", "maxrepeat=0"], "\(emoji)\r\n\(emoji)x\r\n")
        XCTAssertEqual(result.lines, ["OK", "BAD PASSWORD: The password is longer than 1024 characters"])
    }

    func testNULAndInvalidUTF8Lines() throws {
        var input = Data()
        input.append(contentsOf: [0x00, 0x00, 0x00, 0x0A])
        input.append(contentsOf: [0xFF, 0xFE, 0xC3, 0x28, 0x80, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x0A])
        input.append(contentsOf: Array("pass".utf8) + [0x00] + Array("word-Qx9!\n".utf8))
        for arguments in [["check"], ["check", "--json"]] {
            let result = try run(arguments + lenient, input: input)
            XCTAssertEqual(result.lines.count, 3, result.output)
            XCTAssertTrue([0, 1].contains(result.status))
            XCTAssertEqual(result.errors, "")
        }
    }

    // MARK: Context TSV

    func testContextTSV() throws {
        let input = "jdoe\tJohn Doe\txxjdoe2024!!\n\t\t\(strong)\nasmith\tAnn Smith\tann\tsmith\tQ9!x\n"
        let result = try run(["check", "--context-tsv"] + lenient + ["--set", "gecoscheck=1"], input)
        XCTAssertEqual(result.lines, [
            "BAD PASSWORD: The password contains the user name in some form",
            "OK",
            "BAD PASSWORD: The password contains words from the real name of the user in some form",
        ])
    }

    /// A malformed line is named, answered in its place, and the lines
    /// after it are still checked; the exit status says 2 at the end.
    func testMalformedTSVLineIsReportedAndTheRestChecked() throws {
        let input = "jdoe\tJohn\t\(strong)\nno tabs here\n\(String(repeating: "u", count: 5_000_000))\tJohn\tpassword\n"
            + "jdoe\tJohn\tpass\n\t\t\(strong)\n"
        let result = try run(["check", "--context-tsv"] + lenient, input)
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.lines, [
            "OK",
            "ERROR: standard input line 2: expected user<TAB>full name<TAB>password",
            "ERROR: standard input line 3: expected user<TAB>full name<TAB>password",
            "BAD PASSWORD: The password is shorter than 8 characters",
            "OK",
        ])
        XCTAssertEqual(result.errors, """
            pwguard: standard input line 2: expected user<TAB>full name<TAB>password
            pwguard: standard input line 3: expected user<TAB>full name<TAB>password

            """)
        let json = try run(["check", "--context-tsv", "--json"] + lenient, "no tabs\n\t\t\(strong)\n")
        XCTAssertEqual(json.status, 2)
        XCTAssertEqual(json.lines.first, #"{"line":1,"error":"standard input line 1: expected user<TAB>full name<TAB>password"}"#)
        XCTAssertEqual(json.lines.count, 2)
        XCTAssertFalse(result.output.contains("no tabs") || json.output.contains("no tabs"))
    }

    func testTSVWithOverlongPasswordAndOverlongUser() throws {
        let password = String(repeating: "p", count: 200_000)
        let ok = try run(["check", "--context-tsv"] + lenient, "jdoe\tJohn\t\(password)\n")
        XCTAssertEqual(ok.lines, ["BAD PASSWORD: The password is longer than 1024 characters"])
        let user = String(repeating: "u", count: 10_000)
        let bad = try run(["check", "--context-tsv"] + lenient, "\(user)\tJohn\tpassword\n")
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.errors.hasPrefix("pwguard: standard input line 1:"), bad.errors)
    }

    func testTSVCannotBeCombinedWithUser() throws {
        let result = try run(["check", "--context-tsv", "--user", "jdoe"] + lenient, "")
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.errors.contains("--context-tsv"), result.errors)
    }

    // MARK: Configuration and usage errors

    func testConfigFileErrorOnStderr() throws {
        let path = try writeFile("bad.conf", "# policy\nminlen = 10\nfoo = 1\n")
        let result = try run(["check", "--config", path], "\(strong)\n")
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.output, "")
        XCTAssertEqual(result.errors, "pwguard: \(path):3: unknown setting 'foo'\n")
    }

    func testMissingConfigFile() throws {
        let path = directory.appendingPathComponent("nope.conf").path
        let result = try run(["check", "--config", path], "")
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.errors, "pwguard: \(path): cannot open: No such file or directory\n")
    }

    func testSetOverridesTheConfigFile() throws {
        let path = try writeFile("site.conf", "minlen = 30\nmin_guesses_log10 = 0\ndictcheck = 0\n")
        let strict = try run(["check", "--config", path], "\(strong)\n")
        XCTAssertEqual(strict.lines, ["BAD PASSWORD: The password is shorter than 30 characters"])
        let relaxed = try run(["check", "--config", path, "--set", "minlen=12"], "\(strong)\n")
        XCTAssertEqual(relaxed.lines, ["OK"])
        let digits = try run(["check", "--config", path, "--set", "minlen=8", "--set", "dcredit=-5"], "\(strong)\n")
        XCTAssertEqual(digits.lines, ["BAD PASSWORD: The password contains less than 5 digits"])
    }

    func testBadSetValue() throws {
        let result = try run(["check", "--config", emptyConfig, "--set", "minlen=x"], "")
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.errors, "pwguard: argument 'minlen=x': setting 'minlen' expects an integer, not 'x'\n")
    }

    func testUsageErrorsExitTwo() throws {
        XCTAssertEqual(try run(["check", "--no-such-option"], "").status, 2)
        XCTAssertEqual(try run(["no-such-command"], "").status, 2)
        XCTAssertEqual(try run(["check", "--user"], "").status, 2)
        XCTAssertEqual(try run(["check", "extra-argument"], "").status, 2)
    }

    func testHelp() throws {
        let result = try run(["check", "--help"], "")
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.output.contains("standard input"))
        XCTAssertTrue(result.output.contains("| pwguard check"))
        XCTAssertEqual(try run(["--help"], "").status, 0)
    }

    // MARK: Secrecy and throughput

    func testPasswordNeverInOutput() throws {
        let secrets = ["SecretMARKERone", "SecretMARKERtwo!!", "jdoeSecretMARKER", "ab"]
        let input = secrets.joined(separator: "\n") + "\n" + String(repeating: "SecretMARKER", count: 50_000) + "\n"
        let tsv = secrets.map { "jdoe\tJohn Doe\t\($0)" }.joined(separator: "\n") + "\n"
        let badConfig = try writeFile("secret.conf", "badwords = x\nfoo = 1\n")
        let runs = [
            try run(["check", "--config", emptyConfig, "--user", "jdoe"], input),
            try run(["check", "--json", "--config", emptyConfig, "--user", "jdoe"], input),
            try run(["check", "--json", "--context-tsv", "--config", emptyConfig], tsv),
            try run(["check", "--context-tsv", "--config", emptyConfig], tsv + "SecretMARKERbroken\n"),
            try run(["check", "--config", badConfig], input),
        ]
        for result in runs {
            let everything = result.output + result.errors
            XCTAssertFalse(everything.contains("MARKER"), everything)
            XCTAssertFalse(everything.contains("Secret"), everything)
        }
    }

    func testThroughput() throws {
        let count = 20_000
        let input = (0..<count).map { "Pw\($0 * 7919)-xq" }.joined(separator: "\n") + "\n"
        let start = Date()
        let result = try run(["check", "--json"] + lenient, input)
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(result.lines.count, count)
        // Generous for debug builds; a release build does far better.
        XCTAssertLessThan(elapsed, 30)
    }
}
