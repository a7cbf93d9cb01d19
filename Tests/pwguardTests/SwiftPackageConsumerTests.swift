import Foundation
import XCTest
import TestSupport
import PasswordPolicy

/// A developer's package that depends on pwguard by version, as the README
/// shows: `.package(url: …, from: "X.Y.Z")` and `import PasswordPolicy`.
/// It builds only if no target it depends on has unsafe flags (SwiftPM
/// refuses those in a versioned dependency) and the library needs nothing
/// beyond what a Swift package can declare.
final class SwiftPackageConsumerTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    func testPackageDependingOnATaggedReleaseBuildsAndChecksPasswords() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("pwguard-consumer-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }

        // A clone of this repository holding the working tree's files (so
        // the test checks what is about to be committed), tagged with the
        // release number.
        let upstream = "\(work)/pwguard"
        try git(["clone", "--quiet", "--no-local", Self.packageRoot, upstream])
        let tracked = try git(["-C", Self.packageRoot, "ls-files", "-z"]).output.split(separator: "\0")
        for file in tracked {
            let source = "\(Self.packageRoot)/\(file)", copy = "\(upstream)/\(file)"
            try? FileManager.default.removeItem(atPath: copy)
            if FileManager.default.fileExists(atPath: source) {
                try FileManager.default.copyItem(atPath: source, toPath: copy)
            }
        }
        try git(["-C", upstream, "add", "-A"])
        try git(["-C", upstream, "commit", "--quiet", "--allow-empty", "-m", "working tree"])
        try git(["-C", upstream, "tag", Release.version])

        // The breach database the consumer opens: two passwords.
        let listed = "\(work)/breached.txt", database = "\(work)/breached.pwgdb"
        try "Correct-Horse-42x-Battery\nTr0ub4dor&3\n".write(toFile: listed, atomically: true, encoding: .utf8)
        let built = try PwguardBinary.run(["breach", "build", "--quiet", "--output", database, "--list", listed],
                                          input: Data(), in: URL(fileURLWithPath: work))
        XCTAssertEqual(built.status, 0, built.errors)

        let consumer = "\(work)/consumer"
        try FileManager.default.createDirectory(atPath: "\(consumer)/Sources/consumer", withIntermediateDirectories: true)
        try """
        // swift-tools-version: 6.1
        import PackageDescription

        let package = Package(
            name: "consumer",
            dependencies: [.package(url: "file://\(upstream)", from: "\(Release.version)")],
            targets: [.executableTarget(name: "consumer",
                                        dependencies: [.product(name: "PasswordPolicy", package: "pwguard")])]
        )
        """.write(toFile: "\(consumer)/Package.swift", atomically: true, encoding: .utf8)
        try Self.readmeExample.write(toFile: "\(consumer)/Sources/consumer/main.swift", atomically: true, encoding: .utf8)

        let build = try Command.run("swift", ["build", "--package-path", consumer, "--scratch-path", "\(work)/build"])
        XCTAssertEqual(build.status, 0, build.all)
        let run = try Command.run("\(work)/build/debug/consumer", [database])
        XCTAssertEqual(run.status, 0, run.all)
        XCTAssertEqual(run.output, """
            Tr0ub4dor&3: The password appears in a list of breached passwords
            jsmith1985!: The password contains the user name in some form; The password is too easy to guess
            upland-mucosa-polymer-tarsus: accepted

            """)
    }

    /// The example of the README's "Using pwguard from Swift" section (the
    /// test checks that the README carries it, so the two stay the same).
    static var readmeExample: String {
        get throws {
            let readme = try String(contentsOfFile: "\(packageRoot)/README.md", encoding: .utf8)
            let start = try XCTUnwrap(readme.range(of: "```swift\nimport PasswordPolicy\n"), "README has no Swift example")
            let end = try XCTUnwrap(readme.range(of: "```\n", range: start.upperBound..<readme.endIndex))
            return String(readme[readme.index(start.lowerBound, offsetBy: "```swift\n".count)..<end.lowerBound])
        }
    }

    @discardableResult
    private func git(_ arguments: [String]) throws -> CommandOutput {
        let result = try Command.run("git", ["-c", "user.name=pwguard tests", "-c", "user.email=tests@pwguard.invalid",
                                             "-c", "advice.detachedHead=false"] + arguments)
        XCTAssertEqual(result.status, 0, "git \(arguments.joined(separator: " ")): \(result.all)")
        return result
    }
}
