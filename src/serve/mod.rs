//! `guihua serve`: a live preview of the workspace on 127.0.0.1. [`Site`] holds every page in
//! memory and answers requests without sockets (so the tests drive it directly); [`run`] puts
//! it behind tiny_http, watches the workspace with notify and tells open pages to reload over
//! server-sent events.

mod http;
pub mod marks;
mod page;
pub mod route;
mod site;

pub use http::{Options, run};
pub use site::{Changes, Response, Site};
