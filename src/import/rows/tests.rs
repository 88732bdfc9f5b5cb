//! Tests for splitting lists of names and agencies.

use super::*;

#[test]
fn lists_split_the_way_agencies_write_them() {
    assert_eq!(
        split_list("Tyler Brooks; Mia Brooks"),
        vec!["Tyler Brooks", "Mia Brooks"]
    );
    assert_eq!(
        split_list("Police and School / HV"),
        vec!["Police", "School", "HV"]
    );
    assert_eq!(split_list("  "), Vec::<String>::new());
    assert_eq!(split_list("Andrea Sandler"), vec!["Andrea Sandler"]);
    assert_eq!(split_list("BROOKS, Tyler"), vec!["BROOKS, Tyler"]);
    assert_eq!(
        split_list("BROOKS, Tyler; MARSH, Dean"),
        vec!["BROOKS, Tyler", "MARSH, Dean"]
    );
    assert_eq!(split_list("Tyler, Mia"), vec!["Tyler", "Mia"]);
}
