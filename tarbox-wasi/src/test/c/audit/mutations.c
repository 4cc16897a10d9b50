// Tries every WASI call that changes the tree, through the first preopen (fd 3), and prints each
// call's errno: "setup" makes the fixtures (f, g with content, empty directory d); "mutate" then
// changes them. On a writable preopen every mutation succeeds (0); on a read-only one each is
// refused (EPERM, 63) and the fixtures read back unchanged.
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

#define DIR 3
#define R_READ (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_FILESTAT_GET)
#define R_WRITE (__WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK)

static __wasi_fd_t open_file(const char *what, const char *path, __wasi_oflags_t oflags, __wasi_rights_t rights) {
  __wasi_fd_t fd = (__wasi_fd_t)-1;
  __wasi_errno_t e = __wasi_path_open(DIR, 0, path, oflags, rights, 0, 0, &fd);
  printf("%s %d\n", what, e);
  return e == 0 ? fd : (__wasi_fd_t)-1;
}

static void write_all(__wasi_fd_t fd, const char *text) {
  __wasi_ciovec_t iov = {(const uint8_t *)text, strlen(text)};
  __wasi_size_t n = 0;
  printf("fd_write %d\n", __wasi_fd_write(fd, &iov, 1, &n));
}

static void show(const char *path) {
  __wasi_fd_t fd = open_file("open_read", path, 0, R_READ);
  if (fd == (__wasi_fd_t)-1) return;
  char buf[64];
  __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf - 1};
  __wasi_size_t n = 0;
  __wasi_errno_t e = __wasi_fd_read(fd, &iov, 1, &n);
  buf[e == 0 ? n : 0] = 0;
  printf("read %s %d '%s'\n", path, e, buf);
  __wasi_fd_close(fd);
}

static void setup(void) {
  __wasi_fd_t f = open_file("create_f", "f", __WASI_OFLAGS_CREAT, R_WRITE);
  write_all(f, "hello");
  __wasi_fd_close(f);
  __wasi_fd_t g = open_file("create_g", "g", __WASI_OFLAGS_CREAT, R_WRITE);
  write_all(g, "gee");
  __wasi_fd_close(g);
  printf("mkdir_d %d\n", __wasi_path_create_directory(DIR, "d"));
}

static void mutate(void) {
  __wasi_fd_t created = open_file("open_creat", "new", __WASI_OFLAGS_CREAT, R_WRITE);
  if (created != (__wasi_fd_t)-1) {
    write_all(created, "abc");
    __wasi_fd_pwrite(created, &(__wasi_ciovec_t){(const uint8_t *)"de", 2}, 1, 3, &(__wasi_size_t){0});
    __wasi_fd_close(created);
  }
  __wasi_fd_t truncated = open_file("open_trunc", "g", __WASI_OFLAGS_TRUNC, R_READ);
  if (truncated != (__wasi_fd_t)-1) __wasi_fd_close(truncated);
  __wasi_fd_t writer = open_file("open_write", "f", 0, R_WRITE);
  if (writer != (__wasi_fd_t)-1) __wasi_fd_close(writer);

  // A descriptor without the write right, but with the rights to change size and times.
  __wasi_fd_t f = open_file("open_meta", "f", 0,
      R_READ | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE | __WASI_RIGHTS_FD_FILESTAT_SET_TIMES);
  if (f != (__wasi_fd_t)-1) {
    __wasi_ciovec_t iov = {(const uint8_t *)"x", 1};
    __wasi_size_t n = 0;
    printf("fd_write_readonly_fd %d\n", __wasi_fd_write(f, &iov, 1, &n));
    printf("fd_filestat_set_size %d\n", __wasi_fd_filestat_set_size(f, 4));
    printf("fd_filestat_set_times %d\n", __wasi_fd_filestat_set_times(f, 1000000000, 2000000000,
        __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    __wasi_fd_close(f);
  }
  printf("path_create_directory %d\n", __wasi_path_create_directory(DIR, "d2"));
  printf("path_symlink %d\n", __wasi_path_symlink("f", DIR, "s"));
  printf("path_link %d\n", __wasi_path_link(DIR, 0, "f", DIR, "h"));
  printf("path_filestat_set_times %d\n", __wasi_path_filestat_set_times(DIR, 0, "d", 0, 0,
      __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW));
  printf("path_rename %d\n", __wasi_path_rename(DIR, "g", DIR, "g2"));
  printf("path_unlink_file %d\n", __wasi_path_unlink_file(DIR, "f"));
  printf("path_remove_directory %d\n", __wasi_path_remove_directory(DIR, "d"));
  show("f");
  show("g");
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "setup") == 0) {
    setup();
  } else {
    mutate();
  }
  return 0;
}
