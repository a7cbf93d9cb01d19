#ifndef PWGUARD_CLEXICONDATA_H
#define PWGUARD_CLEXICONDATA_H
#include <stddef.h>
/// The compiled lexicon (see docs/lexicon.md), embedded at build time.
extern const unsigned char pwguard_lexicon_data[];
/// Size in bytes of `pwguard_lexicon_data`.
extern const size_t pwguard_lexicon_size;
/// The first byte of `pwguard_lexicon_data`. Swift cannot import an array of
/// unknown size (it reports an "invalid declaration"), so it reads the data
/// through this accessor instead.
static inline const unsigned char *pwguard_lexicon_bytes(void) { return pwguard_lexicon_data; }
#endif
