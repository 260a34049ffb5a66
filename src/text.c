#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "text.h"

/* U+FFFD REPLACEMENT CHARACTER in UTF-8: what every unsafe character becomes. */
static const char replacement[] = "\xef\xbf\xbd";
#define REPLACEMENT_LEN 3

/* "…" U+2026 HORIZONTAL ELLIPSIS. */
static const char ellipsis_utf8[] = "\xe2\x80\xa6";
#define ELLIPSIS_LEN 3

/*
 * Decode one strictly valid UTF-8 sequence at s (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF). Returns its length (1-4) and sets *cp, or returns 0
 * when the bytes at s do not start a valid sequence; *bad then gets how many bytes form the
 * invalid part (the lead byte and the continuation bytes that were still plausible), so
 * that one U+FFFD replaces it, as the Unicode standard recommends.
 */
static size_t utf8_decode(const unsigned char *s, unsigned long *cp, size_t *bad)
{
	unsigned char b = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;
	unsigned long c;

	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b >= 0xc2 && b <= 0xdf) {
		len = 2;
		c = b & 0x1f;
	} else if (b >= 0xe0 && b <= 0xef) {
		len = 3;
		c = b & 0x0f;
		if (b == 0xe0)
			lo = 0xa0; /* overlong below U+0800 */
		else if (b == 0xed)
			hi = 0x9f; /* surrogates U+D800-U+DFFF */
	} else if (b >= 0xf0 && b <= 0xf4) {
		len = 4;
		c = b & 0x07;
		if (b == 0xf0)
			lo = 0x90; /* overlong below U+10000 */
		else if (b == 0xf4)
			hi = 0x8f; /* above U+10FFFF */
	} else {
		*bad = 1; /* stray continuation byte, 0xc0/0xc1 (overlong), 0xf5-0xff */
		return 0;
	}
	for (i = 1; i < len; i++) {
		unsigned char t = s[i];

		if (t < lo || t > hi) { /* also stops at the NUL of a truncated sequence */
			*bad = i;
			return 0;
		}
		c = (c << 6) | (t & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = c;
	return len;
}

/*
 * Characters a terminal acts on instead of drawing: C0 (TAB and newline included: a list
 * line stays one line), DEL, C1, the bidi controls that reorder what follows them
 * (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069) and the Unicode line and paragraph
 * separators (U+2028/9).
 */
static int unsafe(unsigned long cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
	       cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Bidi controls: replaced in every sink (escaping them in JSON still reorders a viewer). */
static int bidi(unsigned long cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* A whole decimal number ("-12", "+3.5"): no formula, whatever its sign. */
static int plain_number(const char *s)
{
	int digits = 0;

	if (*s == '-' || *s == '+')
		s++;
	for (; *s >= '0' && *s <= '9'; s++)
		digits++;
	if (*s == '.' && digits)
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	return digits && !*s;
}

size_t cl_text_encoded_size(const char *src)
{
	/* JSON's worst: a byte becomes \u00XX (6); a terminal's: U+FFFD (3). Plus ' and NUL. */
	return (src ? strlen(src) : 0) * 6 + 2;
}

size_t cl_text_encode(const char *src, enum cl_text_sink sink, char *dst, size_t size)
{
	const unsigned char *s = (const unsigned char *)(src ? src : "");
	size_t out = 0;

	if (size == 0)
		return 0;
	if ((sink == CL_TEXT_CSV || sink == CL_TEXT_CSV_LINES) && *s && strchr("=+-@\t\r", *s) &&
	    !plain_number((const char *)s) && size > 1)
		dst[out++] = '\'';
	while (*s) {
		unsigned long cp = 0;
		size_t bad = 0;
		size_t len = utf8_decode(s, &cp, &bad);
		const char *piece = (const char *)s;
		size_t piece_len = len;
		char esc[8];

		if (sink == CL_TEXT_JSON && len && !bidi(cp) &&
		    (unsafe(cp) || cp == '"' || cp == '\\')) {
			if (cp == '"' || cp == '\\')
				snprintf(esc, sizeof(esc), "\\%c", (int)cp);
			else if (cp == '\n')
				snprintf(esc, sizeof(esc), "\\n");
			else if (cp == '\t')
				snprintf(esc, sizeof(esc), "\\t");
			else
				snprintf(esc, sizeof(esc), "\\u%04lx", cp);
			piece = esc;
			piece_len = strlen(esc);
		} else if (sink == CL_TEXT_CSV_LINES && len && (cp == '\n' || cp == '\t')) {
			/* kept as it is */
		} else if (len == 0 || unsafe(cp)) {
			piece = replacement;
			piece_len = REPLACEMENT_LEN;
		}
		if (piece_len > size - 1 - out)
			break; /* never write half a character or half an escape */
		memcpy(dst + out, piece, piece_len);
		out += piece_len;
		s += len ? len : bad;
	}
	dst[out] = '\0';
	return out;
}

size_t cl_text_sanitize(const char *src, char *dst, size_t size)
{
	return cl_text_encode(src, CL_TEXT_TERMINAL, dst, size);
}

/*
 * Length in bytes and display width of the character at s (s not at its NUL). Bytes that
 * are not a character in the locale count as one byte of width 1, as do characters with no
 * defined width (wcwidth < 0): sanitized text draws them as one U+FFFD.
 */
static size_t char_measure(const char *s, int *width)
{
	mbstate_t st;
	wchar_t wc;
	size_t len;
	int w;

	memset(&st, 0, sizeof(st));
	len = mbrtowc(&wc, s, MB_CUR_MAX, &st);
	if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
		*width = 1;
		return 1;
	}
	w = wcwidth(wc);
	*width = w < 0 ? 1 : w;
	return len;
}

int cl_text_width(const char *s)
{
	int total = 0;

	while (s && *s) {
		int w;

		s += char_measure(s, &w);
		total += w;
	}
	return total;
}

/* Copy characters of s into dst while they fit in cols columns and room bytes. */
static int fit_copy(const char *s, int cols, size_t room, char *dst, size_t *used)
{
	int width = 0;
	size_t out = 0;

	while (*s) {
		int w;
		size_t len = char_measure(s, &w);

		if (width + w > cols || out + len > room)
			break;
		memcpy(dst + out, s, len);
		out += len;
		width += w;
		s += len;
	}
	*used = out;
	return width;
}

int cl_text_fit(const char *s, int cols, int ellipsis, char *dst, size_t size)
{
	size_t used = 0;
	int width;

	if (size == 0)
		return 0;
	if (!s || cols <= 0) {
		dst[0] = '\0';
		return 0;
	}
	width = fit_copy(s, cols, size - 1, dst, &used);
	if (s[used] == '\0' || !ellipsis || size - 1 < ELLIPSIS_LEN) {
		dst[used] = '\0';
		return width; /* all of it fits, or no "…" asked for (or no room for one) */
	}
	/* Cut short: keep room for the "…" (one column, three bytes). */
	width = fit_copy(s, cols - 1, size - 1 - ELLIPSIS_LEN, dst, &used);
	memcpy(dst + used, ellipsis_utf8, ELLIPSIS_LEN);
	dst[used + ELLIPSIS_LEN] = '\0';
	return width + 1;
}

char *cl_text_trim(char *s)
{
	size_t start = 0, end;

	if (!s)
		return s;
	end = strlen(s);
	while (start < end && strchr(" \t\n\v\f\r", s[start]))
		start++;
	while (end > start && strchr(" \t\n\v\f\r", s[end - 1]))
		end--;
	memmove(s, s + start, end - start);
	s[end - start] = '\0';
	return s;
}

size_t cl_utf8_len(const char *s)
{
	unsigned long cp;
	size_t bad, n = utf8_decode((const unsigned char *)s, &cp, &bad);

	return n && !(cp >= 0x80 && cp <= 0x9f) ? n : 0;
}

bool cl_text_reorders(const char *s)
{
	unsigned long cp;
	size_t bad;

	return utf8_decode((const unsigned char *)s, &cp, &bad) &&
	       (bidi(cp) || cp == 0x2028 || cp == 0x2029);
}

bool cl_text_ascii_ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
		char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;

		if (x != y)
			return false;
	}
	return *a == *b;
}

