import CPAM
import Foundation
import PasswordPolicy
import XCTest

/// A scripted PAM conversation: answers prompts in order and records every
/// message, as a terminal would show it.
final class ScriptedConversation {
    private var answers: [String]
    private(set) var transcript: [String] = []

    init(answers: [String]) { self.answers = answers }

    /// The C conversation function; `appdata` is an unretained ScriptedConversation.
    static let function: @convention(c) (
        Int32, UnsafeMutablePointer<UnsafePointer<pam_message>?>?,
        UnsafeMutablePointer<UnsafeMutablePointer<pam_response>?>?, UnsafeMutableRawPointer?
    ) -> Int32 = { count, messages, responses, appdata in
        guard let messages, let responses, let appdata, count > 0 else { return PAM_CONV_ERR }
        let conversation = Unmanaged<ScriptedConversation>.fromOpaque(appdata).takeUnretainedValue()
        guard let replies = calloc(Int(count), MemoryLayout<pam_response>.stride)?
            .bindMemory(to: pam_response.self, capacity: Int(count)) else { return PAM_BUF_ERR }
        for index in 0..<Int(count) {
            guard let message = messages[index]?.pointee else { continue }
            let text = message.msg.map { String(cString: $0) } ?? ""
            conversation.transcript.append(text)
            if message.msg_style == PAM_PROMPT_ECHO_OFF || message.msg_style == PAM_PROMPT_ECHO_ON {
                guard !conversation.answers.isEmpty else {
                    free(replies)
                    return PAM_CONV_ERR
                }
                replies[index].resp = strdup(conversation.answers.removeFirst())
            }
        }
        responses.pointee = replies
        return PAM_SUCCESS
    }
}

/// One PAM transaction in this process, as passwd runs it.
enum PamSession {
    /// pam_start_confdir + pam_chauthtok + pam_end; returns the code and the transcript.
    static func chauthtok(confdir: String, service: String, user: String,
                          answers: [String]) -> (code: Int32, transcript: [String]) {
        let conversation = ScriptedConversation(answers: answers)
        var conv = pam_conv(conv: ScriptedConversation.function,
                            appdata_ptr: Unmanaged.passUnretained(conversation).toOpaque())
        var handle: OpaquePointer?
        let started = pam_start_confdir(service, user, &conv, confdir, &handle)
        guard started == PAM_SUCCESS, let handle else { return (started, []) }
        let code = pam_chauthtok(handle, 0)
        pam_end(handle, code)
        return withExtendedLifetime(conversation) { (code, conversation.transcript) }
    }
}

/// Drives pam_pwguard.so inside this process through libpam's
/// pam_start_confdir, as passwd or sshd would, and checks the exact
/// messages and return codes.
final class InProcessPamTests: XCTestCase {
    static let strong = "Correct-Horse-42x-Battery"
    var scratch: ScratchDirectory!

    override func setUpWithError() throws {
        try BuiltProducts.require(BuiltProducts.module)
        scratch = try ScratchDirectory("pam-inprocess")
        try writeService(arguments: "enforce_for_root retry=2")
    }

    override func tearDown() { scratch = nil }

    func writeService(_ name: String = "pwtest", arguments: String, before: String = "") throws {
        try scratch.write(name, """
            \(before)
            password requisite \(BuiltProducts.module) conf=/dev/null \(arguments)
            password required pam_permit.so

            """)
    }

    func chauthtok(_ answers: [String], user: String = "root") -> (code: Int32, transcript: [String]) {
        PamSession.chauthtok(confdir: scratch.path, service: "pwtest", user: user, answers: answers)
    }

    func testExactMessagesAndCodes() {
        let accepted = chauthtok([Self.strong, Self.strong])
        XCTAssertEqual(accepted.code, PAM_SUCCESS)
        XCTAssertEqual(accepted.transcript, ["New password: ", "Retype new password: "])

        let rejected = chauthtok(["abc", "password1"])
        XCTAssertEqual(rejected.code, PAM_MAXTRIES)
        XCTAssertEqual(rejected.transcript, [
            "New password: ", "BAD PASSWORD: The password is shorter than 8 characters",
            "New password: ", "BAD PASSWORD: The password is based on a dictionary word",
        ])

        let mismatch = chauthtok([Self.strong, "other", Self.strong, Self.strong])
        XCTAssertEqual(mismatch.code, PAM_SUCCESS)
        XCTAssertEqual(mismatch.transcript, [
            "New password: ", "Retype new password: ", "Sorry, passwords do not match.",
            "New password: ", "Retype new password: ",
        ])
    }

