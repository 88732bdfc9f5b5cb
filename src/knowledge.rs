//! Who knew what, and when: earliest arrival of knowledge over sharing events.
