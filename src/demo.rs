//! placeholder
use crate::store::Protection;
use std::path::Path;
/// File name.
pub const FILE_NAME: &str = "demo.sightline";
/// Build.
pub fn build(dir: &Path, protection: &Protection) -> crate::Result<crate::Review> {
    crate::Review::create(&dir.join(FILE_NAME), "demo", protection)
}
