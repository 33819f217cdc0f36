//! What loading leaves behind once its articles are dropped: the matching machinery the loader
//! builds once (regexes and their per-thread caches) stays for the life of the program, so it
//! must stay small. A test binary of its own, with an allocator that counts live bytes, so that
//! no other test allocates meanwhile.

use parallax::corpus::{LoadOptions, load};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; only a counter is kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn loading_leaves_less_than_a_mebibyte_behind() {
    // The sample corpus and a few hundred generated articles with dates, bylines and debris,
    // read by the loader's worker threads: what a first load builds and keeps.
    let dir = tempfile::tempdir().expect("dir");
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/corpus");
    for entry in std::fs::read_dir(seeds).expect("seeds").flatten() {
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
    }
    for i in 0..300 {
        let text = format!(
            "Report number {i}\n\nBy Staff Writer\n\nPublished 2023-10-{day:02} 14:30. Views: {i}\n\n\
             Officials said on {day} October 2023 that {i} people had left the region; \
             the figure could not be verified. Отчёт о событиях.\n\n\
             Read also: Another story about the region\n\nSubscribe to our newsletter\n\n\
             © 2023 Example Media. All rights reserved.\n",
            day = 1 + i % 28
        );
        std::fs::write(dir.path().join(format!("gen{i:03}.txt")), text).expect("write");
    }
    let inputs = vec![parallax::corpus::Input::Path(dir.path().to_path_buf())];
    let before = LIVE.load(Ordering::Relaxed);
    let (articles, diagnostics) = load(&inputs, &LoadOptions::default());
    assert_eq!(articles.len(), 305, "{diagnostics:?}");
    drop((articles, diagnostics));
    let kept = LIVE.load(Ordering::Relaxed) - before;
    assert!(
        kept < 1 << 20,
        "a load left {:.2} MiB behind",
        kept as f64 / (1 << 20) as f64
    );
}
