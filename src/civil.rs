//! Calendar arithmetic by hand (the crate has no date library): day counts and Gregorian dates,
//! and Unix times as RFC 3339, for note time stamps and the dates feeds and caches give as numbers.

/// Howard Hinnant's days-to-civil: proleptic Gregorian date of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The day count since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Unix seconds as RFC 3339 UTC, `2023-09-19T08:30:00Z`.
pub fn unix_rfc3339(seconds: i64) -> String {
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let rem = seconds.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A number that can only be a Unix time: seconds (9 or 10 digits, 1973 to 2286) or
/// milliseconds (12 or 13 digits), as JSON exports write dates. Anything else is `None`.
pub fn unix_time_text(digits: &str) -> Option<String> {
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: i64 = digits.parse().ok()?;
    let seconds = match digits.len() {
        9 | 10 => value,
        12 | 13 => value / 1000,
        _ => return None,
    };
    Some(unix_rfc3339(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_times_as_dates() {
        assert_eq!(unix_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(unix_rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(unix_rfc3339(1_695_112_200), "2023-09-19T08:30:00Z");
        assert_eq!(unix_rfc3339(4_107_542_399), "2100-02-28T23:59:59Z");
        assert!(unix_rfc3339(i64::MAX).len() > 10);
        assert_eq!(
            unix_time_text("1695112200").as_deref(),
            Some("2023-09-19T08:30:00Z")
        );
        assert_eq!(
            unix_time_text("1695112200123").as_deref(),
            Some("2023-09-19T08:30:00Z")
        );
        assert_eq!(unix_time_text("2023"), None);
        assert_eq!(unix_time_text("20230919"), None);
        assert_eq!(unix_time_text("-1695112200"), None);
    }

    #[test]
    fn days_round_trip() {
        for days in [-800_000, -1, 0, 1, 19_619, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
