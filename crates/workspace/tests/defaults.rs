//! Defaults in one place: the shipped `verso.toml` and the README's `verso.toml` block say what
//! `Config::default()` is (which takes the segment and sync defaults from those crates).

use std::path::Path;

use verso_workspace::Config;

fn repository_file(name: &str) -> String {
    let path = verso_testkit::repository_root().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_shipped_verso_toml_spells_out_the_defaults() {
    let text = repository_file("verso.toml");
    let mut config = Config::parse(&text, Path::new("verso.toml")).unwrap();
    // The example's translators and outlets are data, not defaults.
    assert!(!config.outlets.is_empty() && !config.translators.is_empty());
    config.outlets.clear();
    config.translators.clear();
    assert_eq!(config, Config::default());
    // Every key is written out, not left to its default.
    for key in [
        "english",
        "languages",
        "stores",
        "front-matter-keys",
        "fuzzy-threshold",
        "suggest-threshold",
        "out",
        "l10n",
        "original-url",
    ] {
        assert!(
            text.contains(&format!("\n{key} = ")),
            "verso.toml lacks {key}"
        );
    }
}

#[test]
fn the_readme_configuration_block_is_the_defaults() {
    let readme = repository_file("README.md");
    let section = &readme[readme
        .find("## Configuration")
        .expect("a Configuration section")..];
    let start = section.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let block = &section[start..start + section[start..].find("```").unwrap()];
    let config = Config::parse(block, Path::new("README.md")).unwrap();
    assert_eq!(config, Config::default());
    // Every key is written out, not left to its default.
    for key in [
        "english",
        "languages",
        "stores",
        "front-matter-keys",
        "fuzzy-threshold",
        "suggest-threshold",
    ] {
        assert!(
            block.contains(&format!("{key} = ")),
            "the README block lacks {key}"
        );
    }
}
