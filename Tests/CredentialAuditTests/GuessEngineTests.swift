import CredentialAudit
import Foundation
import XCTest

/// The guessing engine end to end on real crypt(3) hashes at cheap costs.
final class GuessEngineTests: XCTestCase {
    private func sha512(_ password: String) throws -> PasswordHash {
        PasswordHash(try HashTool.mkpasswd("sha512crypt", password, cost: 1000))
    }

    private func engine(_ configure: (inout GuessingOptions) -> Void = { _ in }) -> GuessingEngine {
        var options = GuessingOptions()
        options.threads = 2
        configure(&options)
        return GuessingEngine(options: options)
    }

    func testFindsPasswordsFromTheUsersContext() throws {
        let targets = [
            GuessTarget(id: 7, hash: try sha512("Smith1990"), login: "alice", gecos: "Alice Smith,Room 4,,",
                        home: "/home/alice"),
            GuessTarget(id: 8, hash: try sha512("ecila"), login: "alice", gecos: "", home: "/home/alice"),
            GuessTarget(id: 9, hash: PasswordHash(try HashTool.mkpasswd("yescrypt", "bob123", cost: 1)), login: "bob"),
            GuessTarget(id: 10, hash: PasswordHash(try HashTool.mkpasswd("bcrypt", "Wonderland!", cost: 4)),
                        login: "carol", home: "/srv/wonderland"),
        ]
        let outcomes = try engine { $0.methods = [.userContext] }.run(targets, progress: nil)
        XCTAssertEqual(outcomes.map(\.id), [7, 8, 9, 10])
        let expected = ["Smith1990", "ecila", "bob123", "Wonderland!"]
        for (outcome, password) in zip(outcomes, expected) {
            XCTAssertEqual(outcome.password, Array(password.utf8), "account \(outcome.id)")
            XCTAssertEqual(outcome.method, .userContext)
            XCTAssertGreaterThan(outcome.guessesTried, 0)
            XCTAssertFalse(outcome.exhausted)
        }
    }

    func testFindsManglingsOfLexiconWords() throws {
        let targets = [
            GuessTarget(id: 1, hash: try sha512("Qwerty1"), login: "dave"),
            GuessTarget(id: 2, hash: try sha512("password!"), login: "erin"),
            GuessTarget(id: 3, hash: try sha512("123456"), login: "frank"),
        ]
        let outcomes = try engine { $0.methods = [.lexicon] }.run(targets, progress: nil)
        for (outcome, password) in zip(outcomes, ["Qwerty1", "password!", "123456"]) {
            XCTAssertEqual(outcome.password, Array(password.utf8))
            XCTAssertEqual(outcome.method, .lexicon)
        }
        // The most common password needs very few guesses: the lexicon is in rank order.
        XCTAssertLessThan(outcomes[2].guessesTried, 20)
    }

    func testFindsAWordlistEntryAmongAwkwardLines() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("guess-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var list = Data()
        list.append(Data("first\r\n".utf8))
        list.append(Data([0xFF, 0xFE, 0x61, 0x0A]))                         // invalid UTF-8, kept as bytes
        list.append(Data(repeating: 0x78, count: 2_000_000))                  // a 2 MB line, skipped
        list.append(Data("\n\n\nzq8-vortex-paper\nlast-line-without-newline".utf8))
        let path = directory.appendingPathComponent("words.txt").path
        try list.write(to: URL(fileURLWithPath: path))

        let targets = [
            GuessTarget(id: 1, hash: try sha512("zq8-vortex-paper"), login: "gina"),
            GuessTarget(id: 2, hash: try sha512("Zq8-vortex-paper1"), login: "hal"),
            GuessTarget(id: 4, hash: try sha512("last-line-without-newline"), login: "jo"),
        ]
        let outcomes = try engine {
            $0.methods = [.wordlist]
            $0.wordlists = [path]
        }.run(targets, progress: nil)
        XCTAssertEqual(outcomes[0].password, Array("zq8-vortex-paper".utf8))
        XCTAssertEqual(outcomes[0].method, .wordlist)
        XCTAssertEqual(outcomes[1].password, Array("Zq8-vortex-paper1".utf8))
        XCTAssertEqual(outcomes[2].password, Array("last-line-without-newline".utf8))
        XCTAssertThrowsError(try engine {
            $0.methods = [.wordlist]
            $0.wordlists = [directory.appendingPathComponent("missing.txt").path]
        }.run(targets, progress: nil)) { error in
            XCTAssertTrue("\(error)".contains("missing.txt"), "\(error)")
        }
    }

