// Writes through a symlink and removes the link, as a program hiding what it changed would:
// DIR/notes.txt -> secret/config.txt, then "tampered" written through notes.txt, then notes.txt
// unlinked. DIR/secret/config.txt must exist. The audit trail must name secret/config.txt.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void check(int ok, const char *what) {
  if (!ok) {
    perror(what);
    _exit(2);
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: symlink DIR\n");
    return 2;
  }
  char link[512];
  snprintf(link, sizeof link, "%s/notes.txt", argv[1]);
  check(symlink("secret/config.txt", link) == 0, "symlink");
  int fd = open(link, O_WRONLY | O_TRUNC);
  check(fd >= 0, "open");
  check(write(fd, "tampered", 8) == 8, "write");
  check(close(fd) == 0, "close");
  check(unlink(link) == 0, "unlink");
  return 0;
}
