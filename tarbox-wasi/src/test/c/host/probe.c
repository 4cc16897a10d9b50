/* Probes the WASI host through the raw wasi_snapshot_preview1 calls and prints one line per
   check ("label value"); HostBehaviourTest compares the lines. Preopen fd 3 must be an empty
   directory named /data. Usage: probe.wasm paths|fds|dirs|misc */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

#define ROOT 3
#define R_ALL ((__wasi_rights_t)0x3FFFFFFF)
/* What wasi-libc asks for when it opens a directory: no write rights (those make it EISDIR). */
#define R_DIR (R_ALL & ~(__wasi_rights_t)__WASI_RIGHTS_FD_WRITE)

static __wasi_fd_t last_fd;

static int open_at(__wasi_fd_t dir, int follow, const char *path, __wasi_oflags_t oflags,
                   __wasi_rights_t rights, __wasi_fdflags_t fdflags) {
  return __wasi_path_open(dir, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, path, oflags, rights,
                          R_ALL, fdflags, &last_fd);
}

static int write_str(__wasi_fd_t fd, const char *s) {
  __wasi_ciovec_t iov = {(const uint8_t *)s, strlen(s)};
  __wasi_size_t n;
  return __wasi_fd_write(fd, &iov, 1, &n);
}

static int read_str(__wasi_fd_t fd, char *buf, size_t len) {
  __wasi_iovec_t iov[2] = {{(uint8_t *)buf, 2}, {(uint8_t *)buf + 2, len - 3}};
  __wasi_size_t n;
  int e = __wasi_fd_read(fd, iov, 2, &n);
  buf[e ? 0 : n] = 0;
  return e;
}

