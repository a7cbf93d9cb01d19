import CArgon2

/// Key-derivation formats of web frameworks and PHC strings: argon2
/// (`$argon2id$...`, Django `argon2$...`), PBKDF2 (passlib `$pbkdf2-sha256$`,
/// Django `pbkdf2_sha256$`, Werkzeug `pbkdf2:sha256:N$`, OpenLDAP
/// `{PBKDF2-SHA512}`), scrypt (Werkzeug `scrypt:N:r:p$`, Django `scrypt$`,
/// passlib `$scrypt$`). libxcrypt's `$7$` scrypt is a crypt string.
enum KeyDerivationFormats {
    /// Parameters needing more memory than this per verification are not
    /// verified (each guessing thread would allocate it for every candidate).
    static let maxMemoryBytes: UInt64 = 1 << 30

    static func parse(_ stored: String) -> PasswordHash? {
        if stored.hasPrefix("$argon2") { return argon2(stored) }
        if stored.hasPrefix("argon2$argon2") { return argon2(String(stored.dropFirst(6))) }
        if stored.hasPrefix("$pbkdf2") { return passlibPBKDF2(stored) }
        if stored.hasPrefix("pbkdf2_sha") { return djangoPBKDF2(stored) }
        if stored.hasPrefix("pbkdf2:") { return werkzeugPBKDF2(stored) }
        if stored.hasPrefix("scrypt:") { return werkzeugScrypt(stored) }
        if stored.hasPrefix("scrypt$") { return djangoScrypt(stored) }
        if stored.hasPrefix("$scrypt$") { return passlibScrypt(stored) }
        return nil
    }

    // MARK: argon2

