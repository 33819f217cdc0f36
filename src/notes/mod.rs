//! Notes and bookmarks: the model, anchoring to article text, the store on disk (atomic,
//! locked, versioned), export and import.

pub mod cli;
