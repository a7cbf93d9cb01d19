import Foundation
import XCTest

/// libpwguard as a C programmer meets it: `make install` into a staging
/// directory, then the example program compiled against the installed
/// header, pkg-config file and libraries (shared and static).
final class CLibraryTests: XCTestCase {
    static let strong = "Correct-Horse-42x-Battery"
    var scratch: ScratchDirectory!
    var stage: String { scratch.path + "/stage" }

    override func setUpWithError() throws {
        try BuiltProducts.require(BuiltProducts.sharedLibrary)
        try BuiltProducts.require(BuiltProducts.staticLibrary)
        scratch = try ScratchDirectory("c-library")
        // Installing copies what `make` built; it builds nothing.
        let install = try runCommand(try requireExecutable("make"),
                                     ["-s", "-C", BuiltProducts.packageRoot.path, "install", "DESTDIR=\(stage)", "PREFIX=/usr"],
                                     environment: ["MAKEFLAGS": "", "MFLAGS": "", "MAKELEVEL": ""], in: scratch)
        XCTAssertEqual(install.status, 0, install.all)
    }

    override func tearDown() { scratch = nil }

    var libdir: String { stage + "/usr/lib/" + multiarch }
    var multiarch: String {
        (try? runCommand("/bin/sh", ["-c", "dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || cc -print-multiarch"],
                         in: scratch).output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? "x86_64-linux-gnu"
    }

    /// `pkg-config ARGS pwguard` against the staged installation.
    func pkgConfig(_ arguments: String) throws -> String {
        let result = try runCommand(try requireExecutable("pkg-config"), arguments.split(separator: " ").map(String.init) + ["pwguard"],
                                    environment: ["PKG_CONFIG_SYSROOT_DIR": stage, "PKG_CONFIG_LIBDIR": libdir + "/pkgconfig"],
                                    in: scratch)
        XCTAssertEqual(result.status, 0, result.all)
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func compile(_ source: String, output: String, linking libraries: String) throws {
        let command = "cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror \(try pkgConfig("--cflags")) \(source) -o \(output) \(libraries)"
        let result = try runCommand("/bin/sh", ["-c", command], in: scratch)
        XCTAssertEqual(result.status, 0, "\(command)\n\(result.all)")
    }

    func testInstalledFilesAreWhereAdminsLookForThem() throws {
        for path in ["/usr/include/pwguard.h", "/usr/lib/\(multiarch)/libpwguard.so.1", "/usr/lib/\(multiarch)/libpwguard.so",
                     "/usr/lib/\(multiarch)/libpwguard.a", "/usr/lib/\(multiarch)/pkgconfig/pwguard.pc",
                     "/usr/lib/\(multiarch)/security/pam_pwguard.so", "/usr/share/pam-configs/pwguard",
                     "/usr/share/man/man8/pam_pwguard.8", "/usr/share/man/man5/pwguard.conf.5",
                     "/usr/share/man/man1/pwguard.1", "/usr/bin/pwguard"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: stage + path), path)
        }
        let profile = try String(contentsOfFile: stage + "/usr/share/pam-configs/pwguard", encoding: .utf8)
        XCTAssertTrue(profile.contains("Password-Type: Primary"))
        XCTAssertTrue(profile.contains("requisite\t\t\tpam_pwguard.so retry=3"), profile)
        XCTAssertTrue(try pkgConfig("--modversion").first?.isNumber ?? false)
    }

    func testExampleBuildsAgainstTheSharedLibrary() throws {
        let example = BuiltProducts.packageRoot.appendingPathComponent("examples/check-password.c").path
        let binary = scratch.path + "/check-password"
        try compile(example, output: binary, linking: try pkgConfig("--libs"))
        let run = try runCommand(binary, ["alice", "Alice Smith"], input: "password1\n\(Self.strong)\nAlice2024!\n",
                                 environment: ["LD_LIBRARY_PATH": libdir, "PWGUARD_CONF": "/dev/null"], in: scratch)
        XCTAssertEqual(run.status, 1, run.all)
        let lines = run.output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "dictionary_word: The password is based on a dictionary word")
        XCTAssertTrue(lines.contains { $0.hasPrefix("ok (10^") }, run.output)
        XCTAssertTrue(lines.contains("user_info: The password contains the user name in some form"), run.output)

