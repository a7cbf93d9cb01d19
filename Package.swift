// swift-tools-version: 6.1
// 6.1 is the oldest toolchain whose clang has C23 `#embed` (CLexiconData).
import PackageDescription

let package = Package(
    name: "pwguard",
    products: [
        .executable(name: "pwguard", targets: ["pwguard"]),
        .library(name: "PasswordPolicy", targets: ["PasswordPolicy"]),
        .library(name: "CredentialAudit", targets: ["CredentialAudit"]),
        // The C interface and everything behind it, as one archive: the
        // Makefile links it into libpwguard.so, libpwguard.a and
        // pam_pwguard.so with the Swift runtime linked in statically.
        .library(name: "PwguardCABI", type: .static, targets: ["PwguardCABI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The compiled word lexicon, embedded into every binary with C23 `#embed`,
        // so the CLI and the PAM module find it with no configuration and no parsing.
        .target(
            name: "CLexiconData",
            path: "Sources/CLexiconData",
            exclude: ["lexicon.bin"]
        ),
        // SHA-1, MD4 (NTLM) and SHA-256 from the system's libcrypto, for the
        // breached-password list: hashes are never written by hand.
        .systemLibrary(
            name: "COpenSSL",
            path: "Sources/COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // The library: estimator, lexicon reader, policy, breached-password
        // database. Pure Swift, no Foundation: it is linked into the PAM module.
        // errno, open(2) and fcntl(2) without Swift's Glibc overlay (see shim.h).
        .systemLibrary(name: "CPosix", path: "Sources/CPosix"),
        .target(
            name: "PasswordPolicy",
            dependencies: ["CLexiconData", "CPosix"]
        ),
        // Writes breached-password databases (the reader is in
        // PasswordPolicy). Apart, so that the PAM module carries neither
        // the builder nor libcrypto, whose SHA-256 the builder uses on
        // gigabytes of input.
        .target(
            name: "BreachBuild",
            dependencies: ["PasswordPolicy", "COpenSSL"]
        ),
        // pwguard.h, the public C header, as a module for the Swift side.
        .systemLibrary(name: "CPwguard", path: "Sources/CPwguard"),
        // The C interface (pwguard.h) over the library: @_cdecl functions,
        // no Foundation, no traps. The PAM module is a thin C shim over it.
        .target(
            name: "PwguardCABI",
            dependencies: ["CPwguard", "PasswordPolicy"]
        ),
        // libxcrypt: crypt_rn and crypt_checksalt for auditing hashed stores.
        .systemLibrary(
            name: "CCrypt",
            path: "Sources/CCrypt",
            providers: [.apt(["libcrypt-dev"])]
        ),
        // libargon2: verifies argon2i/d/id PHC strings found in audited stores.
        .systemLibrary(
            name: "CArgon2",
            path: "Sources/CArgon2",
            pkgConfig: "libargon2",
            providers: [.apt(["libargon2-dev"])]
        ),
        // APR-util: verifies Apache "$apr1$" (htpasswd MD5) hashes.
        .systemLibrary(
            name: "CAprUtil",
            path: "Sources/CAprUtil",
            providers: [.apt(["libaprutil1-dev"])]
        ),
        // Credential stores: parsers, hash guessing, audit reports, rotation
        // and the safe shadow writer. FoundationEssentials at most, never
        // Foundation: the CLI links this, and Foundation would bring ICU's
        // data (tens of MB; BinaryFootprintTests checks). Never in a PAM stack.
        .target(
            name: "CredentialAudit",
            dependencies: ["PasswordPolicy", "CCrypt", "COpenSSL", "CArgon2", "CAprUtil"]
        ),
        // Build tool: compiles wordlists/*.txt into Sources/CLexiconData/lexicon.bin.
        .executableTarget(
            name: "lexicon-compiler",
            dependencies: ["PasswordPolicy"]
        ),
        // The command-line tool.
        .executableTarget(
            name: "pwguard",
            dependencies: [
                "PasswordPolicy",
                "BreachBuild",
                "CredentialAudit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `make bench`'s breached-password part: generates a large synthetic
        // list and measures the database against a binary search over text.
        .executableTarget(
            name: "breach-bench",
            dependencies: ["PasswordPolicy", "BreachBuild"]
        ),
        // What the test targets share: how a test says it cannot run here
        // (a skip on a developer's machine, a failure under CI).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "PasswordPolicyTests", dependencies: ["PasswordPolicy", "BreachBuild", "COpenSSL", "TestSupport"]),
        // libpam for the in-process tests of the PAM module.
        .systemLibrary(name: "CPAM", path: "Tests/CPAM"),
        // The PAM module and the C library as built by `make lib`, driven
        // through real PAM stacks, pamtester, chpasswd and a C compiler.
        .testTarget(name: "PamModuleTests", dependencies: ["CPAM", "PasswordPolicy", "BreachBuild", "TestSupport"]),
        .testTarget(name: "CredentialAuditTests", dependencies: ["CredentialAudit", "TestSupport"]),
        .testTarget(name: "pwguardTests", dependencies: ["PasswordPolicy", "TestSupport"]),
    ],
    // C23, for `#embed` in CLexiconData (the package's only C target). No
    // target has unsafe flags, so another package can depend on this one by
    // version; the PAM module's code-size flags are the Makefile's.
    cLanguageStandard: .gnu2x
)
