/* The smallest useful WASI program: greets, and records each greeting in /data/greetings.txt so
   the next run can count them. */
#include <stdio.h>

int main(int argc, char **argv) {
  const char *who = argc > 1 ? argv[1] : "world";
  printf("hello, %s\n", who);
  FILE *log = fopen("/data/greetings.txt", "a");
  if (!log) { perror("/data/greetings.txt"); return 1; }
  fprintf(log, "%s\n", who);
  fclose(log);
  FILE *in = fopen("/data/greetings.txt", "r");
  int lines = 0, c;
  while ((c = fgetc(in)) != EOF) if (c == '\n') lines++;
  fclose(in);
  printf("%d greeting%s so far\n", lines, lines == 1 ? "" : "s");
  return 0;
}
