/*
 * pwguard.h - the C interface of the pwguard password policy library.
 *
 * Embeds pwguard's checker (guess estimation, pam_pwquality-style rules,
 * offline breached-password list) in any program that can call C.
 *
 *   pwguard_settings *settings = NULL;
 *   char *error = NULL;
 *   if (pwguard_settings_load(NULL, NULL, 0, &settings, &error) != PWGUARD_OK) {
 *       fprintf(stderr, "%s\n", error);
 *       pwguard_string_free(error);
 *       return 2;
 *   }
 *   pwguard_context context = { .login = "alice", .gecos = "Alice Smith" };
 *   pwguard_verdict *verdict = NULL;
 *   if (pwguard_check(settings, password, strlen(password), &context, &verdict) == PWGUARD_OK) {
 *       for (size_t i = 0; i < pwguard_verdict_reason_count(verdict); i++)
 *           printf("%s: %s\n", pwguard_verdict_reason_code(verdict, i),
 *                  pwguard_verdict_reason_message(verdict, i));
 *       pwguard_verdict_free(verdict);
 *   }
 *   pwguard_settings_free(settings);
 *
 * Versioning: PWGUARD_ABI_VERSION changes only when an existing function's
 * meaning or signature changes; functions may be added without a change.
 * Compare pwguard_abi_version() with PWGUARD_ABI_VERSION at run time.
 *
 * Threads: a settings object is immutable once loaded and may be shared by
 * any number of threads; each verdict belongs to the thread that made it
 * until freed. The library starts no threads and installs no signal
 * handlers.
 *
 * Memory: every object returned through an out-parameter is owned by the
 * caller and released with the matching *_free function. Strings read from
 * a verdict live as long as the verdict. Passwords are copied only for the
 * duration of a call, and the copies are wiped before it returns; the
 * caller wipes its own buffer.
 */
#ifndef PWGUARD_H
#define PWGUARD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The version of this interface. */
#define PWGUARD_ABI_VERSION 1

/**
 * The release this header belongs to, as pwguard_version() reports it for
 * the library loaded (which may be newer). The same number as
 * `pwguard --version`, pwguard.pc and the Debian packages' upstream version.
 */
#define PWGUARD_VERSION "0.4.0"
#define PWGUARD_VERSION_MAJOR 0
#define PWGUARD_VERSION_MINOR 4
#define PWGUARD_VERSION_PATCH 0

/** Results of the library's functions. */
typedef enum pwguard_status {
    PWGUARD_OK = 0,               /**< Success. */
    PWGUARD_ERR_ARGUMENT = 1,     /**< A NULL or out-of-range argument. */
    PWGUARD_ERR_CONFIG = 2,       /**< A configuration file or override is invalid; see the message. */
    PWGUARD_ERR_UNKNOWN_SETTING = 3 /**< pwguard_settings_get_int: no integer or boolean setting by that name. */
} pwguard_status;

/** A loaded policy: settings plus the opened breach database. Opaque. */
typedef struct pwguard_settings pwguard_settings;

/** The outcome of one check. Opaque. */
typedef struct pwguard_verdict pwguard_verdict;

/** What is known about the person choosing the password. Any field may be NULL. */
typedef struct pwguard_context {
    const char *login;          /**< Login name. */
    const char *gecos;          /**< GECOS field (full name, comma-separated extras). */
    const char *old_password;   /**< The password being replaced (old_password_length bytes). */
    size_t old_password_length;
} pwguard_context;

/** PWGUARD_ABI_VERSION of the library actually loaded. */
unsigned int pwguard_abi_version(void);

/** The library's release, e.g. "0.4.0". Static storage. */
const char *pwguard_version(void);

/**
 * Loads the policy.
 *
 * config_path: a file to read instead of the defaults, or NULL for
 *   /etc/security/pwguard.conf followed by /etc/security/pwguard.conf.d/ *.conf.
 * overrides: `name=value` (or `name` for flags) strings applied last, in
 *   order, like PAM module arguments; may be NULL when override_count is 0.
 * out: receives the settings on PWGUARD_OK.
 * error: if not NULL, receives a message on failure (free it with
 *   pwguard_string_free), e.g. "/etc/security/pwguard.conf:3: unknown setting 'minlenn'".
 *
 * A breach database that cannot be opened is not an error here: checks
 * then follow breach_db_missing, and pwguard_settings_breach_error() says why.
 */
pwguard_status pwguard_settings_load(const char *config_path,
                                     const char *const *overrides, size_t override_count,
                                     pwguard_settings **out, char **error);

/**
 * Reads an integer or boolean setting by its configuration name
 * ("retry", "enforce_for_root", "minlen", ...); booleans read as 0 or 1.
 */
pwguard_status pwguard_settings_get_int(const pwguard_settings *settings, const char *name, long *value);

/** Why breach_db could not be opened, or NULL when it is unset or open. Lives as long as settings. */
const char *pwguard_settings_breach_error(const pwguard_settings *settings);

/** Releases settings (NULL is ignored). */
void pwguard_settings_free(pwguard_settings *settings);

/**
 * Checks a password of `length` bytes (not necessarily NUL-terminated;
 * invalid UTF-8 and NUL bytes are data) for the user in `context` (may be
 * NULL). On PWGUARD_OK, *out receives the verdict, accepted or not.
 */
pwguard_status pwguard_check(const pwguard_settings *settings,
                             const char *password, size_t length,
                             const pwguard_context *context,
                             pwguard_verdict **out);

/** 1 when no rule rejected the password, 0 otherwise. */
int pwguard_verdict_accepted(const pwguard_verdict *verdict);

/** How many reasons the password was rejected for (0 when accepted). */
size_t pwguard_verdict_reason_count(const pwguard_verdict *verdict);

/** The stable code of reason `index` (e.g. "too_short", "breached"), or NULL when out of range. */
const char *pwguard_verdict_reason_code(const pwguard_verdict *verdict, size_t index);

/** The sentence for the user of reason `index`, or NULL when out of range. Never quotes the password. */
const char *pwguard_verdict_reason_message(const pwguard_verdict *verdict, size_t index);

/** log10 of the estimated number of guesses, or -1 when the password was not analysed (too long). */
double pwguard_verdict_guesses_log10(const pwguard_verdict *verdict);

/** Why the breached-password check could not be made for this password, or NULL. */
const char *pwguard_verdict_breach_error(const pwguard_verdict *verdict);

/** Releases a verdict (NULL is ignored). */
void pwguard_verdict_free(pwguard_verdict *verdict);

/** Releases a string returned by the library (NULL is ignored). */
void pwguard_string_free(char *string);

#ifdef __cplusplus
}
#endif

#endif /* PWGUARD_H */