    func testInvalidUTF8WordlistLinesAreCandidatesAsBytes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("guess-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("latin1.txt").path
        // "passé" in Latin-1: not UTF-8, and a system may still hold its hash.
        let latin1: [UInt8] = [0x70, 0x61, 0x73, 0x73, 0xE9]
        try Data(Array("one\n".utf8) + latin1 + [0x0A]).write(to: URL(fileURLWithPath: path))
        let stored = try HashTool.run(["sh", "-c", "printf 'pass\\351' | openssl passwd -6 -salt somesalt -stdin"])
        let outcomes = try engine {
            $0.methods = [.wordlist]
            $0.wordlists = [path]
        }.run([GuessTarget(id: 1, hash: PasswordHash(stored), login: "kim")], progress: nil)
        XCTAssertEqual(outcomes[0].password, latin1)
    }

    func testStopsAtMaxGuessesAndSaysHowFarItGot() throws {
        let strong = GuessTarget(id: 1, hash: try sha512("v9#Lq2!xRz7@pW4m"), login: "lee", gecos: "Lee Park")
        let outcomes = try engine { $0.maxGuesses = 50 }.run([strong], progress: nil)
        XCTAssertNil(outcomes[0].password)
        XCTAssertNil(outcomes[0].method)
        XCTAssertEqual(outcomes[0].guessesTried, 50)
        XCTAssertEqual(outcomes[0].stagesCompleted, [])
        XCTAssertFalse(outcomes[0].exhausted)
    }

    func testCompletesAStageAndReportsIt() throws {
        let strong = GuessTarget(id: 1, hash: PasswordHash(try HashTool.mkpasswd("md5crypt", "v9#Lq2!xRz7@pW4m")),
                                 login: "lee", gecos: "Lee Park,,,", home: "/home/lee")
        let outcomes = try engine { $0.methods = [.userContext] }.run([strong], progress: nil)
        XCTAssertNil(outcomes[0].password)
        XCTAssertEqual(outcomes[0].stagesCompleted, [.userContext])
        XCTAssertTrue(outcomes[0].exhausted)
        XCTAssertGreaterThan(outcomes[0].guessesTried, 1000)
        XCTAssertLessThanOrEqual(outcomes[0].guessesTried, 3000)
    }

    func testBudgetEndsTheRunWithProgressReports() throws {
        let strong = GuessTarget(id: 1, hash: try sha512("v9#Lq2!xRz7@pW4m"), login: "lee")
        let reports = ProgressLog()
        let outcomes = try engine { $0.budgetSeconds = 0.6 }.run([strong]) { reports.add($0) }
        XCTAssertNil(outcomes[0].password)
        XCTAssertGreaterThan(outcomes[0].guessesTried, 0)
        XCTAssertFalse(outcomes[0].exhausted)
        let last = try XCTUnwrap(reports.all.last)
        XCTAssertEqual(last.accountsTotal, 1)
        XCTAssertGreaterThan(last.guessesPerSecond, 0)
    }

    func testModelStageFindsPatterns() throws {
        let targets = [GuessTarget(id: 1, hash: try sha512("mnbvcxz"), login: "max"),
                       GuessTarget(id: 2, hash: try sha512("zaq12wsx"), login: "ned")]
        let outcomes = try engine { $0.methods = [.model] }.run(targets, progress: nil)
        XCTAssertEqual(outcomes[0].password, Array("mnbvcxz".utf8))
        XCTAssertEqual(outcomes[0].method, .model)
        XCTAssertEqual(outcomes[1].password, Array("zaq12wsx".utf8))
    }

    func testAccountsThatCannotBeVerifiedAreLeftUntried() throws {
        let outcomes = try engine().run([GuessTarget(id: 3, hash: PasswordHash("*"), login: "daemon")], progress: nil)
        XCTAssertEqual(outcomes[0].id, 3)
        XCTAssertEqual(outcomes[0].guessesTried, 0)
        XCTAssertNil(outcomes[0].password)
        XCTAssertFalse(outcomes[0].exhausted)
    }

    func testOneThreadAndManyThreadsFindTheSame() throws {
        let targets = try ["password1", "Monkey1", "qwerty"].enumerated().map { index, password in
            GuessTarget(id: index, hash: PasswordHash(try HashTool.mkpasswd("md5crypt", password)), login: "u\(index)")
        }
        let one = try engine { $0.threads = 1; $0.methods = [.lexicon] }.run(targets, progress: nil)
        let four = try engine { $0.threads = 4; $0.methods = [.lexicon] }.run(targets, progress: nil)
        XCTAssertEqual(one.map(\.password), four.map(\.password))
        XCTAssertEqual(one.map(\.password), ["password1", "Monkey1", "qwerty"].map { Array($0.utf8) })
    }
}

/// Collects progress reports from the engine's callback.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [GuessProgress] = []

    func add(_ report: GuessProgress) {
        lock.lock()
        reports.append(report)
        lock.unlock()
    }

    var all: [GuessProgress] {
        lock.lock()
        defer { lock.unlock() }
        return reports
    }
}
