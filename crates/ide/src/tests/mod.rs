//! Tests of the analysis crate's behaviour that go through editor features.

mod create_fix;
mod multi_file_config;
mod orb_dev;
mod presentation;
mod requests;
mod secrets;
