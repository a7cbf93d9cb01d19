/// pwguard's own cost floor: below it a modern scheme is reported
/// `low_cost`. libxcrypt's `crypt_checksalt` does not implement
/// CRYPT_SALT_TOO_CHEAP, so the floor is ours; the figures are the schemes'
/// defaults or OWASP's Password Storage Cheat Sheet minimums:
/// - sha256crypt / sha512crypt: fewer than 5000 rounds (the default, itself
///   called too low by libxcrypt's man page; never accept less).
/// - bcrypt: cost below 10.
/// - yescrypt / gost-yescrypt: less memory (N × r) than the distribution
///   default `j9T` (N = 4096, r = 32: 16 MiB), which Debian's pam_unix and
///   mkpasswd use.
/// - scrypt (any format): N below 2^15.
/// - PBKDF2 (OWASP): SHA-256 below 600,000, SHA-512 below 210,000, SHA-1
///   below 1,300,000 iterations.
/// - argon2: memory × passes below OWASP's least setting (m = 7 MiB, t = 5:
///   35,840 KiB-passes), or memory below 7 MiB.
/// - Salted single-iteration digests ({SSHA}, {SSHA512}): always.
/// Legacy schemes with a fixed cost (DES, md5crypt, NT, ...) are not
/// measured against a floor: `isLegacy` already reports them.
enum CostFloor {
    static let shaCryptRounds = 5000
    static let bcryptCost = 10
    /// N × r of yescrypt's j9T.
    static let yescryptBlocks = 4096 * 32
    static let scryptLog2N = 15
    static let pbkdf2SHA256 = 600_000
    static let pbkdf2SHA512 = 210_000
    static let pbkdf2SHA1 = 1_300_000
    static let argon2MemoryKiB = 7168
    static let argon2MemoryPasses = 7168 * 5

    static func pbkdf2Minimum(bits: Int) -> Int {
        switch bits {
        case 512: return pbkdf2SHA512
        case 256: return pbkdf2SHA256
        default: return pbkdf2SHA1
        }
    }
}