void cl_text_fold(const char *text, char *buf, size_t size)
{
	size_t n = 0;

	if (size == 0)
		return;
	for (; *text && n + 1 < size; text++) {
		char c = *text;

		if (c >= 'A' && c <= 'Z')
			buf[n++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			buf[n++] = c;
	}
	buf[n] = '\0';
}

int cl_text_fts_query(const char *text, char *out, size_t size)
{
	size_t len = 0;
	bool in_word = false;

	for (const char *s = text; *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool word_char = c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
				 (c >= 'A' && c <= 'Z');

		if (word_char && !in_word) {
			if (len + 2 >= size)
				return -1;
			if (len)
				out[len++] = ' ';
			out[len++] = '"';
			in_word = true;
		} else if (!word_char && in_word) {
			if (len + 2 >= size)
				return -1;
			out[len++] = '"';
			out[len++] = '*';
			in_word = false;
		}
		if (word_char) {
			if (len + 1 >= size)
				return -1;
			out[len++] = (char)c;
		}
	}
	if (in_word) {
		if (len + 2 >= size)
			return -1;
		out[len++] = '"';
		out[len++] = '*';
	}
	out[len] = '\0';
	return (int)len;
}

/*
 * Base letters of U+00C0-U+017F (Latin-1 Supplement letters and Latin Extended-A), of the
 * Vietnamese letters U+1EA0-U+1EF9, as FTS5's remove_diacritics reads them (with Đ → d as
 * the search's family_fold does); '\0' for a sign that is not a letter (×, ÷).
 */
static const char latin_base[] = "aaaaaaaceeeeiiii"
				 "dnooooo\0ouuuuyts"
				 "aaaaaaaceeeeiiii"
				 "dnooooo\0ouuuuyty"
				 "aaaaaacccccccc"
				 "dddd"
				 "eeeeeeeeee"
				 "gggggggg"
				 "hhhh"
				 "iiiiiiiiii"
				 "ii"
				 "jj"
				 "kkk"
				 "llllllllll"
				 "nnnnnnnnn"
				 "oooooooo"
				 "rrrrrr"
				 "ssssssss"
				 "tttttt"
				 "uuuuuuuuuuuu"
				 "ww"
				 "yyy"
				 "zzzzzz"
				 "s";
static const char vietnamese_base[] = "aaaaaaaaaaaaaaaaaaaaaaaa"
				      "eeeeeeeeeeeeeeee"
				      "iiii"
				      "oooooooooooooooooooooooo"
				      "uuuuuuuuuuuuuu"
				      "yyyyyyyy";

void cl_text_fold_name(const char *text, char *buf, size_t size)
{
	size_t n = 0;

	if (size == 0)
		return;
	while (*text && n + 1 < size) {
		const unsigned char *s = (const unsigned char *)text;
		unsigned long cp;
		size_t bad, len = utf8_decode(s, &cp, &bad);
		char base = 0;

		if (len == 0) { /* invalid: skipped, as a mark would be */
			text++;
			continue;
		}
		text += len;
		if (cp < 0x80) {
			if (cp >= 'A' && cp <= 'Z')
				base = (char)(cp - 'A' + 'a');
			else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
				base = (char)cp;
		} else if (cp >= 0xc0 && cp <= 0x17f) {
			base = latin_base[cp - 0xc0];
		} else if (cp == 0x1a0 || cp == 0x1a1) { /* Ơ ơ */
			base = 'o';
		} else if (cp == 0x1af || cp == 0x1b0) { /* Ư ư */
			base = 'u';
		} else if (cp >= 0x1ea0 && cp <= 0x1ef9) {
			base = vietnamese_base[cp - 0x1ea0];
		} else if ((cp >= 0x300 && cp <= 0x36f) || cp < 0xc0) {
			continue; /* combining marks, Latin-1 signs and spaces */
		} else {
			/* another script: the character itself, whole or not at all */
			if (n + len >= size)
				break;
			memcpy(buf + n, s, len);
			n += len;
			continue;
		}
		if (base)
			buf[n++] = base;
	}
	buf[n] = '\0';
}