static void paths(void) {
  printf("mkdir sub %d\n", __wasi_path_create_directory(ROOT, "sub"));
  printf("mkdir again %d\n", __wasi_path_create_directory(ROOT, "sub"));
  printf("open dotdot %d\n", open_at(ROOT, 1, "../outside", __WASI_OFLAGS_CREAT, R_ALL, 0));
  printf("open absolute %d\n", open_at(ROOT, 1, "/etc/passwd", 0, R_ALL, 0));
  printf("open sub dotdot dotdot %d\n", open_at(ROOT, 1, "sub/../../outside", 0, R_ALL, 0));
  printf("symlink up %d\n", __wasi_path_symlink("../../outside", ROOT, "sub/up"));
  printf("open through up %d\n", open_at(ROOT, 1, "sub/up", __WASI_OFLAGS_CREAT, R_ALL, 0));
  printf("symlink absolute %d\n", __wasi_path_symlink("/etc", ROOT, "abs"));
  printf("create f %d\n", open_at(ROOT, 1, "f", __WASI_OFLAGS_CREAT, R_ALL, 0));
  printf("write f %d\n", write_str(last_fd, "hello"));
  printf("close f %d\n", __wasi_fd_close(last_fd));
  printf("excl f %d\n", open_at(ROOT, 1, "f", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, R_ALL, 0));
  printf("directory f %d\n", open_at(ROOT, 1, "f", __WASI_OFLAGS_DIRECTORY, R_ALL, 0));
  printf("write dir %d\n", open_at(ROOT, 1, "sub", 0, __WASI_RIGHTS_FD_WRITE, 0));
  printf("creat directory %d\n",
         open_at(ROOT, 1, "sub", __WASI_OFLAGS_DIRECTORY | __WASI_OFLAGS_CREAT, R_ALL, 0));
  printf("creat trailing slash %d\n", open_at(ROOT, 1, "newdir/", __WASI_OFLAGS_CREAT, R_ALL, 0));
  printf("symlink lnk %d\n", __wasi_path_symlink("f", ROOT, "lnk"));
  printf("nofollow lnk %d\n", open_at(ROOT, 0, "lnk", 0, __WASI_RIGHTS_FD_READ, 0));
  printf("nofollow directory lnk %d\n", open_at(ROOT, 0, "lnk", __WASI_OFLAGS_DIRECTORY, 0, 0));
  char buf[64];
  printf("follow lnk %d\n", open_at(ROOT, 1, "lnk", 0, __WASI_RIGHTS_FD_READ, 0));
  printf("read lnk %d %s\n", read_str(last_fd, buf, sizeof buf), buf);
  __wasi_fd_close(last_fd);
  __wasi_path_symlink("loop2", ROOT, "loop1");
  __wasi_path_symlink("loop1", ROOT, "loop2");
  printf("open loop %d\n", open_at(ROOT, 1, "loop1", 0, R_ALL, 0));
  printf("open missing dir %d\n", open_at(ROOT, 1, "missing/x", 0, R_ALL, 0));
  printf("open missing %d\n", open_at(ROOT, 1, "missing", 0, R_ALL, 0));
  printf("open through file %d\n", open_at(ROOT, 1, "f/x", 0, R_ALL, 0));
  __wasi_filestat_t st;
  int e = __wasi_path_filestat_get(ROOT, 0, "lnk", &st);
  printf("lstat lnk %d type %d size %llu\n", e, st.filetype, (unsigned long long)st.size);
  e = __wasi_path_filestat_get(ROOT, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "lnk", &st);
  printf("stat lnk %d type %d size %llu nlink %llu\n", e, st.filetype, (unsigned long long)st.size,
         (unsigned long long)st.nlink);
  __wasi_size_t used;
  memset(buf, 0, sizeof buf);
  e = __wasi_path_readlink(ROOT, "lnk", (uint8_t *)buf, sizeof buf, &used);
  printf("readlink lnk %d %.*s\n", e, (int)used, buf);
  e = __wasi_path_readlink(ROOT, "lnk", (uint8_t *)buf, 0, &used);
  printf("readlink short %d %u\n", e, (unsigned)used);
  printf("readlink f %d\n", __wasi_path_readlink(ROOT, "f", (uint8_t *)buf, sizeof buf, &used));
  printf("unlink dir %d\n", __wasi_path_unlink_file(ROOT, "sub"));
  printf("unlink dot %d\n", __wasi_path_unlink_file(ROOT, "."));
  printf("rmdir file %d\n", __wasi_path_remove_directory(ROOT, "f"));
  printf("rmdir dot %d\n", __wasi_path_remove_directory(ROOT, "."));
  printf("rmdir nonempty %d\n", __wasi_path_remove_directory(ROOT, "sub"));
  printf("rename file onto dir %d\n", __wasi_path_rename(ROOT, "f", ROOT, "sub"));
  printf("rename dir onto file %d\n", __wasi_path_rename(ROOT, "sub", ROOT, "f"));
  printf("rename dir into itself %d\n", __wasi_path_rename(ROOT, "sub", ROOT, "sub/inner"));
  printf("rename escape %d\n", __wasi_path_rename(ROOT, "f", ROOT, "../f"));
  printf("link f %d\n", __wasi_path_link(ROOT, 0, "f", ROOT, "hard"));
  e = __wasi_path_filestat_get(ROOT, 0, "f", &st);
  printf("nlink f %d %llu\n", e, (unsigned long long)st.nlink);
  printf("link dir %d\n", __wasi_path_link(ROOT, 0, "sub", ROOT, "subhard"));
  printf("link exists %d\n", __wasi_path_link(ROOT, 0, "f", ROOT, "lnk"));
  printf("rename f g %d\n", __wasi_path_rename(ROOT, "f", ROOT, "g"));
  printf("stat f after rename %d\n", __wasi_path_filestat_get(ROOT, 0, "f", &st));
  printf("bad utf8 %d\n", open_at(ROOT, 1, "\xff\xfe", __WASI_OFLAGS_CREAT, R_ALL, 0));
  printf("unlink sub/up %d\n", __wasi_path_unlink_file(ROOT, "sub/up"));
  printf("unlink trailing slash file %d\n", __wasi_path_unlink_file(ROOT, "g/"));
}

