//! `sightline import`: agencies' files into the review.

use sightline::import::{self, ImportOptions, Profile};
use sightline::model::AgencyKind;
use sightline::{Error, Result};

use crate::args::*;
use crate::open_to_change;
use crate::output::*;

/// `sightline import`.
pub(crate) fn import_files(args: ImportArgs) -> Result<()> {
    let ImportArgs {
        review,
        files,
        agency,
        kind,
        mapping,
        save_mapping,
        sheet,
        skip_bad_rows,
        json,
    } = args;
    let kind = kind
        .map(|k| k.parse::<AgencyKind>().map_err(Error::Invalid))
        .transpose()?;
    let profile = mapping
        .map(|p| -> Result<Profile> {
            let text = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, e))?;
            Profile::from_toml(&p.display().to_string(), &text).map_err(Error::Invalid)
        })
        .transpose()?;
    let opts = ImportOptions {
        agency,
        kind,
        profile,
        sheet,
        skip_bad_rows,
    };
    let files = import::read_files(&files)?;
    if let Some(out) = save_mapping {
        let first = files
            .first()
            .ok_or_else(|| Error::Invalid("no file to import".into()))?;
        let profile = import::guess_profile(first, &opts)?;
        std::fs::write(&out, profile.to_toml()).map_err(|e| Error::io(&out, e))?;
        tell!("saved the column mapping to {}", out.display());
    }
    let mut session = open_to_change(&review)?;
    let bar = progress_bar();
    let result = session.import(&files, &opts, &mut |n| {
        if let Some(b) = &bar {
            b.set_position(n as u64);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let reports = match result {
        Ok(r) => r,
        Err(e) => {
            if json {
                if let Error::ImportRefused { file, errors } = &e {
                    print_json(&serde_json::json!({
                        "source": file,
                        "imported": 0,
                        "refused": true,
                        "rejected": errors,
                    }))?;
                }
            }
            return Err(e);
        }
    };
    if json {
        if reports.len() == 1 {
            print_json(&reports[0])?;
        } else {
            print_json(&reports)?;
        }
    } else {
        for r in &reports {
            say!(
                "{}{}: {} of {} rows imported{}{}",
                r.source,
                // A file that came in by parts names each part.
                r.sheet
                    .as_ref()
                    .filter(|_| reports.iter().filter(|o| o.source == r.source).count() > 1)
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default(),
                r.imported,
                r.rows_read,
                r.agency
                    .as_ref()
                    .map(|a| format!(" for {a}"))
                    .unwrap_or_default(),
                if r.rejected.is_empty() {
                    String::new()
                } else {
                    format!(", {} skipped", r.rejected.len())
                }
            );
            for c in r.mapping.iter().filter(|c| c.by_content) {
                say!(
                    "  read column \"{}\" as the {} from what it holds (check with --save-mapping)",
                    c.column,
                    c.role.as_str().replace('_', " ")
                );
            }
            for e in &r.rejected {
                say!("  skipped {e}");
            }
            for e in &r.left_out {
                say!("  left out {e}");
            }
            for e in &r.warnings {
                say!("  warning: {e}");
            }
        }
    }
    Ok(())
}
