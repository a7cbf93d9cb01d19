// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "pwguard",
    products: [
        .executable(name: "pwguard", targets: ["pwguard"]),
        .library(name: "PasswordPolicy", targets: ["PasswordPolicy"]),
        .library(name: "CredentialAudit", targets: ["CredentialAudit"]),
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
            exclude: ["lexicon.bin"],
            cSettings: [.unsafeFlags(["-std=c23"])]
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
        .target(
            name: "PasswordPolicy",
            dependencies: ["CLexiconData", "COpenSSL"]
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
        // and the safe shadow writer. Foundation is allowed here: it never
        // runs inside a PAM stack.
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
                "CredentialAudit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `make bench`'s breached-password part: generates a large synthetic
        // list and measures the database against a binary search over text.
        .executableTarget(
            name: "breach-bench",
            dependencies: ["PasswordPolicy"]
        ),
        .testTarget(name: "PasswordPolicyTests", dependencies: ["PasswordPolicy"]),
        .testTarget(name: "CredentialAuditTests", dependencies: ["CredentialAudit"]),
        .testTarget(name: "pwguardTests", dependencies: ["PasswordPolicy"]),
    ]
)
