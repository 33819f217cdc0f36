//! Where parallax keeps its files on this platform (config, data, cache, log).

/// The platform directories for parallax, when the home directory can be found.
pub fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "parallax")
}
