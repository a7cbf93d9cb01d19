import Foundation
import XCTest

/// The built `pwguard` binary, for tests that run it as a user would.
///
/// The test target cannot link an executable, so the binary is found in the
/// build products directory: next to the test bundle (where `swift test`
/// builds every product), or under the package's `.build/debug`.
enum PwguardBinary {
    /// The package root, three levels above this file.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let url: URL? = {
        let bundle = Bundle.main.bundleURL
        let candidates = [
            bundle.appendingPathComponent("pwguard"),
            bundle.deletingLastPathComponent().appendingPathComponent("pwguard"),
            packageRoot.appendingPathComponent(".build/debug/pwguard"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// The release build (`make cli`, `swift build -c release`), when there is one.
    static let releaseURL: URL? = {
        let release = packageRoot.appendingPathComponent(".build/release/pwguard")
        return FileManager.default.isExecutableFile(atPath: release.path) ? release : nil
    }()
}

/// What one run of `pwguard` printed and how it exited.
struct PwguardRun {
    var stdout: Data
    var stderr: Data
    var status: Int32
    var output: String { String(decoding: stdout, as: UTF8.self) }
    var errors: String { String(decoding: stderr, as: UTF8.self) }
    var lines: [String] { output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
}

extension PwguardBinary {
    /// Runs pwguard with `arguments`, feeding `input` on standard input.
    /// Files in `directory` rather than pipes carry the data, so large inputs
    /// cannot deadlock.
    static func run(_ arguments: [String], input: Data, in directory: URL) throws -> PwguardRun {
        guard let binary = url else {
            XCTFail("pwguard binary not found next to the tests; run `swift build` first")
            throw XCTSkip("no binary")
        }
        let id = UUID().uuidString
        let inURL = directory.appendingPathComponent("\(id).in")
        let outURL = directory.appendingPathComponent("\(id).out")
        let errURL = directory.appendingPathComponent("\(id).err")
        try input.write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        return PwguardRun(stdout: try Data(contentsOf: outURL), stderr: try Data(contentsOf: errURL),
                          status: process.terminationStatus)
    }
}
