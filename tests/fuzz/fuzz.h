/* Shared declaration for libFuzzer harnesses (tests/fuzz/fuzz_*.c). See CMakeLists.txt in
 * this folder for the pattern. */
#ifndef SAHA_FUZZ_H
#define SAHA_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry point: must not leak, must return 0; abort() on a broken invariant.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
