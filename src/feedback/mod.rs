//! The 征求意见 round from end to end. The comments themselves are plan sources
//! (`plans/<id>/feedback/<round>.yaml`, read by [`crate::load`] into
//! [`crate::model::feedback`]); this module brings them in from the files units send back
//! ([`import`]) and writes the 意见采纳情况表 ([`report`]). The checks on them are rules
//! (`C…`), and the 修订对照表 of the next release takes its 修改理由 from them.

pub mod import;
pub mod reasons;
pub mod report;
