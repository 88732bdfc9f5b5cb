//! Files Sightline writes for the reviewer (reports, backups): written to a
//! temporary file beside their destination and renamed into place, so a
//! failure never leaves half a file. The temporary file is created
//! exclusively and readable by its owner only, and never through a link:
//! in a shared folder no one else can make it first, own it, or point it
//! at another file.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A file being written beside its destination. Dropped before
/// [`Staged::publish`], it removes itself.
#[derive(Debug)]
pub struct Staged {
    tmp: PathBuf,
    dest: PathBuf,
    published: bool,
}

/// The folder a path is in (`.` for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The start of every temporary name for `dest`: `.NAME.`.
fn tmp_prefix(dest: &Path) -> Result<String> {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Invalid(format!("{}: not a file name", dest.display())))?;
    Ok(format!(".{name}."))
}

/// Opens a new file for writing: it must not exist (nor be a link), and
/// only its owner may read it.
pub fn create_private(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// True when the file at `path` is ours to remove: a plain file (not a
/// link), owned by the user running Sightline.
fn ours(path: &Path) -> bool {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.file_type().is_file() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        meta.uid() == me
    }
    #[cfg(not(unix))]
    true
}

/// Removes temporary files an interrupted write to `dest` left behind
/// (`.NAME.*.partial`), when they are plain files of this user's.
fn remove_leftovers(dest: &Path) -> Result<()> {
    let prefix = tmp_prefix(dest)?;
    let Ok(entries) = fs::read_dir(folder_of(dest)) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let base = name
            .strip_suffix("-journal")
            .or_else(|| name.strip_suffix("-wal"))
            .or_else(|| name.strip_suffix("-shm"))
            .unwrap_or(&name);
        if base.starts_with(&prefix) && base.ends_with(".partial") && ours(&entry.path()) {
            let _ = fs::remove_file(entry.path());
        }
    }
    Ok(())
}

impl Staged {
    /// Creates a new, empty, owner-only temporary file beside `dest`
    /// (`.NAME.<n>.partial`), after removing what earlier interrupted
    /// writes to `dest` left behind.
    pub fn beside(dest: &Path) -> Result<Staged> {
        remove_leftovers(dest)?;
        let prefix = tmp_prefix(dest)?;
        let dir = folder_of(dest);
        let stamp = std::process::id();
        for n in 0..1000u32 {
            let tmp = dir.join(format!("{prefix}{stamp}-{n}.partial"));
            match create_private(&tmp) {
                Ok(_) => {
                    return Ok(Staged {
                        tmp,
                        dest: dest.to_owned(),
                        published: false,
                    })
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(Error::io(dest, e)),
            }
        }
        Err(Error::io(
            dest,
            std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "no free name for a temporary file beside it",
            ),
        ))
    }

    /// The temporary file's path (for a writer that opens it itself).
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Writes `bytes` to the temporary file and flushes them to the disk.
    pub fn write_all(&self, bytes: &[u8]) -> Result<()> {
        use std::io::Write;
        let mut options = fs::OpenOptions::new();
        options.write(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NOFOLLOW);
        }
        let write = || -> std::io::Result<()> {
            let mut f = options.open(&self.tmp)?;
            f.write_all(bytes)?;
            f.sync_all()
        };
        write().map_err(|e| Error::io(&self.dest, e))
    }

    /// Renames the temporary file onto its destination and flushes the
    /// folder, so the rename survives a power cut.
    pub fn publish(&mut self) -> Result<()> {
        fs::rename(&self.tmp, &self.dest).map_err(|e| Error::io(&self.dest, e))?;
        self.published = true;
        sync_folder(&self.dest)
    }

    /// Like [`Staged::publish`], but never replaces a file at the
    /// destination: the temporary file is linked to its new name, which
    /// fails when the name is taken. (On a disk without links, such as a
    /// FAT-formatted stick, the name is checked and then renamed.)
    pub fn publish_new(&mut self) -> Result<()> {
        let taken = || Error::AlreadyExists {
            path: self.dest.clone(),
        };
        match fs::hard_link(&self.tmp, &self.dest) {
            Ok(()) => {
                let _ = fs::remove_file(&self.tmp);
                self.published = true;
                sync_folder(&self.dest)
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(taken()),
            Err(_) => {
                if fs::symlink_metadata(&self.dest).is_ok() {
                    return Err(taken());
                }
                self.publish()
            }
        }
    }
}

/// Flushes the folder holding `path`, so a rename or link in it survives a
/// power cut. (Only possible, and only needed, on Unix.)
fn sync_folder(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let dir = folder_of(path);
        fs::File::open(&dir)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io(&dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.published {
            for suffix in ["", "-journal", "-wal", "-shm"] {
                let _ = fs::remove_file(with_suffix(&self.tmp, suffix));
            }
        }
    }
}

/// `path` with `suffix` appended to its file name (`review.sightline-wal`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Makes a file readable and writable by its owner only.
pub fn restrict_to_owner(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// An export may replace an earlier export of its kind, never anything
/// else: a file already at `path` must start with `magic` (`what` names
/// the kind, for the message).
pub fn refuse_to_replace(path: &Path, magic: &[u8], what: &str) -> Result<()> {
    use std::io::Read;
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(path, e)),
    };
    let refuse = |why: &str| {
        Err(Error::Invalid(format!(
            "{}: {why}; nothing was written. Choose another file name.",
            path.display()
        )))
    };
    if !meta.file_type().is_file() {
        return refuse("is not a plain file");
    }
    let mut head = vec![0u8; magic.len()];
    let n = fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| Error::io(path, e))?;
    if n < magic.len() || head != magic {
        return refuse(&format!(
            "already exists and is not {what} (it may be the review itself)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staged_file_is_private_and_appears_only_when_published() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("report.pdf");
        let mut staged = Staged::beside(&dest).unwrap();
        staged.write_all(b"%PDF-1.7 body").unwrap();
        assert!(!dest.exists());
        staged.publish().unwrap();
        assert_eq!(fs::read(&dest).unwrap(), b"%PDF-1.7 body");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&dest).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "only the report is left");
    }

    #[test]
    fn publishing_a_new_file_never_replaces_one_that_appeared_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("copy.sightline");
        let mut staged = Staged::beside(&dest).unwrap();
        staged.write_all(b"backup").unwrap();
        fs::write(&dest, b"someone else's").unwrap();
        assert!(matches!(
            staged.publish_new(),
            Err(Error::AlreadyExists { .. })
        ));
        assert_eq!(fs::read(&dest).unwrap(), b"someone else's");
        drop(staged);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_abandoned_write_leaves_nothing_and_an_earlier_leftover_is_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("report.pdf");
        let leftover = dir.path().join(".report.pdf.999-0.partial");
        fs::write(&leftover, b"a report an interrupted export left").unwrap();
        {
            let staged = Staged::beside(&dest).unwrap();
            staged.write_all(b"%PDF").unwrap();
        }
        assert!(!leftover.exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_where_the_temporary_file_goes_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, b"keep me").unwrap();
        let dest = dir.path().join("report.pdf");
        // Someone plants links at every name the first attempt could use.
        for n in 0..3 {
            let name = format!(".report.pdf.{}-{n}.partial", std::process::id());
            std::os::unix::fs::symlink(&victim, dir.path().join(name)).unwrap();
        }
        let mut staged = Staged::beside(&dest).unwrap();
        staged.write_all(b"%PDF").unwrap();
        staged.publish().unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"keep me");
        assert_eq!(fs::read(&dest).unwrap(), b"%PDF");
    }
}
