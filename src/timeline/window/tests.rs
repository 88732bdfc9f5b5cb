//! Tests of the timeline window: event glyphs and agency kinds.

use super::*;

#[test]
fn event_types_choose_glyphs_and_kinds_fill_in() {
    use AgencyKind::*;
    assert_eq!(
        Glyph::classify(Some("Strategy Discussion"), ChildrensSocialCare),
        Glyph::Meeting
    );
    assert_eq!(
        Glyph::classify(Some("Home visit"), HealthVisiting),
        Glyph::Visit
    );
    assert_eq!(
        Glyph::classify(Some("ED attendance"), Hospital),
        Glyph::Health
    );
    assert_eq!(
        Glyph::classify(Some("Attendance concern"), School),
        Glyph::Education
    );
    assert_eq!(
        Glyph::classify(Some("Referral to MASH"), Police),
        Glyph::Referral
    );
    assert_eq!(Glyph::classify(None, Police), Glyph::Incident);
    assert_eq!(Glyph::classify(Some("Note"), Housing), Glyph::Housing);
}
