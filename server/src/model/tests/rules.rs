//! One positive and one negative fixture (at least) per rule.
