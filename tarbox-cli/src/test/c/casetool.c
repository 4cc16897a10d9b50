/* A small WASI tool for the tests of `tarbox test`: each mode does one thing a tool under test
   does (print arguments and variables, transform a file, read stdin, run forever).
     casetool echo ARGS...        prints the arguments, one per line
     casetool env NAME            prints the variable's value
     casetool upper IN OUT        writes IN upper-cased to OUT, prints "wrote OUT"
     casetool stdin               copies stdin to stdout, upper-cased
     casetool spin                loops forever (for timeouts)
     casetool exit N              exits with code N */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int upper(FILE *in, FILE *out) {
  int c;
  while ((c = fgetc(in)) != EOF) fputc(toupper(c), out);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: casetool MODE ...\n"); return 2; }
  const char *mode = argv[1];
  if (!strcmp(mode, "echo")) {
    for (int i = 2; i < argc; i++) printf("%s\n", argv[i]);
    return 0;
  }
  if (!strcmp(mode, "env") && argc == 3) {
    const char *v = getenv(argv[2]);
    printf("%s\n", v ? v : "(unset)");
    return 0;
  }
  if (!strcmp(mode, "upper") && argc == 4) {
    FILE *in = fopen(argv[2], "r");
    if (!in) { perror(argv[2]); return 1; }
    FILE *out = fopen(argv[3], "w");
    if (!out) { perror(argv[3]); return 1; }
    upper(in, out);
    fclose(in);
    fclose(out);
    printf("wrote %s\n", argv[3]);
    return 0;
  }
  if (!strcmp(mode, "stdin")) return upper(stdin, stdout);
  if (!strcmp(mode, "spin")) {
    volatile unsigned long n = 0;
    for (;;) n++;
  }
  if (!strcmp(mode, "exit") && argc == 3) return atoi(argv[2]);
  fprintf(stderr, "casetool: unknown mode %s\n", mode);
  return 2;
}
