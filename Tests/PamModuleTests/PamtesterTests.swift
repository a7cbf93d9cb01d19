import Foundation
@testable import BreachBuild
import PasswordPolicy
import XCTest
import TestSupport

/// pam_pwguard.so in real PAM stacks run by pamtester, with libpam-wrapper
/// reading the service files from a test directory instead of /etc/pam.d.
/// (pam_wrapper's temporary directories are named per pid and collide when
/// runs overlap: XCTest runs these one at a time.)
final class PamtesterTests: XCTestCase {
    static let strong = "Correct-Horse-42x-Battery"
    var scratch: ScratchDirectory!

    override func setUpWithError() throws {
        try BuiltProducts.require(BuiltProducts.module)
        scratch = try ScratchDirectory("pamtester")
    }

    override func tearDown() { scratch = nil }

    /// Runs `pamtester -v pwtest USER chauthtok` over a stack of
    /// pam_pwguard (with `arguments`) then pam_permit, answering prompts
    /// with `answers`, one per line.
    func chauthtok(_ arguments: String, answers: [String], user: String = "root",
                   environment: [String: String] = [:], before: String = "") throws -> CommandResult {
        let pamtester = try requireExecutable("pamtester")
        try PamWrapper.require()
        let services = scratch.url.appendingPathComponent("services")
        try scratch.write("services/pwtest", """
            \(before)
            password requisite \(BuiltProducts.module) conf=/dev/null \(arguments)
            password required pam_permit.so

            """)
        try scratch.write("services/other", "password required pam_deny.so\n")
        return try runCommand(pamtester, ["-v", "pwtest", user, "chauthtok"],
                              input: answers.map { $0 + "\n" }.joined(),
                              environment: environment.merging(["LD_PRELOAD": PamWrapper.library, "PAM_WRAPPER": "1",
                                                                "PAM_WRAPPER_SERVICE_DIR": services.path]) { $1 },
                              in: scratch)
    }

    func testWeakPasswordIsRejectedWithBadPassword() throws {
        let result = try chauthtok("enforce_for_root", answers: ["password1"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.all.contains("BAD PASSWORD: The password is based on a dictionary word"), result.all)
        XCTAssertTrue(result.all.contains("Authentication token manipulation error"), result.all)
        XCTAssertFalse(result.all.contains("Retype new password"), "a rejected password is not asked again")
    }

    func testStrongPasswordIsAccepted() throws {
        let result = try chauthtok("enforce_for_root", answers: [Self.strong, Self.strong])
        XCTAssertEqual(result.status, 0, result.all)
        XCTAssertTrue(result.all.contains("Retype new password:"), result.all)
        XCTAssertFalse(result.all.contains("BAD PASSWORD"), result.all)
        XCTAssertTrue(result.all.contains("successfully"), result.all)
    }

    func testBreachedPasswordIsRejectedThroughBreachDB() throws {
        let list = try scratch.write("pwned.txt", "\(Self.strong)\nhunter2\n")
        var options = BreachBuildOptions()
        options.passwordLists = [list]
        let database = scratch.url.appendingPathComponent("pwned.db").path
        _ = try BreachBuilder.build(inputs: [list], output: database, options: options)

        let result = try chauthtok("enforce_for_root breach_db=\(database)", answers: [Self.strong])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.all.contains("BAD PASSWORD: The password appears in a list of breached passwords"), result.all)

        let other = try chauthtok("enforce_for_root breach_db=\(database)", answers: ["Staple-Orbit-77-Lantern", "Staple-Orbit-77-Lantern"])
        XCTAssertEqual(other.status, 0, other.all)
    }

    func testRetryPromptsAgainThenGivesMaxTries() throws {
        let recovered = try chauthtok("enforce_for_root retry=3", answers: ["abc", "password1", Self.strong, Self.strong])
        XCTAssertEqual(recovered.status, 0, recovered.all)
        XCTAssertEqual(recovered.all.components(separatedBy: "BAD PASSWORD:").count - 1, 2, recovered.all)

        let exhausted = try chauthtok("enforce_for_root retry=3", answers: ["abc", "password1", "qwertyuiop"])
        XCTAssertNotEqual(exhausted.status, 0)
        XCTAssertEqual(exhausted.all.components(separatedBy: "BAD PASSWORD:").count - 1, 3, exhausted.all)
        // pam_strerror(PAM_MAXTRIES)
        XCTAssertTrue(exhausted.all.contains("Have exhausted maximum number of retries for service"), exhausted.all)
    }

    func testRetypeMismatch() throws {
        let once = try chauthtok("enforce_for_root", answers: [Self.strong, Self.strong + "x"])
        XCTAssertNotEqual(once.status, 0)
        XCTAssertTrue(once.all.contains("Sorry, passwords do not match."), once.all)

        let again = try chauthtok("enforce_for_root retry=2", answers: [Self.strong, Self.strong + "x", Self.strong, Self.strong])
        XCTAssertEqual(again.status, 0, again.all)
    }

