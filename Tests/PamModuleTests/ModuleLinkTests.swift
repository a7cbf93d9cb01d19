import Foundation
import XCTest
import TestSupport

/// pam_pwguard.so is safe to load into any PAM host: self-contained (the
/// Swift runtime linked in), exporting only the PAM entry points, bound
/// now and never unloaded.
final class ModuleLinkTests: XCTestCase {
    func testNeedsNoSwiftLibrariesAndExportsOnlyPamEntryPoints() throws {
        try BuiltProducts.require(BuiltProducts.module)
        let scratch = try ScratchDirectory("module-link")
        let ldd = try runCommand(try requireExecutable("ldd"), [BuiltProducts.module], in: scratch)
        XCTAssertEqual(ldd.status, 0, ldd.all)
        XCTAssertFalse(ldd.output.contains("swift"), ldd.output)
        XCTAssertFalse(ldd.output.contains("not found"), ldd.output)

        let nm = try runCommand(try requireExecutable("nm"), ["-D", "--defined-only", BuiltProducts.module], in: scratch)
        let exported = Set(nm.output.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) })
        XCTAssertEqual(exported, ["pam_sm_authenticate", "pam_sm_setcred", "pam_sm_acct_mgmt",
                                  "pam_sm_open_session", "pam_sm_close_session", "pam_sm_chauthtok"])

        let readelf = try runCommand(try requireExecutable("readelf"), ["-d", BuiltProducts.module], in: scratch)
        XCTAssertTrue(readelf.output.contains("BIND_NOW"), readelf.output)
        XCTAssertTrue(readelf.output.contains("NODELETE"), readelf.output)
    }

    /// pam/pam_pwguard.order names only functions the module has: a
    /// renamed or removed function left in it means the list is stale
    /// (`make pam-order` regenerates it), and the placement it buys is
    /// silently lost.
    func testSymbolOrderingFileNamesOnlyFunctionsOfTheModule() throws {
        try BuiltProducts.require(BuiltProducts.module)
        let scratch = try ScratchDirectory("module-order")
        let nm = try runCommand(try requireExecutable("nm"), [BuiltProducts.module], in: scratch)
        XCTAssertEqual(nm.status, 0, nm.errors)
        let defined = Set(nm.output.split(separator: "\n").compactMap { $0.split(separator: " ").last })
        let orderFile = BuiltProducts.packageRoot.appendingPathComponent("pam/pam_pwguard.order")
        let ordered = try String(contentsOf: orderFile, encoding: .utf8).split(separator: "\n")
        XCTAssertGreaterThan(ordered.count, 100)
        let stale = ordered.filter { !defined.contains($0) }
        XCTAssertEqual(stale, [], "pam/pam_pwguard.order is stale: run `make pam-order`")
    }

    func testLoadsAndWorksWithTheSwiftToolchainHidden() throws {
        try BuiltProducts.require(BuiltProducts.module)
        try Requirement.requireRoot("a private mount namespace")
        try PamWrapper.require()
        let pamtester = try requireExecutable("pamtester")
        let swiftc = try requireExecutable("swiftc")
        // /opt/swift/usr/bin/swiftc -> /opt/swift: the whole toolchain.
        let toolchain = URL(fileURLWithPath: swiftc).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        XCTAssertFalse(BuiltProducts.module.hasPrefix(toolchain + "/"))
        let scratch = try ScratchDirectory("hidden-toolchain")
        try scratch.write("services/pwtest", """
            password requisite \(BuiltProducts.module) conf=/dev/null enforce_for_root
            password required pam_permit.so

            """)
        let script = """
            set -eu
            mount -t tmpfs none '\(toolchain)'
            [ -z "$(ls -A '\(toolchain)')" ] && echo toolchain=hidden
            printf 'password1\\n' | LD_PRELOAD=\(PamWrapper.library) PAM_WRAPPER=1 \
                PAM_WRAPPER_SERVICE_DIR=\(scratch.path)/services \(pamtester) -v pwtest root chauthtok 2>&1 || true
            printf '%s\\n%s\\n' 'Correct-Horse-42x-Battery' 'Correct-Horse-42x-Battery' | LD_PRELOAD=\(PamWrapper.library) \
                PAM_WRAPPER=1 PAM_WRAPPER_SERVICE_DIR=\(scratch.path)/services \(pamtester) -v pwtest root chauthtok 2>&1
            """
        let result = try runCommand(try requireExecutable("unshare"), ["--mount", "--propagation", "private", "/bin/sh", "-c", script],
                                    in: scratch)
        XCTAssertEqual(result.status, 0, result.all)
        XCTAssertTrue(result.output.contains("toolchain=hidden"), result.all)
        XCTAssertTrue(result.output.contains("BAD PASSWORD: The password is based on a dictionary word"), result.all)
        XCTAssertTrue(result.output.contains("successfully"), result.all)
    }
}
