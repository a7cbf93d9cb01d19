import Foundation
import XCTest
import TestSupport

/// The products `make lib` leaves in .build/release, which these tests
/// exercise as a user's system would (`make test` builds them first).
enum BuiltProducts {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let release = packageRoot.appendingPathComponent(".build/release")
    static var module: String { release.appendingPathComponent("pam_pwguard.so").path }
    static var sharedLibrary: String { release.appendingPathComponent("libpwguard.so.1").path }
    static var staticLibrary: String { release.appendingPathComponent("libpwguard.a").path }

    /// Fails the test unless `path` was built.
    static func require(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            XCTFail("\(path) is missing: run `make lib` (make test does)", file: file, line: line)
            throw XCTSkip("not built")
        }
    }
}

/// A directory removed when the object goes.
final class ScratchDirectory {
    let url: URL
    var path: String { url.path }

    init(_ name: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("pwguard-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }
}

/// What a command printed and how it exited.
typealias CommandResult = CommandOutput

/// Runs `executable` with `arguments`, `input` on standard input, and extra
/// environment variables (``Command/run(_:_:in:input:environment:)``; the
/// scratch directory only ties the call to the test's files).
func runCommand(_ executable: String, _ arguments: [String], input: String = "",
                environment: [String: String] = [:], in directory: ScratchDirectory) throws -> CommandResult {
    try Command.run(executable, arguments, input: input, environment: environment)
}

/// The path of a tool the tests need; a missing one fails the test (`make
/// deps` installs them all).
func requireExecutable(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
    guard let found = findExecutable(name) else {
        XCTFail("\(name) is not installed: run `make deps`", file: file, line: line)
        throw XCTSkip("missing \(name)")
    }
    return found
}

/// pam_wrapper's library and modules (Debian's libpam-wrapper).
enum PamWrapper {
    static let directory = "/usr/lib/x86_64-linux-gnu"
    static var library: String { "\(directory)/libpam_wrapper.so" }
    static var setItemsModule: String { "\(directory)/pam_wrapper/pam_set_items.so" }

    static func require(file: StaticString = #filePath, line: UInt = #line) throws {
        guard FileManager.default.fileExists(atPath: library) else {
            XCTFail("libpam-wrapper is not installed: run `make deps`", file: file, line: line)
            throw XCTSkip("missing libpam-wrapper")
        }
    }
}

/// The first of `names` found on PATH (or at an absolute path).
func findExecutable(_ names: String...) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for name in names {
        if name.hasPrefix("/") { if FileManager.default.isExecutableFile(atPath: name) { return name }; continue }
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
        for directory in directories {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
    }
    return nil
}
