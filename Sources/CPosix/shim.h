// The few libc calls the library makes through Swift's Glibc overlay
// otherwise: its `errno` and its wrappers of the variadic open(2) and
// fcntl(2) and its S_IF* constants live in one object that also carries ~100 tgmath wrappers, so
// using any of them makes the PAM module bind that many libm functions at
// load (each an IFUNC resolver run in the host: half a megabyte of its
// memory). Inline C, so no object and no overlay.
#ifndef PWGUARD_CPOSIX_SHIM_H
#define PWGUARD_CPOSIX_SHIM_H
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

/// errno of the calling thread.
static inline int pwguard_errno(void) { return errno; }

/// Sets errno (to tell "end of directory" from an error after readdir).
static inline void pwguard_set_errno(int value) { errno = value; }

/// open(2) without a mode (never creates).
static inline int pwguard_open(const char *path, int flags) { return open(path, flags); }

/// fcntl(2) F_GETFL.
static inline int pwguard_get_status_flags(int fd) { return fcntl(fd, F_GETFL); }

/// fcntl(2) F_SETFL.
static inline int pwguard_set_status_flags(int fd, int flags) { return fcntl(fd, F_SETFL, flags); }

/// Whether a stat(2) mode is a regular file (S_ISREG).
static inline int pwguard_is_regular_file(mode_t mode) { return S_ISREG(mode); }

/// Whether a stat(2) mode is a directory (S_ISDIR).
static inline int pwguard_is_directory(mode_t mode) { return S_ISDIR(mode); }
#endif
