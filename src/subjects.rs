//! People the review is about, resolved across agencies.
