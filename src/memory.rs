//! Giving memory back: after a big build its temporaries are freed, but the C allocator keeps
//! the pages for reuse; asking it to return them keeps parallax's resident size close to what
//! it really holds.

/// Returns the allocator's free pages to the system (glibc's `malloc_trim`; elsewhere the
/// allocator already does so, or cannot be asked).
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only reorganises the allocator's own free lists; it takes no pointer
    // and is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Allocations at least this big get pages of their own from the system.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const OWN_PAGES_FROM: libc::c_int = 128 * 1024;

/// Sets the allocator up so that freed memory can go back: call once, at start. glibc serves
/// big allocations from pages of their own (returned whole when freed) only up to a threshold
/// that it raises each time such a block is freed; after the first index build is dropped, the
/// next builds' arrays land among the articles on the heap, and what they leave when freed is
/// too scattered to give back (on the 21k-article corpus, about 20 MiB held for nothing). A
/// fixed threshold keeps them apart.
pub fn prefer_returning_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes an allocator setting; it takes no pointer and glibc
    // serialises it against concurrent allocations.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, OWN_PAGES_FROM);
    }
}
