//! Stage "concerns": each first-hand record of an indicator about a person
//! is one piece of information, a concern, for the rules that ask whether a
//! particular piece of information reached an agency. Information the
//! record tells of receiving, and indicators of low severity, are not
//! concerns.

use foldhash::HashMap;

use crate::knowledge::{self, Key, Observation};
use crate::model::Severity;

use super::{Concern, IndicatorInfo};

/// The concerns, and their observations keyed by concern (its index as the
/// indicator id) for a second propagation.
pub(super) fn first_hand(
    observations: &[Observation],
    position: &HashMap<i64, usize>,
    received: &[bool],
    indicators: &[IndicatorInfo],
) -> (Vec<Concern>, Vec<Observation>) {
    let mut concerns = Vec::new();
    let mut concern_obs = Vec::new();
    for o in observations {
        let Some(&p) = position.get(&o.record) else {
            continue;
        };
        let worth = indicators
            .get(o.key.indicator as usize)
            .is_some_and(|d| d.severity != Severity::Low);
        if received[p] || !worth {
            continue;
        }
        concern_obs.push(Observation {
            key: Key {
                subject: o.key.subject,
                indicator: concerns.len() as knowledge::IndicatorId,
            },
            ..*o
        });
        concerns.push(Concern {
            position: p,
            indicator: o.key.indicator,
            subject: o.key.subject,
        });
    }
    (concerns, concern_obs)
}
