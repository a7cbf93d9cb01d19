import CArgon2
import CAprUtil
import CCrypt
import COpenSSL

/// A stored password hash from any credential store the audit reads: what
/// scheme it is, how weak its scheme and cost are, and whether a candidate
/// password matches it.
///
/// Parsing never traps and never throws: text that is not recognised gives
/// scheme `.unknown` (and `canVerify == false`). Every computation goes to a
/// system library: libxcrypt for crypt(3) strings, libcrypto for LDAP
/// digests, NT/LM, PBKDF2 and scrypt, libargon2 for argon2, APR-util for
/// `$apr1$`. pwguard implements no hash itself.
public struct PasswordHash: Sendable {
    /// The hash scheme. The raw value is the name used in reports.
    public enum Scheme: String, Sendable, CaseIterable {
        case yescrypt, gostYescrypt = "gost-yescrypt", scrypt, bcrypt, sha512crypt, sha256crypt,
             sha1crypt, sunMD5 = "sunmd5", md5crypt, bsdicrypt, descrypt, bigcrypt, ntHash = "nt",
             lmHash = "lm", apr1, ldapSHA = "sha1", ldapSSHA = "ssha", ldapSSHA512 = "ssha512",
             pbkdf2SHA512 = "pbkdf2-sha512", pbkdf2SHA256 = "pbkdf2-sha256", pbkdf2SHA1 = "pbkdf2-sha1",
             argon2i, argon2d, argon2id, werkzeugScrypt = "scrypt-werkzeug", plaintext, unknown
    }

    /// An unsalted digest of the password, which the audit can look up in a
    /// breach database or compare between accounts without guessing.
    public enum UnsaltedDigest: Hashable, Sendable {
        case sha1([UInt8]), ntlm([UInt8]), lm([UInt8])
    }

    /// The scheme; `.unknown` when the text was not recognised.
    public var scheme: Scheme
    /// True for schemes that should no longer store passwords: whatever
    /// libxcrypt's `crypt_checksalt()` calls CRYPT_SALT_METHOD_LEGACY (DES,
    /// bigcrypt, bsdicrypt, md5crypt, sha1crypt, SunMD5, sha256crypt, `$3$`
    /// NT), plus NT and LM dumps, `$apr1$`, unsalted `{SHA}` and plaintext.
    public var isLegacy: Bool
    /// The cost as a person reads it: "rounds=5000", "cost=10",
    /// "N=2^15,r=8,p=1", "j9T", "iterations=600000", "m=65536,t=3,p=4".
    /// nil for schemes with a fixed cost (DES, md5crypt, NT, ...).
    public var cost: String?
    /// Below pwguard's own cost floor (see `CostFloor`). Legacy schemes with
    /// a fixed cost are never "low cost": `isLegacy` already condemns them.
    public var isLowCost: Bool
    /// False for `.unknown` and for parameters no library here can compute
    /// (or that would need absurd memory); `verify` then always answers false.
    public var canVerify: Bool
    /// For unsalted schemes ({SHA}, NT, LM, plaintext): the digest for
    /// breach and shared-password checks. Plaintext gives its SHA-1.
    public var unsaltedDigest: UnsaltedDigest?

    /// How `verify` computes: the parsed parameters of each family.
    let verifier: Verifier

    enum Verifier: Sendable {
        case none
        /// A crypt(3) string, NUL-terminated: it is the setting for
        /// `crypt_rn`, and a match reproduces it exactly.
        case crypt(setting: [CChar])
        /// An Apache `$apr1$` string, NUL-terminated.
        case apr1(stored: [CChar])
        /// SHA-1 (LDAP {SHA}, {SSHA}) or SHA-512 ({SSHA512}) of password + salt.
        case saltedDigest(bits: Int, salt: [UInt8], digest: [UInt8])
        /// MD4 of the UTF-16LE password.
        case nt(digest: [UInt8])
        /// LAN Manager: DES of "KGS!@#$%" under the upper-cased password halves.
        case lm(digest: [UInt8])
        /// PBKDF2-HMAC-SHA1/256/512 (`bits` 160/256/512).
        case pbkdf2(bits: Int, iterations: Int, salt: [UInt8], key: [UInt8])
        /// scrypt with its parameters and the memory they need.
        case scrypt(n: UInt64, r: UInt64, p: UInt64, salt: [UInt8], key: [UInt8])
        /// A PHC argon2 string, NUL-terminated, for `argon2_verify`.
        case argon2(encoded: [CChar], type: Int32)
        /// A plaintext password (htpasswd allows them).
        case plaintext([UInt8])
    }

