//! Turning a record's text into indicators, sharing events, meetings and decisions.
