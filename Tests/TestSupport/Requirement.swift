import Foundation
import XCTest

/// What a test needs from the machine it runs on: a tool, a privilege.
///
/// On a developer's machine a test whose need is not met is skipped, with
/// the reason. Under CI (`CI=true`) it fails instead, naming what is
/// missing: CI runs on a fresh root where `make deps` installed everything
/// and the tests run as root, so a skip there would hide a missing install
/// step or a test that never runs.
public enum Requirement {
    /// True when the tests run under CI (the environment has `CI=true`).
    public static var underCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The error to throw from a test that cannot run because `what` is
    /// missing: an `XCTSkip`, or under CI an error that fails the test.
    public static func missing(_ what: String) -> any Error {
        underCI ? Unmet(description: "CI=true and this test cannot run: \(what)") : XCTSkip(what)
    }

    /// Throws `missing(what)` unless `condition` holds.
    public static func require(_ condition: Bool, _ what: @autoclosure () -> String) throws {
        if !condition { throw missing(what()) }
    }

    /// Throws unless the tests run as root; `purpose` says what needs it.
    public static func requireRoot(_ purpose: String) throws {
        try require(geteuid() == 0, "\(purpose) needs root")
    }

    /// Throws unless `path` is an executable file; `package` is the Debian
    /// package that provides it (in the Makefile's DEB_PACKAGES).
    public static func requireExecutable(_ path: String, package: String) throws {
        try require(FileManager.default.isExecutableFile(atPath: path),
                    "\(path) is missing (Debian package \(package); `make deps` installs it)")
    }

    /// A need that was not met under CI: thrown, it fails the test.
    public struct Unmet: Error, CustomStringConvertible {
        public let description: String
    }
}
