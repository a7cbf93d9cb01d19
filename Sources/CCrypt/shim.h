// libxcrypt (crypt_rn, crypt_checksalt, crypt_gensalt_rn): every crypt(3)
// scheme the system supports, yescrypt included. pwguard never implements a
// password hash itself.
#ifndef PWGUARD_CCRYPT_SHIM_H
#define PWGUARD_CCRYPT_SHIM_H
#include <crypt.h>
#endif
