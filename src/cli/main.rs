//! The `sightline` command line: parses arguments, asks for the passphrase,
//! and translates each command into calls on the library's session. No
//! logic lives here. The commands are grouped by what they do: the review
//! file itself (`review`), importing (`import`), reading what the analysis
//! found (`read`), the reviewer's decisions (`decide`) and the report
//! (`export`).

#[macro_use]
mod output;
mod args;
mod commands;

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use sightline::session::Session;
use sightline::store::Protection;
use sightline::{Error, Result, Review};

use args::{Cli, Command};

/// mimalloc returns freed memory to the system sooner than the system
/// allocator: the analysis of a million records peaks about 300 MB lower.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Output piped into a program that stops reading ("| head") ends the
    // command quietly, as for any Unix tool, instead of a panic.
    #[cfg(unix)]
    // SAFETY: restoring the default action of one signal at start-up,
    // before any thread is spawned.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let mut err = io::stderr().lock();
            let _ = writeln!(err, "sightline: {}", output::clean(&e.to_string()));
            if let Error::ImportRefused { errors, .. } = &e {
                for row in errors {
                    let _ = writeln!(err, "  {}", output::clean(&row.to_string()));
                }
            }
            ExitCode::FAILURE
        }
    }
}

/// The passphrase for a review: SIGHTLINE_PASSPHRASE, or a prompt.
pub(crate) fn passphrase(path: &Path, confirm: bool) -> Result<String> {
    if let Ok(p) = std::env::var("SIGHTLINE_PASSPHRASE") {
        if !p.is_empty() {
            return Ok(p);
        }
    }
    if !io::stdin().is_terminal() {
        return Err(Error::PassphraseNeeded {
            path: path.to_owned(),
        });
    }
    let prompt = format!("Passphrase for {}: ", path.display());
    let p = rpassword::prompt_password(prompt).map_err(|e| Error::io(path, e))?;
    if confirm {
        let again = rpassword::prompt_password("Repeat the passphrase: ")
            .map_err(|e| Error::io(path, e))?;
        if again != p {
            return Err(Error::Invalid("the two passphrases differ".into()));
        }
    }
    Ok(p)
}

/// Opens a review, asking for its passphrase when it is encrypted.
pub(crate) fn open(path: &Path) -> Result<Session> {
    let protection = if Review::is_encrypted(path)? {
        Protection::Passphrase(passphrase(path, false)?)
    } else {
        Protection::None
    };
    Session::open(path, protection)
}

/// Opens a review to change it: as [`open`], and the reviewer named for
/// the audit log (see [`name_reviewer`]).
pub(crate) fn open_to_change(path: &Path) -> Result<Session> {
    let mut session = open(path)?;
    name_reviewer(&mut session)?;
    Ok(session)
}

/// Names the reviewer for the audit log of the changes a command makes:
/// SIGHTLINE_REVIEWER when set (the review reads it itself), else asked at
/// the terminal, offering the name that last changed the review. Without
/// either (a script, no terminal) the log records the operating-system
/// user alone.
pub(crate) fn name_reviewer(session: &mut Session) -> Result<()> {
    if let Some(name) = ask_reviewer(session.path().as_path(), session.review().last_reviewer()?)? {
        session.set_reviewer(&name)?;
    }
    Ok(())
}

/// The reviewer's name asked at the terminal, or None when SIGHTLINE_REVIEWER
/// names one or there is no terminal to ask at.
pub(crate) fn ask_reviewer(path: &Path, offer: Option<String>) -> Result<Option<String>> {
    let named =
        std::env::var(sightline::store::REVIEWER_VARIABLE).is_ok_and(|v| !v.trim().is_empty());
    if named || !io::stdin().is_terminal() {
        return Ok(None);
    }
    let mut err = io::stderr().lock();
    match &offer {
        Some(last) => write!(
            err,
            "Your name, for the audit log of {} [{}]: ",
            path.display(),
            output::clean(last)
        ),
        None => write!(err, "Your name, for the audit log of {}: ", path.display()),
    }
    .map_err(|e| Error::io(path, e))?;
    err.flush().map_err(|e| Error::io(path, e))?;
    let mut line = String::new();
    io::stdin()
        .read_line(&mut line)
        .map_err(|e| Error::io(path, e))?;
    let name = line.trim();
    Ok(if name.is_empty() {
        offer
    } else {
        Some(name.to_string())
    })
}

/// The new passphrase for a review: SIGHTLINE_NEW_PASSPHRASE, or a prompt
/// asked twice.
pub(crate) fn new_passphrase(path: &Path) -> Result<String> {
    if let Ok(p) = std::env::var("SIGHTLINE_NEW_PASSPHRASE") {
        if !p.is_empty() {
            return Ok(p);
        }
    }
    if !io::stdin().is_terminal() {
        return Err(Error::Invalid(format!(
            "{}: set SIGHTLINE_NEW_PASSPHRASE or run in a terminal to be asked for the new passphrase",
            path.display()
        )));
    }
    let prompt = format!("New passphrase for {}: ", path.display());
    let p = rpassword::prompt_password(prompt).map_err(|e| Error::io(path, e))?;
    let again = rpassword::prompt_password("Repeat the new passphrase: ")
        .map_err(|e| Error::io(path, e))?;
    if again != p {
        return Err(Error::Invalid(
            "the two new passphrases differ; nothing was changed".into(),
        ));
    }
    Ok(p)
}

fn run(command: Command) -> Result<()> {
    use commands::{decide, export, import, read, review};
    match command {
        Command::New(args) => review::new(args),
        Command::Import(args) => import::import_files(args),
        Command::Records(args) => read::records(args),
        Command::Timeline(args) => read::timeline(args),
        Command::Record(args) => read::record(args),
        Command::Subjects(args) => read::subjects(args),
        Command::Person(args) => decide::person(args),
        Command::Subject(args) => decide::subject(args),
        Command::Glossary(args) => decide::glossary(args),
        Command::Knowledge(args) => read::knowledge(args),
        Command::Flags(args) => read::flags(args),
        Command::Flag(args) => decide::flag(args),
        Command::Note(args) => decide::note(args),
        Command::Fact(args) => decide::fact(args),
        Command::Finding(args) => decide::finding(args),
        Command::Facts(args) => read::facts(args),
        Command::Episode(args) => decide::episode(args),
        Command::Rules(args) => review::rules(args),
        Command::Taxonomy(args) => review::taxonomy(args),
        Command::Verify(args) => review::verify(args),
        Command::Audit(args) => review::audit(args),
        Command::Rekey(args) => review::rekey(args),
        Command::Backup(args) => review::backup(args),
        Command::Export(args) => export::export(args),
        Command::Demo(args) => review::demo(args),
        Command::Generate(args) => review::generate(args),
    }
}
