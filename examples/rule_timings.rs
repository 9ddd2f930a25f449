//! Where `guihua check` spends its time: loading, then each rule, on a workspace.
//! `cargo run --release --example rule_timings -- [WORKSPACE] [REPEATS]`
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let repeats: u32 = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200)
        .max(1);
    let t = Instant::now();
    let mut ws = None;
    for _ in 0..repeats {
        ws = Some(guihua::load::load(&root).expect("workspace loads").0);
    }
    let load = t.elapsed() / repeats;
    let ws = ws.expect("repeats > 0");
    // The first round pays one-off initialisation (gazetteer, automata): per rule.
    let first_round = guihua::check::timings(&ws, 1);
    let t = Instant::now();
    for _ in 0..repeats {
        let _ = guihua::check::run(&ws);
    }
    let check = t.elapsed() / repeats;
    println!("load {:>9.3} ms", load.as_secs_f64() * 1e3);
    println!(
        "check {:>9.3} ms (all rules, after the first round)",
        check.as_secs_f64() * 1e3
    );
    let rows = guihua::check::timings(&ws, repeats);
    let mut rows: Vec<_> = rows
        .into_iter()
        .zip(first_round)
        .map(|((c, d), (_, f))| (c, d / repeats, f))
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1 + r.2));
    println!("  rule   warm ms   first-call ms");
    for (code, d, f) in rows {
        println!(
            "  {code:<6} {:>9.3} {:>9.3}",
            d.as_secs_f64() * 1e3,
            f.as_secs_f64() * 1e3
        );
    }
}
