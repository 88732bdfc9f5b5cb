//! Copies of a review file: a backup beside it, and the same review under a
//! new passphrase (or newly encrypted, or, only on request, decrypted).
//!
//! Both write a complete new file under a temporary name in the destination's
//! directory, check it, flush it to disk, and only then rename it into place,
//! so a crash or power cut at any moment leaves either the old state or the
//! new one, never a half-written file under the real name.
//!
//! Changing the passphrase rewrites the review with `sqlcipher_export` into
//! the new file rather than with `PRAGMA rekey` in place: `PRAGMA rekey`
//! runs its own transaction, so the audit entry recording it could not be in
//! the same transaction as the change, and a crash between the two would
//! leave a re-keyed review whose log does not say so. In the new file the
//! entry is written before the file replaces the old one, so the change and
//! its entry arrive together or not at all.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{params, Connection, OpenFlags};
use sha2::{Digest, Sha256};

use super::{audit, Protection, Review};
use crate::files::with_suffix;
use crate::{Error, Result};

/// What [`Review::backup`] wrote.
#[derive(Clone, Debug, serde::Serialize)]
pub struct BackupReport {
    /// The backup file.
    pub path: PathBuf,
    /// How many database pages were copied.
    pub pages: i64,
    /// The sha256 of the backup file as written (hex).
    pub sha256: String,
    /// Whether the backup is encrypted (it is whenever the review is).
    pub encrypted: bool,
}

/// The schema name the new file is attached under while it is written.
const ATTACHED: &str = "sightline_rekey";

/// How often a backup step may find the review busy before giving up.
const BUSY_RETRIES: u32 = 200;

impl Review {
    /// Changes how the review is protected: a new passphrase for an encrypted
    /// review, or encryption for an unencrypted one.
    ///
    /// Refuses [`Protection::None`] for an encrypted review (that takes
    /// [`Review::remove_encryption`], asked for by name), an empty
    /// passphrase, and a new passphrase equal to the current one. The
    /// review must not be open anywhere else. The change is entered in the
    /// audit log as `review.rekey` (without any passphrase) in the same file
    /// that carries the new key, and the rewritten file replaces the old one
    /// by an atomic rename; the old passphrase no longer opens it.
    ///
    /// On an error the file is unchanged unless the error says otherwise. If
    /// the error came after this review's connection was closed (the message
    /// says to open the review again), this `Review` no longer reads the
    /// file.
    pub fn rekey(&mut self, new: &Protection) -> Result<()> {
        let encrypted = Review::is_encrypted(&self.path)?;
        match new {
            Protection::None if encrypted => {
                return Err(Error::Invalid(format!(
                    "{}: refusing to store the review unencrypted: anyone who gets the file could \
                     read it; to remove the encryption anyway (fictional data only) ask for it \
                     explicitly with `rekey --no-encryption`",
                    self.path.display()
                )))
            }
            Protection::None => {
                return Err(Error::Invalid(format!(
                    "{}: the review is not encrypted; there is nothing to change",
                    self.path.display()
                )))
            }
            Protection::Passphrase(p) if p.is_empty() => {
                return Err(Error::Invalid(
                    "the new passphrase is empty; nothing was changed".into(),
                ))
            }
            Protection::Passphrase(p) => {
                if encrypted && opens_with(&self.path, p)? {
                    return Err(Error::Invalid(
                        "the new passphrase is the same as the current one; nothing was changed"
                            .into(),
                    ));
                }
            }
        }
        self.rewrite(new, encrypted)
    }

    /// Removes the encryption of an encrypted review, which is then readable
    /// by anyone who has the file. Only for fictional data; never called
    /// unless asked for by name (`rekey --no-encryption`). Audited as
    /// `review.rekey`, written and replaced like [`Review::rekey`].
    pub fn remove_encryption(&mut self) -> Result<()> {
        if !Review::is_encrypted(&self.path)? {
            return Err(Error::Invalid(format!(
                "{}: the review is not encrypted; there is nothing to change",
                self.path.display()
            )));
        }
        self.rewrite(&Protection::None, true)
    }

