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

#endif
