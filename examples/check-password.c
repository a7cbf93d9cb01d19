/*
 * check-password.c - embedding pwguard from C.
 *
 *   cc check-password.c $(pkg-config --cflags --libs pwguard) -o check-password
 *   printf '%s\n' 'Tr0ub4dor&3' | ./check-password alice "Alice Smith"
 *
 * Reads one password per line on standard input, checks it under the
 * system policy (/etc/security/pwguard.conf) for the user named by the
 * arguments, and prints "ok" or the reasons. Exits 0 if every password was
 * accepted, 1 if one was rejected, 2 on errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pwguard.h>

int main(int argc, char **argv)
{
    if (pwguard_abi_version() != PWGUARD_ABI_VERSION) {
        fprintf(stderr, "libpwguard ABI %u, built for %u\n", pwguard_abi_version(), PWGUARD_ABI_VERSION);
        return 2;
    }
    pwguard_settings *settings = NULL;
    char *error = NULL;
    const char *config = getenv("PWGUARD_CONF");   /* NULL: the system's files */
    if (pwguard_settings_load(config, NULL, 0, &settings, &error) != PWGUARD_OK) {
        fprintf(stderr, "check-password: %s\n", error != NULL ? error : "cannot load settings");
        pwguard_string_free(error);
        return 2;
    }
    pwguard_context context = { .login = argc > 1 ? argv[1] : NULL, .gecos = argc > 2 ? argv[2] : NULL };

    int status = 0;
    char *line = NULL;
    size_t capacity = 0;
    ssize_t length;
    while ((length = getline(&line, &capacity, stdin)) >= 0) {
        if (length > 0 && line[length - 1] == '\n') line[--length] = '\0';
        pwguard_verdict *verdict = NULL;
        if (pwguard_check(settings, line, (size_t)length, &context, &verdict) != PWGUARD_OK) {
            fprintf(stderr, "check-password: check failed\n");
            status = 2;
            break;
        }
        if (pwguard_verdict_accepted(verdict)) {
            printf("ok (10^%.1f guesses)\n", pwguard_verdict_guesses_log10(verdict));
        } else {
            status = status == 0 ? 1 : status;
            for (size_t i = 0; i < pwguard_verdict_reason_count(verdict); i++)
                printf("%s: %s\n", pwguard_verdict_reason_code(verdict, i), pwguard_verdict_reason_message(verdict, i));
        }
        pwguard_verdict_free(verdict);
        explicit_bzero(line, capacity);   /* the password is not left in memory */
    }
    free(line);
    pwguard_settings_free(settings);
    return status;
}
