import Foundation
import XCTest
@testable import PasswordPolicy

/// The breach settings and what `PasswordChecker` does with them.
final class BreachPolicyTests: XCTestCase {
    /// Settings under which only the breach rule can reject a long random password.
    private func lenient(_ text: String) throws -> Settings {
        try Settings.parse(text: "min_guesses_log10 = 0\ndictcheck = 0\nusercheck = 0\n" + text)
    }

    private let strong = Array("Vq8#mZ2!pL7@xR4$kW".utf8)

    /// A database listing "password" 3 times, "letmein123" 40 times and the strong password once.
    private func database(in scratch: BreachScratch) throws -> String {
        let list = try scratch.write("list.txt",
                                     String(repeating: "password\n", count: 3) + String(repeating: "letmein123\n", count: 40)
                                         + "Vq8#mZ2!pL7@xR4$kW\n")
        return try buildDatabase([list], in: scratch).path
    }

    func testSettingsParse() throws {
        let settings = try Settings.parse(text: """
            breach_db = /var/lib/pwguard/hibp.pwgdb
            breach_min_count = 10
            breach_db_missing = reject
            """)
        XCTAssertEqual(settings.breachDatabase, "/var/lib/pwguard/hibp.pwgdb")
        XCTAssertEqual(settings.breachMinCount, 10)
        XCTAssertEqual(settings.breachDatabaseMissing, .reject)
        let defaults = Settings()
        XCTAssertEqual(defaults.breachDatabase, "")
        XCTAssertEqual(defaults.breachMinCount, 1)
        XCTAssertEqual(defaults.breachDatabaseMissing, .allow)
        XCTAssertEqual(try Settings.parse(text: "breach_db =").breachDatabase, "")

        XCTAssertThrowsError(try Settings.parse(text: "breach_db_missing = maybe")) { error in
            XCTAssertEqual((error as? ConfigError)?.message, "setting 'breach_db_missing' expects allow or reject, not 'maybe'")
        }
        XCTAssertThrowsError(try Settings.parse(text: "breach_db_missing ="))
        XCTAssertThrowsError(try Settings.parse(text: "breach_min_count = 0"))
        XCTAssertEqual(Settings.descriptor(named: "breach_db_missing")?.kind, .choice(["allow", "reject"]))
    }

    func testBreachedPasswordIsRejected() throws {
        let scratch = try BreachScratch("policy")
        let settings = try lenient("breach_db = \(try database(in: scratch))")
        let checker = PasswordChecker(settings: settings)
        XCTAssertNil(checker.breachDatabaseError)
        XCTAssertNotNil(checker.breachDatabase)

        let verdict = checker.check(Array("password".utf8), context: UserContext())
        XCTAssertEqual(verdict.reasons.map(\.code), [.breached])
        XCTAssertEqual(verdict.reasons.first?.message, "The password appears in a list of breached passwords")
        XCTAssertNil(verdict.breachCheckError)
        XCTAssertTrue(checker.check(Array("not in the list at all".utf8), context: UserContext()).accepted)
        // Too long: rejected before any lookup.
        let long = [UInt8](repeating: 0x61, count: 5000)
        XCTAssertEqual(checker.check(long, context: UserContext()).reasons.map(\.code), [.tooLong])
    }

    func testBreachedComesBeforeTheEstimatorsJudgement() throws {
        let scratch = try BreachScratch("order")
        let settings = try Settings.parse(text: "breach_db = \(try database(in: scratch))")
        let codes = PasswordChecker(settings: settings).check(Array("password".utf8), context: UserContext()).reasons.map(\.code)
        XCTAssertEqual(codes.first, .breached)
        XCTAssertTrue(codes.contains(.tooGuessable))
    }

    func testMinimumCountUsesTheTiersUpperBound() throws {
        let scratch = try BreachScratch("mincount")
        let path = try database(in: scratch)
        func rejected(_ password: String, minimum: Int) throws -> Bool {
            let checker = PasswordChecker(settings: try lenient("breach_db = \(path)\nbreach_min_count = \(minimum)"))
            return !checker.check(Array(password.utf8), context: UserContext()).accepted
        }
        // "password" was seen 3 times: tier 2–9.
        XCTAssertTrue(try rejected("password", minimum: 2))
        XCTAssertTrue(try rejected("password", minimum: 9))
        XCTAssertFalse(try rejected("password", minimum: 10))
        // "letmein123": 40 times, tier 10–99.
        XCTAssertTrue(try rejected("letmein123", minimum: 99))
        XCTAssertFalse(try rejected("letmein123", minimum: 100))
        XCTAssertFalse(try rejected(String(decoding: strong, as: UTF8.self), minimum: 2))
        XCTAssertTrue(try rejected(String(decoding: strong, as: UTF8.self), minimum: 1))
    }

    func testMissingDatabaseFollowsTheSetting() throws {
        let scratch = try BreachScratch("missing")
        let missing = scratch.path("nothere.pwgdb")

        let allow = PasswordChecker(settings: try lenient("breach_db = \(missing)"))
        XCTAssertEqual(allow.breachDatabaseError?.kind, .missing)
        XCTAssertTrue(allow.breachDatabaseError?.description.hasPrefix(missing) ?? false)
        let allowed = allow.check(strong, context: UserContext())
        XCTAssertTrue(allowed.accepted)
        XCTAssertEqual(allowed.breachCheckError?.kind, .missing)

        let reject = PasswordChecker(settings: try lenient("breach_db = \(missing)\nbreach_db_missing = reject"))
        let rejected = reject.check(strong, context: UserContext())
        XCTAssertEqual(rejected.reasons.map(\.code), [.breachDatabaseUnavailable])
        XCTAssertEqual(rejected.reasons.first?.message,
                       "The password cannot be checked against the list of breached passwords")

        let corrupt = try scratch.write("corrupt.pwgdb", "PWGBRD01 but nothing else")
        let damaged = PasswordChecker(settings: try lenient("breach_db = \(corrupt)"))
        XCTAssertEqual(damaged.breachDatabaseError?.kind, .notADatabase)
    }

    func testDamagedBucketAtLookupFollowsTheSetting() throws {
        let scratch = try BreachScratch("damaged")
        let path = try database(in: scratch)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count - 3] ^= 0xFF
        let damaged = try scratch.write("damaged.pwgdb", bytes: bytes)
        // A single bucket: every lookup meets the damage.
        let allow = PasswordChecker(settings: try lenient("breach_db = \(damaged)"))
        XCTAssertNil(allow.breachDatabaseError)
        let verdict = allow.check(strong, context: UserContext())
        XCTAssertTrue(verdict.accepted)
        XCTAssertEqual(verdict.breachCheckError?.kind, .corrupt)
        let reject = PasswordChecker(settings: try lenient("breach_db = \(damaged)\nbreach_db_missing = reject"))
        XCTAssertEqual(reject.check(strong, context: UserContext()).reasons.map(\.code), [.breachDatabaseUnavailable])
    }

    func testSharedDatabase() throws {
        let scratch = try BreachScratch("shared")
        let database = try BreachDatabase.open(path: try database(in: scratch))
        let checker = PasswordChecker(settings: try lenient(""), breachDatabase: database)
        XCTAssertEqual(checker.check(Array("letmein123".utf8), context: UserContext()).reasons.map(\.code), [.breached])
        XCTAssertTrue(PasswordChecker(settings: try lenient(""), breachDatabase: nil)
            .check(Array("letmein123".utf8), context: UserContext()).accepted)
    }
}
