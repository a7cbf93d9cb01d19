/*
 * pam_pwguard.c - the PAM module: a thin shim over pwguard's C interface.
 *
 * Only the password phase does anything, with pam_pwquality's semantics so
 * that pam_pwguard is a drop-in replacement:
 *   PAM_PRELIM_CHECK    -> PAM_SUCCESS at once;
 *   PAM_UPDATE_AUTHTOK  -> up to `retry` rounds of: ask for the new password
 *                          (or take it from an earlier module, use_authtok),
 *                          check it, on failure say "BAD PASSWORD: <reason>"
 *                          and forget it, else ask for it again to verify.
 * Root is only warned unless enforce_for_root (or the change is forced
 * because the password expired), as with pam_pwquality. Every setting of
 * pwguard.conf is accepted as a `name=value` argument; `conf=FILE` reads
 * FILE instead of /etc/security/pwguard.conf and its conf.d.
 *
 * Everything about passwords is decided by the library; this file only
 * talks PAM. It never logs a password.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <security/pam_ext.h>
#include <security/pam_modules.h>
#include <security/pam_modutil.h>

#include "pwguard.h"

/* Arguments this shim handles itself rather than passing to the library. */
#define CONF_PREFIX "conf="

/* Arguments read by libpam's pam_get_authtok from the module's arguments;
 * the library accepts them too (as no-ops for the policy). */

/* Loads the settings from the configuration and the module arguments. */
static int load_settings(pam_handle_t *pamh, int argc, const char **argv, pwguard_settings **settings)
{
    const char *conf = NULL;
    const char **overrides = calloc(argc > 0 ? (size_t)argc : 1, sizeof *overrides);
    size_t count = 0;
    if (overrides == NULL) {
        pam_syslog(pamh, LOG_CRIT, "out of memory");
        return PAM_BUF_ERR;
    }
    for (int i = 0; i < argc; i++) {
        if (argv[i] == NULL) continue;
        if (strncmp(argv[i], CONF_PREFIX, strlen(CONF_PREFIX)) == 0)
            conf = argv[i] + strlen(CONF_PREFIX);
        else
            overrides[count++] = argv[i];
    }
    char *error = NULL;
    pwguard_status status = pwguard_settings_load(conf, overrides, count, settings, &error);
    free(overrides);
    if (status != PWGUARD_OK) {
        pam_syslog(pamh, LOG_ERR, "bad configuration: %s", error != NULL ? error : "unknown error");
        pwguard_string_free(error);
        return PAM_SERVICE_ERR;
    }
    return PAM_SUCCESS;
}

/* An integer setting, or `fallback` if the library does not know it. */
static long setting(const pwguard_settings *settings, const char *name, long fallback)
{
    long value = fallback;
    if (pwguard_settings_get_int(settings, name, &value) != PWGUARD_OK) return fallback;
    return value;
}

/* Checks `password` for `user`; on rejection shows the first reason with
 * pam_error and returns 0. Returns 1 when accepted, -1 on internal error. */
static int check_password(pam_handle_t *pamh, const pwguard_settings *settings, const char *user,
                          const char *password, int debug)
{
    pwguard_context context = { .login = user };
    const void *old = NULL;
    if (pam_get_item(pamh, PAM_OLDAUTHTOK, &old) == PAM_SUCCESS && old != NULL) {
        context.old_password = old;
        context.old_password_length = strlen(old);
    }
    struct passwd *pw = pam_modutil_getpwnam(pamh, user);
    if (pw != NULL) context.gecos = pw->pw_gecos;

    pwguard_verdict *verdict = NULL;
    if (pwguard_check(settings, password, strlen(password), &context, &verdict) != PWGUARD_OK) {
        pam_syslog(pamh, LOG_ERR, "password check failed");
        return -1;
    }
    const char *breach_error = pwguard_verdict_breach_error(verdict);
    if (breach_error != NULL)
        pam_syslog(pamh, LOG_WARNING, "breached-password check not made: %s", breach_error);
    int accepted = pwguard_verdict_accepted(verdict);
    if (!accepted) {
        const char *message = pwguard_verdict_reason_message(verdict, 0);
        pam_error(pamh, "BAD PASSWORD: %s", message != NULL ? message : "rejected");
    }
    if (debug) {
        const char *code = pwguard_verdict_reason_code(verdict, 0);
        pam_syslog(pamh, LOG_DEBUG, "user %s: password %s%s%s (10^%.1f guesses)", user,
                   accepted ? "accepted" : "rejected", accepted ? "" : ": ", accepted ? "" : code,
                   pwguard_verdict_guesses_log10(verdict));
    }
    pwguard_verdict_free(verdict);
    return accepted;
}

