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
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
static inline int cksync_start_writeback(int descriptor, long long offset, long long length) {
    return (int)syscall(SYS_sync_file_range, descriptor, offset, length, 2 /* SYNC_FILE_RANGE_WRITE */);
}
/* Writes a range of the file out, waits until it is on the disk, then lets the kernel drop its
   pages from the page cache. -1 (errno set) when writing it failed, an error that a later fsync of
   the file no longer reports. */
static inline int cksync_drop_written_pages(int descriptor, long long offset, long long length) {
    /* SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER */
    if (syscall(SYS_sync_file_range, descriptor, offset, length, 7) != 0) return -1;
    /* Only a hint: pages the kernel keeps are only memory. */
    posix_fadvise(descriptor, offset, length, POSIX_FADV_DONTNEED);
    return 0;
}
/* Whether the byte at `offset` is in the page cache: a read told not to wait (preadv2 with
   RWF_NOWAIT, a system call for the same reason) fails with EAGAIN when it is not. 1 when it is,
   0 when it is not, -1 when the system cannot tell. */
static inline int cksync_is_cached(int descriptor, long long offset) {
    unsigned char byte;
    struct iovec vector = {&byte, 1};
    long result = syscall(SYS_preadv2, descriptor, &vector, 1, (unsigned long)offset, 0UL, 8 /* RWF_NOWAIT */);
    if (result >= 0) return 1;
    return errno == EAGAIN ? 0 : -1;
}
#else
static inline int cksync_start_writeback(int descriptor, long long offset, long long length) {
    return 0;
}
static inline int cksync_drop_written_pages(int descriptor, long long offset, long long length) {
    return 0;
}
static inline int cksync_is_cached(int descriptor, long long offset) {
    return -1;
}
#endif

#endif
