import Foundation
import PasswordPolicy
import XCTest

/// `make install` and `make uninstall` as an admin or a packager runs them,
/// into a staging directory (DESTDIR): what they copy, strip, keep and
/// refuse, and that installing never builds.
final class InstallTests: XCTestCase {
    var scratch: ScratchDirectory!
    var stage: String { scratch.path + "/stage" }
    var multiarch: String {
        (try? runCommand("/bin/sh", ["-c", "dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || cc -print-multiarch"],
                         in: scratch).output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? "x86_64-linux-gnu"
    }
    var libdir: String { stage + "/usr/lib/" + multiarch }
    var module: String { libdir + "/security/pam_pwguard.so" }

    /// What `make install` puts in place with PREFIX=/usr, the configuration
    /// and the breach database's directory apart.
    var installedFiles: [String] {
        ["/usr/bin/pwguard", "/usr/lib/\(multiarch)/security/pam_pwguard.so",
         "/usr/lib/\(multiarch)/libpwguard.so.1", "/usr/lib/\(multiarch)/libpwguard.so",
         "/usr/lib/\(multiarch)/libpwguard.a", "/usr/include/pwguard.h",
         "/usr/lib/\(multiarch)/pkgconfig/pwguard.pc", "/usr/share/pam-configs/pwguard",
         "/usr/share/man/man1/pwguard.1", "/usr/share/man/man5/pwguard.conf.5", "/usr/share/man/man8/pam_pwguard.8"]
    }

    override func setUpWithError() throws {
        for product in [BuiltProducts.module, BuiltProducts.sharedLibrary, BuiltProducts.staticLibrary,
                        BuiltProducts.release.appendingPathComponent("pwguard").path] {
            try BuiltProducts.require(product)
        }
        scratch = try ScratchDirectory("install")
    }

    override func tearDown() { scratch = nil }

    /// `make -s TARGET ARGUMENTS` in the package root.
    @discardableResult
    func make(_ target: String, _ arguments: [String] = [], makeFlags: [String] = ["-s"]) throws -> CommandResult {
        try runCommand(try requireExecutable("make"),
                       makeFlags + ["-C", BuiltProducts.packageRoot.path, target] + arguments,
                       // A `make test` above would hand its jobserver down.
                       environment: ["MAKEFLAGS": "", "MFLAGS": "", "MAKELEVEL": ""], in: scratch)
    }

    func install(_ extra: [String] = []) throws {
        let result = try make("install", ["DESTDIR=\(stage)", "PREFIX=/usr"] + extra)
        XCTAssertEqual(result.status, 0, result.all)
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: stage + path) }

    /// The section names of an ELF file or of an archive's members.
    func sections(_ path: String) throws -> String {
        try runCommand(try requireExecutable("readelf"), ["-S", "-W", path], in: scratch).output
    }

    func testInstallRunsNoCompiler() throws {
        let dryRun = try make("install", ["DESTDIR=\(stage)", "PREFIX=/usr"], makeFlags: ["-n"])
        XCTAssertEqual(dryRun.status, 0, dryRun.all)
        for compiler in ["swift build", "swiftc", "clang", "cc ", "ld.lld", "swift-autolink-extract", "ar rcs"] {
            XCTAssertFalse(dryRun.output.contains(compiler), "make -n install runs \(compiler):\n\(dryRun.output)")
        }
        // Every toolchain command replaced by one that fails: installing still works.
        try install(["SWIFT=false", "SWIFTC=false", "CC=false"])
        XCTAssertTrue(exists("/usr/bin/pwguard"))
    }

