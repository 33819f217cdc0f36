//! The allocator setting parallax makes at start: big blocks keep pages of their own even after
//! a bigger block was freed (which otherwise moves them onto the shared heap). A test binary of
//! its own, so that no other test allocates meanwhile.

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn big_blocks_keep_pages_of_their_own_after_a_bigger_one_is_freed() {
    // Bytes in blocks with pages of their own, process-wide.
    fn own_pages_bytes() -> usize {
        // SAFETY: mallinfo2 only reads the allocator's counters.
        unsafe { libc::mallinfo2() }.hblkhd
    }
    parallax::memory::prefer_returning_memory();
    // Without the setting, freeing this raises glibc's threshold above the next block's size.
    let big: Vec<u8> = std::hint::black_box(vec![1; 8 << 20]);
    drop(big);
    let before = own_pages_bytes();
    let next: Vec<u8> = std::hint::black_box(vec![1; 1 << 20]);
    let after = own_pages_bytes();
    assert!(
        after >= before + (1 << 20),
        "a 1 MiB block after an 8 MiB one was freed: {before} -> {after} bytes in own pages"
    );
    drop(next);
}
