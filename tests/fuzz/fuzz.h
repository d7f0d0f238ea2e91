/* libFuzzer's entry point, shared by the fuzz targets and by replay.c, which runs the corpora
 * and the regression inputs through the same targets in the normal test suite. */
#pragma once

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
