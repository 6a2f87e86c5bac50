/*
 * unit.h — a tiny self-registering unit test harness for src/core.
 * Each test_*.c file defines tests with UNIT_TEST(name) { ... } and uses
 * CHECK / CHECK_NEAR; main.c runs them all and prints one line per test
 * plus "unit: N passed, M failed".
 */
#ifndef MLC_UNIT_H
#define MLC_UNIT_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef void (*unit_fn) (int *failed);
void		unit_register(const char *name, unit_fn fn);

#define UNIT_TEST(name) \
	static void name(int *unit_failed_); \
	__attribute__((constructor)) static void name##_reg(void) { unit_register(#name, name); } \
	static void name(int *unit_failed_)

#define CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
	*unit_failed_ = 1; } } while (0)

#define CHECK_NEAR(a, b, tol) do { double a_ = (a), b_ = (b); \
	if (!(fabs(a_ - b_) <= (tol) * fmax(1.0, fabs(b_)))) { \
	fprintf(stderr, "  %s:%d: %s = %.17g, expected %.17g\n", __FILE__, __LINE__, #a, a_, b_); \
	*unit_failed_ = 1; } } while (0)

#define CHECK_STR(a, b) do { const char *a_ = (a), *b_ = (b); \
	if (a_ == NULL || strcmp(a_, b_) != 0) { \
	fprintf(stderr, "  %s:%d: %s = \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, a_ ? a_ : "(null)", b_); \
	*unit_failed_ = 1; } } while (0)

/* xorshift64 (Marsaglia): the next value of the generator whose state is *s (never 0) */
static inline uint64_t
unit_xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* the next value as a double in [0, 1): its top 53 bits */
static inline double
unit_uniform(uint64_t *s)
{
	return (double) (unit_xorshift(s) >> 11) / 9007199254740992.0;
}

/* the same, moved half a step up: in (0, 1), never 0 */
static inline double
unit_uniform_open(uint64_t *s)
{
	return ((double) (unit_xorshift(s) >> 11) + 0.5) / 9007199254740992.0;
}

#endif
