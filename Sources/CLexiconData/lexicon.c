#include "CLexiconData.h"

// 8-byte alignment lets the Swift reader load 32-bit fields in place.
__attribute__((aligned(8))) const unsigned char pwguard_lexicon_data[] = {
#embed "lexicon.bin"
};
const size_t pwguard_lexicon_size = sizeof(pwguard_lexicon_data);