    /// Writes a copy of the review to `out` with SQLite's online backup API,
    /// protected exactly as the review is: `protection` must be the one the
    /// review was opened with (the same passphrase, or none for an
    /// unencrypted review); anything else is refused, so an encrypted review
    /// never yields an unencrypted backup.
    ///
    /// Refuses to overwrite anything at `out`. The copy is written under a
    /// temporary name beside `out`, checked (it opens with the passphrase and
    /// passes [`Review::verify`]; an encrypted review's backup does not start
    /// with the SQLite header), flushed to disk and renamed to `out`. The
    /// backup is then entered in the review's audit log as `review.backup`
    /// with the backup's file name, page count and sha256.
    pub fn backup(&self, out: &Path, protection: &Protection) -> Result<BackupReport> {
        if fs::symlink_metadata(out).is_ok() {
            return Err(Error::AlreadyExists {
                path: out.to_owned(),
            });
        }
        let encrypted = Review::is_encrypted(&self.path)?;
        match (encrypted, protection) {
            (true, Protection::None) => {
                return Err(Error::Invalid(format!(
                    "{}: the review is encrypted, so its backup must be too: give the review's \
                     passphrase",
                    self.path.display()
                )))
            }
            (false, Protection::Passphrase(_)) => {
                return Err(Error::Invalid(format!(
                    "{}: the review is not encrypted, so its backup cannot be encrypted with a \
                     passphrase; encrypt the review first with `rekey`",
                    self.path.display()
                )))
            }
            (true, Protection::Passphrase(p)) => {
                if !opens_with(&self.path, p)? {
                    return Err(Error::WrongPassphrase {
                        path: self.path.clone(),
                    });
                }
            }
            (false, Protection::None) => {}
        }
        let file_name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| {
                Error::Invalid(format!("{}: not a file name for a backup", out.display()))
            })?;
        if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.is_dir() {
                return Err(Error::io(
                    dir,
                    std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder"),
                ));
            }
        }
        let mut staged = crate::files::Staged::beside(out)?;
        let (pages, sha256) = self.write_backup(staged.path(), protection, encrypted)?;
        let actor = self.actor();
        let tx = self.conn.unchecked_transaction()?;
        audit::append(
            &tx,
            &actor,
            "review.backup",
            &serde_json::json!({
                "file": file_name,
                "pages": pages,
                "sha256": sha256,
                "encrypted": encrypted,
            }),
        )?;
        // The entry is committed first: no backup is ever out without one.
        tx.commit()?;
        if let Err(e) = staged.publish_new() {
            let tx = self.conn.unchecked_transaction()?;
            audit::append(
                &tx,
                &actor,
                "review.backup_failed",
                &serde_json::json!({ "file": file_name, "sha256": sha256 }),
            )?;
            tx.commit()?;
            return Err(e);
        }
        Ok(BackupReport {
            path: out.to_owned(),
            pages,
            sha256,
            encrypted,
        })
    }

    /// Copies every page to `tmp`, closes and flushes it, and checks it.
    /// Returns the page count and the file's sha256.
    fn write_backup(
        &self,
        tmp: &Path,
        protection: &Protection,
        encrypted: bool,
    ) -> Result<(i64, String)> {
        let mut dst = Connection::open_with_flags(
            tmp,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_NOFOLLOW,
        )?;
        // With SQLCipher the destination must be keyed before the first page
        // is copied, or the pages are written out in the clear.
        if let Protection::Passphrase(p) = protection {
            dst.pragma_update(None, "key", p)?;
        }
        let pages = {
            let backup = Backup::new(&self.conn, &mut dst)?;
            let mut busy = 0;
            loop {
                match backup.step(-1)? {
                    StepResult::Done => break,
                    StepResult::More => {}
                    StepResult::Busy | StepResult::Locked => {
                        busy += 1;
                        if busy > BUSY_RETRIES {
                            return Err(Error::Invalid(format!(
                                "{}: the review stayed busy in another program; no backup was \
                                 written",
                                self.path.display()
                            )));
                        }
                        std::thread::sleep(Duration::from_millis(25));
                    }
                    // A future rusqlite may add outcomes; treat them as busy.
                    _ => std::thread::sleep(Duration::from_millis(25)),
                }
            }
            i64::from(backup.progress().pagecount)
        };
        dst.close().map_err(|(_, e)| Error::from(e))?;
        sync_file(tmp)?;

        if encrypted && !Review::is_encrypted(tmp)? {
            return Err(Error::Invalid(format!(
                "{}: the backup came out unencrypted, so it was removed",
                tmp.display()
            )));
        }
        {
            let copy = Review::open(tmp, protection)?;
            let report = copy.verify()?;
            if let Some(f) = report.failures().next() {
                return Err(Error::Invalid(format!(
                    "the backup failed its check, so it was removed: {}",
                    f.detail
                )));
            }
            copy.conn.close().map_err(|(_, e)| Error::from(e))?;
        }
        sync_file(tmp)?;
        Ok((pages, sha256_of(tmp)?))
    }

    /// Writes the whole review under `new` into a new file beside it, enters
    /// the change in that file's audit log, and puts it in place of the old
    /// file.
    fn rewrite(&mut self, new: &Protection, was_encrypted: bool) -> Result<()> {
        let path = self.path.clone();
        let actor = self.actor();
        let tmp = sibling(&path, ".rekey")?;
        remove_leftovers(&tmp)?;
        let tmp_str = tmp
            .to_str()
            .ok_or_else(|| Error::Invalid(format!("{}: the path is not UTF-8", tmp.display())))?
            .to_owned();

        // The review's connection may not create files, and ATTACH opens
        // with its flags: the new file is created empty first.
        crate::files::create_private(&tmp).map_err(|e| Error::io(&tmp, e))?;
        if let Err(e) = self.lock_exclusively() {
            let _ = remove_leftovers(&tmp);
            return Err(e);
        }
        let written = self.export_to(&tmp_str, new).and_then(|()| {
            finish_rekeyed(&tmp, new, was_encrypted, &actor)?;
            // The new file keeps the old one's permissions.
            let perms = fs::metadata(&path).map_err(|e| Error::io(&path, e))?;
            fs::set_permissions(&tmp, perms.permissions()).map_err(|e| Error::io(&tmp, e))?;
            sync_file(&tmp)
        });
        if let Err(e) = written {
            let _ = remove_leftovers(&tmp);
            let _ = self.unlock();
            return Err(e);
        }

        // Close this connection, so that the old file's write-ahead log is
        // folded in and removed; anything left beside the file afterwards
        // belongs to another program that has the review open.
        let old = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        if let Err((_, e)) = old.close() {
            let _ = remove_leftovers(&tmp);
            return Err(Error::Invalid(format!(
                "{}: could not close the review to replace it ({e}); nothing was changed: open \
                 the review again",
                path.display()
            )));
        }
        for suffix in ["-wal", "-shm"] {
            if fs::symlink_metadata(with_suffix(&path, suffix)).is_ok() {
                let _ = remove_leftovers(&tmp);
                return Err(in_use(&path));
            }
        }
        if let Err(e) = fs::rename(&tmp, &path) {
            let _ = remove_leftovers(&tmp);
            return Err(Error::Invalid(format!(
                "{}: could not put the re-keyed review in place ({e}); nothing was changed: open \
                 the review again",
                path.display()
            )));
        }
        sync_dir(&path)?;
        let reopened = Review::connect(&path, new, false)?;
        self.conn = reopened.conn;
        Ok(())
    }

    /// Takes and keeps an exclusive lock on the review file, so nobody else
    /// reads or writes it while it is rewritten, and folds the write-ahead
    /// log into the file.
    fn lock_exclusively(&mut self) -> Result<()> {
        let locked = (|| -> rusqlite::Result<()> {
            self.conn
                .query_row("PRAGMA locking_mode = EXCLUSIVE", [], |_| Ok(()))?;
            // In WAL mode the exclusive lock is taken by the first write
            // transaction and then kept for as long as the connection lives.
            self.conn.execute_batch("BEGIN IMMEDIATE; COMMIT;")
        })();
        match locked {
            Ok(()) => {}
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    || e.code == rusqlite::ErrorCode::DatabaseLocked =>
            {
                let _ = self.unlock();
                return Err(in_use(&self.path));
            }
            Err(e) => {
                let _ = self.unlock();
                return Err(e.into());
            }
        }
        let (busy, _, _): (i64, i64, i64) =
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        let wal = with_suffix(&self.path, "-wal");
        let wal_len = fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        if busy != 0 || wal_len != 0 {
            let _ = self.unlock();
            return Err(in_use(&self.path));
        }
        Ok(())
    }

    /// Gives the exclusive lock back (after a refused or failed rewrite).
    fn unlock(&mut self) -> Result<()> {
        self.conn
            .query_row("PRAGMA locking_mode = NORMAL", [], |_| Ok(()))?;
        // The lock is released at the end of the next read.
        self.conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        Ok(())
    }

    /// Copies the whole review into a new database at `tmp` protected by
    /// `new`, with `sqlcipher_export` (which copies schema and rows, but not
    /// the format version; that is copied after).
    fn export_to(&mut self, tmp: &str, new: &Protection) -> Result<()> {
        let key = match new {
            Protection::Passphrase(p) => p.as_str(),
            // An empty key attaches an unencrypted database.
            Protection::None => "",
        };
        self.conn.execute(
            &format!("ATTACH DATABASE ?1 AS {ATTACHED} KEY ?2"),
            params![tmp, key],
        )?;
        let exported = (|| -> Result<()> {
            self.conn
                .query_row("SELECT sqlcipher_export(?1)", [ATTACHED], |_| Ok(()))?;
            let version = super::schema::file_version(&self.conn)?;
            self.conn
                .pragma_update(Some(ATTACHED), "user_version", version)?;
            Ok(())
        })();
        let detached = self
            .conn
            .execute(&format!("DETACH DATABASE {ATTACHED}"), []);
        exported?;
        detached?;
        Ok(())
    }
}

