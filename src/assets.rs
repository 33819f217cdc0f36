//! Files compiled into the binary: the sample corpus and the default configuration.

use crate::corpus::Input;

macro_rules! embedded_article {
    ($name:literal) => {
        Input::Embedded {
            name: $name,
            bytes: include_bytes!(concat!("../assets/corpus/", $name)),
        }
    };
}

/// The sample corpus `parallax` opens when given no path.
pub fn embedded_corpus() -> Vec<Input> {
    vec![
        Input::EmbeddedManifest(include_str!("../assets/corpus/parallax.toml")),
        embedded_article!("000_c7578c60d21c174b.txt"),
        embedded_article!("001_88d79b41f7afebc8.txt"),
        embedded_article!("002_ef07ea4504f32489.txt"),
        embedded_article!("003_47cd471fb8d6deea.txt"),
        embedded_article!("004_4e6cf89af3c18a31.txt"),
    ]
}
