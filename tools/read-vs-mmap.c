/* What reading a capture memory-mapped instead of with read() could save (BENCHMARKS.md,
 * "memory-mapped reading, measured"): both walk the file once, looking at one byte of each
 * 64-byte line, as the framer's lexer must at the least.
 *
 *     gcc -O2 -o /tmp/read-vs-mmap tools/read-vs-mmap.c
 *     /tmp/read-vs-mmap read 256 /tmp/w20k.json      # read() into a 256 KiB buffer
 *     /tmp/read-vs-mmap mmap 1024 /tmp/w20k.json     # 1 MiB windows, mapped and unmapped in turn
 *     /tmp/read-vs-mmap mmapp 16384 /tmp/w20k.json   # 16 MiB windows, MAP_POPULATE
 *     /tmp/read-vs-mmap read 64 $(find /tmp/folder -name '*.json')   # many files, one at a time
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double wall_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double cpu_ms(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
         (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

/* One byte of each 64-byte line, summed so that the compiler keeps the loads. */
static unsigned long touch(const unsigned char *p, size_t n) {
  unsigned long s = 0;
  for (size_t i = 0; i < n; i += 64) s += p[i];
  return s;
}

/* One file: the sum of its touched bytes. */
static unsigned long walk(const char *mode, const char *path, size_t window, unsigned char *buf) {
  int fd = open(path, O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    perror(path);
    exit(2);
  }
  size_t len = st.st_size;
  unsigned long sum = 0;
  if (strcmp(mode, "read") == 0) {
    ssize_t n;
    while ((n = read(fd, buf, window)) > 0) sum += touch(buf, n);
  } else {
    int flags = MAP_PRIVATE | (strcmp(mode, "mmapp") == 0 ? MAP_POPULATE : 0);
    for (size_t off = 0; off < len; off += window) {
      size_t n = len - off < window ? len - off : window;
      unsigned char *p = mmap(NULL, n, PROT_READ, flags, fd, off);
      if (p == MAP_FAILED) {
        perror("mmap");
        exit(2);
      }
      madvise(p, n, MADV_SEQUENTIAL);
      sum += touch(p, n);
      munmap(p, n);
    }
  }
  close(fd);
  return sum;
}

int main(int argc, char **argv) {
  if (argc < 4 || atol(argv[2]) <= 0) {
    fprintf(stderr, "usage: %s read|mmap|mmapp WINDOW_KIB FILE...\n", argv[0]);
    return 2;
  }
  const char *mode = argv[1];
  size_t window = (size_t)atol(argv[2]) << 10;
  unsigned char *buf = aligned_alloc(64, window);
  double wall = wall_ms(), cpu = cpu_ms();
  unsigned long sum = 0;
  for (int i = 3; i < argc; i++) sum += walk(mode, argv[i], window, buf);
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  printf("%s, %zu KiB, %d file(s): %.1f ms wall, %.1f ms CPU, peak %ld kB (sum %lu)\n", mode,
         window >> 10, argc - 3, wall_ms() - wall, cpu_ms() - cpu, u.ru_maxrss, sum);
  return 0;
}