static void fds(void) {
  char buf[64];
  __wasi_size_t n;
  __wasi_filesize_t pos;
  printf("create %d\n", open_at(ROOT, 1, "f", __WASI_OFLAGS_CREAT, R_ALL, 0));
  __wasi_fd_t f = last_fd;
  printf("fd number %u\n", (unsigned)f);
  printf("write %d\n", write_str(f, "0123456789"));
  printf("tell %d ", __wasi_fd_tell(f, &pos));
  printf("%llu\n", (unsigned long long)pos);
  __wasi_iovec_t iov = {(uint8_t *)buf, 4};
  int e = __wasi_fd_pread(f, &iov, 1, 3, &n);
  printf("pread %d %.*s\n", e, (int)n, buf);
  __wasi_fd_tell(f, &pos);
  printf("tell after pread %llu\n", (unsigned long long)pos);
  __wasi_ciovec_t ciov = {(const uint8_t *)"AB", 2};
  printf("pwrite %d\n", __wasi_fd_pwrite(f, &ciov, 1, 0, &n));
  printf("seek set %d ", __wasi_fd_seek(f, 1, __WASI_WHENCE_SET, &pos));
  printf("%llu\n", (unsigned long long)pos);
  printf("read %d %s\n", read_str(f, buf, 6), buf);
  printf("seek end %d ", __wasi_fd_seek(f, -2, __WASI_WHENCE_END, &pos));
  printf("%llu\n", (unsigned long long)pos);
  printf("seek negative %d\n", __wasi_fd_seek(f, -100, __WASI_WHENCE_CUR, &pos));
  printf("seek bad whence %d\n", __wasi_fd_seek(f, 0, 7, &pos));
  printf("seek stdin %d\n", __wasi_fd_seek(0, 0, __WASI_WHENCE_CUR, &pos));
  printf("seek dir %d\n", __wasi_fd_seek(ROOT, 0, __WASI_WHENCE_CUR, &pos));
  printf("read dir %d\n", read_str(ROOT, buf, sizeof buf));
  printf("pwrite stdout %d\n", __wasi_fd_pwrite(1, &ciov, 1, 0, &n));

  printf("open append sync %d\n", open_at(ROOT, 1, "f", 0, R_ALL, __WASI_FDFLAGS_APPEND | __WASI_FDFLAGS_SYNC));
  __wasi_fd_t a = last_fd;
  ciov.buf = (const uint8_t *)"Z";
  ciov.buf_len = 1;
  printf("append pwrite %d\n", __wasi_fd_pwrite(a, &ciov, 1, 0, &n));
  __wasi_fdstat_t fst;
  e = __wasi_fd_fdstat_get(a, &fst);
  printf("fdstat append %d type %d flags %d\n", e, fst.fs_filetype, fst.fs_flags);
  printf("set sync flag %d\n", __wasi_fd_fdstat_set_flags(a, __WASI_FDFLAGS_DSYNC));
  printf("set bad flags %d\n", __wasi_fd_fdstat_set_flags(a, 0x100));
  printf("write sync %d\n", write_str(a, "Y"));
  printf("set nonblock %d\n", __wasi_fd_fdstat_set_flags(a, __WASI_FDFLAGS_NONBLOCK));
  __wasi_fd_fdstat_get(a, &fst);
  printf("flags now %d\n", fst.fs_flags);
  __wasi_fd_close(a);

  printf("open readonly %d\n", open_at(ROOT, 1, "f", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK, 0));
  __wasi_fd_t r = last_fd;
  printf("write readonly %d\n", write_str(r, "x"));
  printf("truncate readonly %d\n", __wasi_fd_filestat_set_size(r, 0));
  printf("narrow rights %d\n", __wasi_fd_fdstat_set_rights(r, __WASI_RIGHTS_FD_READ, 0));
  printf("seek narrowed %d\n", __wasi_fd_seek(r, 0, __WASI_WHENCE_SET, &pos));
  printf("widen rights %d\n", __wasi_fd_fdstat_set_rights(r, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK, 0));
  printf("renumber onto closed %d\n", __wasi_fd_renumber(r, 20));
  open_at(ROOT, 1, "other", __WASI_OFLAGS_CREAT, R_ALL, 0);
  __wasi_fd_t t = last_fd;
  printf("renumber %d\n", __wasi_fd_renumber(r, t));
  printf("read renumbered %d %s\n", read_str(t, buf, sizeof buf), buf);
  printf("read old number %d\n", read_str(r, buf, sizeof buf));
  printf("renumber bad %d\n", __wasi_fd_renumber(99, 21));

  printf("unlink open %d\n", __wasi_path_unlink_file(ROOT, "f"));
  printf("seek unlinked %d\n", __wasi_fd_seek(f, 0, __WASI_WHENCE_SET, &pos));
  printf("read unlinked %d %s\n", read_str(f, buf, sizeof buf), buf);
  __wasi_filestat_t st;
  e = __wasi_fd_filestat_get(f, &st);
  printf("fstat unlinked %d type %d size %llu\n", e, st.filetype, (unsigned long long)st.size);
  printf("close %d\n", __wasi_fd_close(f));
  printf("close again %d\n", __wasi_fd_close(f));
  printf("reuse lowest %d %u\n", open_at(ROOT, 1, "g", __WASI_OFLAGS_CREAT, R_ALL, 0), (unsigned)last_fd);
  __wasi_fd_t g = last_fd;
  printf("allocate %d\n", __wasi_fd_allocate(g, 10, 90));
  printf("grow %d\n", __wasi_fd_filestat_set_size(g, 100));
  __wasi_fd_filestat_get(g, &st);
  printf("size after grow %llu\n", (unsigned long long)st.size);
  printf("set size %d\n", __wasi_fd_filestat_set_size(g, 3));
  __wasi_fd_filestat_get(g, &st);
  printf("size after set size %llu\n", (unsigned long long)st.size);
  printf("set times %d\n", __wasi_fd_filestat_set_times(g, 5000000000LL, 1000000000123LL, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
  __wasi_fd_filestat_get(g, &st);
  printf("times %llu %llu\n", (unsigned long long)st.atim, (unsigned long long)st.mtim);
  printf("set times conflicting %d\n", __wasi_fd_filestat_set_times(g, 0, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW));
  printf("path set times now %d\n", __wasi_path_filestat_set_times(ROOT, 0, "g", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
  __wasi_fd_filestat_get(g, &st);
  printf("mtime is recent %d\n", st.mtim > 1600000000000000000ULL);
  printf("advise %d\n", __wasi_fd_advise(g, 0, 10, __WASI_ADVICE_SEQUENTIAL));
  printf("sync %d datasync %d\n", __wasi_fd_sync(g), __wasi_fd_datasync(g));
  printf("sync dir %d\n", __wasi_fd_sync(ROOT));

  __wasi_prestat_t pre;
  e = __wasi_fd_prestat_get(ROOT, &pre);
  printf("prestat %d tag %d len %u\n", e, pre.tag, (unsigned)pre.u.dir.pr_name_len);
  memset(buf, 0, sizeof buf);
  e = __wasi_fd_prestat_dir_name(ROOT, (uint8_t *)buf, sizeof buf);
  printf("prestat name %d %s\n", e, buf);
  printf("prestat name short %d\n", __wasi_fd_prestat_dir_name(ROOT, (uint8_t *)buf, 2));
  printf("prestat opened %d\n", __wasi_fd_prestat_get(g, &pre));
  printf("prestat end %d\n", __wasi_fd_prestat_get(ROOT + 1 == g ? 30 : ROOT + 1, &pre));

  e = __wasi_fd_fdstat_get(ROOT, &fst);
  printf("fdstat root %d type %d readdir %d\n", e, fst.fs_filetype,
         (fst.fs_rights_base & __WASI_RIGHTS_FD_READDIR) != 0);
  printf("open subdir %d\n", __wasi_path_create_directory(ROOT, "d") + open_at(ROOT, 1, "d", __WASI_OFLAGS_DIRECTORY, R_DIR, 0));
  __wasi_fd_t d = last_fd;
  __wasi_fd_fdstat_get(d, &fst);
  printf("narrow inheriting %d\n", __wasi_fd_fdstat_set_rights(d, fst.fs_rights_base,
                                                             __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK));
  fst.fs_rights_base = 0;
  __wasi_fd_fdstat_get(d, &fst);
  printf("dir base has write %d\n", (fst.fs_rights_base & __WASI_RIGHTS_FD_WRITE) != 0);
  printf("open through narrowed %d\n", open_at(d, 1, "x", __WASI_OFLAGS_CREAT, R_ALL, 0));
  __wasi_fd_fdstat_get(last_fd, &fst);
  printf("inherited write %d read %d\n", (fst.fs_rights_base & __WASI_RIGHTS_FD_WRITE) != 0,
         (fst.fs_rights_base & __WASI_RIGHTS_FD_READ) != 0);
  printf("write inherited %d\n", write_str(last_fd, "x"));
  printf("path_open on file fd %d\n", open_at(g, 1, "x", 0, R_ALL, 0));
  printf("mkdir on file fd %d\n", __wasi_path_create_directory(g, "x"));
}

static void dirs(void) {
  __wasi_path_create_directory(ROOT, "rd");
  const char *names[] = {"rd/alpha", "rd/bravo", "rd/charlie", "rd/delta", "rd/echo"};
  for (int i = 0; i < 5; i++) {
    open_at(ROOT, 1, names[i], __WASI_OFLAGS_CREAT, R_ALL, 0);
    __wasi_fd_close(last_fd);
  }
  printf("open rd %d\n", open_at(ROOT, 1, "rd", __WASI_OFLAGS_DIRECTORY, R_DIR, 0));
  __wasi_fd_t d = last_fd;
  /* A buffer smaller than two entries: the host cuts entries short, the caller resumes. */
  uint8_t buf[40];
  __wasi_dircookie_t cookie = 0;
  int calls = 0;
  char seen[256] = "";
  for (;;) {
    __wasi_size_t used;
    int e = __wasi_fd_readdir(d, buf, sizeof buf, cookie, &used);
    calls++;
    if (e) { printf("readdir error %d\n", e); return; }
    size_t at = 0;
    int progressed = 0;
    while (at + sizeof(__wasi_dirent_t) <= used) {
      __wasi_dirent_t ent;
      memcpy(&ent, buf + at, sizeof ent);
      if (at + sizeof ent + ent.d_namlen > used) break;
      strncat(seen, (char *)buf + at + sizeof ent, ent.d_namlen);
      strcat(seen, ent.d_type == __WASI_FILETYPE_DIRECTORY ? "/ " : " ");
      cookie = ent.d_next;
      at += sizeof ent + ent.d_namlen;
      progressed = 1;
    }
    if (used < sizeof buf) break;
    if (!progressed) { printf("readdir buffer too small\n"); return; }
    if (calls > 50) { printf("readdir does not end\n"); return; }
  }
  printf("entries %s\n", seen);
  /* Changing the directory between calls neither repeats nor skips surviving entries. */
  uint8_t big[1024];
  __wasi_size_t used;
  __wasi_fd_readdir(d, big, sizeof big, 0, &used);
  __wasi_dirent_t first[4];
  size_t at = 0;
  for (int i = 0; i < 4; i++) {
    memcpy(&first[i], big + at, sizeof first[i]);
    at += sizeof first[i] + first[i].d_namlen;
  }
  __wasi_path_unlink_file(ROOT, "rd/alpha");
  open_at(ROOT, 1, "rd/zulu", __WASI_OFLAGS_CREAT, R_ALL, 0);
  __wasi_fd_readdir(d, big, sizeof big, first[3].d_next, &used);
  char rest[256] = "";
  at = 0;
  while (at + sizeof(__wasi_dirent_t) <= used) {
    __wasi_dirent_t ent;
    memcpy(&ent, big + at, sizeof ent);
    strncat(rest, (char *)big + at + sizeof ent, ent.d_namlen);
    strcat(rest, " ");
    at += sizeof ent + ent.d_namlen;
  }
  printf("after change %s\n", rest);
  printf("readdir on file %d\n", __wasi_fd_readdir(1, big, sizeof big, 0, &used));
}

static void misc(void) {
  __wasi_timestamp_t t;
  for (int id = 0; id < 4; id++) {
    int e = __wasi_clock_time_get(id, 1, &t);
    int r = __wasi_clock_res_get(id, &t);
    printf("clock %d %d %d\n", id, e, r);
  }
  printf("clock bad %d\n", __wasi_clock_time_get(9, 1, &t));
  static uint8_t rnd[70000];
  memset(rnd, 0, sizeof rnd);
  printf("random %d\n", __wasi_random_get(rnd, sizeof rnd));
  int nonzero = 0;
  for (size_t i = sizeof rnd - 64; i < sizeof rnd; i++) nonzero |= rnd[i];
  printf("random filled %d\n", nonzero != 0);
  printf("sock_shutdown stdout %d bad %d\n", __wasi_sock_shutdown(1, __WASI_SDFLAGS_WR),
         __wasi_sock_shutdown(99, __WASI_SDFLAGS_WR));
  __wasi_fd_t nfd;
  printf("sock_accept %d\n", __wasi_sock_accept(ROOT, 0, &nfd));
  printf("sched_yield %d\n", __wasi_sched_yield());

  __wasi_subscription_t subs[3];
  __wasi_event_t events[3];
  __wasi_size_t nevents;
  memset(subs, 0, sizeof subs);
  subs[0].userdata = 42;
  subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[0].u.u.clock.timeout = 20000000;
  __wasi_timestamp_t before, after;
  __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &before);
  int e = __wasi_poll_oneoff(subs, events, 1, &nevents);
  __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &after);
  printf("poll sleep %d n %u userdata %llu type %d slept %d\n", e, (unsigned)nevents,
         (unsigned long long)events[0].userdata, events[0].type, after - before >= 20000000);
  subs[1].userdata = 7;
  subs[1].u.tag = __WASI_EVENTTYPE_FD_WRITE;
  subs[1].u.u.fd_write.file_descriptor = 1;
  subs[2].userdata = 8;
  subs[2].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[2].u.u.fd_read.file_descriptor = 0;
  subs[0].u.u.clock.timeout = 5000000000LL;
  e = __wasi_poll_oneoff(subs, events, 3, &nevents);
  printf("poll stdout stdin %d n %u", e, (unsigned)nevents);
  for (unsigned i = 0; i < nevents; i++)
    printf(" [%llu %d %d]", (unsigned long long)events[i].userdata, events[i].type, events[i].error);
  printf("\n");
  subs[0].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[0].u.u.fd_read.file_descriptor = 77;
  printf("poll bad fd %d\n", __wasi_poll_oneoff(subs, events, 1, &nevents));
  printf("poll none %d\n", __wasi_poll_oneoff(subs, events, 0, &nevents));
  char in[16];
  printf("stdin %d %s\n", read_str(0, in, sizeof in), in);
  printf("stdin eof %d [%s]\n", read_str(0, in, sizeof in), in);
  printf("argc ");
  __wasi_size_t argc, argsize, envc, envsize;
  __wasi_args_sizes_get(&argc, &argsize);
  __wasi_environ_sizes_get(&envc, &envsize);
  printf("%u %u env %u %u %s\n", (unsigned)argc, (unsigned)argsize, (unsigned)envc, (unsigned)envsize,
         getenv("GREETING") ? getenv("GREETING") : "(unset)");
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  if (!strcmp(argv[1], "paths")) paths();
  else if (!strcmp(argv[1], "fds")) fds();
  else if (!strcmp(argv[1], "dirs")) dirs();
  else if (!strcmp(argv[1], "misc")) misc();
  else return 2;
  fflush(stdout);
  return 0;
}