/// Opens the freshly exported file the way every review is opened, records
/// the change in its meta and audit log, and closes it with its write-ahead
/// log folded in.
fn finish_rekeyed(tmp: &Path, new: &Protection, was_encrypted: bool, actor: &str) -> Result<()> {
    let mut review = Review::connect(tmp, new, false)?;
    let encrypted = matches!(new, Protection::Passphrase(_));
    let state = |e: bool| if e { "encrypted" } else { "unencrypted" };
    let tx = review.conn.transaction()?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('encrypted', ?1)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![encrypted.to_string()],
    )?;
    audit::append(
        &tx,
        actor,
        "review.rekey",
        &serde_json::json!({
            "from": state(was_encrypted),
            "to": state(encrypted),
        }),
    )?;
    tx.commit()?;
    review
        .conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    review.conn.close().map_err(|(_, e)| Error::from(e))?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let p = with_suffix(tmp, suffix);
        if fs::symlink_metadata(&p).is_ok() {
            return Err(Error::Invalid(format!(
                "{}: the re-keyed copy was not closed cleanly; nothing was changed",
                p.display()
            )));
        }
    }
    Ok(())
}

/// True when `passphrase` opens the encrypted file at `path`.
///
/// SQLCipher logs a failed decryption to stderr; a failed probe is an
/// expected answer here, not an error, so its logging is turned off for the
/// probe and restored after.
fn opens_with(path: &Path, passphrase: &str) -> Result<bool> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.pragma_update(None, "key", passphrase)?;
    let level: String = conn.query_row("PRAGMA cipher_log_level", [], |r| r.get(0))?;
    conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()))?;
    let probe: rusqlite::Result<i64> =
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0));
    conn.query_row(
        &format!("PRAGMA cipher_log_level = {level}"),
        [],
        |_| Ok(()),
    )?;
    match probe {
        Ok(_) => Ok(true),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// The error for a review that another program has open.
fn in_use(path: &Path) -> Error {
    Error::Invalid(format!(
        "{}: the review is open in another program (or another sightline command); close it \
         there and try again; nothing was changed",
        path.display()
    ))
}

/// The temporary name a new file is written under before it is renamed to
/// `path`: in the same directory, so the rename is atomic.
fn sibling(path: &Path, suffix: &str) -> Result<PathBuf> {
    if path.file_name().is_none() {
        return Err(Error::Invalid(format!(
            "{}: not a file name",
            path.display()
        )));
    }
    Ok(with_suffix(path, suffix))
}

/// Removes a temporary file and its journals, left by an earlier attempt
/// that was interrupted.
fn remove_leftovers(tmp: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let p = with_suffix(tmp, suffix);
        match fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&p, e)),
        }
    }
    Ok(())
}

/// Flushes a file's contents to the disk.
fn sync_file(path: &Path) -> Result<()> {
    fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(path, e))
}

/// Flushes the directory holding `path`, so a rename in it survives a power
/// cut. (Only possible, and only needed, on Unix.)
fn sync_dir(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        fs::File::open(dir)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// The sha256 of a file's bytes, read in pieces.
fn sha256_of(path: &Path) -> Result<String> {
    let mut f = fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex::encode(h.finalize()))
}
