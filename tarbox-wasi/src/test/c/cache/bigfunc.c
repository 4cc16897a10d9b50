// A program with one function too large for a JVM method, which Chicory's compiler leaves to its
// interpreter, among compiled ones: mix() is interpreted; it calls compiled functions directly and
// through a table, and is itself called through a table. Prints a checksum of its argument (or 7).
// Run twice with the compiled-module cache, the second run decodes only mix()'s body.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static uint32_t rotate(uint32_t h, uint32_t n) {
  return (h << (n & 31)) | (h >> ((32 - n) & 31));
}

__attribute__((noinline)) static uint32_t fold(uint32_t h, uint32_t n) {
  return (h ^ n) * 16777619u;
}

static uint32_t (*volatile steps[2])(uint32_t, uint32_t) = {rotate, fold};

#define S h = (h ^ __COUNTER__) * 16777619u; h += h >> 13;
#define S10 S S S S S S S S S S
#define S100 S10 S10 S10 S10 S10 S10 S10 S10 S10 S10
#define S1000 S100 S100 S100 S100 S100 S100 S100 S100 S100 S100

__attribute__((noinline)) static uint32_t mix(uint32_t h, uint32_t n) {
  S1000 S1000 S1000
  h = fold(h, n);
  h = steps[n & 1](h, n);
  S1000 S1000 S1000
  return h;
}

static uint32_t (*volatile mixer)(uint32_t, uint32_t) = mix;

int main(int argc, char **argv) {
  uint32_t h = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 7;
  for (uint32_t i = 0; i < 100; i++) {
    h = mixer(h, i);
  }
  printf("checksum %08x\n", (unsigned)h);
  return 0;
}
