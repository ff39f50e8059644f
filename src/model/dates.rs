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

/// A word of eight bytes of a fixed layout: `d` marks a digit, any other byte must be itself.
/// Returns (the mask of the fixed bytes, their values).
const fn layout(template: &[u8; 8]) -> (u64, u64) {
    let (mut mask, mut fixed) = (0u64, 0u64);
    let mut k = 0;
    while k < 8 {
        if template[k] != b'd' {
            mask |= 0xff << (8 * k);
            fixed |= (template[k] as u64) << (8 * k);
        }
        k += 1;
    }
    (mask, fixed)
}

/// Whether `bytes` follow `layout`: its fixed bytes, and ASCII digits elsewhere.
#[inline]
fn follows(bytes: [u8; 8], (mask, fixed): (u64, u64)) -> bool {
    const EACH: u64 = 0x0101_0101_0101_0101;
    let word = u64::from_le_bytes(bytes);
    // The fixed bytes become `0`, then every byte must be a digit: its high nibble 3, and
    // adding 6 must not carry it past 9 (simdjson's `is_made_of_eight_digits_fast`; a carry out
    // of a byte comes only from a byte of high nibble f, which fails by itself).
    let digits = (word & !mask) | (mask & (EACH * u64::from(b'0')));
    let nibbles = (digits & (EACH * 0xf0)) | ((digits.wrapping_add(EACH * 6) & (EACH * 0xf0)) >> 4);
    (word & mask) == fixed && nibbles == EACH * 0x33
}

/// Whether the two digits at `at` lie in `lo..=hi`: for two digits, the order of the bytes is
/// the order of the numbers.
#[inline]
fn two_within(b: &[u8; 27], at: usize, lo: &[u8; 2], hi: &[u8; 2]) -> bool {
    let two = u16::from_be_bytes([b[at], b[at + 1]]);
    (u16::from_be_bytes(*lo)..=u16::from_be_bytes(*hi)).contains(&two)
}

/// Whether `b` is a wire date (see [`wire_ticks`]): the language of the schema's `dateTime`
/// pattern, which the compiled checker matches with this.
///
/// A fixed layout, so it is checked eight bytes at a time: it runs on every date of every entry
/// (the compiled checker's pattern, the types layer, and the rule that orders `created` and
/// `updated`), where the pattern's DFA took a branch per byte.
#[must_use]
#[inline]
pub(crate) fn is_wire_date(b: &[u8]) -> bool {
    const WORDS: [(usize, (u64, u64)); 4] = [
        (0, layout(b"dddd-dd-")),
        (8, layout(b"ddTdd:dd")),
        (16, layout(b":dd.dddd")),
        (19, layout(b".ddddddd")),
    ];
    let Some((head, tail)) = b.split_first_chunk::<27>() else {
        return false;
    };
    let word = |at: usize| {
        *head[at..]
            .first_chunk::<8>()
            .expect("every word lies in the 27 bytes")
    };
    WORDS.iter().all(|&(at, l)| follows(word(at), l))
        && two_within(head, 5, b"01", b"12")
        && two_within(head, 8, b"01", b"31")
        && two_within(head, 11, b"00", b"23")
        && two_within(head, 14, b"00", b"59")
        && two_within(head, 17, b"00", b"59")
        && match tail {
            b"Z" => true,
            [b'+' | b'-', h1, h2, b':', m1, m2] => {
                let pair = |x: u8, y: u8| u16::from_be_bytes([x, y]);
                (pair(b'0', b'0')..=pair(b'1', b'4')).contains(&pair(*h1, *h2))
                    && (pair(b'0', b'0')..=pair(b'5', b'9')).contains(&pair(*m1, *m2))
                    && m2.is_ascii_digit()
                    && h2.is_ascii_digit()
            }
            _ => false,
        }
}

/// Ticks of a wire date: `2025-03-06T11:30:51.0000000+08:00` (exactly 7 fractional digits, then
/// `Z` or `±hh:mm` with hours 00-14), or `None` when it is not one. Calendar days are checked as
/// the schema's pattern checks them (day 01-31 whatever the month); seconds stop at 59.
#[must_use]
pub fn wire_ticks(s: &str) -> Option<i128> {
    let b = s.as_bytes();
    if !is_wire_date(b) {
        return None;
    }
    let (y, mo, d) = (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
    let (h, mi, sec) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    let minutes = offset(&b[27..], 14)?;
    Some(
        civil_ticks(y, mo, d.min(days_in_month(y, mo)), h, mi, sec)
            + i128::from(digits(&b[20..27])?)
            - i128::from(minutes) * 600_000_000,
    )
}

/// The order of the instants of two wire dates, `None` when either is none.
///
/// Two dates with the same offset are ordered as their bytes are (fixed-width fields, most
/// significant first), unless a day is past 28: [`wire_ticks`] reads February 30 as February's
/// last day, so only then are both read into ticks. This orders the `created` and `updated` of
/// every entry, where reading both into ticks cost 800 instructions.
#[must_use]
pub fn wire_order(a: &str, b: &str) -> Option<std::cmp::Ordering> {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if !is_wire_date(x) || !is_wire_date(y) {
        return None;
    }
    let day = |d: &[u8]| [d[8], d[9]];
    if x[27..] == y[27..] && day(x) <= *b"28" && day(y) <= *b"28" {
        return Some(x[..27].cmp(&y[..27]));
    }
    Some(wire_ticks(a)?.cmp(&wire_ticks(b)?))
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

    /// `wire_order` answers as comparing ticks does, on dates whose bytes and instants agree
    /// and on those where they do not (other offsets, days past a month's end).
    #[test]
    fn wire_order_is_the_order_of_the_ticks() {
        let dates = [
            "2025-03-06T11:30:51.0000000+08:00",
            "2025-03-06T03:30:51.0000000Z",
            "2025-03-06T03:30:51.0000001Z",
            "2025-03-06T03:30:50.9999999Z",
            "2025-03-06T11:30:51.0000000+07:59",
            "2025-02-28T10:00:00.0000000Z",
            "2025-02-30T09:00:00.0000000Z",
            "2025-02-31T08:00:00.0000000Z",
            "2025-03-01T00:00:00.0000000Z",
            "2024-02-29T23:59:59.9999999-14:00",
            "2024-03-01T13:59:59.9999999Z",
            "0000-01-01T00:00:00.0000000Z",
            "9999-12-31T23:59:59.9999999+14:00",
            "2025-03-06T03:30:51+00:00",
            "not a date",
        ];
        // And every pair of a grid of dates around the ends of months and the edges of offsets.
        let mut grid: Vec<String> = dates.iter().map(|d| (*d).to_owned()).collect();
        for month in ["01", "02", "03", "12"] {
            for day in ["01", "27", "28", "29", "30", "31"] {
                for time in ["00:00:00.0000000", "23:59:59.9999999", "12:00:00.0000001"] {
                    for offset in ["Z", "+00:00", "-00:00", "+14:00", "-14:00", "+05:30"] {
                        grid.push(format!("2024-{month}-{day}T{time}{offset}"));
                    }
                }
            }
        }
        for a in &grid {
            for b in &grid {
                let want = wire_ticks(a).zip(wire_ticks(b)).map(|(x, y)| x.cmp(&y));
                assert_eq!(wire_order(a, b), want, "{a} against {b}");
            }
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
