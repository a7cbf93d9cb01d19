import Foundation
import XCTest
@testable import PasswordPolicy

final class ConfigParserTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pwguard-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes `contents` to a file under the test directory and returns its path.
    @discardableResult
    private func write(_ name: String, _ contents: String) throws -> String {
        try write(name, bytes: Array(contents.utf8))
    }

    @discardableResult
    private func write(_ name: String, bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    private var missingFile: String { directory.appendingPathComponent("absent.conf").path }
    private var missingDirectory: String { directory.appendingPathComponent("absent.d").path }

    /// The error thrown by `body`, failing the test when there is none.
    private func error(_ body: () throws(ConfigError) -> Settings,
                       file: StaticString = #filePath, line: UInt = #line) -> ConfigError? {
        do {
            let settings = try body()
            XCTFail("expected an error, got \(settings)", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    private func parseError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        error({ () throws(ConfigError) in try Settings.parse(text: text, source: "/etc/t.conf") },
              file: file, line: line)?.description ?? ""
    }

    // MARK: Defaults

    func testDefaultsFollowNIST() {
        let settings = Settings()
        XCTAssertEqual(settings.minLength, 8)
        XCTAssertEqual(settings.maxLength, 1024)
        XCTAssertEqual(settings.minGuessesLog10, 10)
        XCTAssertEqual([settings.digitCredit, settings.uppercaseCredit, settings.lowercaseCredit,
                        settings.otherCredit, settings.minClasses], [0, 0, 0, 0, 0])
        XCTAssertEqual([settings.maxRepeat, settings.maxSequence, settings.maxClassRepeat], [0, 0, 0])
        XCTAssertEqual(settings.differentCharacters, 1)
        XCTAssertTrue(settings.userCheck)
        XCTAssertEqual(settings.userSubstring, 0)
        XCTAssertFalse(settings.gecosCheck)
        XCTAssertTrue(settings.dictionaryCheck)
        XCTAssertEqual(settings.badWords, [])
        XCTAssertFalse(settings.enforceForRoot)
        XCTAssertEqual(settings.retry, 1)
        XCTAssertFalse(settings.localUsersOnly)
        XCTAssertTrue(settings.enforcing)
        XCTAssertFalse(settings.debug)
        XCTAssertFalse(settings.useAuthtok)
    }

    func testTableNamesAreUniqueAndAllParse() throws {
        let names = Settings.known.map(\.name)
        XCTAssertEqual(Set(names).count, names.count)
        for descriptor in Settings.known {
            let line: String
            switch descriptor.kind {
            case .integer(let range): line = "\(descriptor.name) = \(range.upperBound)"
            case .decimal(let range): line = "\(descriptor.name) = \(range.upperBound)"
            case .boolean: line = "\(descriptor.name) = 1"
            case .flag: line = descriptor.name
            case .string, .list: line = "\(descriptor.name) = some words"
            case .choice(let words): line = "\(descriptor.name) = \(words.last ?? "")"
            }
            // minlen's upper bound needs max_length raised with it.
            XCTAssertNoThrow(try Settings.parse(text: "max_length = 4096\n" + line), line)
            XCTAssertFalse(descriptor.summary.isEmpty)
        }
    }

    // MARK: Syntax

    func testEverySyntax() throws {
        let text = """
            # a whole-line comment
              # an indented comment

            minlen = 12
            dcredit=-1
            \tucredit\t=\t-2\t
            lcredit =-1 # trailing comment
            ocredit= 1\t# trailing comment after a tab
            enforce_for_root
            local_users_only   # flag with a comment
            badwords = Acme  c#  rocket
            min_guesses_log10 = 12.5
            dictpath = /usr/share/cracklib/pw_dict
            usercheck = 0
            gecoscheck = 1
            debug
            """
        let settings = try Settings.parse(text: text)
        XCTAssertEqual(settings.minLength, 12)
        XCTAssertEqual(settings.digitCredit, -1)
        XCTAssertEqual(settings.uppercaseCredit, -2)
        XCTAssertEqual(settings.lowercaseCredit, -1)
        XCTAssertEqual(settings.otherCredit, 1)
        XCTAssertTrue(settings.enforceForRoot)
        XCTAssertTrue(settings.localUsersOnly)
        XCTAssertEqual(settings.badWords, ["Acme", "c#", "rocket"])
        XCTAssertEqual(settings.minGuessesLog10, 12.5)
        XCTAssertFalse(settings.userCheck)
        XCTAssertTrue(settings.gecosCheck)
        XCTAssertTrue(settings.debug)
        XCTAssertFalse(settings.useAuthtok)
    }

    func testCRLFLinesAndLaterAssignmentWins() throws {
        let settings = try Settings.parse(text: "minlen = 10\r\nminlen = 14\r\nretry = 3\r\n")
        XCTAssertEqual(settings.minLength, 14)
        XCTAssertEqual(settings.retry, 3)
    }

    func testFlagAcceptsZeroOrOne() throws {
        XCTAssertFalse(try Settings.parse(text: "enforce_for_root\nenforce_for_root = 0").enforceForRoot)
        XCTAssertTrue(try Settings.parse(text: "enforce_for_root = 1").enforceForRoot)
    }

    func testEmptyBadwordsClearsTheList() throws {
        XCTAssertEqual(try Settings.parse(text: "badwords = a b\nbadwords =").badWords, [])
    }

    func testSignedIntegers() throws {
        XCTAssertEqual(try Settings.parse(text: "dcredit = +3").digitCredit, 3)
        XCTAssertEqual(try Settings.parse(text: "dcredit = -256").digitCredit, -256)
    }

    // MARK: Errors

    func testUnknownSetting() {
        XCTAssertEqual(parseError("minlen = 9\n\nfoo = 1\n"), "/etc/t.conf:3: unknown setting 'foo'")
        XCTAssertEqual(parseError("min len = 9"), "/etc/t.conf:1: unknown setting 'min len'")
        XCTAssertEqual(parseError("MINLEN = 9"), "/etc/t.conf:1: unknown setting 'MINLEN'")
    }

    func testBadIntegers() {
        XCTAssertEqual(parseError("minlen = x"), "/etc/t.conf:1: setting 'minlen' expects an integer, not 'x'")
        XCTAssertEqual(parseError("minlen = 8.5"), "/etc/t.conf:1: setting 'minlen' expects an integer, not '8.5'")
        XCTAssertEqual(parseError("minlen = 0x10"), "/etc/t.conf:1: setting 'minlen' expects an integer, not '0x10'")
        XCTAssertEqual(parseError("minlen = 99999999999999999999999"),
                       "/etc/t.conf:1: setting 'minlen' expects an integer, not '99999999999999999999999'")
        XCTAssertEqual(parseError("minlen = -"), "/etc/t.conf:1: setting 'minlen' expects an integer, not '-'")
        XCTAssertEqual(parseError("minlen = 8 9"), "/etc/t.conf:1: setting 'minlen' expects an integer, not '8 9'")
    }

    func testOutOfRange() {
        XCTAssertEqual(parseError("max_length = 10"),
                       "/etc/t.conf:1: setting 'max_length' must be between 64 and 4096, not 10")
        XCTAssertEqual(parseError("max_length = 5000"),
                       "/etc/t.conf:1: setting 'max_length' must be between 64 and 4096, not 5000")
        XCTAssertEqual(parseError("minclass = 5"), "/etc/t.conf:1: setting 'minclass' must be between 0 and 4, not 5")
        XCTAssertEqual(parseError("retry = 0"), "/etc/t.conf:1: setting 'retry' must be between 1 and 100, not 0")
        XCTAssertEqual(parseError("min_guesses_log10 = 31"),
                       "/etc/t.conf:1: setting 'min_guesses_log10' must be between 0 and 30, not '31'")
        XCTAssertEqual(parseError("min_guesses_log10 = -0.5"),
                       "/etc/t.conf:1: setting 'min_guesses_log10' must be between 0 and 30, not '-0.5'")
    }

    func testBadDecimals() {
        for value in ["nan", "inf", "1e5", "0x1p3", "1.2.3", ".", "ten"] {
            XCTAssertEqual(parseError("min_guesses_log10 = \(value)"),
                           "/etc/t.conf:1: setting 'min_guesses_log10' expects a number, not '\(value)'")
        }
    }

    func testMissingValue() {
        XCTAssertEqual(parseError("minlen"), "/etc/t.conf:1: setting 'minlen' needs a value")
        XCTAssertEqual(parseError("minlen ="), "/etc/t.conf:1: setting 'minlen' needs a value")
        XCTAssertEqual(parseError("usercheck = # comment"), "/etc/t.conf:1: setting 'usercheck' needs a value")
        XCTAssertEqual(parseError("min_guesses_log10"), "/etc/t.conf:1: setting 'min_guesses_log10' needs a value")
        XCTAssertEqual(parseError("badwords"), "/etc/t.conf:1: setting 'badwords' needs a value")
        XCTAssertEqual(parseError("= 5"), "/etc/t.conf:1: missing setting name before '='")
    }

    func testBadBooleanAndFlagValues() {
        XCTAssertEqual(parseError("usercheck = yes"), "/etc/t.conf:1: setting 'usercheck' expects 0 or 1, not 'yes'")
        XCTAssertEqual(parseError("dictcheck = 2"), "/etc/t.conf:1: setting 'dictcheck' expects 0 or 1, not '2'")
        XCTAssertEqual(parseError("enforce_for_root = yes"),
                       "/etc/t.conf:1: setting 'enforce_for_root' is a flag: give it alone, or as 0 or 1, not 'yes'")
        XCTAssertEqual(parseError("debug ="),
                       "/etc/t.conf:1: setting 'debug' is a flag: give it alone, or as 0 or 1, not ''")
    }

    func testHashWithoutWhitespaceIsPartOfTheValue() {
        XCTAssertEqual(parseError("minlen = 8#comment"),
                       "/etc/t.conf:1: setting 'minlen' expects an integer, not '8#comment'")
    }

    func testMinlenAboveMaxLengthBlamesTheLaterLine() {
        XCTAssertEqual(parseError("max_length = 64\n#\nminlen = 100\n"),
                       "/etc/t.conf:3: minlen 100 is greater than max_length 64")
        XCTAssertEqual(parseError("minlen = 100\nmax_length = 64\n"),
                       "/etc/t.conf:2: minlen 100 is greater than max_length 64")
    }

    func testLongValuesAndControlCharactersAreQuotedSafely() {
        let long = String(repeating: "x", count: 200)
        XCTAssertEqual(parseError("minlen = \(long)"),
                       "/etc/t.conf:1: setting 'minlen' expects an integer, not '\(String(repeating: "x", count: 60))…'")
        XCTAssertEqual(parseError("minlen = a\u{1B}[2J"),
                       "/etc/t.conf:1: setting 'minlen' expects an integer, not 'a?[2J'")
    }

    func testInvalidUTF8AndNULInAFile() throws {
        let invalid = try write("bad.conf", bytes: Array("minlen = 9\nbadwords = caf".utf8) + [0xE9] + Array("\n".utf8))
        XCTAssertEqual(error({ () throws(ConfigError) in try Settings.load(configFile: invalid) })?.description,
                       "\(invalid):2: is not valid UTF-8")
        let overlong = try write("overlong.conf", bytes: Array("badwords = ".utf8) + [0xC0, 0xAF])
        XCTAssertEqual(error({ () throws(ConfigError) in try Settings.load(configFile: overlong) })?.description,
                       "\(overlong):1: is not valid UTF-8")
        let nul = try write("nul.conf", bytes: Array("# ok\n\nminlen = 9".utf8) + [0] + Array("\n".utf8))
        XCTAssertEqual(error({ () throws(ConfigError) in try Settings.load(configFile: nul) })?.description,
                       "\(nul):3: contains a NUL byte")
        XCTAssertEqual(parseError("minlen = 9\u{0}"), "/etc/t.conf:1: contains a NUL byte")
    }

    func testValidUTF8IsAccepted() throws {
        XCTAssertEqual(try Settings.parse(text: "badwords = café 東京 🙂").badWords, ["café", "東京", "🙂"])
    }

    // MARK: Files

    func testMissingDefaultFilesGiveDefaults() throws {
        let settings = try Settings.load(defaultConfigFile: missingFile, defaultConfigDirectory: missingDirectory)
        XCTAssertEqual(settings, Settings())
    }

    func testMissingExplicitFileIsAnError() {
        let path = missingFile
        XCTAssertEqual(error({ () throws(ConfigError) in try Settings.load(configFile: path) })?.description,
                       "\(path): cannot open: No such file or directory")
    }

    func testDirectoryAsConfigFileIsAnError() {
        let path = directory.path
        XCTAssertEqual(error({ () throws(ConfigError) in try Settings.load(configFile: path) })?.description,
                       "\(path): is a directory")
    }

    func testDevNullAsExplicitFileIsEmpty() throws {
        XCTAssertEqual(try Settings.load(configFile: "/dev/null"), Settings())
    }

    func testSpecialFileAsDefaultFileIsAnError() {
        XCTAssertEqual(error({ () throws(ConfigError) in
            try Settings.load(defaultConfigFile: "/dev/null", defaultConfigDirectory: missingDirectory)
        })?.description, "/dev/null: is not a regular file")
    }

    func testDirectoryAsDefaultFileIsAnError() {
        let path = directory.path
        XCTAssertEqual(error({ () throws(ConfigError) in
            try Settings.load(defaultConfigFile: path, defaultConfigDirectory: missingDirectory)
        })?.description, "\(path): is a directory")
    }

    func testOversizedFileIsAnError() throws {
        let path = try write("huge.conf", bytes: [UInt8](repeating: UInt8(ascii: "#"), count: (1 << 20) + 1))
        XCTAssertEqual(error({ () throws(ConfigError) in try Settings.load(configFile: path) })?.description,
                       "\(path): is larger than 1048576 bytes")
        let fits = try write("fits.conf", bytes: [UInt8](repeating: UInt8(ascii: "#"), count: 1 << 20))
        XCTAssertNoThrow(try Settings.load(configFile: fits))
    }

    func testDropInOrderAndOverrides() throws {
        let main = try write("pwguard.conf", "minlen = 9\nretry = 2\nbadwords = main\n")
        let dropIns = directory.appendingPathComponent("pwguard.conf.d").path
        // Byte order: "10-" sorts before "2-", and upper case before lower case.
        try write("pwguard.conf.d/2-later.conf", "minlen = 11\nmaxrepeat = 2\n")
        try write("pwguard.conf.d/10-first.conf", "minlen = 10\nmaxrepeat = 1\nmaxsequence = 4\n")
        try write("pwguard.conf.d/Z-upper.conf", "maxsequence = 5\n")
        try write("pwguard.conf.d/a-lower.conf", "maxsequence = 6\n")
        // Ignored: wrong suffix, hidden, a directory named like a drop-in.
        try write("pwguard.conf.d/zz.conf.bak", "minlen = x\n")
        try write("pwguard.conf.d/.hidden.conf", "minlen = x\n")
        try write("pwguard.conf.d/README", "nonsense\n")
        try FileManager.default.createDirectory(
            atPath: dropIns + "/dir.conf", withIntermediateDirectories: true)

        let settings = try Settings.load(overrides: ["retry=5", "minlen=13", "enforce_for_root"],
                                         defaultConfigFile: main, defaultConfigDirectory: dropIns)
        XCTAssertEqual(settings.minLength, 13)
        XCTAssertEqual(settings.retry, 5)
        XCTAssertEqual(settings.maxRepeat, 2)
        XCTAssertEqual(settings.maxSequence, 6)
        XCTAssertEqual(settings.badWords, ["main"])
        XCTAssertTrue(settings.enforceForRoot)

        let withoutOverrides = try Settings.load(defaultConfigFile: main, defaultConfigDirectory: dropIns)
        XCTAssertEqual(withoutOverrides.minLength, 11)
        XCTAssertEqual(withoutOverrides.retry, 2)
    }

    func testDropInsWithoutMainFile() throws {
        let dropIns = directory.appendingPathComponent("only.d").path
        try write("only.d/50-site.conf", "minlen = 15\n")
        let settings = try Settings.load(defaultConfigFile: missingFile, defaultConfigDirectory: dropIns)
        XCTAssertEqual(settings.minLength, 15)
    }

    func testErrorInDropInNamesItsFileAndLine() throws {
        let dropIns = directory.appendingPathComponent("err.d").path
        let bad = try write("err.d/20-bad.conf", "# site policy\nminlen = 12\nmaxrepeat = lots\n")
        XCTAssertEqual(
            error({ () throws(ConfigError) in
                try Settings.load(defaultConfigFile: missingFile, defaultConfigDirectory: dropIns)
            })?.description,
            "\(bad):3: setting 'maxrepeat' expects an integer, not 'lots'")
    }

    func testExplicitFileSkipsDropIns() throws {
        let explicit = try write("explicit.conf", "minlen = 20\n")
        let dropIns = directory.appendingPathComponent("skip.d").path
        try write("skip.d/99.conf", "minlen = 30\nfoo = bar\n")
        let settings = try Settings.load(configFile: explicit, defaultConfigFile: missingFile,
                                         defaultConfigDirectory: dropIns)
        XCTAssertEqual(settings.minLength, 20)
    }

    func testOverrideErrorsNameTheArgument() {
        func overrideError(_ argument: String) -> String {
            error({ () throws(ConfigError) in
                try Settings.load(overrides: [argument], defaultConfigFile: missingFile,
                                  defaultConfigDirectory: missingDirectory)
            })?.description ?? ""
        }
        XCTAssertEqual(overrideError("minlen=x"), "argument 'minlen=x': setting 'minlen' expects an integer, not 'x'")
        XCTAssertEqual(overrideError("nosuch=1"), "argument 'nosuch=1': unknown setting 'nosuch'")
        XCTAssertEqual(overrideError("minlen"), "argument 'minlen': setting 'minlen' needs a value")
        XCTAssertEqual(overrideError(""), "argument '': missing setting name")
        XCTAssertEqual(overrideError("=3"), "argument '=3': missing setting name before '='")
        XCTAssertEqual(overrideError("minlen=2000"),
                       "argument 'minlen=2000': minlen 2000 is greater than max_length 1024")
    }

    func testOverrideValuesKeepHashes() throws {
        let settings = try Settings.load(overrides: ["badwords=c# f#"], defaultConfigFile: missingFile,
                                         defaultConfigDirectory: missingDirectory)
        XCTAssertEqual(settings.badWords, ["c#", "f#"])
    }

    func testUnreadableFileIsAnErrorNotSkipped() throws {
        let path = try write("secret.conf", "minlen = 20\n")
        chmod(path, 0)
        // Root reads any file: as root, this thread alone gives up the
        // file-access privilege for the load (a filesystem UID other than 0
        // clears CAP_DAC_OVERRIDE from the thread's effective set, and 0
        // brings it back), so the test runs the same for every user.
        // (setfsuid is not in Swift's Glibc module: found with dlsym.)
        let asRoot = geteuid() == 0
        typealias SetFSUID = @convention(c) (UInt32) -> Int32
        let setfsuid = unsafeBitCast(try XCTUnwrap(dlsym(nil, "setfsuid")), to: SetFSUID.self)
        if asRoot { _ = setfsuid(65534) }
        defer { if asRoot { _ = setfsuid(0) } }
        XCTAssertNotNil(error({ () throws(ConfigError) in
            try Settings.load(defaultConfigFile: path, defaultConfigDirectory: missingDirectory)
        }))
    }
}
