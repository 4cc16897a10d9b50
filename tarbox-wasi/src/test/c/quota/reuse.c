/*
 * reuse: a program under a quota that deletes files and writes again (QuotaReuseTest). Each file is
 * MB megabytes (argv[1]) of data that differs between files, so nothing deduplicates; the quota
 * fits one file and a little, not two. Prints one line per step:
 *   1. write a.bin, close it, delete it, write b.bin: the deleted file's space is back ("b: ok");
 *   2. open b.bin, delete it while open, write c.bin: refused, the open file still holds its data
 *      ("c while b held: ENOSPC");
 *   3. read b.bin through the open descriptor (intact), close it, write c.bin ("c: ok").
 * Exit 0 when every step went so.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char block[64 * 1024];
static int mb;

static void fill(int file, long i) {
  for (int k = 0; k < (int)sizeof block; k += 4) {
    unsigned v = (unsigned)(file * 1000003 + i * 7919 + k) * 2654435761u;
    memcpy(block + k, &v, 4);
  }
}

/* 0, or the errno of the write or fsync that failed. */
static int write_file(const char *path, int file) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return errno;
  int err = 0;
  for (long i = 0; i < mb * 16L && !err; i++) {
    fill(file, i);
    if (write(fd, block, sizeof block) != (ssize_t)sizeof block) err = errno;
  }
  if (!err && fsync(fd) != 0) err = errno;
  close(fd);
  return err;
}

static const char *name(int err) { return err == 0 ? "ok" : err == ENOSPC ? "ENOSPC" : strerror(err); }

int main(int argc, char **argv) {
  mb = argc > 1 ? atoi(argv[1]) : 2;
  int err = write_file("/data/a.bin", 1);
  printf("a: %s\n", name(err));
  if (err || unlink("/data/a.bin") != 0) return 1;
  err = write_file("/data/b.bin", 2);
  printf("b: %s\n", name(err));
  if (err) return 1;

  int held = open("/data/b.bin", O_RDONLY);
  if (held < 0 || unlink("/data/b.bin") != 0) return 1;
  err = write_file("/data/c.bin", 3);
  printf("c while b held: %s\n", name(err));
  if (err != ENOSPC) return 1;
  unlink("/data/c.bin");

  long same = 0;
  static char back[sizeof block];
  for (long i = 0; i < mb * 16L; i++) {
    fill(2, i);
    if (read(held, back, sizeof back) == (ssize_t)sizeof back && memcmp(back, block, sizeof back) == 0) same++;
  }
  printf("b read while unlinked: %s\n", same == mb * 16L ? "intact" : "differs");
  close(held);
  err = write_file("/data/c.bin", 3);
  printf("c: %s\n", name(err));
  return err || same != mb * 16L ? 1 : 0;
}
