/* A program run on the server by ServerRunTest: prints its arguments on stdout, GREETING from the
 * environment and its standard input on stderr, writes argv[1] into /data/out.txt, reads
 * /data/in.txt back into stdout, and exits with code 3. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        printf("arg %d: %s\n", i, argv[i]);
    }
    const char *greeting = getenv("GREETING");
    fprintf(stderr, "greeting: %s\n", greeting ? greeting : "(none)");
    char line[256];
    if (fgets(line, sizeof line, stdin)) {
        fprintf(stderr, "stdin: %s", line);
    }
    FILE *out = fopen("/data/out.txt", "w");
    if (!out) {
        perror("/data/out.txt");
        return 1;
    }
    fprintf(out, "%s\n", argc > 1 ? argv[1] : "");
    fclose(out);
    FILE *in = fopen("/data/in.txt", "r");
    if (in && fgets(line, sizeof line, in)) {
        printf("in.txt: %s", line);
        fclose(in);
    }
    return 3;
}