    init(scheme: Scheme, isLegacy: Bool, cost: String? = nil, isLowCost: Bool = false,
         unsaltedDigest: UnsaltedDigest? = nil, verifier: Verifier) {
        self.scheme = scheme
        self.isLegacy = isLegacy
        self.cost = cost
        self.isLowCost = isLowCost
        self.unsaltedDigest = unsaltedDigest
        self.verifier = verifier
        if case .none = verifier { canVerify = false } else { canVerify = true }
    }

    /// A hash nothing here recognises.
    static let unrecognised = PasswordHash(scheme: .unknown, isLegacy: false, verifier: .none)

    /// Parses a stored hash as it appears in a store, e.g. "$y$j9T$...",
    /// "{SSHA}base64", "{CRYPT}$6$...", "{PBKDF2-SHA512}10000$salt$dk",
    /// "$argon2id$v=19$...", "pbkdf2_sha256$...", "scrypt:32768:8:1$salt$hex",
    /// "pbkdf2:sha256:600000$salt$hex", "$apr1$...", "{SHA}...".
    /// NT and LM columns of a pwdump use `init(ntHex:)` / `init(lmHex:)`
    /// (32 hex digits alone are ambiguous). The caller strips a leading "!"
    /// (locked) first and handles "", "*", "!" etc. itself.
    /// Returns a hash with scheme `.unknown` when the text is not recognised.
    public init(_ stored: String) {
        self = PasswordHash.parse(stored) ?? .unrecognised
    }

    /// An NT hash as 32 hex digits (the pwdump NT column).
    public init(ntHex: String) {
        guard let digest = HashEncoding.hex(ntHex), digest.count == 16 else {
            self = .unrecognised
            return
        }
        self.init(scheme: .ntHash, isLegacy: true, unsaltedDigest: .ntlm(digest), verifier: .nt(digest: digest))
    }

    /// A LAN Manager hash as 32 hex digits (the pwdump LM column).
    public init(lmHex: String) {
        guard let digest = HashEncoding.hex(lmHex), digest.count == 16 else {
            self = .unrecognised
            return
        }
        self.init(scheme: .lmHash, isLegacy: true, unsaltedDigest: .lm(digest), verifier: .lm(digest: digest))
    }

    /// A plaintext password stored as such (htpasswd allows it).
    public static func plaintext(_ password: String) -> PasswordHash {
        let bytes = Array(password.utf8)
        var digest = [UInt8](repeating: 0, count: 20)
        let ok = bytes.withUnsafeBytes { pwguard_sha1($0.baseAddress, $0.count, &digest) } == 1
        return PasswordHash(scheme: .plaintext, isLegacy: true, unsaltedDigest: ok ? .sha1(digest) : nil,
                            verifier: .plaintext(bytes))
    }

    /// The format families, tried in this order; each answers nil when the
    /// text is not of its family.
    static func parse(_ stored: String) -> PasswordHash? {
        if let hash = LDAPFormats.parse(stored) { return hash }
        if let hash = KeyDerivationFormats.parse(stored) { return hash }
        if stored.hasPrefix("$apr1$") {
            return PasswordHash(scheme: .apr1, isLegacy: true, verifier: .apr1(stored: Array(stored.utf8CString)))
        }
        return CryptFormats.parse(stored)
    }

    /// True when `candidate` (UTF-8 bytes) hashes to this. Thread-safe given
    /// a scratch per thread; allocates nothing itself (the libraries may).
    public func verify(_ candidate: [UInt8], scratch: HashScratch) -> Bool {
        candidate.withUnsafeBufferPointer { verify($0, scratch: scratch) }
    }

