#ifndef CKSYNC_CLIBGIT2_SHIM_H
#define CKSYNC_CLIBGIT2_SHIM_H

#include <git2.h>
#include <git2/sys/midx.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>
#include <zlib.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one wrapper per option cksync sets. */
static inline int cksync_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

static inline int cksync_git_set_mwindow_size(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, bytes);
}

static inline int cksync_git_set_mwindow_mapped_limit(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, bytes);
}

static inline size_t cksync_git_get_mwindow_mapped_limit(void) {
    size_t bytes = 0;
    git_libgit2_opts(GIT_OPT_GET_MWINDOW_MAPPED_LIMIT, &bytes);
    return bytes;
}

static inline int cksync_git_enable_caching(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_CACHING, enabled);
}

/* sync_file_range needs _GNU_SOURCE, which the Glibc module Swift imports is built without. */
#if defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>
static inline int cksync_start_writeback(int descriptor, long long offset, long long length) {
    return (int)syscall(SYS_sync_file_range, descriptor, offset, length, 2 /* SYNC_FILE_RANGE_WRITE */);
}
#else
static inline int cksync_start_writeback(int descriptor, long long offset, long long length) {
    return 0;
}
#endif

#endif
