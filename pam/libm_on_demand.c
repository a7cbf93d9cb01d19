// libm, loaded only if something calls it.
//
// The static Swift runtime keeps every floating-point conformance of the
// standard library (the linker cannot drop them), and through them refers to
// about fifty libm functions (floor, fmod, sin, pow, their float and long
// double forms, ...). pwguard itself calls none of them: its guess
// arithmetic is its own (Sources/PasswordPolicy/Estimator/GuessMath.swift).
// Linked against libm, with -z now, the module would still make every host
// (passwd, sshd, login) map libm and run its ~50 IFUNC resolvers at load:
// half a megabyte of the host's memory for code never run.
//
// So the module and libpwguard define those symbols themselves, hidden (they
// serve only the code inside the module, never the host's own calls):
// - the rounding functions of float and double, which the standard library's
//   own code does call (Dictionary sizes its hash table with ceil), are
//   computed here, exactly, on the bits (the module's code never changes
//   the rounding mode, so rint and nearbyint round half to even);
// - every other one forwards to libm's, found with dlopen/dlsym on its
//   first call: results are libm's own, and a process that never calls one
//   never loads libm. If libm cannot be loaded (it ships with libc, so only
//   on a broken system) they return NaN rather than jump to nowhere.
#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static void *libm_function(const char *name) {
    static void *handle;
    void *library = __atomic_load_n(&handle, __ATOMIC_ACQUIRE);
    if (library == NULL) {
        // Concurrent first calls may both dlopen: the handles are the same
        // object, reference-counted, and never closed.
        library = dlopen("libm.so.6", RTLD_NOW | RTLD_LOCAL);
        if (library == NULL) return NULL;
        __atomic_store_n(&handle, library, __ATOMIC_RELEASE);
    }
    return dlsym(library, name);
}

#define HIDDEN __attribute__((visibility("hidden")))

// One forwarder: the libm function `name`, cached after the first lookup.
#define FORWARD(type, name, parameters, arguments)                              \
    HIDDEN type name parameters {                                               \
        static type (*target) parameters;                                       \
        type (*function) parameters = __atomic_load_n(&target, __ATOMIC_ACQUIRE); \
        if (function == NULL) {                                                 \
            function = (type (*) parameters)libm_function(#name);               \
            if (function == NULL) return (type)__builtin_nan("");               \
            __atomic_store_n(&target, function, __ATOMIC_RELEASE);              \
        }                                                                       \
        return function arguments;                                              \
    }

#define UNARY(name) \
    FORWARD(double, name, (double x), (x)) \
    FORWARD(float, name##f, (float x), (x)) \
    FORWARD(long double, name##l, (long double x), (x))

#define BINARY(name) \
    FORWARD(double, name, (double x, double y), (x, y)) \
    FORWARD(float, name##f, (float x, float y), (x, y)) \
    FORWARD(long double, name##l, (long double x, long double y), (x, y))

// Rounding to an integral value on the bits of an IEEE binary floating
// point number: `FRACTION` fraction bits, exponent bias `BIAS`. For
// |x| >= 2^FRACTION (and infinities, NaNs) x is returned as it is; for
// |x| < 1 the answer is ±0 or ±1; otherwise `mask` selects the fraction
// bits below the units bit, and adding one unit (`mask + 1`) to the
// truncated bits carries into the exponent when it must (1.5 -> 2.0).
enum rounding { toward_negative, toward_positive, toward_zero, half_away, half_even };

#define ROUNDING(type, bits_type, FRACTION, BIAS, suffix)                            \
    static type round_##suffix(type x, enum rounding mode) {                           \
        bits_type u;                                                                  \
        memcpy(&u, &x, sizeof u);                                                     \
        const int width = (int)(sizeof(bits_type) * 8);                               \
        const bits_type sign = (bits_type)1 << (width - 1);                           \
        const bits_type fraction = ((bits_type)1 << FRACTION) - 1;                    \
        int exponent = (int)((u >> FRACTION) & (bits_type)(2 * BIAS + 1)) - BIAS;     \
        int negative = (u & sign) != 0;                                               \
        if (exponent >= FRACTION) return x;                                           \
        bits_type one = (bits_type)BIAS << FRACTION; /* the bits of 1.0 */            \
        if (exponent < 0) {                                                           \
            if ((u & ~sign) == 0) return x; /* ±0 */                                  \
            int up; /* the magnitude becomes 1 rather than 0 */                       \
            switch (mode) {                                                           \
            case toward_negative: up = negative; break;                               \
            case toward_positive: up = !negative; break;                              \
            case toward_zero: up = 0; break;                                          \
            case half_away: up = exponent == -1; break;                               \
            default: up = exponent == -1 && (u & fraction) != 0; break; /* > 0.5 */   \
            }                                                                         \
            u = (u & sign) | (up ? one : 0);                                          \
            memcpy(&x, &u, sizeof u);                                                 \
            return x;                                                                 \
        }                                                                             \
        bits_type mask = fraction >> exponent;                                        \
        bits_type below = u & mask;                                                   \
        if (below == 0) return x;                                                     \
        bits_type half = (mask >> 1) + 1;                                             \
        int odd = (int)((u >> (FRACTION - exponent)) & 1);                            \
        int up;                                                                       \
        switch (mode) {                                                               \
        case toward_negative: up = negative; break;                                   \
        case toward_positive: up = !negative; break;                                  \
        case toward_zero: up = 0; break;                                              \
        case half_away: up = below >= half; break;                                    \
        default: up = below > half || (below == half && odd); break;                  \
        }                                                                             \
        u &= ~mask;                                                                   \
        if (up) u += mask + 1;                                                        \
        memcpy(&x, &u, sizeof u);                                                     \
        return x;                                                                     \
    }

ROUNDING(double, uint64_t, 52, 1023, double)
ROUNDING(float, uint32_t, 23, 127, float)

#define ROUNDED(name, mode)                                                   \
    HIDDEN double name(double x) { return round_double(x, mode); }            \
    HIDDEN float name##f(float x) { return round_float(x, mode); }            \
    FORWARD(long double, name##l, (long double x), (x))

ROUNDED(floor, toward_negative)
ROUNDED(ceil, toward_positive)
ROUNDED(trunc, toward_zero)
ROUNDED(round, half_away)
ROUNDED(rint, half_even)
ROUNDED(nearbyint, half_even)
UNARY(sqrt)
UNARY(exp)
UNARY(exp2)
UNARY(log)
UNARY(log2)
UNARY(log10)
UNARY(sin)
UNARY(cos)
BINARY(fmod)
BINARY(remainder)
FORWARD(double, pow, (double x, double y), (x, y))
FORWARD(double, lgamma, (double x), (x))
FORWARD(double, fma, (double x, double y, double z), (x, y, z))
FORWARD(float, fmaf, (float x, float y, float z), (x, y, z))
FORWARD(long double, fmal, (long double x, long double y, long double z), (x, y, z))
