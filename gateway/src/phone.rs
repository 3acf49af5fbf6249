//! Mainland mobile numbers: which carrier a number belongs to, and how carriers mask it.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One of the three simulated carriers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Carrier {
    /// China Mobile.
    #[serde(rename = "CM")]
    Cm,
    /// China Unicom.
    #[serde(rename = "CU")]
    Cu,
    /// China Telecom.
    #[serde(rename = "CT")]
    Ct,
}

impl Carrier {
    /// All carriers, in the order the identity check lists them.
    pub const ALL: [Carrier; 3] = [Carrier::Cm, Carrier::Cu, Carrier::Ct];

    /// The vendor's spelling: `CM`, `CU`, `CT`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Carrier::Cm => "CM",
            Carrier::Cu => "CU",
            Carrier::Ct => "CT",
        }
    }

    /// The lower-case path segment: `cm`, `cu`, `ct`.
    #[must_use]
    pub fn path(self) -> &'static str {
        match self {
            Carrier::Cm => "cm",
            Carrier::Cu => "cu",
            Carrier::Ct => "ct",
        }
    }

    /// Index 0..3, for per-carrier arrays.
    #[must_use]
    pub fn index(self) -> usize {
        match self {
            Carrier::Cm => 0,
            Carrier::Cu => 1,
            Carrier::Ct => 2,
        }
    }

    /// Parses `CM`/`CU`/`CT` (any case).
    #[must_use]
    pub fn parse(s: &str) -> Option<Carrier> {
        match s.to_ascii_uppercase().as_str() {
            "CM" => Some(Carrier::Cm),
            "CU" => Some(Carrier::Cu),
            "CT" => Some(Carrier::Ct),
            _ => None,
        }
    }

    /// The carrier's spToken lifetime in seconds: CM 2 min, CU 30 min, CT 10 min.
    #[must_use]
    pub fn sp_lifetime(self) -> u64 {
        match self {
            Carrier::Cm => 120,
            Carrier::Cu => 1800,
            Carrier::Ct => 600,
        }
    }

    /// Whether the carrier locks one-click login for 24 h after three wrong middle-four entries.
    #[must_use]
    pub fn locks_after_wrong_digits(self) -> bool {
        matches!(self, Carrier::Cm | Carrier::Ct)
    }

    /// Prefixes (the first three digits) of the carrier's numbers.
    #[must_use]
    pub fn prefixes(self) -> &'static [u16] {
        match self {
            Carrier::Cm => &[
                134, 135, 136, 137, 138, 139, 147, 148, 150, 151, 152, 157, 158, 159, 172, 178,
                182, 183, 184, 187, 188, 195, 197, 198,
            ],
            Carrier::Cu => &[
                130, 131, 132, 145, 146, 155, 156, 166, 167, 171, 175, 176, 185, 186, 196,
            ],
            Carrier::Ct => &[
                133, 149, 153, 173, 174, 177, 180, 181, 189, 190, 191, 193, 199,
            ],
        }
    }
}

impl fmt::Display for Carrier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Whether `s` is 11 ASCII digits starting with `1`.
#[must_use]
pub fn is_eleven_digits(s: &str) -> bool {
    s.len() == 11 && s.starts_with('1') && s.bytes().all(|b| b.is_ascii_digit())
}

/// The carrier of a mainland mobile number, or `None` if it is not one (wrong length, not digits, or a
/// prefix no carrier uses).
#[must_use]
pub fn carrier_of(number: &str) -> Option<Carrier> {
    if !is_eleven_digits(number) {
        return None;
    }
    let prefix: u16 = number.get(..3)?.parse().ok()?;
    Carrier::ALL
        .into_iter()
        .find(|c| c.prefixes().contains(&prefix))
}

/// The carriers' masked form: first three and last four digits, `138****0000`.
#[must_use]
pub fn mask(number: &str) -> String {
    match (number.get(..3), number.get(7..)) {
        (Some(head), Some(tail)) => format!("{head}****{tail}"),
        _ => "****".to_owned(),
    }
}

/// The middle four digits (positions 4 to 7) that the user types on the login page.
#[must_use]
pub fn middle_four(number: &str) -> &str {
    number.get(3..7).unwrap_or("")
}

/// A random valid number of `carrier` (used when a test creates a device without a number).
#[must_use]
pub fn random_number(carrier: Carrier) -> String {
    let prefixes = carrier.prefixes();
    let [pick] = crate::util::random_bytes::<1>();
    let prefix = prefixes[usize::from(pick) % prefixes.len()];
    format!("{prefix}{}", crate::util::random_digits(8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carriers_by_prefix() {
        assert_eq!(carrier_of("13800138000"), Some(Carrier::Cm));
        assert_eq!(carrier_of("19800000000"), Some(Carrier::Cm));
        assert_eq!(carrier_of("18612345678"), Some(Carrier::Cu));
        assert_eq!(carrier_of("13012345678"), Some(Carrier::Cu));
        assert_eq!(carrier_of("18912345678"), Some(Carrier::Ct));
        assert_eq!(carrier_of("19912345678"), Some(Carrier::Ct));
        assert_eq!(carrier_of("12012345678"), None);
        assert_eq!(carrier_of("1380013800"), None);
        assert_eq!(carrier_of("138001380001"), None);
        assert_eq!(carrier_of("1380013800a"), None);
        assert_eq!(carrier_of("23800138000"), None);
        assert_eq!(carrier_of("１３８００１３８０００"), None);
    }

    #[test]
    fn prefixes_are_disjoint() {
        for a in Carrier::ALL {
            for b in Carrier::ALL {
                if a != b {
                    assert!(a.prefixes().iter().all(|p| !b.prefixes().contains(p)));
                }
            }
        }
    }

    #[test]
    fn masking() {
        assert_eq!(mask("13800138000"), "138****8000");
        assert_eq!(middle_four("13800138000"), "0013");
        for c in Carrier::ALL {
            assert_eq!(carrier_of(&random_number(c)), Some(c));
        }
    }
}
