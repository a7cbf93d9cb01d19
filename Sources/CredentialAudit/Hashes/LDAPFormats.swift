/// LDAP `userPassword` values: "{SCHEME}rest", the scheme name in any case.
/// {SHA}, {SSHA} and {SSHA512} are digests here; {CRYPT}, {ARGON2} and
/// {PBKDF2-*} wrap formats the other families read.
enum LDAPFormats {
    static func parse(_ stored: String) -> PasswordHash? {
        guard stored.hasPrefix("{"), let close = stored.firstIndex(of: "}") else { return nil }
        let name = stored[stored.index(after: stored.startIndex)..<close].uppercased()
        let rest = String(stored[stored.index(after: close)...])
        switch name {
        case "CRYPT":
            return CryptFormats.parse(rest) ?? .unrecognised
        case "ARGON2":
            return KeyDerivationFormats.parse(rest) ?? .unrecognised
        case "PBKDF2", "PBKDF2-SHA1", "PBKDF2-SHA256", "PBKDF2-SHA512":
            let bits = name.hasSuffix("SHA512") ? 512 : name.hasSuffix("SHA256") ? 256 : 160
            return KeyDerivationFormats.ldapPBKDF2(rest, bits: bits) ?? .unrecognised
        case "SHA":
            guard let digest = HashEncoding.base64(rest), digest.count == 20 else { return .unrecognised }
            return PasswordHash(scheme: .ldapSHA, isLegacy: true, unsaltedDigest: .sha1(digest),
                                verifier: .saltedDigest(bits: 160, salt: [], digest: digest))
        case "SSHA", "SSHA512":
            let size = name == "SSHA" ? 20 : 64
            // base64(digest + salt); the salt is whatever follows the digest.
            guard let bytes = HashEncoding.base64(rest), bytes.count > size else { return .unrecognised }
            return PasswordHash(scheme: name == "SSHA" ? .ldapSSHA : .ldapSSHA512, isLegacy: false,
                                cost: "iterations=1", isLowCost: true,
                                verifier: .saltedDigest(bits: size == 20 ? 160 : 512,
                                                        salt: Array(bytes[size...]), digest: Array(bytes[..<size])))
        default:
            return .unrecognised
        }
    }
}
