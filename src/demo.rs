//! The demonstration review: a fictional two-year case from eight agencies,
//! each file in its own layout, embedded in the binary so that `sightline
//! demo` works anywhere. The files are `fixtures/demo/`; what a correct
//! analysis finds in them is `fixtures/demo/EXPECTED.md`.

use std::path::Path;

use crate::import::{self, ImportFile, ImportOptions, Profile};
use crate::model::AgencyKind;
use crate::store::Protection;
use crate::{Error, Result, Review};

/// The review file's name inside the demo directory.
pub const FILE_NAME: &str = "demo.sightline";

/// The demo review's title.
pub const TITLE: &str =
    "Harwick Child Safeguarding Practice Review: Child A (fictional demonstration)";

/// One agency file of the demo case.
pub struct DemoFile {
    /// File name.
    pub name: &'static str,
    /// The agency that sent it.
    pub agency: &'static str,
    /// The agency's kind.
    pub kind: AgencyKind,
    /// The file's bytes.
    pub bytes: &'static [u8],
    /// Its mapping profile, when its headers are not recognised.
    pub mapping: Option<&'static str>,
    /// The sheet the chronology is on, for a workbook.
    pub sheet: Option<&'static str>,
}

macro_rules! demo_file {
    ($name:literal, $agency:literal, $kind:expr) => {
        demo_file!($name, $agency, $kind, None, None)
    };
    ($name:literal, $agency:literal, $kind:expr, $mapping:expr, $sheet:expr) => {
        DemoFile {
            name: $name,
            agency: $agency,
            kind: $kind,
            bytes: include_bytes!(concat!("../fixtures/demo/", $name)),
            mapping: $mapping,
            sheet: $sheet,
        }
    };
}

/// The demo case's files, as `fixtures/demo/EXPECTED.md` lists them.
pub const FILES: &[DemoFile] = &[
    demo_file!("police.csv", "Harwick Police", AgencyKind::Police),
    demo_file!(
        "childrens_social_care.xlsx",
        "Harwick Children's Social Care",
        AgencyKind::ChildrensSocialCare
    ),
    demo_file!(
        "health_visiting.docx",
        "Harwick Health Visiting",
        AgencyKind::HealthVisiting
    ),
    demo_file!("gp.csv", "Elm Street Surgery", AgencyKind::Gp),
    demo_file!(
        "hospital.xlsx",
        "Harwick General Hospital",
        AgencyKind::Hospital
    ),
    demo_file!("school.json", "Oakfield Primary School", AgencyKind::School),
    demo_file!(
        "housing.csv",
        "Harwick Homes",
        AgencyKind::Housing,
        Some(include_str!("../fixtures/demo/housing.mapping.toml")),
        None
    ),
    demo_file!(
        "probation.xlsx",
        "Harwick Probation Delivery Unit",
        AgencyKind::Probation,
        None,
        Some("Contacts")
    ),
];

/// Builds the demo review in `dir` (created if missing), replacing an
/// earlier demo review there. Each agency's file is its own import.
pub fn build(dir: &Path, protection: &Protection) -> Result<Review> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let path = dir.join(FILE_NAME);
    for suffix in ["", "-wal", "-shm"] {
        let p = dir.join(format!("{FILE_NAME}{suffix}"));
        if p.exists() {
            std::fs::remove_file(&p).map_err(|e| Error::io(&p, e))?;
        }
    }
    let mut review = Review::create(&path, TITLE, protection)?;
    for f in FILES {
        let profile = f
            .mapping
            .map(|text| Profile::from_toml(f.name, text).map_err(Error::Invalid))
            .transpose()?;
        let opts = ImportOptions {
            agency: Some(f.agency.to_string()),
            kind: Some(f.kind),
            profile,
            sheet: f.sheet.map(str::to_string),
            skip_bad_rows: false,
        };
        let file = ImportFile {
            name: f.name.to_string(),
            bytes: f.bytes.to_vec(),
        };
        import::import_files(&mut review, &[file], &opts, &mut |_| {})?;
    }
    Ok(review)
}
