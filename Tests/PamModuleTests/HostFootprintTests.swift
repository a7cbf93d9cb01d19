import Foundation
import XCTest

/// What loading pwguard costs a host process, and that the two measures
/// which keep it small are correct: libm's functions defined in the module
/// (pam/libm_on_demand.c), and the lexicon read through a private copy
/// filled from the library's own file (Sources/CLexiconData).
final class HostFootprintTests: XCTestCase {
    var scratch: ScratchDirectory!

    override func setUpWithError() throws {
        try BuiltProducts.require(BuiltProducts.sharedLibrary)
        scratch = try ScratchDirectory("host-footprint")
    }

    override func tearDown() { scratch = nil }

    static var libmOnDemandObject: String { BuiltProducts.release.appendingPathComponent("libm_on_demand.o").path }

    func compile(_ source: String, _ arguments: String) throws -> String {
        let file = try scratch.write(source, Self.programs[source] ?? "")
        let output = scratch.path + "/" + source.replacingOccurrences(of: ".c", with: "")
        let command = "cc -std=c11 -D_GNU_SOURCE -fno-builtin -O1 -Wall -Wextra -Werror \(file) -o \(output) \(arguments)"
        let result = try runCommand("/bin/sh", ["-c", command], in: scratch)
        XCTAssertEqual(result.status, 0, "\(command)\n\(result.all)")
        return output
    }

    /// The module's own floor, ceil, trunc, round, rint and nearbyint (float
    /// and double) give libm's results bit for bit, on edge cases and two
    /// million random values; the forwarded functions are libm's.
    func testRoundingFunctionsAgreeWithLibm() throws {
        try BuiltProducts.require(Self.libmOnDemandObject)
        // Not linked with -lm: floor & co. resolve to the module's object;
        // libm's own come from dlsym.
        let program = try compile("rounding.c", "\(Self.libmOnDemandObject) -ldl")
        let result = try runCommand(program, [], in: scratch)
        XCTAssertEqual(result.status, 0, result.all)
        XCTAssertTrue(result.output.contains("rounding: 0 differences in 24000408 comparisons"), result.all)
        XCTAssertTrue(result.output.contains("forwarded: libm's"), result.all)
    }

    func testModuleAndLibraryDoNotNeedLibm() throws {
        try BuiltProducts.require(BuiltProducts.module)
        for object in [BuiltProducts.module, BuiltProducts.sharedLibrary] {
            let readelf = try runCommand(try requireExecutable("readelf"), ["-d", object], in: scratch)
            let needed = readelf.output.split(separator: "\n").filter { $0.contains("(NEEDED)") }
            XCTAssertFalse(needed.isEmpty, readelf.all)
            XCTAssertFalse(needed.contains { $0.contains("libm.so") || $0.contains("libstdc++") || $0.contains("libgcc_s") },
                           "\(object): \(needed)")
        }
    }

    /// Checking passwords (dictionary words, keyboard walks, dates, strong
    /// ones) loads no libm, and the verdicts are the same whether the
    /// lexicon's chunks come from the library's file, from that file
    /// reopened after the host closed pwguard's descriptor (its number now
    /// another file's), or from the embedded array because the file was
    /// replaced (an upgrade): before the lexicon was opened (the header at
    /// its offset differs), or after, with the descriptor closed (the path
    /// now names another file).
    func testLexiconCopyAndNoLibmUnderHostMischief() throws {
        let lib = scratch.path + "/lib"
        try FileManager.default.createDirectory(atPath: lib, withIntermediateDirectories: true)
        let library = lib + "/libpwguard.so.1"
        try FileManager.default.copyItem(atPath: BuiltProducts.sharedLibrary, toPath: library)
        let header = BuiltProducts.packageRoot.appendingPathComponent("Sources/CPwguard").path
        let program = try compile("mischief.c", "-I\(header) \(library) -Wl,-rpath,\(lib)")

        var outputs: [String: String] = [:]
        for mode in ["plain", "close-descriptors", "replace-before", "replace-after"] {
            for (source, copy) in [(BuiltProducts.sharedLibrary, library), (BuiltProducts.module, lib + "/other.so")] {
                try? FileManager.default.removeItem(atPath: copy)
                try FileManager.default.copyItem(atPath: source, toPath: copy)
            }
            // The file renamed over the library: the PAM module (the same
            // lexicon, at other offsets).
            let result = try runCommand(program, [mode, library, lib + "/other.so"],
                                        environment: ["PWGUARD_CONF": "/dev/null"], in: scratch)
            XCTAssertEqual(result.status, 0, "\(mode): \(result.all)")
            XCTAssertTrue(result.output.contains("libm mapped: no"), "\(mode): \(result.all)")
            outputs[mode] = result.output
        }
        let plain = try XCTUnwrap(outputs["plain"])
        XCTAssertTrue(plain.contains("password1: rejected dictionary"), plain)
        XCTAssertTrue(plain.contains("Correct-Horse-42x-Battery: accepted"), plain)
        for (mode, output) in outputs { XCTAssertEqual(output, plain, mode) }
    }