    func testRootIsOnlyWarnedUnlessEnforceForRoot() throws {
        try Requirement.requireRoot("the root rule (enforce_for_root)")
        let warned = try chauthtok("", answers: ["password1", "password1"])
        XCTAssertEqual(warned.status, 0, warned.all)
        XCTAssertTrue(warned.all.contains("BAD PASSWORD: The password is based on a dictionary word"), warned.all)

        let enforced = try chauthtok("enforce_for_root", answers: ["password1", "password1"])
        XCTAssertNotEqual(enforced.status, 0, enforced.all)
    }

    func testEnforcingZeroOnlyWarns() throws {
        let result = try chauthtok("enforce_for_root enforcing=0", answers: ["password1", "password1"])
        XCTAssertEqual(result.status, 0, result.all)
        XCTAssertTrue(result.all.contains("BAD PASSWORD:"), result.all)
    }

    func testBadArgumentIsServiceError() throws {
        for argument in ["minlen=zero", "no_such_setting=1", "retry=0"] {
            let result = try chauthtok("enforce_for_root \(argument)", answers: [Self.strong, Self.strong])
            XCTAssertNotEqual(result.status, 0, argument)
            // pam_strerror(PAM_SERVICE_ERR)
            XCTAssertTrue(result.all.contains("Error in service module"), "\(argument): \(result.all)")
        }
    }

    func testPwqualityArgumentsAreAccepted() throws {
        let line = "enforce_for_root retry=3 minlen=12 difok=3 ucredit=-1 dcredit=-1 authtok_type=UNIX dictpath=/x"
        let result = try chauthtok(line, answers: [Self.strong, Self.strong])
        XCTAssertEqual(result.status, 0, result.all)
        XCTAssertTrue(result.all.contains("New UNIX password:"), "authtok_type reaches libpam: \(result.all)")
    }

    func testMissingBreachDatabaseFollowsBreachDBMissing() throws {
        let missing = scratch.url.appendingPathComponent("absent.db").path
        let allowed = try chauthtok("enforce_for_root breach_db=\(missing)", answers: [Self.strong, Self.strong])
        XCTAssertEqual(allowed.status, 0, allowed.all)

        let rejected = try chauthtok("enforce_for_root breach_db=\(missing) breach_db_missing=reject", answers: [Self.strong])
        XCTAssertNotEqual(rejected.status, 0)
        XCTAssertTrue(rejected.all.contains(
            "BAD PASSWORD: The password cannot be checked against the list of breached passwords"), rejected.all)
    }

    func testUseAuthtokTakesThePasswordFromAnEarlierModule() throws {
        // No earlier module set PAM_AUTHTOK: with use_authtok, libpam does not prompt
        // and the change fails rather than asking the user.
        let result = try chauthtok("enforce_for_root use_authtok", answers: [Self.strong, Self.strong])
        XCTAssertNotEqual(result.status, 0, result.all)
        XCTAssertFalse(result.all.contains("New password:"), result.all)

        // pam_wrapper's pam_set_items plays the earlier module, setting PAM_AUTHTOK
        // (without libpam's "verified" mark, so libpam still asks for the retype,
        // as it would for pam_pwquality).
        let earlier = "password optional \(PamWrapper.setItemsModule)"
        let strong = try chauthtok("enforce_for_root use_authtok", answers: [Self.strong],
                                   environment: ["PAM_AUTHTOK": Self.strong], before: earlier)
        XCTAssertEqual(strong.status, 0, strong.all)
        XCTAssertFalse(strong.all.contains("New password:"), "use_authtok: no prompt for the new password: \(strong.all)")
        let weak = try chauthtok("enforce_for_root use_authtok", answers: [], environment: ["PAM_AUTHTOK": "password1"],
                                 before: earlier)
        XCTAssertNotEqual(weak.status, 0, weak.all)
        XCTAssertTrue(weak.all.contains("BAD PASSWORD: The password is based on a dictionary word"), weak.all)
    }

    func testUserNameAndGecosAreContext() throws {
        // "root" in the password: rejected as containing the user name.
        let result = try chauthtok("enforce_for_root", answers: ["xx-root-Quantum-77"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.all.contains("BAD PASSWORD: The password contains the user name in some form"), result.all)
    }

    func testDebugLogsDecisionsToSyslogButNeverThePassword() throws {
        // pam_wrapper shows what modules send to syslog at its debug level 3.
        let missing = scratch.url.appendingPathComponent("absent.db").path
        let result = try chauthtok("enforce_for_root debug breach_db=\(missing)", answers: ["password1"],
                                   environment: ["PAM_WRAPPER_DEBUGLEVEL": "3"])
        let syslog = result.all.split(separator: "\n").filter { $0.contains("SYSLOG(") }
        XCTAssertTrue(syslog.contains { $0.contains("user root: password rejected: dictionary_word") }, result.all)
        XCTAssertTrue(syslog.contains { $0.contains("breach_db:") && $0.contains("absent.db") }, result.all)
        XCTAssertFalse(syslog.contains { $0.contains("password1") }, "the password is never logged: \(syslog)")

        let quiet = try chauthtok("enforce_for_root", answers: ["password1"], environment: ["PAM_WRAPPER_DEBUGLEVEL": "3"])
        XCTAssertFalse(quiet.all.contains("password rejected"), "decisions are logged only with debug")
    }
}