        let ldd = try runCommand(try requireExecutable("ldd"), [binary], environment: ["LD_LIBRARY_PATH": libdir], in: scratch)
        XCTAssertTrue(ldd.output.contains("libpwguard.so.1 => \(libdir)/libpwguard.so.1"), ldd.output)
        XCTAssertFalse(ldd.output.contains("swift"), ldd.output)
    }

    func testExampleBuildsAgainstTheStaticLibrary() throws {
        let example = BuiltProducts.packageRoot.appendingPathComponent("examples/check-password.c").path
        let binary = scratch.path + "/check-password-static"
        let privateLibraries = try pkgConfig("--static --libs").replacingOccurrences(of: "-lpwguard", with: "")
        try compile(example, output: binary, linking: "\(libdir)/libpwguard.a \(privateLibraries)")
        let run = try runCommand(binary, [], input: "\(Self.strong)\n", environment: ["PWGUARD_CONF": "/dev/null"], in: scratch)
        XCTAssertEqual(run.status, 0, run.all)
        let ldd = try runCommand(try requireExecutable("ldd"), [binary], in: scratch)
        XCTAssertFalse(ldd.output.contains("pwguard"), ldd.output)
        XCTAssertFalse(ldd.output.contains("swift"), ldd.output)
    }

    func testSharedLibraryExportsExactlyTheHeaderFunctions() throws {
        let header = try String(contentsOfFile: stage + "/usr/include/pwguard.h", encoding: .utf8)
        let declared = Set(header.split(separator: "\n").compactMap { line -> String? in
            guard !line.hasPrefix(" "), !line.hasPrefix("#"), !line.hasPrefix("typedef"),
                  let open = line.firstIndex(of: "("), let start = line[..<open].range(of: "pwguard_", options: .backwards)
            else { return nil }
            return String(line[start.lowerBound..<open])
        })
        XCTAssertEqual(declared.count, 15, "\(declared.sorted())")
        let nm = try runCommand(try requireExecutable("nm"), ["-D", "--defined-only", libdir + "/libpwguard.so.1"], in: scratch)
        let exported = Set(nm.output.split(separator: "\n").compactMap { line in
            line.split(separator: " ").last.map { String($0.split(separator: "@").first ?? $0) }
        })
        XCTAssertEqual(exported, declared)
        let archive = try runCommand(try requireExecutable("nm"), ["-g", "--defined-only", libdir + "/libpwguard.a"], in: scratch)
        let archiveGlobals = Set(archive.output.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ")
            return fields.count == 3 ? String(fields[2]) : nil
        })
        XCTAssertEqual(archiveGlobals, declared, "the static library hides the Swift runtime's symbols")
    }

    /// One settings object shared by 8 threads, 500 checks each: the
    /// interface's thread-safety promise, exercised from C.
    func testSettingsAreSharedSafelyBetweenThreads() throws {
        let source = try scratch.write("threads.c", #"""
            #include <pthread.h>
            #include <stdio.h>
            #include <string.h>
            #include <pwguard.h>

            static pwguard_settings *settings;
            static int failures;
            static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

            static void *work(void *arg) {
                (void)arg;
                const char *passwords[] = { "password1", "Correct-Horse-42x-Battery", "abc", "Tr0ub4dor&3" };
                const int expected[] = { 0, 1, 0, 1 };
                pwguard_context context = { .login = "alice", .gecos = "Alice Smith" };
                for (int i = 0; i < 500; i++) {
                    pwguard_verdict *verdict = NULL;
                    const char *password = passwords[i % 4];
                    if (pwguard_check(settings, password, strlen(password), &context, &verdict) != PWGUARD_OK
                        || pwguard_verdict_accepted(verdict) != expected[i % 4]) {
                        pthread_mutex_lock(&lock); failures++; pthread_mutex_unlock(&lock);
                    }
                    pwguard_verdict_free(verdict);
                }
                return NULL;
            }

            int main(void) {
                const char *overrides[] = { "min_guesses_log10=8" };
                char *error = NULL;
                if (pwguard_settings_load("/dev/null", overrides, 1, &settings, &error) != PWGUARD_OK) {
                    fprintf(stderr, "%s\n", error);
                    return 2;
                }
                long minlen = 0;
                if (pwguard_settings_get_int(settings, "minlen", &minlen) != PWGUARD_OK || minlen != 8) return 3;
                if (pwguard_settings_get_int(settings, "no_such_setting", &minlen) != PWGUARD_ERR_UNKNOWN_SETTING) return 4;
                if (pwguard_check(NULL, "x", 1, NULL, NULL) != PWGUARD_ERR_ARGUMENT) return 5;
                pwguard_settings *bad = NULL;
                const char *wrong[] = { "minlen=many" };
                if (pwguard_settings_load("/dev/null", wrong, 1, &bad, &error) != PWGUARD_ERR_CONFIG || bad != NULL) return 6;
                printf("error: %s\n", error);
                pwguard_string_free(error);
                pthread_t threads[8];
                for (int i = 0; i < 8; i++) pthread_create(&threads[i], NULL, work, NULL);
                for (int i = 0; i < 8; i++) pthread_join(threads[i], NULL);
                pwguard_settings_free(settings);
                printf("failures: %d\n", failures);
                return failures != 0;
            }
            """#)
        let binary = scratch.path + "/threads"
        try compile(source, output: binary, linking: "\(try pkgConfig("--libs")) -lpthread")
        let run = try runCommand(binary, [], environment: ["LD_LIBRARY_PATH": libdir], in: scratch)
        XCTAssertEqual(run.status, 0, run.all)
        XCTAssertTrue(run.output.contains("failures: 0"), run.all)
        XCTAssertTrue(run.output.contains("error: argument 'minlen=many'"), run.all)
    }
}
