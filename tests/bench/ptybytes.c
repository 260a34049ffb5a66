/*
 * make bench: what careloop writes to the terminal, per key, through a pseudo-terminal of
 * 80x24 (over a slow link every byte counts): the first screen, a cursor move, a page, one
 * search character, a chart opening; and the program's peak RSS. Prints, asserts nothing.
 *
 *   ptybytes CARELOOP DB
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define QUIET_MS 300   /* no output for this long: the screen is drawn */
#define FIRST_MS 20000 /* the first screen may take this long at most */

static int master = -1;

/* Read what the program writes until it has been quiet for QUIET_MS; bytes read. */
static long drain(int limit_ms)
{
	char buf[65536];
	long total = 0;
	int waited = 0;

	for (;;) {
		struct pollfd p = { .fd = master, .events = POLLIN };
		int r = poll(&p, 1, total ? QUIET_MS : 50);
		ssize_t n;

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (total || (waited += 50) >= limit_ms)
				return total;
			continue;
		}
		if ((n = read(master, buf, sizeof(buf))) <= 0)
			return total;
		total += n;
	}
}

static long key(const char *seq)
{
	if (write(master, seq, strlen(seq)) < 0)
		return -1;
	return drain(5000);
}

/*
 * Send seq and time until text shows in the output (ms; -1 when it does not in 20 s); then
 * read until quiet.
 */
static double key_until(const char *seq, const char *text)
{
	char buf[65536], seen[256] = "";
	struct timespec t0, t1;
	double ms = -1;
	size_t keep = strlen(text) - 1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (write(master, seq, strlen(seq)) < 0)
		return -1;
	for (;;) {
		struct pollfd p = { .fd = master, .events = POLLIN };
		char joined[sizeof(seen) + sizeof(buf)];
		ssize_t n;
		int r = poll(&p, 1, 20000);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || (n = read(master, buf, sizeof(buf) - 1)) <= 0)
			break;
		buf[n] = '\0';
		snprintf(joined, sizeof(joined), "%s%s", seen, buf);
		if (strstr(joined, text)) {
			clock_gettime(CLOCK_MONOTONIC, &t1);
			ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
			break;
		}
		/* a match may straddle two reads */
		{
			size_t len = strlen(buf), take = len > keep ? keep : len;

			if (take >= sizeof(seen))
				take = sizeof(seen) - 1;
			memcpy(seen, buf + len - take, take);
			seen[take] = '\0';
		}
	}
	drain(5000);
	return ms;
}

static long peak_rss_kib(pid_t pid)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	if (!(f = fopen(path, "r")))
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

int main(int argc, char **argv)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	long first, down, pgdn, slash, search, chart, back;
	double reports;
	int status;
	pid_t pid;

	if (argc != 3) {
		fprintf(stderr, "usage: ptybytes CARELOOP DB\n");
		return 64;
	}
	pid = forkpty(&master, NULL, NULL, &ws);
	if (pid < 0) {
		perror("forkpty");
		return 1;
	}
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		execl(argv[1], argv[1], "--db", argv[2], (char *)NULL);
		_exit(127);
	}
	first = drain(FIRST_MS);
	reports = key_until("5", "Reports: "); /* the Reports view's first draw */
	key("1");
	down = key("j");
	pgdn = key("\033[6~"); /* PgDn */
	key("2");	       /* the patients list */
	slash = key("/");
	search = key("s");
	key("\r"); /* end the search text */
	chart = key("\r");
	back = key("q");
	printf("terminal bytes per key (80x24, xterm-256color, through a pty):\n");
	printf("  first screen (worklist)  %7ld bytes\n", first);
	printf("  cursor down (j)          %7ld bytes\n", down);
	printf("  page down (PgDn)         %7ld bytes\n", pgdn);
	printf("  / (search opens)         %7ld bytes\n", slash);
	printf("  one search character     %7ld bytes\n", search);
	printf("  Enter: chart opens       %7ld bytes\n", chart);
	printf("  q: back to the list      %7ld bytes\n", back);
	printf("  5: Reports view, first draw %.1f ms (key to its status line on the pty)\n",
	       reports);
	printf("  peak RSS of careloop     %7.1f MiB\n", peak_rss_kib(pid) / 1024.0);
	key("q");
	key("q");
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	close(master);
	return 0;
}
