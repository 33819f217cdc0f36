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
