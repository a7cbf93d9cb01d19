// APR-util's MD5 crypt (Debian libaprutil1-dev, the library behind htpasswd):
// verifies Apache "$apr1$" hashes, which libxcrypt does not know.
#ifndef PWGUARD_CAPRUTIL_SHIM_H
#define PWGUARD_CAPRUTIL_SHIM_H
// Debian installs the headers under apr-1.0/; their own includes are quoted,
// so they resolve next to this one without pkg-config's -I (whose -D flags
// SwiftPM refuses).
#include <apr-1.0/apr_md5.h>
#endif
