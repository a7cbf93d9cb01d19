// libargon2 (the reference implementation, Debian libargon2-dev): verifies
// PHC "$argon2id$v=19$m=...,t=...,p=...$salt$hash" strings for `pwguard audit`.
#ifndef PWGUARD_CARGON2_SHIM_H
#define PWGUARD_CARGON2_SHIM_H
#include <argon2.h>
#endif
