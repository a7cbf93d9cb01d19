// The embedded lexicon and its private copy: see CLexiconData.h for why.
#define _GNU_SOURCE
#include "CLexiconData.h"

#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

// 8-byte alignment lets the Swift reader load 32-bit fields in place.
__attribute__((aligned(8))) static const unsigned char embedded[] = {
#embed "lexicon.bin"
};

// The header again (magic, version, counts, offsets and the checksum of all
// the rest), apart from the array: comparing it with the file's bytes must
// not touch the array's pages.
static const unsigned char embedded_header[] = {
#embed "lexicon.bin" limit(64)
};

const unsigned char *pwguard_lexicon_embedded(size_t *size) {
    if (size != NULL) *size = sizeof embedded;
    return embedded;
}

enum { chunk_empty = 0, chunk_filling = 1, chunk_filled = 2 };

unsigned char *pwguard_lexicon_chunk_state;
size_t pwguard_lexicon_chunk_count;

static unsigned char *copy;
// The binary's file, its identity and the lexicon's offset in it. The
// descriptor is checked (fstat) before each read: a host that closes
// descriptors it did not open (daemons do) may have reused its number.
static char file_path[4096];
static int file_fd = -1;
static dev_t file_dev;
static ino_t file_ino;
static off_t file_offset;

struct search { uintptr_t address; const char *name; off_t offset; int found; };

// dl_iterate_phdr callback: the loaded object holding `address`, and the
// file offset the address was loaded from.
static int find_object(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    struct search *search = data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_LOAD) continue;
        uintptr_t start = info->dlpi_addr + segment->p_vaddr;
        if (search->address < start || search->address - start >= segment->p_filesz) continue;
        search->name = info->dlpi_name;
        search->offset = (off_t)(segment->p_offset + (search->address - start));
        search->found = 1;
        return 1;
    }
    return 0;
}

static int open_checked(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return -1;
    struct stat info;
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) { close(fd); return -1; }
    file_dev = info.st_dev;
    file_ino = info.st_ino;
    return fd;
}

// Reads exactly `count` bytes at `offset`, or fails.
static int read_fully(int fd, unsigned char *into, size_t count, off_t offset) {
    size_t done = 0;
    while (done < count) {
        ssize_t got = pread(fd, into + done, count - done, offset + (off_t)done);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return -1;
        done += (size_t)got;
    }
    return 0;
}

// In a child forked while another thread was filling a chunk, nobody will
// finish that chunk: mark it empty again so the child fills it itself.
static void reset_after_fork(void) {
    for (size_t chunk = 0; chunk < pwguard_lexicon_chunk_count; chunk++) {
        if (pwguard_lexicon_chunk_state[chunk] == chunk_filling) pwguard_lexicon_chunk_state[chunk] = chunk_empty;
    }
}

pwguard_lexicon_view pwguard_lexicon_open(void) {
    pwguard_lexicon_view direct = { embedded, sizeof embedded, 0 };
    struct search search = { (uintptr_t)embedded, NULL, 0, 0 };
    if (dl_iterate_phdr(find_object, &search) == 0 || !search.found) return direct;
    // The main program has no name here; its file is /proc/self/exe.
    const char *path = (search.name != NULL && search.name[0] != '\0') ? search.name : "/proc/self/exe";
    size_t length = strlen(path);
    if (length >= sizeof file_path) return direct;
    memcpy(file_path, path, length + 1);
    file_offset = search.offset;

    int fd = open_checked(file_path);
    if (fd < 0) return direct;
    unsigned char header[sizeof embedded_header];
    if (read_fully(fd, header, sizeof header, file_offset) != 0 || memcmp(header, embedded_header, sizeof header) != 0) {
        close(fd);
        return direct;
    }
    size_t chunks = (sizeof embedded + PWGUARD_LEXICON_CHUNK - 1) / PWGUARD_LEXICON_CHUNK;
    // One reservation for the copy and the chunk states; untouched pages
    // cost nothing. No huge pages: they would make a first write to a chunk
    // allocate far more than the chunk.
    size_t states_at = chunks * PWGUARD_LEXICON_CHUNK;
    void *memory = mmap(NULL, states_at + chunks, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (memory == MAP_FAILED) { close(fd); return direct; }
    if (pthread_atfork(NULL, NULL, reset_after_fork) != 0) {
        munmap(memory, states_at + chunks);
        close(fd);
        return direct;
    }
    (void)madvise(memory, states_at + chunks, MADV_NOHUGEPAGE);
    copy = memory;
    file_fd = fd;
    pwguard_lexicon_chunk_count = chunks;
    pwguard_lexicon_chunk_state = copy + states_at;
    pwguard_lexicon_view view = { copy, sizeof embedded, 1 };
    return view;
}

// Set once the binary's file cannot be had any more: every chunk is then
// copied from the array.
static int file_lost;

// The descriptor for the binary's file, reopened if the host closed it or
// reused its number; -1 if the file is gone (the caller copies from the
// array). Called with a chunk claimed; two threads may reopen at once, and
// the loser's descriptor is closed.
static int current_fd(void) {
    if (__atomic_load_n(&file_lost, __ATOMIC_RELAXED)) return -1;
    int fd = __atomic_load_n(&file_fd, __ATOMIC_ACQUIRE);
    struct stat info;
    if (fd >= 0 && fstat(fd, &info) == 0 && info.st_dev == file_dev && info.st_ino == file_ino) return fd;
    int fresh = open(file_path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fresh < 0 || fstat(fresh, &info) != 0 || info.st_dev != file_dev || info.st_ino != file_ino) {
        // Removed, or another file now has that name (an upgrade): not
        // ours to read, now or later.
        if (fresh >= 0) close(fresh);
        __atomic_store_n(&file_lost, 1, __ATOMIC_RELAXED);
        return -1;
    }
    int expected = fd;
    if (!__atomic_compare_exchange_n(&file_fd, &expected, fresh, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        close(fresh);
        return expected;
    }
    return fresh;
}

static void fill_chunk(size_t chunk) {
    unsigned char *state = pwguard_lexicon_chunk_state + chunk;
    for (;;) {
        unsigned char seen = __atomic_load_n(state, __ATOMIC_ACQUIRE);
        if (seen == chunk_filled) return;
        if (seen == chunk_filling) { sched_yield(); continue; }
        unsigned char expected = chunk_empty;
        if (__atomic_compare_exchange_n(state, &expected, chunk_filling, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) break;
    }
    size_t start = chunk * PWGUARD_LEXICON_CHUNK;
    size_t count = sizeof embedded - start;
    if (count > PWGUARD_LEXICON_CHUNK) count = PWGUARD_LEXICON_CHUNK;
    int fd = current_fd();
    if (fd < 0 || read_fully(fd, copy + start, count, file_offset + (off_t)start) != 0)
        memcpy(copy + start, embedded + start, count);
    __atomic_store_n(state, chunk_filled, __ATOMIC_RELEASE);
}

void pwguard_lexicon_fill(size_t first, size_t last) {
    if (pwguard_lexicon_chunk_state == NULL || last >= pwguard_lexicon_chunk_count) return;
    for (size_t chunk = first; chunk <= last; chunk++) fill_chunk(chunk);
}
