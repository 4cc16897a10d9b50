/* A tiny note keeper whose state lives in the Tarbox tree:
     notes add TEXT...   append a note to /data/notes.txt
     notes list          print the notes, numbered
     notes done N        remove note N (rewrites the file through a temporary and a rename)
   Exit codes: 0 ok, 1 I/O error, 2 usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTES "/data/notes.txt"
#define TEMP "/data/.notes.tmp"

static int usage(void) {
  fprintf(stderr, "usage: notes add TEXT... | notes list | notes done N\n");
  return 2;
}

static int add(int argc, char **argv) {
  FILE *f = fopen(NOTES, "a");
  if (!f) { perror(NOTES); return 1; }
  for (int i = 2; i < argc; i++) fprintf(f, "%s%s", i > 2 ? " " : "", argv[i]);
  fputc('\n', f);
  return fclose(f) == 0 ? 0 : 1;
}

static int list(void) {
  FILE *f = fopen(NOTES, "r");
  if (!f) {
    if (errno == ENOENT) { printf("no notes\n"); return 0; }
    perror(NOTES); return 1;
  }
  char line[4096]; int n = 0;
  while (fgets(line, sizeof line, f)) printf("%d %s", ++n, line);
  fclose(f);
  return 0;
}

static int done(const char *which) {
  int target = atoi(which);
  FILE *in = fopen(NOTES, "r");
  if (!in) { perror(NOTES); return 1; }
  FILE *out = fopen(TEMP, "w");
  if (!out) { perror(TEMP); fclose(in); return 1; }
  char line[4096]; int n = 0, removed = 0;
  while (fgets(line, sizeof line, in)) {
    if (++n == target) { removed = 1; continue; }
    fputs(line, out);
  }
  fclose(in);
  if (fclose(out) != 0 || rename(TEMP, NOTES) != 0) { perror("rewrite"); return 1; }
  if (!removed) { fprintf(stderr, "no note %d\n", target); return 1; }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) return usage();
  if (!strcmp(argv[1], "add") && argc > 2) return add(argc, argv);
  if (!strcmp(argv[1], "list")) return list();
  if (!strcmp(argv[1], "done") && argc == 3) return done(argv[2]);
  return usage();
}
