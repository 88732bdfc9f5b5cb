//! Bytes → `import::inspect` under each file-name extension: format
//! detection, reading, header-row search and column mapping, end to end.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sightline::import::{inspect, ImportFile, ImportOptions};

const NAMES: [&str; 5] = ["fuzz.csv", "fuzz.xlsx", "fuzz.docx", "fuzz.json", "fuzz"];

fuzz_target!(|data: &[u8]| {
    let opts = ImportOptions::default();
    for name in NAMES {
        let file = ImportFile {
            name: name.to_string(),
            bytes: data.to_vec(),
        };
        let _ = std::hint::black_box(inspect(&file, &opts));
    }
});
