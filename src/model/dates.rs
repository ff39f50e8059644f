//! Date strings: the wire's round-trip format and RFC 3339, read into comparable instants.

/// 100 ns ticks since 0001-01-01T00:00:00 of a civil date and time (proleptic Gregorian).
fn civil_ticks(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> i128 {
    // Days from civil (Howard Hinnant's algorithm), shifted so 0001-01-01 is day 0.
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 306;
    let seconds = i128::from(days) * 86_400 + i128::from(h * 3600 + mi * 60 + s);
    seconds * 10_000_000
}

/// The civil date (year, month, day) of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`); the generator and the recorder both write dates from it.
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

fn digits(b: &[u8]) -> Option<i64> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
}

/// `YYYY-MM-DDTHH:MM:SS` with ranges checked the way the schema's pattern checks them.
fn date_time(b: &[u8]) -> Option<(i64, i64, i64, i64, i64, i64)> {
    if b.len() != 19 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if b[10] != b'T' && b[10] != b't' {
        return None;
    }
    let (y, mo, d) = (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
    let (h, mi, s) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some((y, mo, d, h, mi, s))
}

/// The offset `Z` or `±hh:mm` in minutes, with the hour bounded by `max_hour`.
fn offset(b: &[u8], max_hour: i64) -> Option<i64> {
    match b {
        b"Z" | b"z" => Some(0),
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let h = digits(&[*h1, *h2])?;
            let m = digits(&[*m1, *m2])?;
            if h > max_hour || m > 59 {
                return None;
            }
            Some(if *sign == b'-' {
                -(h * 60 + m)
            } else {
                h * 60 + m
            })
        }
        _ => None,
    }
}

/// Ticks of a wire date: `2025-03-06T11:30:51.0000000+08:00` (exactly 7 fractional digits, then
/// `Z` or `±hh:mm` with hours 00-14), or `None` when it is not one. Calendar days are checked as
/// the schema's pattern checks them (day 01-31 whatever the month); seconds stop at 59.
#[must_use]
pub fn wire_ticks(s: &str) -> Option<i128> {
    let b = s.as_bytes();
    if b.len() < 28 || b[19] != b'.' || b[10] != b'T' {
        return None;
    }
    let (y, mo, d, h, mi, sec) = date_time(&b[..19])?;
    if sec > 59 {
        return None;
    }
    let fraction = digits(&b[20..27])?;
    if b[20..27].len() != 7 {
        return None;
    }
    let minutes = offset(&b[27..], 14)?;
    if b[27] == b'z' {
        return None;
    }
    Some(
        civil_ticks(y, mo, d.min(days_in_month(y, mo)), h, mi, sec) + i128::from(fraction)
            - i128::from(minutes) * 600_000_000,
    )
}

/// Ticks of an RFC 3339 date-time (`format: date-time`), or `None` when it is not one.
#[must_use]
pub fn rfc3339_ticks(s: &str) -> Option<i128> {
    let b = s.as_bytes();
    if b.len() < 20 {
        return None;
    }
    let (y, mo, d, h, mi, sec) = date_time(&b[..19])?;
    if d > days_in_month(y, mo) {
        return None;
    }
    let mut rest = &b[19..];
    let mut fraction = 0i128;
    if let [b'.', tail @ ..] = rest {
        let n = tail.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        for (i, c) in tail[..n].iter().take(7).enumerate() {
            fraction += i128::from(c - b'0') * 10i128.pow(6 - i as u32);
        }
        rest = &tail[n..];
    }
    let minutes = offset(rest, 23)?;
    if sec == 60 {
        // A leap second exists only at 23:59:60 UTC.
        let utc_minutes = (h * 60 + mi - minutes).rem_euclid(1440);
        if utc_minutes != 23 * 60 + 59 {
            return None;
        }
    }
    Some(civil_ticks(y, mo, d, h, mi, sec.min(59)) + fraction - i128::from(minutes) * 600_000_000)
}

/// A .NET TimeSpan offset as the docs show it: `[-]hh:mm:ss`, hours 00-14.
#[must_use]
pub fn is_time_span(s: &str) -> bool {
    let b = s.strip_prefix('-').unwrap_or(s).as_bytes();
    match b {
        [h1, h2, b':', m1, m2, b':', s1, s2] => {
            matches!((digits(&[*h1, *h2]), digits(&[*m1, *m2]), digits(&[*s1, *s2])),
                (Some(h), Some(m), Some(s)) if h <= 14 && m <= 59 && s <= 59)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_dates_follow_the_round_trip_format() {
        assert!(wire_ticks("2025-03-06T11:30:51.0000000+08:00").is_some());
        assert!(wire_ticks("2022-02-28T10:21:48.0000000Z").is_some());
        assert!(wire_ticks("0001-01-01T00:00:00.0000000Z").is_some());
        for bad in [
            "2025-03-06T11:30:51.000000+08:00",
            "2025-03-06T11:30:51+08:00",
            "2025-03-06 11:30:51.0000000Z",
            "2025-13-06T11:30:51.0000000Z",
            "2025-03-06T24:30:51.0000000Z",
            "2025-03-06T11:30:51.0000000+15:00",
            "2025-03-06T11:30:51.0000000",
            "2025-03-06T11:30:51.0000000z",
            "2025-03-06T11:30:60.0000000Z",
        ] {
            assert_eq!(wire_ticks(bad), None, "{bad}");
        }
    }

    #[test]
    fn offsets_make_instants_comparable() {
        let a = wire_ticks("2025-03-06T11:30:51.0000000+08:00");
        let b = wire_ticks("2025-03-06T03:30:51.0000000Z");
        assert_eq!(a, b);
        assert!(
            wire_ticks("2025-01-29T21:31:03.0000000+01:00")
                > wire_ticks("2024-07-12T12:08:10.0000000+02:00")
        );
        assert_eq!(rfc3339_ticks("2025-03-06T03:30:51Z"), b);
    }

    #[test]
    fn rfc3339_checks_calendar_days_and_leap_seconds() {
        assert!(rfc3339_ticks("2024-02-29T00:00:00Z").is_some());
        assert!(rfc3339_ticks("2023-02-29T00:00:00Z").is_none());
        assert!(rfc3339_ticks("2016-12-31T23:59:60Z").is_some());
        assert!(rfc3339_ticks("2016-12-31T22:59:60Z").is_none());
        assert!(rfc3339_ticks("2016-12-31T23:59:59.5+01:00").is_some());
        assert!(rfc3339_ticks("2016-12-31T23:59:59.").is_none());
    }

    #[test]
    fn time_spans() {
        for ok in ["00:00:00", "-05:00:00", "05:30:00", "14:00:00"] {
            assert!(is_time_span(ok), "{ok}");
        }
        for bad in ["+05:00:00", "5:00:00", "15:00:00", "05:00"] {
            assert!(!is_time_span(bad), "{bad}");
        }
    }
}
