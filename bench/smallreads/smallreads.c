/* Reads in small pieces: write MB megabytes in 64 KiB writes, then read the file back twice in
   4 KiB reads and make 20,000 random 512-byte preads; prints a checksum. Measures what the chunk
   cache is for (many reads falling in one 64 KiB chunk) beside bigio's whole-chunk reads. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <unistd.h>
#include <fcntl.h>

int main(int argc, char **argv) {
  const char *root = argc > 1 ? argv[1] : "/data";
  int mb = argc > 2 ? atoi(argv[2]) : 32;
  char path[512]; snprintf(path, sizeof path, "%s/smallreads.bin", root);
  static unsigned char buf[65536];
  int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
  if (fd < 0) { perror(path); return 1; }
  uint32_t x = 12345;
  for (long i = 0; i < (long)mb * 16; i++) {
    for (int k = 0; k < 65536; k++) { x = x * 1103515245u + 12345u; buf[k] = x >> 24; }
    if (write(fd, buf, 65536) != 65536) { perror("write"); return 1; }
  }
  uint64_t sum = 0; long total = 0;
  for (int pass = 0; pass < 2; pass++) {
    lseek(fd, 0, SEEK_SET);
    ssize_t r;
    while ((r = read(fd, buf, 4096)) > 0) { total += r; for (ssize_t k = 0; k < r; k += 64) sum = sum * 31 + buf[k]; }
  }
  long size = (long)mb << 20;
  for (int i = 0; i < 20000; i++) {
    x = x * 1103515245u + 12345u;
    off_t at = (off_t)((x >> 4) % (uint32_t)(size - 512));
    if (pread(fd, buf, 512, at) != 512) { perror("pread"); return 1; }
    total += 512; sum = sum * 31 + buf[0] + buf[511];
  }
  close(fd); unlink(path);
  printf("smallreads bytes %ld checksum %016llx\n", total, (unsigned long long)sum);
  return 0;
}
