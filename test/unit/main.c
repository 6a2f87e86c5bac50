/* main.c — runs every registered core unit test (see unit.h). */
#include "unit.h"
#include "mlc_common.h"

#include <stdlib.h>

#define MAX_TESTS 1024
static const char *names[MAX_TESTS];
static unit_fn fns[MAX_TESTS];
static int ntests;

void
unit_register(const char *name, unit_fn fn)
{
	if (ntests < MAX_TESTS)
	{
		names[ntests] = name;
		fns[ntests++] = fn;
	}
}

int
main(int argc, char **argv)
{
	int			passed = 0,
				failed = 0,
				i;

	mlc_set_allocator(malloc, realloc, free);
	for (i = 0; i < ntests; i++)
	{
		int			f = 0;

		if (argc > 1 && strstr(names[i], argv[1]) == NULL)
			continue;
		fns[i] (&f);
		printf("%s unit/%s\n", f ? "FAIL" : "ok", names[i]);
		if (f)
			failed++;
		else
			passed++;
	}
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
