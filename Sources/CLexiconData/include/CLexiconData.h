#ifndef PWGUARD_CLEXICONDATA_H
#define PWGUARD_CLEXICONDATA_H
#include <stddef.h>

/// The compiled lexicon (see docs/lexicon.md), embedded at build time, and the
/// private copy it is read through.
///
/// The embedded array lives in the binary's file mapping. Reading a handful
/// of its words there would make the kernel map whole page-cache folios
/// around each read (64 KB and more on a current kernel), so one password
/// check would make most of its 1.5 MB resident in the host process: the
/// larger part of what the PAM module costs a `passwd` or `sshd`. Instead,
/// `pwguard_lexicon_open` reserves an anonymous copy that is filled one
/// 4 KB chunk at a time, on first use, with pread(2) from the binary's own
/// file, as cracklib reads its dictionary: a process pays for the chunks it
/// reads (about a hundred for a password check), never for the rest.

/// Bytes per chunk of the copy.
#define PWGUARD_LEXICON_CHUNK 4096

/// Where the lexicon is read from, as `pwguard_lexicon_open` found it.
typedef struct pwguard_lexicon_view {
    /// The first byte: the private copy, or the embedded array itself.
    const unsigned char *bytes;
    /// Size in bytes.
    size_t size;
    /// 1 if `bytes` is the private copy (call `pwguard_lexicon_touch` before
    /// reading any byte), 0 if it is the embedded array (read freely).
    int copied;
} pwguard_lexicon_view;

/// Opens the built-in lexicon. Call once (Swift's `Lexicon.builtIn` does, in
/// its one-time initialiser) before any `pwguard_lexicon_touch`. Falls back to
/// the embedded array when the copy cannot be made: no memory for the
/// reservation, the binary's file not readable, or its bytes at the
/// lexicon's place not those of the embedded lexicon (header and checksum
/// compared: the file was replaced after it was loaded).
pwguard_lexicon_view pwguard_lexicon_open(void);

/// The embedded array itself, and its size: for tests and diagnostics that
/// compare it with `lexicon.bin` (reading it maps its pages).
const unsigned char *pwguard_lexicon_embedded(size_t *size);

/// Chunk states of the copy (0 empty, 1 being filled, 2 filled), one byte
/// per chunk; NULL when the lexicon is read from the embedded array.
extern unsigned char *pwguard_lexicon_chunk_state;

/// Number of chunks of the copy.
extern size_t pwguard_lexicon_chunk_count;

/// `pwguard_lexicon_chunk_state` and `pwguard_lexicon_chunk_count`, for
/// tests and diagnostics in Swift (which cannot read mutable C globals).
static inline unsigned char *pwguard_lexicon_chunk_states(void) { return pwguard_lexicon_chunk_state; }
static inline size_t pwguard_lexicon_chunks(void) { return pwguard_lexicon_chunk_count; }

/// Fills the chunks `first...last` of the copy that are not filled yet (any
/// thread; a chunk another thread is filling is waited for). A chunk pread
/// cannot read in full is copied from the embedded array, so the copy always
/// holds the lexicon's bytes.
void pwguard_lexicon_fill(size_t first, size_t last);

/// Makes bytes `offset ..< offset + count` of the copy readable: two loads
/// when they are (the usual case), `pwguard_lexicon_fill` otherwise. Ranges
/// outside the lexicon are ignored (the reader never reads there). A no-op
/// when reading the embedded array.
static inline void pwguard_lexicon_touch(size_t offset, size_t count) {
    unsigned char *state = pwguard_lexicon_chunk_state;
    if (state == NULL || count == 0) return;
    size_t first = offset / PWGUARD_LEXICON_CHUNK;
    size_t last = (offset + (count - 1)) / PWGUARD_LEXICON_CHUNK;
    if (last >= pwguard_lexicon_chunk_count || last < first) return;
    // The reader's reads span at most two chunks; longer ranges take the slow path.
    if (last - first > 1 || __atomic_load_n(state + first, __ATOMIC_ACQUIRE) != 2 ||
        __atomic_load_n(state + last, __ATOMIC_ACQUIRE) != 2)
        pwguard_lexicon_fill(first, last);
}
#endif