    static func argon2(_ stored: String) -> PasswordHash {
        let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count >= 5, fields[0].isEmpty else { return .unrecognised }
        let scheme: PasswordHash.Scheme
        let type: Argon2_type
        switch fields[1] {
        case "argon2i": scheme = .argon2i; type = Argon2_i
        case "argon2d": scheme = .argon2d; type = Argon2_d
        case "argon2id": scheme = .argon2id; type = Argon2_id
        default: return .unrecognised
        }
        // "v=19" is optional (absent means version 0x10).
        let parameterField = fields[2].hasPrefix("v=") ? fields[3] : fields[2]
        var values: [String: Int] = [:]
        for pair in parameterField.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = Int(parts[1]) else { return .unrecognised }
            values[String(parts[0])] = value
        }
        guard let m = values["m"], let t = values["t"], let p = values["p"], m > 0, t > 0, p > 0 else {
            return .unrecognised
        }
        let low = m < CostFloor.argon2MemoryKiB || m.multipliedReportingOverflow(by: t).partialValue < CostFloor.argon2MemoryPasses
        let affordable = UInt64(m) * 1024 <= maxMemoryBytes && p <= 64
        return PasswordHash(scheme: scheme, isLegacy: false, cost: "m=\(m),t=\(t),p=\(p)", isLowCost: low,
                            verifier: affordable
                                ? .argon2(encoded: Array(stored.utf8CString), type: Int32(bitPattern: type.rawValue))
                                : .none)
    }

    // MARK: PBKDF2

    static func pbkdf2Hash(bits: Int, iterations: Int, salt: [UInt8], key: [UInt8]) -> PasswordHash {
        guard iterations > 0, iterations <= Int(Int32.max), !key.isEmpty, key.count <= 512 else { return .unrecognised }
        let scheme: PasswordHash.Scheme = bits == 512 ? .pbkdf2SHA512 : bits == 256 ? .pbkdf2SHA256 : .pbkdf2SHA1
        return PasswordHash(scheme: scheme, isLegacy: false, cost: "iterations=\(iterations)",
                            isLowCost: iterations < CostFloor.pbkdf2Minimum(bits: bits),
                            verifier: .pbkdf2(bits: bits, iterations: iterations, salt: salt, key: key))
    }

    static func digestBits(_ name: some StringProtocol) -> Int? {
        switch name.lowercased() {
        case "sha1": return 160
        case "sha256": return 256
        case "sha512": return 512
        default: return nil
        }
    }

    /// OpenLDAP pw-pbkdf2: "<iterations>$<ab64 salt>$<ab64 key>" after the "{PBKDF2-...}" tag.
    static func ldapPBKDF2(_ rest: String, bits: Int) -> PasswordHash? {
        let fields = rest.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 3, let iterations = Int(fields[0]),
              let salt = HashEncoding.adaptedBase64(fields[1]), let key = HashEncoding.adaptedBase64(fields[2])
        else { return nil }
        return pbkdf2Hash(bits: bits, iterations: iterations, salt: salt, key: key)
    }

    /// passlib: "$pbkdf2-sha256$<iterations>$<ab64 salt>$<ab64 key>" ("$pbkdf2$" is SHA-1).
    static func passlibPBKDF2(_ stored: String) -> PasswordHash {
        let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 5 else { return .unrecognised }
        let bits: Int
        switch fields[1] {
        case "pbkdf2": bits = 160
        case "pbkdf2-sha256": bits = 256
        case "pbkdf2-sha512": bits = 512
        default: return .unrecognised
        }
        guard let iterations = Int(fields[2]), let salt = HashEncoding.adaptedBase64(fields[3]),
              let key = HashEncoding.adaptedBase64(fields[4]) else { return .unrecognised }
        return pbkdf2Hash(bits: bits, iterations: iterations, salt: salt, key: key)
    }

    /// Django: "pbkdf2_sha256$<iterations>$<salt text>$<base64 key>".
    static func djangoPBKDF2(_ stored: String) -> PasswordHash {
        let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 4, fields[0].hasPrefix("pbkdf2_"), let bits = digestBits(fields[0].dropFirst(7)),
              let iterations = Int(fields[1]), let key = HashEncoding.base64(fields[3]) else { return .unrecognised }
        return pbkdf2Hash(bits: bits, iterations: iterations, salt: Array(fields[2].utf8), key: key)
    }

    /// Werkzeug: "pbkdf2:<digest>:<iterations>$<salt text>$<hex key>".
    static func werkzeugPBKDF2(_ stored: String) -> PasswordHash {
        let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 3 else { return .unrecognised }
        let method = fields[0].split(separator: ":", omittingEmptySubsequences: false)
        // Werkzeug's default iteration count changes between releases: require it written.
        guard method.count == 3, let bits = digestBits(method[1]), let iterations = Int(method[2]),
              let key = HashEncoding.hex(fields[2]) else { return .unrecognised }
        return pbkdf2Hash(bits: bits, iterations: iterations, salt: Array(fields[1].utf8), key: key)
    }

    // MARK: scrypt

    static func scryptHash(_ scheme: PasswordHash.Scheme, n: Int, r: Int, p: Int, salt: [UInt8],
                           key: [UInt8]) -> PasswordHash {
        guard n > 1, n & (n - 1) == 0, r > 0, p > 0, r <= 1024, p <= 1024, !key.isEmpty, key.count <= 512
        else { return .unrecognised }
        let log2N = Int.bitWidth - 1 - n.leadingZeroBitCount
        let memory = UInt64(128) * UInt64(r) * (UInt64(n) + UInt64(p) + 2)
        return PasswordHash(scheme: scheme, isLegacy: false, cost: "N=2^\(log2N),r=\(r),p=\(p)",
                            isLowCost: log2N < CostFloor.scryptLog2N,
                            verifier: memory <= maxMemoryBytes
                                ? .scrypt(n: UInt64(n), r: UInt64(r), p: UInt64(p), salt: salt, key: key)
                                : .none)
    }

    /// Werkzeug: "scrypt:<N>:<r>:<p>$<salt text>$<hex key>" (defaults 2^15, 8, 1).
    static func werkzeugScrypt(_ stored: String) -> PasswordHash {
        let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 3, let key = HashEncoding.hex(fields[2]) else { return .unrecognised }
        let method = fields[0].split(separator: ":", omittingEmptySubsequences: false).dropFirst().map { Int($0) }
        guard method.allSatisfy({ $0 != nil }), method.count <= 3 else { return .unrecognised }
        let n = method.count > 0 ? method[0] ?? 0 : 1 << 15
        let r = method.count > 1 ? method[1] ?? 0 : 8
        let p = method.count > 2 ? method[2] ?? 0 : 1
        return scryptHash(.werkzeugScrypt, n: n, r: r, p: p, salt: Array(fields[1].utf8), key: key)
    }

    /// Django: "scrypt$<N>$<salt text>$<r>$<p>$<base64 key>".
    static func djangoScrypt(_ stored: String) -> PasswordHash {
        let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 6, let n = Int(fields[1]), let r = Int(fields[3]), let p = Int(fields[4]),
              let key = HashEncoding.base64(fields[5]) else { return .unrecognised }
        return scryptHash(.scrypt, n: n, r: r, p: p, salt: Array(fields[2].utf8), key: key)
    }

    /// passlib: "$scrypt$ln=<log2 N>,r=<r>,p=<p>$<ab64 salt>$<ab64 key>".
    static func passlibScrypt(_ stored: String) -> PasswordHash {
        let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 5 else { return .unrecognised }
        var values: [String: Int] = [:]
        for pair in fields[2].split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = Int(parts[1]) else { return .unrecognised }
            values[String(parts[0])] = value
        }
        guard let ln = values["ln"], ln > 0, ln < 40, let r = values["r"], let p = values["p"],
              let salt = HashEncoding.adaptedBase64(fields[3]), let key = HashEncoding.adaptedBase64(fields[4])
        else { return .unrecognised }
        return scryptHash(.scrypt, n: 1 << ln, r: r, p: p, salt: salt, key: key)
    }
}
