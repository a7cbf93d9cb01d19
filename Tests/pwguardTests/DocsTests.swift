import Foundation
import XCTest
import TestSupport
@testable import PasswordPolicy

/// Keeps the documentation in `docs/` in step with the code: every setting
/// and reason code is documented, the sample configuration file is valid and
/// at the defaults, and the man pages render without warnings.
final class DocsTests: XCTestCase {
    /// The package root, three levels above this file.
    private static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private static func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    private static func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }

    private static let manPages = ["docs/pwguard.1", "docs/pwguard.conf.5", "docs/pam_pwguard.8"]

    // MARK: Architecture

    /// docs/ARCHITECTURE.md, the map, names every target of Package.swift
    /// (as `name`), and the README links to it.
    func testArchitectureNamesEveryTarget() throws {
        let manifest = try Self.read("Package.swift")
        let map = try Self.read("docs/ARCHITECTURE.md")
        var targets: [String] = []
        for line in manifest.split(separator: "\n") where line.contains("Target(") || line.contains(".target(")
            || line.contains(".systemLibrary(") || line.contains(".executableTarget(") || line.contains(".testTarget(")
            || line.trimmingCharacters(in: .whitespaces).hasPrefix("name:") {
            guard let range = line.range(of: #"name: "([^"]+)""#, options: .regularExpression) else { continue }
            let name = line[range].dropFirst(7).dropLast()
            if name != "pwguard" || !targets.contains("pwguard") { targets.append(String(name)) }
        }
        XCTAssertGreaterThan(targets.count, 15, "targets read from Package.swift: \(targets)")
        for target in targets {
            XCTAssertTrue(map.contains("`\(target)`"), "docs/ARCHITECTURE.md does not name the target \(target)")
        }
        XCTAssertTrue(try Self.read("README.md").contains("docs/ARCHITECTURE.md"))
    }

    // MARK: Settings

    /// (a) Every setting is described in pwguard.conf(5), as a `.TP` entry, in
    /// the order of `Settings.known` (the documentation order).
    func testEverySettingIsInTheManPage() throws {
        let terms = Self.definedTerms(inManPage: try Self.read("docs/pwguard.conf.5"))
        let names = Settings.known.map(\.name)
        for name in names {
            XCTAssertTrue(terms.contains(name), "setting '\(name)' has no entry in docs/pwguard.conf.5")
        }
        XCTAssertEqual(terms.filter(names.contains), names,
                       "docs/pwguard.conf.5 should describe the settings once each, in the order of Settings.known")
    }

    /// (a) Every setting is in the sample file, once, as a commented-out assignment.
    func testEverySettingIsInTheSampleFile() throws {
        let assignments = Self.commentedAssignments(in: try Self.read("docs/pwguard.conf"))
        for descriptor in Settings.known {
            let count = assignments.filter { $0.name == descriptor.name }.count
            XCTAssertEqual(count, 1, "docs/pwguard.conf should have exactly one '# \(descriptor.name) = ...' line")
        }
        for assignment in assignments {
            XCTAssertNotNil(Settings.descriptor(named: assignment.name),
                            "docs/pwguard.conf mentions unknown setting '\(assignment.name)'")
        }
    }

    // MARK: Reason codes

    /// (b) Every reason code is described in pwguard.conf(5), as a `.TP`
    /// entry, in report order.
    func testEveryReasonCodeIsInTheManPage() throws {
        let terms = Self.definedTerms(inManPage: try Self.read("docs/pwguard.conf.5"))
        let codes = ReasonCode.allCases.map(\.rawValue)
        for code in codes {
            XCTAssertTrue(terms.contains(code), "reason code '\(code)' has no entry in docs/pwguard.conf.5")
        }
        XCTAssertEqual(terms.filter(codes.contains), codes,
                       "docs/pwguard.conf.5 should list the reason codes once each, in report order")
    }

    /// Every message a reason can carry is quoted in pwguard.conf(5), with
    /// `N` for the number in it.
    func testEveryReasonMessageIsInTheManPage() throws {
        let page = Self.plainText(ofManPage: try Self.read("docs/pwguard.conf.5"))
        for code in ReasonCode.allCases {
            for message in Self.messages(of: code) {
                XCTAssertTrue(page.contains(message),
                              "message of '\(code.rawValue)' missing from docs/pwguard.conf.5: \(message)")
            }
        }
    }

    /// Every message of `code`, numbers replaced by `N`. A switch, so that a
    /// new code does not compile until its messages are listed here.
    private static func messages(of code: ReasonCode) -> [String] {
        let n = 987_654
        let reasons: [Reason]
        switch code {
        case .tooLong: reasons = [.tooLong(n)]
        case .tooShort: reasons = [.tooShort(n)]
        case .sameAsOld: reasons = [.sameAsOld]
        case .caseChangeOnly: reasons = [.caseChangeOnly]
        case .rotated: reasons = [.rotated]
        case .similarToOld: reasons = [.similarToOld]
        case .breached: reasons = [.breached]
        case .userInfo: reasons = [.containsLogin, .containsRealName, .builtFromUserContext]
        case .badWord: reasons = [.badWord]
        case .palindrome: reasons = [.palindrome]
        case .dictionaryWord: reasons = [.dictionaryWord]
        case .tooFewDigits: reasons = [.tooFewDigits(n)]
        case .tooFewUppercase: reasons = [.tooFewUppercase(n)]
        case .tooFewLowercase: reasons = [.tooFewLowercase(n)]
        case .tooFewOthers: reasons = [.tooFewOthers(n)]
        case .tooFewClasses: reasons = [.tooFewClasses(n)]
        case .tooManyRepeats: reasons = [.tooManyRepeats(n)]
        case .tooLongSequence: reasons = [.tooLongSequence(n)]
        case .tooManyClassRepeats: reasons = [.tooManyClassRepeats(n)]
        case .tooGuessable: reasons = [.tooGuessable]
        case .breachDatabaseUnavailable: reasons = [.breachDatabaseUnavailable]
        }
        return reasons.map { $0.message.replacingOccurrences(of: String(n), with: "N") }
    }

    // MARK: The sample configuration file

    /// (c) The sample file is valid and changes nothing.
    func testSampleFileParsesToTheDefaults() throws {
        XCTAssertEqual(try Settings.load(configFile: Self.path("docs/pwguard.conf")), Settings())
    }

    /// The values shown in the sample file are the defaults: uncommenting
    /// every assignment still parses and still changes nothing.
    func testSampleFileUncommentedParsesToTheDefaults() throws {
        let text = try Self.read("docs/pwguard.conf")
        var uncommented = 0
        let lines = text.components(separatedBy: "\n").map { line -> String in
            guard let assignment = Self.commentedAssignment(line) else { return line }
            uncommented += 1
            return assignment.line
        }
        XCTAssertEqual(uncommented, Settings.known.count)
        XCTAssertEqual(try Settings.parse(text: lines.joined(separator: "\n"), source: "docs/pwguard.conf, uncommented"),
                       Settings())
    }

    /// A line `# name = value` (or `#name=value`) where `name` is a setting,
    /// as the line without its `#`.
    private static func commentedAssignment(_ line: String) -> (name: String, line: String)? {
        guard line.hasPrefix("#") else { return nil }
        let body = line.dropFirst().drop(while: { $0 == " " || $0 == "\t" })
        guard let equals = body.firstIndex(of: "=") else { return nil }
        let name = body[..<equals].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty,
              name.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
        else { return nil }
        return (name, String(body))
    }

    /// Every commented-out assignment of the sample file.
    private static func commentedAssignments(in text: String) -> [(name: String, line: String)] {
        text.components(separatedBy: "\n").compactMap(commentedAssignment)
    }

    // MARK: Rendering

    /// (d) The man pages render without a single groff warning.
    func testManPagesRenderWithoutWarnings() throws {
        let fileManager = FileManager.default
        for page in Self.manPages {
            let path = Self.path(page)
            let result: (status: Int32, errors: String)
            if fileManager.isExecutableFile(atPath: "/usr/bin/groff") {
                result = try Self.run("/usr/bin/groff", ["-man", "-Tutf8", "-ww", "-z", path])
            } else if let man = ["/usr/bin/man", "/bin/man"].first(where: fileManager.isExecutableFile) {
                result = try Self.run(man, ["--warnings", "-l", path])
            } else {
                throw Requirement.missing("neither groff nor man is installed (Debian package groff-base)")
            }
            XCTAssertEqual(result.status, 0, "\(page) failed to render: \(result.errors)")
            XCTAssertEqual(result.errors, "", "\(page) renders with warnings")
        }
    }

    /// Runs a program, discarding its output; returns its status and standard error.
    private static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["MANPAGER"] = "cat"
        environment["PAGER"] = "cat"
        environment["MANWIDTH"] = "80"
        process.environment = environment
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        // Read before waiting, so that a full pipe cannot block the child.
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    // MARK: Reading man pages

    /// The terms a man page defines: the first word of each `.TP` tag, in
    /// page order, with macros, quotes and font changes removed.
    private static func definedTerms(inManPage text: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        var terms: [String] = []
        for (index, line) in lines.enumerated() where line == ".TP" || line.hasPrefix(".TP ") {
            guard index + 1 < lines.count else { continue }
            var tag = Substring(lines[index + 1])
            if tag.hasPrefix(".") { tag = tag.drop(while: { $0 != " " }) }
            let words = plainText(ofManPage: String(tag))
                .replacingOccurrences(of: "\"", with: " ")
                .split(whereSeparator: { $0 == " " || $0 == "\t" })
            if let first = words.first { terms.append(String(first)) }
        }
        return terms
    }

    /// The text of roff source with the escapes the pages use replaced by
    /// what they print, so that messages can be searched for.
    private static func plainText(ofManPage text: String) -> String {
        var result = text
        for font in ["\\fB", "\\fI", "\\fR", "\\fP", "\\c", "\\&", "\\%"] {
            result = result.replacingOccurrences(of: font, with: "")
        }
        let glyphs = ["\\-": "-", "\\(aq": "'", "\\(lq": "\"", "\\(rq": "\"", "\\(ha": "^", "\\~": " "]
        for (escape, glyph) in glyphs {
            result = result.replacingOccurrences(of: escape, with: glyph)
        }
        return result
    }
}
