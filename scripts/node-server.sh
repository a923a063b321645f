#!/bin/sh
# Runs the compiled server (or another built module, with its arguments) the way `npm start` does.
#
# glibc's allocator gives freed memory back to the system as soon as more than 128 KiB sits free at
# the top of the heap, and serves 128 KiB–32 MiB blocks with their own mmap. A streaming upload frees
# its buffers every few MiB (platform/blobs/buffer-reclaim.ts), so every MiB was paged in afresh:
# evidence ingest measured 250–390 MiB/s with the defaults and 470–560 with the settings below, for
# the same peak RSS (76–84 MiB while ingesting 2 GiB). Keeping up to 32 MiB free before trimming,
# and mmap only for blocks of 4 MiB or more, lets that memory be reused instead. Other allocators
# ignore these variables; values already set in the environment win.
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-33554432}"
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-4194304}"
exec node --enable-source-maps "$@"
