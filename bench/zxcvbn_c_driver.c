/*
 * zxcvbn-c driver for the pwguard benchmark.
 *
 *   zxcvbn_c_driver [--tsv] < input
 *
 * Reads one record per line from stdin and prints one line per record:
 *
 *   <score> <guesses_log10>
 *
 * Plain mode: each line is a password.
 * --tsv:      each line is "login<TAB>full name<TAB>password[<TAB>...]"; the
 *             login, the full name and each word of the full name are passed
 *             to ZxcvbnMatch as the user dictionary.
 *
 * ZxcvbnMatch returns entropy in bits; guesses = 2^bits, and the score uses
 * zxcvbn's cutoffs: <10^3 -> 0, <10^6 -> 1, <10^8 -> 2, <10^10 -> 3, else 4.
 *
 * Build: cc -O2 -o bench/bin/zxcvbn_c_driver bench/zxcvbn_c_driver.c -lzxcvbn -lm
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zxcvbn.h>

#define MAX_USER_WORDS 16

static int score_for(double log10_guesses)
{
    if (log10_guesses < 3.0) return 0;
    if (log10_guesses < 6.0) return 1;
    if (log10_guesses < 8.0) return 2;
    if (log10_guesses < 10.0) return 3;
    return 4;
}

int main(int argc, char **argv)
{
    int tsv = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--tsv") == 0) {
            tsv = 1;
        } else {
            fprintf(stderr, "usage: %s [--tsv] < input\n", argv[0]);
            return 2;
        }
    }
    if (!ZxcvbnInit("zxcvbn.dict")) {
        fprintf(stderr, "zxcvbn_c_driver: ZxcvbnInit failed\n");
        return 1;
    }

    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    /* Scratch copy of the full name, split into words in place. */
    char *namebuf = NULL;
    size_t namecap = 0;
    static char outbuf[1 << 16];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);

    while ((len = getline(&line, &cap, stdin)) != -1) {
        if (len > 0 && line[len - 1] == '\n') line[--len] = '\0';
        const char *password = line;
        const char *dict[MAX_USER_WORDS + 1];
        int nd = 0;

        if (tsv) {
            char *t1 = strchr(line, '\t');
            char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
            if (!t2) {
                fprintf(stderr, "zxcvbn_c_driver: TSV line without 3 columns\n");
                return 1;
            }
            *t1 = '\0';
            *t2 = '\0';
            char *t3 = strchr(t2 + 1, '\t');
            if (t3) *t3 = '\0';
            password = t2 + 1;

            const char *login = line;
            const char *full = t1 + 1;
            if (*login) dict[nd++] = login;
            if (*full) dict[nd++] = full;

            size_t fl = strlen(full) + 1;
            if (fl > namecap) {
                namecap = fl * 2;
                namebuf = realloc(namebuf, namecap);
                if (!namebuf) { perror("realloc"); return 1; }
            }
            memcpy(namebuf, full, fl);
            char *save = NULL;
            for (char *w = strtok_r(namebuf, " ", &save); w && nd < MAX_USER_WORDS;
                 w = strtok_r(NULL, " ", &save)) {
                if (strcmp(w, full) != 0) dict[nd++] = w;
            }
        }
        dict[nd] = NULL;

        double bits = ZxcvbnMatch(password, nd ? dict : NULL, NULL);
        double lg = bits * log10(2.0);
        printf("%d %.3f\n", score_for(lg), lg);
    }
    free(line);
    free(namebuf);
    ZxcvbnUnInit();
    return ferror(stdout) ? 1 : 0;
}
