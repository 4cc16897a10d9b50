/* Linked into every C program that build-components.sh turns into a component.
 *
 * The preview 1 adapter keeps its state in memory it allocates at the first WASI call. When the
 * program exports cabi_realloc the adapter allocates with it (malloc); otherwise wit-component
 * gives the adapter an allocator that calls memory.grow itself, and the dlmalloc of Debian's
 * wasi-libc (2022) assumes nobody else grows memory between its own sbrk calls: its next heap
 * extension then overwrites the adapter's state ("assertion failed at adapter line ..." under jco
 * and Tarbox alike). Exporting this allocator avoids that. */
#include <stdlib.h>
#include <string.h>

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *ptr, size_t old_size, size_t align, size_t new_size) {
  if (new_size == 0) return (void *)align;
  void *out = aligned_alloc(align < sizeof(void *) ? sizeof(void *) : align,
                            (new_size + align - 1) / align * align);
  if (!out) abort();
  if (ptr) {
    memcpy(out, ptr, old_size < new_size ? old_size : new_size);
    free(ptr);
  }
  return out;
}
