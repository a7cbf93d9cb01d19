// The few libcrypto functions pwguard needs, behind small inline wrappers so
// that Swift sees plain C signatures and no OpenSSL macros.
//
// MD4 (for NTLM) is deprecated in OpenSSL 3 and its EVP form lives in the
// "legacy" provider. Loading that provider would change the global state of
// whatever process hosts the PAM module (sshd, login, passwd), so the
// self-contained one-shot MD4() is used instead, with its deprecation
// warning silenced here, in the one place that calls it.
#ifndef PWGUARD_COPENSSL_SHIM_H
#define PWGUARD_COPENSSL_SHIM_H

#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <stddef.h>
#include <stdint.h>
#include <openssl/crypto.h>
#include <openssl/des.h>
#include <openssl/evp.h>
#include <openssl/md4.h>
#include <openssl/sha.h>

/// SHA-1 of `length` bytes into `out` (20 bytes). Returns 1 on success.
static inline int pwguard_sha1(const void *data, size_t length, unsigned char *out) {
    return SHA1((const unsigned char *)data, length, out) != NULL;
}

/// MD4 of `length` bytes into `out` (16 bytes). Returns 1 on success.
static inline int pwguard_md4(const void *data, size_t length, unsigned char *out) {
    return MD4((const unsigned char *)data, length, out) != NULL;
}

/// A running SHA-256, or NULL when libcrypto cannot provide one.
static inline EVP_MD_CTX *pwguard_sha256_new(void) {
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    if (context == NULL) return NULL;
    if (EVP_DigestInit_ex(context, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(context);
        return NULL;
    }
    return context;
}

/// Adds bytes to a running SHA-256. Returns 1 on success.
static inline int pwguard_sha256_update(EVP_MD_CTX *context, const void *data, size_t length) {
    return EVP_DigestUpdate(context, data, length);
}

/// Writes the SHA-256 (32 bytes) to `out`. Returns 1 on success. The
/// context may only be freed afterwards.
static inline int pwguard_sha256_final(EVP_MD_CTX *context, unsigned char *out) {
    unsigned int length = 0;
    return EVP_DigestFinal_ex(context, out, &length) == 1 && length == 32;
}

/// Frees a running SHA-256.
static inline void pwguard_sha256_free(EVP_MD_CTX *context) {
    EVP_MD_CTX_free(context);
}

// ---- Password-hash verification for `pwguard audit` (CredentialAudit) ----
// One-shot wrappers over libcrypto: the audit verifies stored LDAP, NT/LM,
// PBKDF2 and scrypt hashes with these and never implements a primitive.

/// SHA-1 of `data` followed by `salt` into `out` (20 bytes): LDAP {SSHA}. Returns 1 on success.
static inline int pwguard_sha1_salted(const void *data, size_t length, const void *salt, size_t saltLength,
                                      unsigned char *out) {
    SHA_CTX context;
    if (SHA1_Init(&context) != 1) return 0;
    if (SHA1_Update(&context, data, length) != 1) return 0;
    if (SHA1_Update(&context, salt, saltLength) != 1) return 0;
    int ok = SHA1_Final(out, &context);
    OPENSSL_cleanse(&context, sizeof context);
    return ok == 1;
}

/// SHA-512 of `data` followed by `salt` into `out` (64 bytes): LDAP {SSHA512}. Returns 1 on success.
static inline int pwguard_sha512_salted(const void *data, size_t length, const void *salt, size_t saltLength,
                                        unsigned char *out) {
    SHA512_CTX context;
    if (SHA512_Init(&context) != 1) return 0;
    if (SHA512_Update(&context, data, length) != 1) return 0;
    if (SHA512_Update(&context, salt, saltLength) != 1) return 0;
    int ok = SHA512_Final(out, &context);
    OPENSSL_cleanse(&context, sizeof context);
    return ok == 1;
}

/// PBKDF2-HMAC with SHA-1 (`digestBits` 160), SHA-256 (256) or SHA-512 (512),
/// `outLength` bytes into `out`. Returns 1 on success.
static inline int pwguard_pbkdf2(const void *password, int length, const void *salt, int saltLength,
                                 int iterations, int digestBits, unsigned char *out, int outLength) {
    const EVP_MD *md = digestBits == 160 ? EVP_sha1() : digestBits == 256 ? EVP_sha256()
                     : digestBits == 512 ? EVP_sha512() : NULL;
    if (md == NULL) return 0;
    return PKCS5_PBKDF2_HMAC((const char *)password, length, (const unsigned char *)salt, saltLength,
                             iterations, md, outLength, out);
}

/// scrypt(N, r, p), `outLength` bytes into `out`, allowed exactly the memory the
/// parameters need (libcrypto refuses more than `maxMemory`). Returns 1 on success.
static inline int pwguard_scrypt(const void *password, size_t length, const void *salt, size_t saltLength,
                                 uint64_t n, uint64_t r, uint64_t p, uint64_t maxMemory,
                                 unsigned char *out, size_t outLength) {
    return EVP_PBE_scrypt((const char *)password, length, (const unsigned char *)salt, saltLength,
                          n, r, p, maxMemory, out, outLength);
}

/// One half of a LAN Manager hash: the 7 key bytes spread into a DES key
/// (7 bits per byte), which encrypts "KGS!@#$%" into `out` (8 bytes). Single
/// DES is in OpenSSL 3's legacy provider for EVP, so the self-contained
/// DES_* calls are used, as MD4() is above.
static inline void pwguard_lm_half(const unsigned char key7[7], unsigned char out[8]) {
    DES_cblock key;
    key[0] = key7[0] & 0xFE;
    key[1] = (unsigned char)((key7[0] << 7) | (key7[1] >> 1));
    key[2] = (unsigned char)((key7[1] << 6) | (key7[2] >> 2));
    key[3] = (unsigned char)((key7[2] << 5) | (key7[3] >> 3));
    key[4] = (unsigned char)((key7[3] << 4) | (key7[4] >> 4));
    key[5] = (unsigned char)((key7[4] << 3) | (key7[5] >> 5));
    key[6] = (unsigned char)((key7[5] << 2) | (key7[6] >> 6));
    key[7] = (unsigned char)(key7[6] << 1);
    DES_key_schedule schedule;
    DES_set_key_unchecked(&key, &schedule);
    DES_cblock plain = { 'K', 'G', 'S', '!', '@', '#', '$', '%' };
    DES_ecb_encrypt(&plain, (DES_cblock *)out, &schedule, DES_ENCRYPT);
    OPENSSL_cleanse(&schedule, sizeof schedule);
    OPENSSL_cleanse(&key, sizeof key);
}

/// Compares two byte strings in time independent of their contents. 1 if equal.
static inline int pwguard_equal(const void *a, const void *b, size_t length) {
    return CRYPTO_memcmp(a, b, length) == 0;
}

#endif