    /// `verify` over borrowed bytes: the guessing engine's hot path.
    func verify(_ candidate: UnsafeBufferPointer<UInt8>, scratch: HashScratch) -> Bool {
        switch verifier {
        case .none:
            return false
        case .crypt(let setting):
            guard let phrase = scratch.cString(candidate) else { return false }
            return setting.withUnsafeBufferPointer { stored -> Bool in
                guard let settingPointer = stored.baseAddress,
                      let result = crypt_rn(phrase, settingPointer, scratch.cryptData, HashScratch.cryptDataSize)
                else { return false }
                return strcmp(result, settingPointer) == 0
            }
        case .apr1(let stored):
            guard let phrase = scratch.cString(candidate) else { return false }
            return stored.withUnsafeBufferPointer { storedPointer -> Bool in
                guard let base = storedPointer.baseAddress,
                      apr_md5_encode(phrase, base, scratch.output, HashScratch.outputSize) == 0
                else { return false }
                return strcmp(scratch.output, base) == 0
            }
        case .saltedDigest(let bits, let salt, let digest):
            let out = scratch.work
            let ok = salt.withUnsafeBytes { saltBytes -> Bool in
                bits == 512
                    ? pwguard_sha512_salted(candidate.baseAddress, candidate.count, saltBytes.baseAddress,
                                            saltBytes.count, out) == 1
                    : pwguard_sha1_salted(candidate.baseAddress, candidate.count, saltBytes.baseAddress,
                                          saltBytes.count, out) == 1
            }
            return ok && scratch.workEquals(digest)
        case .nt(let digest):
            guard let length = scratch.utf16LE(candidate),
                  pwguard_md4(scratch.work, length, scratch.work + HashScratch.workSize / 2) == 1
            else { return false }
            return digest.withUnsafeBytes { pwguard_equal($0.baseAddress, scratch.work + HashScratch.workSize / 2, 16) == 1 }
        case .lm(let digest):
            // LM takes at most 14 characters, upper-cased, NUL-padded.
            guard candidate.count <= 14 else { return false }
            let key = scratch.work
            for i in 0..<14 {
                var byte: UInt8 = i < candidate.count ? candidate[i] : 0
                if byte >= 0x61 && byte <= 0x7A { byte -= 0x20 }
                key[i] = byte
            }
            pwguard_lm_half(key, key + 16)
            pwguard_lm_half(key + 7, key + 24)
            return digest.withUnsafeBytes { pwguard_equal($0.baseAddress, key + 16, 16) == 1 }
        case .pbkdf2(let bits, let iterations, let salt, let key):
            guard candidate.count <= Int(Int32.max), key.count <= HashScratch.workSize else { return false }
            let ok = salt.withUnsafeBytes { saltBytes in
                pwguard_pbkdf2(candidate.baseAddress, Int32(candidate.count), saltBytes.baseAddress,
                               Int32(saltBytes.count), Int32(iterations), Int32(bits), scratch.work,
                               Int32(key.count)) == 1
            }
            return ok && scratch.workEquals(key)
        case .scrypt(let n, let r, let p, let salt, let key):
            guard key.count <= HashScratch.workSize else { return false }
            let memory = 128 &* r &* (n &+ p &+ 2) &+ 65536
            let ok = salt.withUnsafeBytes { saltBytes in
                pwguard_scrypt(candidate.baseAddress, candidate.count, saltBytes.baseAddress, saltBytes.count,
                               n, r, p, memory, scratch.work, key.count) == 1
            }
            return ok && scratch.workEquals(key)
        case .argon2(let encoded, let type):
            return encoded.withUnsafeBufferPointer { encodedPointer in
                argon2_verify(encodedPointer.baseAddress, candidate.baseAddress, candidate.count,
                              Argon2_type(rawValue: UInt32(bitPattern: type))) == ARGON2_OK.rawValue
            }
        case .plaintext(let stored):
            guard stored.count == candidate.count else { return false }
            return stored.withUnsafeBytes { pwguard_equal($0.baseAddress, candidate.baseAddress, stored.count) == 1 }
        }
    }
}
