//! The CLI's commands as library functions: each returns the process exit
//! code (0 ok, 1 problems found, 2 usage error).

mod build;
mod check;
mod import;
mod new;
mod search;
mod serve;

pub use build::build;
pub use check::check;
pub use import::{ImportOptions, import_sokol};
pub use new::new_card;
pub use search::search;
pub use serve::serve;

pub const OK: i32 = 0;
pub const FAILED: i32 = 1;
pub const USAGE: i32 = 2;

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    civil_date(secs / 86_400)
}

/// Days since 1970-01-01 → `YYYY-MM-DD` (Howard Hinnant's algorithm).
pub fn civil_date(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `cardsite schema`: print the card (or context) JSON Schema.
pub fn schema(root: &std::path::Path, context: bool) -> i32 {
    let value = if context {
        crate::model::schema::context_schema()
    } else {
        let (registry, _, _) = crate::site::registry(root);
        crate::model::schema::card_schema(&registry, true)
    };
    crate::report::out(&serde_json::to_string_pretty(&value).unwrap_or_default());
    OK
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates() {
        assert_eq!(super::civil_date(0), "1970-01-01");
        assert_eq!(super::civil_date(20_417), "2025-11-25");
        assert_eq!(super::civil_date(11_016), "2000-02-29");
    }
}