PAM_EXTERN int pam_sm_chauthtok(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
    if (flags & PAM_PRELIM_CHECK) return PAM_SUCCESS;
    if (!(flags & PAM_UPDATE_AUTHTOK)) return PAM_SERVICE_ERR;

    pwguard_settings *settings = NULL;
    int retval = load_settings(pamh, argc, argv, &settings);
    if (retval != PAM_SUCCESS) return retval;

    const int debug = setting(settings, "debug", 0) != 0;
    const char *breach_error = pwguard_settings_breach_error(settings);
    if (breach_error != NULL) pam_syslog(pamh, LOG_WARNING, "breach_db: %s", breach_error);

    const char *user = NULL;
    retval = pam_get_user(pamh, &user, NULL);
    if (retval != PAM_SUCCESS || user == NULL) {
        if (debug) pam_syslog(pamh, LOG_DEBUG, "cannot get the user name");
        pwguard_settings_free(settings);
        return PAM_AUTHTOK_ERR;
    }

    if (setting(settings, "local_users_only", 0) && pam_modutil_check_user_in_passwd(pamh, user, NULL) != PAM_SUCCESS) {
        /* Not in /etc/passwd: the directory's own policy applies. */
        if (debug) pam_syslog(pamh, LOG_DEBUG, "user %s is not local: not checked", user);
        pwguard_settings_free(settings);
        return PAM_IGNORE;
    }
    const long retry = setting(settings, "retry", 1);
    const int enforce = setting(settings, "enforcing", 1)
        && (getuid() != 0 || setting(settings, "enforce_for_root", 0) || (flags & PAM_CHANGE_EXPIRED_AUTHTOK));

    retval = PAM_AUTHTOK_ERR;
    for (long round = 0; round < retry; round++) {
        const char *password = NULL;
        retval = pam_get_authtok_noverify(pamh, &password, NULL);
        if (retval != PAM_SUCCESS) {
            pam_syslog(pamh, LOG_ERR, "pam_get_authtok_noverify returned error: %s", pam_strerror(pamh, retval));
            continue;
        }
        if (password == NULL) {
            retval = PAM_AUTHTOK_ERR;
            break;
        }
        int accepted = check_password(pamh, settings, user, password, debug);
        if (accepted < 0) {
            retval = PAM_SERVICE_ERR;
            break;
        }
        if (!accepted && enforce) {
            pam_set_item(pamh, PAM_AUTHTOK, NULL);
            retval = PAM_AUTHTOK_ERR;
            continue;
        }
        retval = pam_get_authtok_verify(pamh, &password, NULL);
        if (retval != PAM_SUCCESS) {
            pam_syslog(pamh, LOG_ERR, "pam_get_authtok_verify returned error: %s", pam_strerror(pamh, retval));
            pam_set_item(pamh, PAM_AUTHTOK, NULL);
            continue;
        }
        if (password == NULL) {
            retval = PAM_AUTHTOK_ERR;
            break;
        }
        pwguard_settings_free(settings);
        return PAM_SUCCESS;
    }
    pwguard_settings_free(settings);
    pam_set_item(pamh, PAM_AUTHTOK, NULL);
    if (retval == PAM_SERVICE_ERR) return PAM_SERVICE_ERR;
    /* As pam_pwquality: running out of several attempts is PAM_MAXTRIES. */
    return retry > 1 ? PAM_MAXTRIES : retval;
}

/* The other phases are not pwguard's business. */
PAM_EXTERN int pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
    (void)pamh; (void)flags; (void)argc; (void)argv;
    return PAM_IGNORE;
}

PAM_EXTERN int pam_sm_setcred(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
    (void)pamh; (void)flags; (void)argc; (void)argv;
    return PAM_IGNORE;
}

PAM_EXTERN int pam_sm_acct_mgmt(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
    (void)pamh; (void)flags; (void)argc; (void)argv;
    return PAM_IGNORE;
}

PAM_EXTERN int pam_sm_open_session(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
    (void)pamh; (void)flags; (void)argc; (void)argv;
    return PAM_IGNORE;
}

PAM_EXTERN int pam_sm_close_session(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
    (void)pamh; (void)flags; (void)argc; (void)argv;
    return PAM_IGNORE;
}
