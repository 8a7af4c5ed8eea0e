//! Dates are calendar days, written `YYYY-MM-DD` everywhere.

use chrono::{Datelike, NaiveDate};

use crate::error::{Error, Result};

/// Parses a `YYYY-MM-DD` date (surrounding whitespace allowed).
pub fn parse(s: &str) -> Result<NaiveDate> {
    let t = s.trim();
    // Four-digit years only: chrono would also take `-999-01-01`.
    if t.len() != 10 || !t.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
        return Err(Error::InvalidDate(s.to_string()));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| Error::InvalidDate(s.to_string()))
}

/// Days since 1970-01-01: the form dates are indexed in.
pub fn to_days(d: NaiveDate) -> i64 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch is a valid date")).num_days()
}

/// `year * 100 + month`, the key of the month histogram.
pub fn month_key(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 100 + i64::from(d.month())
}

/// Finds a `YYYY-MM-DD` or `YYYYMMDD` date inside a file name.
pub fn find_in_name(name: &str) -> Option<NaiveDate> {
    let b = name.as_bytes();
    for start in 0..b.len() {
        for (len, fmt) in [(10, "%Y-%m-%d"), (8, "%Y%m%d")] {
            let Some(s) = name.get(start..start + len) else {
                continue;
            };
            let before_digit = start > 0 && b[start - 1].is_ascii_digit();
            let after_digit = b.get(start + len).is_some_and(u8::is_ascii_digit);
            if before_digit || after_digit {
                continue;
            }
            if let Ok(d) = NaiveDate::parse_from_str(s, fmt)
                && (1900..=2100).contains(&d.year())
            {
                return Some(d);
            }
        }
    }
    None
}

/// The `YYYY-MM-DD` form of a day number from [`to_days`].
pub fn from_days(days: i64) -> String {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch is a valid date");
    epoch
        .checked_add_signed(chrono::Duration::days(days))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_dates_in_file_names_but_not_in_hex_ids() {
        assert_eq!(
            find_in_name("2023-07-12_page4.txt"),
            NaiveDate::from_ymd_opt(2023, 7, 12)
        );
        assert_eq!(
            find_in_name("nmgrb_20230712.txt"),
            NaiveDate::from_ymd_opt(2023, 7, 12)
        );
        assert_eq!(find_in_name("000_d29847e9c32fafa7.txt"), None);
    }

    #[test]
    fn rejects_bad_dates() {
        assert!(parse("2023-02-30").is_err());
        assert!(parse("2023-2-3").is_err());
        assert!(parse("yesterday").is_err());
        assert!(parse("-999-01-01").is_err());
        assert!(parse("+999-01-01").is_err());
        assert!(parse("2023-02-03").is_ok());
    }
}