    static let programs: [String: String] = [
        "rounding.c": #"""
        #include <dlfcn.h>
        #include <math.h>
        #include <stdint.h>
        #include <stdio.h>
        #include <string.h>

        static uint64_t state = 0x9E3779B97F4A7C15u;
        static uint64_t next(void) {   /* xorshift64* */
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27;
            return state * 0x2545F4914F6CDD1Du;
        }
        static long differences, comparisons;
        static void *libm;

        #define CHECK(type, bits_type, name, value) do {                                   \
            type (*reference)(type) = (type (*)(type))dlsym(libm, #name);                  \
            type x = (value), mine = name(x), theirs = reference(x);                        \
            bits_type a, b; memcpy(&a, &mine, sizeof a); memcpy(&b, &theirs, sizeof b);    \
            comparisons++;                                                                  \
            if (a != b && !(mine != mine && theirs != theirs)) {                            \
                if (differences++ < 10) printf(#name "(%a) = %a, libm %a\n", (double)x, (double)mine, (double)theirs); \
            }                                                                               \
        } while (0)

        #define ALL_DOUBLE(value) do { double v = (value); \
            CHECK(double, uint64_t, floor, v); CHECK(double, uint64_t, ceil, v); CHECK(double, uint64_t, trunc, v); \
            CHECK(double, uint64_t, round, v); CHECK(double, uint64_t, rint, v); CHECK(double, uint64_t, nearbyint, v); } while (0)
        #define ALL_FLOAT(value) do { float v = (value); \
            CHECK(float, uint32_t, floorf, v); CHECK(float, uint32_t, ceilf, v); CHECK(float, uint32_t, truncf, v); \
            CHECK(float, uint32_t, roundf, v); CHECK(float, uint32_t, rintf, v); CHECK(float, uint32_t, nearbyintf, v); } while (0)

