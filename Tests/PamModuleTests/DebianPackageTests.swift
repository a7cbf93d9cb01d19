import Foundation
import PasswordPolicy
import XCTest

/// The Debian packages (`make deb`) as an admin meets them: installed with
/// dpkg into a fresh Debian 12 root where pam_pwquality is enabled, a
/// password changed with passwd by a normal user through the real stack,
/// then removed again. Nothing touches the running system: the root is an
/// overlay on a cached mmdebstrap root, mounted in a private mount
/// namespace that ends with the test.
final class DebianPackageTests: XCTestCase {
    static let packages = ["pwguard", "libpam-pwguard", "libpwguard1", "libpwguard-dev"]
    static let debDirectory = BuiltProducts.packageRoot.appendingPathComponent(".build/deb")
    /// Cached roots, one per set of packages they hold.
    static let rootCache = BuiltProducts.packageRoot.appendingPathComponent(".build/deb-root")

    var scratch: ScratchDirectory!

    override func setUpWithError() throws { scratch = try ScratchDirectory("deb") }
    override func tearDown() { scratch = nil }

    /// CI must run this test: there a missing prerequisite fails it, naming
    /// what is missing; elsewhere it skips with the reason.
    func requirePrerequisite(_ available: Bool, _ what: String,
                             file: StaticString = #filePath, line: UInt = #line) throws {
        guard !available else { return }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTFail("missing: \(what)", file: file, line: line)
        }
        throw XCTSkip("missing: \(what)")
    }

    func tool(_ name: String, package: String) throws -> String {
        let found = findExecutable(name)
        try requirePrerequisite(found != nil, "\(name) (Debian package \(package); `make deps` installs it)")
        return found!
    }

    // MARK: Packages

    /// The .debs that `make deb` left in .build/deb. The test cannot make
    /// them: `swift test` holds the lock on .build that the `swift build`
    /// under `make deb` would wait for. `.ci/run` makes them before the
    /// tests; elsewhere run `make deb` after changing what they package.
    func builtPackages() throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Self.debDirectory.path)) ?? []
        var found: [String] = []
        for package in Self.packages {
            let name = names.first { $0.hasPrefix("\(package)_\(Release.version)-") && $0.hasSuffix(".deb") }
            try requirePrerequisite(name != nil, "\(Self.debDirectory.path)/\(package)_\(Release.version)-*.deb: run `make deb` first")
            found.append(Self.debDirectory.appendingPathComponent(name!).path)
        }
        return found
    }

    // MARK: The throw-away root

    /// A Debian 12 root with pam_pwquality enabled and every library
    /// the packages depend on, made once by mmdebstrap and kept under
    /// .build/deb-root (an install then needs no network).
    func baseRoot(for debs: [String]) throws -> String {
        let mmdebstrap = try tool("mmdebstrap", package: "mmdebstrap")
        // pam_pwquality with the cracklib dictionary it checks against
        // (libcrack2 only recommends it), as a Debian system has it.
        var dependencies: Set<String> = ["libpam-pwquality", "cracklib-runtime"]
        for deb in debs {
            let depends = try runCommand("/usr/bin/dpkg-deb", ["-f", deb, "Depends"], in: scratch).output
            for clause in depends.split(separator: ",") {
                // The first alternative, without its version.
                let name = clause.split(separator: "|")[0].split(separator: "(")[0].trimmingCharacters(in: .whitespaces)
                if !name.isEmpty && !Self.packages.contains(name) { dependencies.insert(name) }
            }
        }
        let include = dependencies.sorted().joined(separator: ",")
        let root = Self.rootCache.appendingPathComponent("bookworm-" + String(include.stableHash, radix: 16)).path
        if FileManager.default.fileExists(atPath: root + "/etc/debian_version") { return root }

        try FileManager.default.createDirectory(at: Self.rootCache, withIntermediateDirectories: true)
        let partial = root + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        // The machine's apt tolerates its mirror's old Release files; so must the root's.
        let made = try runCommand(mmdebstrap, ["--variant=minbase", "--quiet",
                                               "--aptopt=Acquire::Check-Valid-Until \"false\"",
                                               "--aptopt=Acquire::Check-Date \"false\"",
                                               "--include=\(include)", "bookworm", partial], in: scratch)
        XCTAssertEqual(made.status, 0, "mmdebstrap:\n\(made.all)")
        guard made.status == 0 else { throw XCTSkip("no root") }
        try FileManager.default.moveItem(atPath: partial, toPath: root)
        return root
    }

    /// Runs what happens to the root in one private mount namespace: an
    /// overlay whose upper layer is a tmpfs (overlayfs cannot write to an
    /// overlay, which CI's root may be), so every run starts from the
    /// cached root and leaves it as it was. Each step's output and exit
    /// status go to `evidence`, outside the root, for the assertions.
    static let scenario = #"""
        set -u
        base=$1 debs=$2 evidence=$3 dialogue=$4 old=$5 weak=$6 strong=$7 after=$8
        layers=$evidence/layers
        mkdir -p "$layers"
        mount -t tmpfs -o mode=0755 pwguard-layers "$layers" || exit 10
        mkdir "$layers/upper" "$layers/work" "$layers/root"
        root=$layers/root
        mount -t overlay -o "lowerdir=$base,upperdir=$layers/upper,workdir=$layers/work" pwguard-root "$root" || exit 11
        mount -t proc proc "$root/proc" || exit 12
        # The pty that passwd talks through lives in this system's devpts.
        mount --rbind /dev "$root/dev" || exit 13
        mkdir "$root/debs" && cp "$debs"/*.deb "$root/debs/"

        inroot() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C DEBIAN_FRONTEND=noninteractive "$@"; }
        step() { name=$1; shift; "$@" > "$evidence/$name.log" 2>&1; echo $? > "$evidence/$name.status"; }
        stack() { cp "$root/etc/pam.d/common-password" "$evidence/common-password.$1"; }
        present() { if [ -e "$2" ]; then echo "$1: present"; else echo "$1: absent"; fi; }
        left_behind() { present module "$(echo "$root"/usr/lib/*/security/pam_pwguard.so)"; present conffile "$root/etc/security/pwguard.conf"; }
        add_user() { inroot useradd --create-home --shell /bin/sh pwguard-user && printf 'pwguard-user:%s\n' "$old" | inroot chpasswd; }

        step user add_user
        stack before
        step install inroot sh -c 'dpkg --install /debs/*.deb'
        stack installed
        step installed-module stat --format=%s "$root"/usr/lib/*/security/pam_pwguard.so
        step installed-cli inroot pwguard --version
        step change-installed python3 "$dialogue" "$root" pwguard-user "$old" "$weak" "$strong"
        step remove inroot dpkg --remove libpam-pwguard libpwguard-dev pwguard libpwguard1
        stack removed
        step left left_behind
        step change-removed python3 "$dialogue" "$root" pwguard-user "$strong" "$after"
        exit 0
        """#

    /// passwd run by the user in the root, through a pseudo-terminal as a
    /// person would: answers the current password, then each new password
    /// in turn when asked for one (a rejected one is asked for again), and
    /// retypes the last. Prints the dialogue; exits with passwd's status.
    static let dialogue = #"""
        import os, pty, select, sys, time

        root, user, current, *new_passwords = sys.argv[1:]
        pid, terminal = pty.fork()
        if pid == 0:
            os.execvp("chroot", ["chroot", root, "setpriv", "--reuid", user, "--regid", user, "--init-groups",
                                 "env", "-i", "PATH=/usr/bin:/bin", "LANG=C", "passwd"])

        transcript, unanswered, offered = b"", b"", None
        deadline = time.monotonic() + 60
        while True:
            ready, _, _ = select.select([terminal], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                os.kill(pid, 9)
                transcript += b"\n[no answer from passwd within 60 s]\n"
                break
            try:
                data = os.read(terminal, 4096)
            except OSError:  # EIO: passwd has exited and closed the terminal
                data = b""
            if not data:
                break
            transcript += data
            unanswered += data
            prompt = unanswered.rstrip()
            if prompt.endswith(b"Current password:"):
                answer = current
            elif prompt.endswith(b"Retype new password:"):
                answer = offered
            elif prompt.endswith(b"New password:"):
                if not new_passwords:
                    os.kill(pid, 9)
                    transcript += b"\n[asked for more new passwords than given]\n"
                    break
                offered = new_passwords.pop(0)
                answer = offered
            else:
                continue
            os.write(terminal, answer.encode() + b"\n")
            unanswered = b""

        _, status = os.waitpid(pid, 0)
        sys.stdout.write(transcript.decode(errors="replace"))
        sys.exit(os.waitstatus_to_exitcode(status))
        """#

    func testPackagesReplacePwqualityChangePasswordsAndRemoveCleanly() throws {
        try requirePrerequisite(getuid() == 0, "root (dpkg, chroot and mounts in the throw-away root)")
        let unshare = try tool("unshare", package: "util-linux")
        _ = try tool("python3", package: "python3")
        _ = try tool("chroot", package: "coreutils")
        let filesystems = (try? String(contentsOfFile: "/proc/filesystems", encoding: .utf8)) ?? ""
        try requirePrerequisite(filesystems.contains("\toverlay\n") || (try? runCommand("/sbin/modprobe", ["overlay"], in: scratch).status) == 0,
                                "overlayfs in the kernel")

        let debs = try builtPackages()
        XCTAssertEqual(debs.count, Self.packages.count, "\(debs)")
        let base = try baseRoot(for: debs)

        let evidence = scratch.path + "/evidence"
        try FileManager.default.createDirectory(atPath: evidence, withIntermediateDirectories: true)
        let scenario = try scratch.write("scenario.sh", Self.scenario)
        let dialogue = try scratch.write("dialogue.py", Self.dialogue)
        let old = "Initial-Otter-93-Lantern", weak = "Happydog2020"
        let strong = "Quiet-Harbor-58-Velvet", after = "Copper-Meadow-71-Violin"
        let run = try runCommand(unshare, ["--mount", "--propagation", "private", "/bin/sh", scenario,
                                           base, Self.debDirectory.path, evidence, dialogue, old, weak, strong, after],
                                 in: scratch)
        XCTAssertEqual(run.status, 0, "the throw-away root could not be set up:\n\(run.all)")
        guard run.status == 0 else { return }

        func step(_ name: String) -> (status: Int?, log: String) {
            let status = try? String(contentsOfFile: "\(evidence)/\(name).status", encoding: .utf8)
            let log = (try? String(contentsOfFile: "\(evidence)/\(name).log", encoding: .utf8)) ?? "(no log)"
            return (status.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }, log)
        }
        func passwordLines(_ stage: String) -> [String] {
            let text = (try? String(contentsOfFile: "\(evidence)/common-password.\(stage)", encoding: .utf8)) ?? ""
            return text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("password") }
        }

        for name in ["user", "install", "installed-module", "installed-cli", "change-installed", "remove", "change-removed"] {
            XCTAssertEqual(step(name).status, 0, "\(name):\n\(step(name).log)")
        }

        // Before: Debian's own pam_pwquality profile is enabled.
        XCTAssertTrue(passwordLines("before").contains { $0.contains("pam_pwquality.so") }, "\(passwordLines("before"))")

        // Installed: pwguard in its place, before pam_unix.
        let installed = passwordLines("installed")
        XCTAssertEqual(installed.first, "password\trequisite\t\t\tpam_pwguard.so retry=3", "\(installed)")
        XCTAssertFalse(installed.contains { $0.contains("pam_pwquality.so") }, "\(installed)")
        XCTAssertTrue(installed.contains { $0.contains("pam_unix.so") }, "\(installed)")
        XCTAssertLessThanOrEqual(Int(step("installed-module").log.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .max,
                                 8_000_000, "the packaged PAM module")
        XCTAssertEqual(step("installed-cli").log.trimmingCharacters(in: .whitespacesAndNewlines),
                       Release.version)

        // The user's change: the weak password rejected with pwguard's
        // message, the strong one accepted and stored.
        let change = step("change-installed").log
        XCTAssertTrue(change.contains("Current password:"), change)
        XCTAssertTrue(change.contains("BAD PASSWORD: The password is too easy to guess"), change)
        XCTAssertTrue(change.contains("password updated successfully"), change)

        // Removed: no pwguard line left, the module's file gone, the
        // conffile kept (removed, not purged), and the stack works.
        let removed = passwordLines("removed")
        XCTAssertFalse(removed.contains { $0.contains("pam_pwguard") }, "\(removed)")
        XCTAssertTrue(removed.contains { $0.contains("pam_unix.so") }, "\(removed)")
        XCTAssertEqual(step("left").log, "module: absent\nconffile: present\n")
        let changeAfter = step("change-removed").log
        XCTAssertTrue(changeAfter.contains("password updated successfully"), changeAfter)
        XCTAssertFalse(changeAfter.contains("BAD PASSWORD"), changeAfter)
    }

    /// `make deps` installs what dpkg-buildpackage checks: every package
    /// of debian/control's Build-Depends is in the Makefile's DEB_PACKAGES.
    func testBuildDependsAreInstalledByMakeDeps() throws {
        let root = BuiltProducts.packageRoot
        let control = try String(contentsOf: root.appendingPathComponent("debian/control"), encoding: .utf8)
        var buildDepends: [String] = []
        var inField = false
        for line in control.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("Build-Depends:") { inField = true } else if !line.hasPrefix(" ") { inField = false }
            guard inField else { continue }
            let value = line.hasPrefix("Build-Depends:") ? line.dropFirst("Build-Depends:".count) : line[...]
            buildDepends += value.split(separator: ",").map {
                $0.split(separator: "(")[0].trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty }
        }
        XCTAssertTrue(buildDepends.contains("debhelper-compat"), "\(buildDepends)")

        let makefile = try String(contentsOf: root.appendingPathComponent("Makefile"), encoding: .utf8)
        let start = try XCTUnwrap(makefile.range(of: "DEB_PACKAGES :="))
        var listed: Set<String> = []
        for line in makefile[start.upperBound...].split(separator: "\n") {
            listed.formUnion(line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\\" }).map(String.init))
            if !line.hasSuffix("\\") { break }
        }
        // debhelper-compat is a virtual package that debhelper provides.
        for package in buildDepends where package != "debhelper-compat" {
            XCTAssertTrue(listed.contains(package), "\(package) is in Build-Depends but not in DEB_PACKAGES")
        }
        XCTAssertTrue(listed.contains("debhelper"))
    }
}

private extension String {
    /// FNV-1a of the UTF-8 bytes: the same on every run (Hasher is seeded
    /// per process), to name a cached root after what it holds.
    var stableHash: UInt64 {
        utf8.reduce(14_695_981_039_346_656_037) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
    }
}
