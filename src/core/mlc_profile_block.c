/*
 * mlc_profile_block.c — blocks of profiles (see mlc_profile_block.h): the
 * codec, merge and operations table of the hidden state of
 * mlcheck._numeric_profiles and mlcheck._categorical_profiles.  Every
 * element is read, written and merged by its own type's functions, so a
 * block adds nothing to a profile but the frame around it.
 */
#include "mlc_profile_block.h"

#include <string.h>

#include "mlc_profile.h"

const mlc_type_ops *
mlc_profblock_elem_type(mlc_profblock_kind kind)
{
	return kind == MLC_PROFBLOCK_NUMERIC ? &mlc_numprof_type : &mlc_catprof_type;
}

static bool
kind_valid(int kind)
{
	return kind == MLC_PROFBLOCK_NUMERIC || kind == MLC_PROFBLOCK_CATEGORICAL;
}

void
mlc_profblock_free(mlc_profblock *b)
{
	int32_t		i;

	if (b == NULL)
		return;
	for (i = 0; i < b->k; i++)
		if (b->p[i] != NULL)
			mlc_profblock_elem_type(b->kind)->free(b->p[i]);
	mlc_free(b);
}

/* an empty frame: k elements, all NULL */
static mlc_profblock *
frame_new(mlc_profblock_kind kind, int32_t k)
{
	mlc_profblock *b;

	if (!kind_valid(kind) || k < 1 || k > MLC_PROFBLOCK_MAX)
		return NULL;
	b = mlc_alloc0(sizeof(mlc_profblock));
	if (b == NULL)
		return NULL;
	b->kind = (uint8_t) kind;
	b->k = k;
	return b;
}

mlc_profblock *
mlc_profblock_new(mlc_profblock_kind kind, int32_t k)
{
	mlc_profblock *b = frame_new(kind, k);
	int32_t		i;

	if (b == NULL)
		return NULL;
	for (i = 0; i < k; i++)
	{
		b->p[i] = kind == MLC_PROFBLOCK_NUMERIC ? (void *) mlc_numprof_new() : (void *) mlc_catprof_new();
		if (b->p[i] == NULL)
		{
			mlc_profblock_free(b);
			return NULL;
		}
	}
	return b;
}

/* ------------------------------------------------------------- codec */

static void *
block_corrupt(mlc_profblock *b, mlc_status *st, const char *why)
{
	return mlc_type_reject(&mlc_profblock_type, b, NULL, st, NULL, "invalid binary profile block state", why);
}

static void *
profblock_read(const void *data, size_t len, mlc_status *st)
{
	mlc_reader	r;
	uint8_t		version,
				kind,
				k;
	mlc_profblock *b;
	const mlc_type_ops *et;
	int32_t		i;

	mlc_reader_init(&r, data, len);
	version = mlc_get_u8(&r);
	kind = mlc_get_u8(&r);
	k = mlc_get_u8(&r);
	if (r.failed)
		return block_corrupt(NULL, st, "truncated");
	if (version != MLC_PROFBLOCK_FORMAT_VERSION)
		return block_corrupt(NULL, st, "unknown format version");
	if (!kind_valid(kind))
		return block_corrupt(NULL, st, "unknown kind of profile");
	if (k < 1 || k > MLC_PROFBLOCK_MAX)
		return block_corrupt(NULL, st, "number of profiles out of range");
	b = frame_new(kind, k);
	if (b == NULL)
		return block_corrupt(NULL, st, "out of memory");
	et = mlc_profblock_elem_type(kind);
	for (i = 0; i < k; i++)
	{
		uint32_t	elen = mlc_get_u32(&r);
		const void *bytes;

		if (r.failed)
			return block_corrupt(b, st, "truncated");
		bytes = mlc_get_bytes(&r, elen);
		if (bytes == NULL)
			return block_corrupt(b, st, "truncated");
		/* the profile's own reader validates it (and fills st when it refuses) */
		b->p[i] = et->read(bytes, elen, st);
		if (b->p[i] == NULL)
		{
			mlc_profblock_free(b);
			return NULL;
		}
	}
	return mlc_type_read_end(&mlc_profblock_type, b, &r, st);
}

/* each element as a u32 length and the bytes its writer writes */
static mlc_code
block_write_with(mlc_profblock *b, mlc_buf *out, bool fast, mlc_status *st)
{
	const mlc_type_ops *et = mlc_profblock_elem_type(b->kind);
	mlc_code	(*write) (void *, mlc_buf *, mlc_status *) =
		fast && et->write_fast ? et->write_fast : et->write;
	int32_t		i;

	mlc_put_u8(out, MLC_PROFBLOCK_FORMAT_VERSION);
	mlc_put_u8(out, b->kind);
	mlc_put_u8(out, (uint8_t) b->k);
	for (i = 0; i < b->k; i++)
	{
		size_t		at = out->len;
		size_t		elen;
		mlc_code	rc;

		mlc_put_u32(out, 0);
		rc = write(b->p[i], out, st);
		if (rc != MLC_OK)
			return rc;
		if (out->failed)
			break;
		elen = out->len - at - 4;
		if (elen > UINT32_MAX)
			return mlc_fail(st, MLC_ELIMIT, "profile block state is too large", NULL,
							"Raise mlcheck.max_value_kb.");
		{
			unsigned char *q = (unsigned char *) out->data + at;

			q[0] = (unsigned char) (elen >> 24);
			q[1] = (unsigned char) (elen >> 16);
			q[2] = (unsigned char) (elen >> 8);
			q[3] = (unsigned char) elen;
		}
	}
	return mlc_buf_done(out, st, "profile block state is too large", "Raise mlcheck.max_value_kb.");
}

static mlc_code
profblock_write(void *v, mlc_buf *out, mlc_status *st)
{
	return block_write_with(v, out, false, st);
}

static mlc_code
profblock_write_fast(void *v, mlc_buf *out, mlc_status *st)
{
	return block_write_with(v, out, true, st);
}

/* dst += src, element by element, with the profiles' own merge */
static mlc_code
profblock_merge(void *dv, void *sv, mlc_status *st)
{
	mlc_profblock *d = dv;
	mlc_profblock *s = sv;
	const mlc_type_ops *et = mlc_profblock_elem_type(d->kind);
	int32_t		i;

	if (d->kind != s->kind || d->k != s->k)
		return mlc_fail(st, MLC_EBADARG, "cannot combine profile blocks of different kinds or sizes",
						NULL, "Both partial states must come from the same aggregate call.");
	for (i = 0; i < d->k; i++)
	{
		mlc_code	rc = et->merge(d->p[i], s->p[i], st);

		if (rc != MLC_OK)
			return rc;
	}
	return MLC_OK;
}

static void
profblock_free(void *v)
{
	mlc_profblock_free(v);
}

/* the categories of every categorical element, in element order */
static bool
profblock_text_label(const void *v, int32_t i, const char **s, size_t *len)
{
	const mlc_profblock *b = v;
	int32_t		j;

	if (b->kind != MLC_PROFBLOCK_CATEGORICAL || i < 0)
		return false;
	for (j = 0; j < b->k; j++)
	{
		const mlc_catprof *c = b->p[j];

		if (i < c->k)
		{
			*s = c->lab[i];
			*len = c->llen[i];
			return true;
		}
		i -= c->k;
	}
	return false;
}

const mlc_type_ops mlc_profblock_type = MLC_STATE_OPS(profblock, "_profiles_state", "profile block state",
													  .write_fast = profblock_write_fast,
													  .text_label = profblock_text_label);