        int main(void) {
            libm = dlopen("libm.so.6", RTLD_NOW);
            if (libm == NULL) { puts("no libm"); return 1; }
            static const double edges[] = { 0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994,
                -0.49999999999999994, 1.0, -1.0, 4503599627370495.5, -4503599627370495.5, 4503599627370496.0,
                9007199254740993.0, 1e300, -1e300, 5e-324, -5e-324, 2.2250738585072014e-308, INFINITY, -INFINITY, NAN,
                0.75, -0.75, 1.75, 3.5, -3.5, 8388607.5, 8388608.5, -8388607.5, 0.99999999999999989, 123456.5 };
            for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) { ALL_DOUBLE(edges[i]); ALL_FLOAT((float)edges[i]); }
            for (int i = 0; i < 1000000; i++) {
                uint64_t r = next();
                double d; memcpy(&d, &r, sizeof d);
                uint32_t r32 = (uint32_t)(r >> 32);
                float f; memcpy(&f, &r32, sizeof f);
                ALL_DOUBLE(d); ALL_FLOAT(f);
                /* Near integers and halves, where rounding decides. */
                double near = (double)(int64_t)(r % 20000001) / 4.0 - 2500000.0;
                ALL_DOUBLE(near); ALL_FLOAT((float)near);
            }
            printf("rounding: %ld differences in %ld comparisons\n", differences, comparisons);
            double (*libm_pow)(double, double) = (double (*)(double, double))dlsym(libm, "pow");
            double (*libm_sin)(double) = (double (*)(double))dlsym(libm, "sin");
            float (*libm_fmodf)(float, float) = (float (*)(float, float))dlsym(libm, "fmodf");
            if (pow(10.0, 0.3) == libm_pow(10.0, 0.3) && sin(1.0) == libm_sin(1.0) && fmodf(7.5f, 2.0f) == libm_fmodf(7.5f, 2.0f))
                puts("forwarded: libm's");
            return differences == 0 ? 0 : 1;
        }
        """#,
        "mischief.c": #"""
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <unistd.h>
        #include <pwguard.h>

        static const pwguard_settings *settings;

        static void check(const char *password, const char *login) {
            pwguard_context context = { .login = login };
            pwguard_verdict *verdict = NULL;
            if (pwguard_check(settings, password, strlen(password), &context, &verdict) != PWGUARD_OK) {
                printf("%s: check failed\n", password);
                exit(1);
            }
            if (pwguard_verdict_accepted(verdict)) {
                printf("%s: accepted 10^%.6f\n", password, pwguard_verdict_guesses_log10(verdict));
            } else {
                printf("%s: rejected %s 10^%.6f\n", password, pwguard_verdict_reason_code(verdict, 0),
                       pwguard_verdict_guesses_log10(verdict));
            }
            pwguard_verdict_free(verdict);
        }

        int main(int argc, char **argv) {
            if (argc != 4) return 2;
            const char *mode = argv[1], *library = argv[2], *other = argv[3];
            pwguard_settings *loaded = NULL;
            char *error = NULL;
            if (strcmp(mode, "replace-before") == 0 && rename(other, library) != 0) return 3;
            if (pwguard_settings_load(getenv("PWGUARD_CONF"), NULL, 0, &loaded, &error) != PWGUARD_OK) {
                printf("settings: %s\n", error);
                return 1;
            }
            settings = loaded;
            check("password1", NULL);
            /* Renamed over, the file pwguard holds open is still the old one;
               closing its descriptor makes it find the new one. */
            if (strcmp(mode, "replace-after") == 0 && rename(other, library) != 0) return 3;
            if (strcmp(mode, "close-descriptors") == 0 || strcmp(mode, "replace-after") == 0) {
                for (int fd = 3; fd < 1024; fd++) close(fd);
                /* The numbers are reused for other files, as in a daemon. */
                if (fopen("/etc/passwd", "r") == NULL || fopen("/etc/group", "r") == NULL) return 4;
            }
            static const char *const passwords[] = { "sunshine", "Dragon2019!", "qwertyuiop", "zxcvbnm123",
                "monkey", "Tr0ub4dor&3", "iloveyou", "princess", "abc123abc123", "19/07/1985", "jennifer1",
                "Correct-Horse-42x-Battery", "xylophone", "yellowstone", "wolverine", "superman", "batman",
                "kangaroo", "nightingale", "quantum", "zebra", "umbrella", "velvet", "avalanche", "Staple-Orbit-77-Lantern" };
            for (size_t i = 0; i < sizeof passwords / sizeof passwords[0]; i++) check(passwords[i], NULL);
            check("jsmith1985", "jsmith");
            FILE *maps = fopen("/proc/self/maps", "r");
            char line[4096];
            int libm = 0;
            while (maps != NULL && fgets(line, sizeof line, maps) != NULL) {
                if (strstr(line, "/libm.so") != NULL || strstr(line, "/libm-") != NULL) libm = 1;
            }
            printf("libm mapped: %s\n", libm ? "yes" : "no");
            pwguard_settings_free(loaded);
            return 0;
        }
        """#,
    ]
}
