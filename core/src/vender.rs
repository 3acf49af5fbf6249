//! The three carriers, in their own file: payloads and environment verdicts both name them.

/// A carrier, spelled as the vendor does (`vender`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vender {
    /// China Mobile.
    Cm,
    /// China Unicom.
    Cu,
    /// China Telecom.
    Ct,
}

impl Vender {
    /// `'CM'`, `'CU'` or `'CT'`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Vender::Cm => "CM",
            Vender::Cu => "CU",
            Vender::Ct => "CT",
        }
    }

    /// The carrier for its two-letter name (exact spelling).
    #[must_use]
    pub fn parse(s: &str) -> Option<Vender> {
        match s {
            "CM" => Some(Vender::Cm),
            "CU" => Some(Vender::Cu),
            "CT" => Some(Vender::Ct),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn venders() {
        for v in [Vender::Cm, Vender::Cu, Vender::Ct] {
            assert_eq!(Vender::parse(v.as_str()), Some(v));
        }
        assert_eq!(Vender::parse("cm"), None);
        assert_eq!(Vender::parse("CMCC"), None);
    }
}