    func testInstallWithoutABuildSaysToRunMake() throws {
        let result = try make("install", ["DESTDIR=\(stage)", "PREFIX=/usr", "RELEASE=\(scratch.path)/not-built"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.errors.contains("make install: not built: \(scratch.path)/not-built/pwguard"), result.errors)
        XCTAssertTrue(result.errors.contains("run `make` first"), result.errors)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stage), "nothing is installed")
    }

    func testInstalledBinariesAreStripped() throws {
        try install()
        for path in ["/usr/bin/pwguard", "/usr/lib/\(multiarch)/security/pam_pwguard.so", "/usr/lib/\(multiarch)/libpwguard.so.1"] {
            let found = try sections(stage + path)
            XCTAssertFalse(found.contains(".debug_"), "\(path) keeps debug information")
            XCTAssertFalse(found.contains(" .symtab "), "\(path) keeps its symbol table")
            XCTAssertTrue(found.contains(" .dynsym "), path)
        }
        let archive = try sections(libdir + "/libpwguard.a")
        XCTAssertFalse(archive.contains(".debug_"), "libpwguard.a keeps debug information")
        XCTAssertTrue(archive.contains(" .symtab "), "a static library's object needs its symbol table")

        let moduleSize = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: module)[.size] as? Int)
        XCTAssertLessThanOrEqual(moduleSize, 8_000_000, "the installed PAM module")
        let builtSize = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: BuiltProducts.module)[.size] as? Int)
        XCTAssertLessThan(moduleSize, builtSize)
    }

    /// The stripped module still works: a password change through a real
    /// stack (pam_wrapper, pamtester) with the installed file.
    func testInstalledModuleChecksPasswords() throws {
        try PamWrapper.require()
        try install()
        let services = scratch.path + "/services"
        try FileManager.default.createDirectory(atPath: services, withIntermediateDirectories: true)
        try scratch.write("services/installed",
                          "password requisite \(module) enforce_for_root retry=2 conf=/dev/null\npassword required pam_permit.so\n")
        let result = try runCommand(try requireExecutable("pamtester"), ["-v", "installed", "root", "chauthtok"],
                                    input: "password1\nCorrect-Horse-42x-Battery\nCorrect-Horse-42x-Battery\n",
                                    environment: ["LD_PRELOAD": PamWrapper.library, "PAM_WRAPPER": "1",
                                                  "PAM_WRAPPER_SERVICE_DIR": services], in: scratch)
        XCTAssertEqual(result.status, 0, result.all)
        XCTAssertTrue(result.all.contains("BAD PASSWORD: The password is based on a dictionary word"), result.all)
    }

    func testInstallMakesTheBreachDatabaseDirectoryAndKeepsTheConfiguration() throws {
        try install()
        let attributes = try FileManager.default.attributesOfItem(atPath: stage + "/var/lib/pwguard")
        XCTAssertEqual(attributes[.type] as? FileAttributeType, .typeDirectory)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o755)
        XCTAssertTrue(exists("/etc/security/pwguard.conf.d"))

        try scratch.write("stage/etc/security/pwguard.conf", "minlen = 12\n")
        try install()
        XCTAssertEqual(try String(contentsOfFile: stage + "/etc/security/pwguard.conf", encoding: .utf8), "minlen = 12\n",
                       "an existing configuration is the admin's")
    }

    func testUninstallRemovesWhatInstallPutThereButTheConfiguration() throws {
        try install()
        for path in installedFiles { XCTAssertTrue(exists(path), path) }
        let uninstall = try make("uninstall", ["DESTDIR=\(stage)", "PREFIX=/usr"])
        XCTAssertEqual(uninstall.status, 0, uninstall.all)
        for path in installedFiles { XCTAssertFalse(exists(path), "\(path) is left") }
        XCTAssertFalse(exists("/var/lib/pwguard"), "the empty breach database directory goes")
        XCTAssertFalse(exists("/etc/security/pwguard.conf.d"), "the empty drop-in directory goes")
        XCTAssertTrue(exists("/etc/security/pwguard.conf"), "the configuration is the admin's")
        XCTAssertTrue(uninstall.output.contains("kept \(stage)/etc/security/pwguard.conf (PURGE=1 removes it)"), uninstall.all)

        let purge = try make("uninstall", ["DESTDIR=\(stage)", "PREFIX=/usr", "PURGE=1"])
        XCTAssertEqual(purge.status, 0, purge.all)
        XCTAssertFalse(exists("/etc/security/pwguard.conf"))
    }

    func testUninstallKeepsABreachDatabase() throws {
        try install()
        try scratch.write("stage/var/lib/pwguard/hibp.pwgdb", "data")
        let uninstall = try make("uninstall", ["DESTDIR=\(stage)", "PREFIX=/usr", "PURGE=1"])
        XCTAssertEqual(uninstall.status, 0, uninstall.all)
        XCTAssertTrue(exists("/var/lib/pwguard/hibp.pwgdb"))
        XCTAssertFalse(exists("/usr/bin/pwguard"))
    }

    /// A stack that names the module would fail every password change once
    /// the module is gone: uninstall stops before removing anything.
    func testUninstallRefusesWhileAStackUsesTheModule() throws {
        try install()
        try scratch.write("stage/etc/pam.d/common-password",
                          "password\trequisite\t\t\tpam_pwguard.so retry=3\npassword\trequired\tpam_unix.so\n")
        let uninstall = try make("uninstall", ["DESTDIR=\(stage)", "PREFIX=/usr"])
        XCTAssertNotEqual(uninstall.status, 0)
        XCTAssertTrue(uninstall.errors.contains("pam_pwguard.so is still used by \(stage)/etc/pam.d/common-password"),
                      uninstall.errors)
        for path in installedFiles { XCTAssertTrue(exists(path), "\(path) was removed") }

        // A commented-out line is no use of the module.
        try scratch.write("stage/etc/pam.d/common-password", "# password requisite pam_pwguard.so\npassword required pam_unix.so\n")
        XCTAssertEqual(try make("uninstall", ["DESTDIR=\(stage)", "PREFIX=/usr"]).status, 0)
        XCTAssertFalse(exists("/usr/lib/\(multiarch)/security/pam_pwguard.so"))
    }

    /// One release number everywhere: Release.version, `pwguard --version`,
    /// pwguard.h's macros, pwguard.pc, the man pages and debian/changelog's
    /// upstream version.
    func testEveryVersionAgrees() throws {
        try install()
        let version = Release.version
        let parts = version.split(separator: ".").map(String.init)
        XCTAssertEqual(parts.count, 3, version)

        let cli = try runCommand(stage + "/usr/bin/pwguard", ["--version"], in: scratch)
        XCTAssertEqual(cli.status, 0, cli.all)
        XCTAssertEqual(cli.output, version + "\n")

        let header = try String(contentsOfFile: stage + "/usr/include/pwguard.h", encoding: .utf8)
        func macro(_ name: String) -> String? {
            header.split(separator: "\n").lazy.compactMap { line -> String? in
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                return fields.count == 3 && fields[0] == "#define" && fields[1] == name ? String(fields[2]) : nil
            }.first
        }
        XCTAssertEqual(macro("PWGUARD_VERSION"), "\"\(version)\"")
        XCTAssertEqual(macro("PWGUARD_VERSION_MAJOR"), parts[0])
        XCTAssertEqual(macro("PWGUARD_VERSION_MINOR"), parts[1])
        XCTAssertEqual(macro("PWGUARD_VERSION_PATCH"), parts[2])

        let pc = try String(contentsOfFile: libdir + "/pkgconfig/pwguard.pc", encoding: .utf8)
        XCTAssertTrue(pc.split(separator: "\n").contains("Version: \(version)"), pc)

        let manual = try String(contentsOfFile: stage + "/usr/share/man/man8/pam_pwguard.8", encoding: .utf8)
        XCTAssertTrue(manual.hasPrefix(".TH PAM_PWGUARD 8 \"") && manual.contains("\"pwguard \(version)\""),
                      String(manual.prefix(80)))

        // debian/changelog's first line: "pwguard (UPSTREAM-REVISION) ...".
        let changelog = try String(contentsOf: BuiltProducts.packageRoot.appendingPathComponent("debian/changelog"),
                                   encoding: .utf8)
        let first = try XCTUnwrap(changelog.split(separator: "\n").first)
        let debianVersion = try XCTUnwrap(first.split(separator: "(").dropFirst().first?.split(separator: ")").first)
        let upstream = debianVersion.split(separator: ":").last.map { $0.split(separator: "-").dropLast().joined(separator: "-") }
        XCTAssertEqual(upstream, version, String(first))
    }
}