    func testOneRetryGivesAuthtokError() throws {
        try writeService(arguments: "enforce_for_root")
        let result = chauthtok(["password1"])
        XCTAssertEqual(result.code, PAM_AUTHTOK_ERR)
        // A retype that differs, with one attempt: libpam's own code, as pam_pwquality returns it.
        XCTAssertEqual(chauthtok([Self.strong, "other"]).code, PAM_TRY_AGAIN)
    }

    func testBadArgumentGivesServiceError() throws {
        try writeService(arguments: "minlen=abc")
        XCTAssertEqual(chauthtok([Self.strong, Self.strong]).code, PAM_SERVICE_ERR)
    }

    /// Every setting of pwguard.conf(5) is a module argument.
    func testEverySettingIsAcceptedAsAnArgument() throws {
        // use_authtok needs an earlier module to supply the password (tested in PamtesterTests).
        for descriptor in Settings.known where descriptor.name != "use_authtok" {
            let argument: String
            switch descriptor.kind {
            case .integer(let range): argument = "\(descriptor.name)=\(Settings().integerValue(named: descriptor.name) ?? range.lowerBound)"
            case .decimal: argument = "\(descriptor.name)=10"
            case .boolean: argument = "\(descriptor.name)=1"
            case .flag: argument = descriptor.name
            case .string: argument = "\(descriptor.name)="
            case .list: argument = "\(descriptor.name)=acme"
            case .choice(let choices): argument = "\(descriptor.name)=\(choices.first ?? "")"
            }
            try writeService(arguments: "enforce_for_root \(argument)")
            let result = chauthtok([Self.strong, Self.strong])
            XCTAssertEqual(result.code, PAM_SUCCESS, "\(argument): \(result.transcript)")
        }
    }

    func testOldPasswordIsContext() throws {
        // Applications may not set PAM_OLDAUTHTOK; pam_wrapper's pam_set_items
        // module sets it from the environment, as pam_unix would after
        // asking for the current password.
        try PamWrapper.require()
        try writeService(arguments: "enforce_for_root difok=5",
                         before: "password optional \(PamWrapper.setItemsModule)")
        setenv("PAM_OLDAUTHTOK", Self.strong, 1)
        defer { unsetenv("PAM_OLDAUTHTOK") }
        let result = chauthtok([Self.strong + "1"])
        XCTAssertEqual(result.code, PAM_AUTHTOK_ERR)
        XCTAssertEqual(result.transcript.count, 2)
        XCTAssertTrue(result.transcript.last?.hasPrefix("BAD PASSWORD: ") ?? false, "\(result.transcript)")
    }

    func testLocalUsersOnlyIgnoresUsersNotInPasswd() throws {
        try writeService(arguments: "enforce_for_root local_users_only")
        // Not in /etc/passwd: pam_pwguard ignores the change, pam_permit allows it.
        let remote = chauthtok([], user: "no-such-user-\(getpid())")
        XCTAssertEqual(remote.code, PAM_SUCCESS)
        XCTAssertEqual(remote.transcript, [])
        XCTAssertEqual(chauthtok(["password1"]).code, PAM_AUTHTOK_ERR, "root is local and checked")
    }

    /// 16 threads × 200 rounds of pam_start/pam_chauthtok/pam_end in one
    /// process: every round gives the expected code, and the process does
    /// not grow beyond a bound (the module is loaded once and stays: -z nodelete).
    func testSixteenThreadsTwoHundredRounds() throws {
        try writeService(arguments: "enforce_for_root")
        _ = chauthtok([Self.strong, Self.strong])   // load the module once before measuring
        let before = residentBytes()
        let threads = 16, rounds = 200
        let failures = ManagedCounter()
        let group = DispatchGroup()
        let confdir = scratch.path, strong = Self.strong
        for thread in 0..<threads {
            group.enter()
            let worker = Thread {
                for round in 0..<rounds {
                    let weak = (round + thread) % 2 == 0
                    let answers = weak ? ["password1"] : [strong, strong]
                    let result = PamSession.chauthtok(confdir: confdir, service: "pwtest", user: "root", answers: answers)
                    if result.code != (weak ? PAM_AUTHTOK_ERR : PAM_SUCCESS) { failures.add() }
                }
                group.leave()
            }
            worker.stackSize = 1 << 20
            worker.start()
        }
        group.wait()
        let growth = residentBytes() - before
        XCTAssertEqual(failures.value, 0)
        XCTAssertLessThan(growth, 32 << 20, "resident memory grew by \(growth >> 20) MiB over \(threads * rounds) rounds")
    }

    private func residentBytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = statm.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }
}

/// A counter shared by threads.
final class ManagedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
}
