//! Token formats (docs/protocol.md §1): AccessToken, JwtToken, carrier tickets, sealed spTokens and login
//! tickets. Everything here is stateless; single use is enforced by the callers through the spent-id store.

use crate::phone::Carrier;
use crate::util::{b64url, b64url_decode};
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hmac::{Hmac, KeyInit, Mac};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Longest token text accepted before any decoding.
pub const MAX_TOKEN_LEN: usize = 4096;

/// Why a token was refused before its claims could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    /// Not of the expected shape (prefix, parts, base64, JSON).
    Malformed,
    /// Signature or authentication tag wrong (forged, tampered, another key).
    BadSignature,
}

/// Claims of an AccessToken.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccessClaims {
    /// Random id (16 bytes, base64url); the JwtToken's `ati` names it.
    pub id: String,
    /// Account id.
    pub acc: String,
    /// SceneCode.
    pub sc: String,
    /// Origin the tokens were issued for.
    pub org: String,
    /// BizType (0 verification, 1 login).
    pub biz: u8,
    /// Expiry, Unix seconds.
    pub exp: u64,
}

/// Claims of a JwtToken.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct JwtClaims {
    /// The gateway's browser-facing base URL.
    pub iss: String,
    /// SceneCode.
    pub sub: String,
    /// Issued at.
    pub iat: u64,
    /// Expiry.
    pub exp: u64,
    /// Token id.
    pub jti: String,
    /// Account id.
    pub acc: String,
    /// Origin.
    pub org: String,
    /// BizType.
    pub biz: u8,
    /// The paired AccessToken's id.
    pub ati: String,
}

/// Claims of a carrier ticket.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TicketClaims {
    /// Carrier the ticket is for.
    pub v: Carrier,
    /// Account id.
    pub acc: String,
    /// SceneCode.
    pub sc: String,
    /// Origin.
    pub org: String,
    /// BizType.
    pub biz: u8,
    /// AccessToken id.
    pub ati: String,
    /// Expiry (= the AccessToken's).
    pub exp: u64,
    /// Nonce.
    pub n: String,
}

/// Plaintext of a sealed spToken.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SpClaims {
    /// Token id (single use).
    pub jti: String,
    /// Carrier that issued it (the SIM's carrier).
    pub v: Carrier,
    /// Full number.
    pub num: String,
    /// Account id.
    pub acc: String,
    /// SceneCode.
    pub sc: String,
    /// BizType.
    pub biz: u8,
    /// AccessToken id.
    pub ati: String,
    /// Expiry.
    pub exp: u64,
}

/// Plaintext of a sealed login ticket (`lt1.`): what `mask` hands the browser for the `login` step.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LoginClaims {
    /// Ticket id (single use).
    pub jti: String,
    /// Carrier.
    pub v: Carrier,
    /// Full number (sealed: the page never sees it).
    pub num: String,
    /// Account id.
    pub acc: String,
    /// SceneCode.
    pub sc: String,
    /// Origin.
    pub org: String,
    /// AccessToken id.
    pub ati: String,
    /// Nonce of the carrier ticket it was made from.
    pub tn: String,
    /// Expiry.
    pub exp: u64,
}

/// The gateway's token keys, all derived from one master secret.
#[derive(Clone)]
pub struct Keys {
    access: HmacSha256,
    jwt: HmacSha256,
    carrier: [HmacSha256; 3],
    sp: ChaCha20Poly1305,
    login: ChaCha20Poly1305,
}

fn hmac_key(key: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length: `new_from_slice` cannot fail for it, and the fallback keeps the
    // code free of panics all the same.
    <HmacSha256 as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| <HmacSha256 as KeyInit>::new(&Default::default()))
}

fn derive(master: &HmacSha256, label: &str) -> [u8; 32] {
    let mut m = master.clone();
    m.update(label.as_bytes());
    m.finalize().into_bytes().into()
}

// The JwtToken is assembled from crates (base64, serde_json, hmac) rather than taken from a JWT crate: the
// gateway issues and accepts exactly one form (HS256, this header, a length bound checked first) and answers each
// failure with its own code, which is all these two functions do; a JWT crate would bring its own algorithm
// choice and claim validation to switch off, and its own crypto backend beside `hmac`.
const JWT_HEADER: &str = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

impl Keys {
    /// Derives every key from `master` (HMAC-SHA256 of a label per key).
    ///
    /// The keys of the single-use tokens (spToken, login ticket) also mix in a random salt of this process:
    /// which of them were spent is remembered in memory only, so one sealed by an earlier run of the gateway
    /// (same configured `secret`) must not open, or a restart would let a spent token be redeemed again.
    /// AccessTokens, JwtTokens and carrier tickets, reusable while valid, survive a restart.
    #[must_use]
    pub fn derive(master: &[u8]) -> Keys {
        Keys::derive_for_run(master, &crate::util::random_bytes::<16>())
    }

    /// As [`Keys::derive`], with the run salt given (two calls with the same salt give the same keys).
    #[must_use]
    pub fn derive_for_run(master: &[u8], run: &[u8; 16]) -> Keys {
        let m = hmac_key(master);
        let aead = |label: &str| {
            let mut k = m.clone();
            k.update(label.as_bytes());
            k.update(run);
            ChaCha20Poly1305::new(&Key::from(<[u8; 32]>::from(k.finalize().into_bytes())))
        };
        Keys {
            access: hmac_key(&derive(&m, "pns access token")),
            jwt: hmac_key(&derive(&m, "pns jwt")),
            carrier: [
                hmac_key(&derive(&m, "pns carrier CM")),
                hmac_key(&derive(&m, "pns carrier CU")),
                hmac_key(&derive(&m, "pns carrier CT")),
            ],
            sp: aead("pns sp token"),
            login: aead("pns login ticket"),
        }
    }

    /// Issues an AccessToken.
    #[must_use]
    pub fn issue_access(&self, c: &AccessClaims) -> String {
        sign_dotted("at1", &self.access, c)
    }

    /// Opens an AccessToken (signature only; the caller checks expiry).
    ///
    /// # Errors
    /// Malformed or wrongly signed.
    pub fn open_access(&self, s: &str) -> Result<AccessClaims, TokenError> {
        verify_dotted("at1", &self.access, s)
    }

    /// Issues a JwtToken (HS256).
    #[must_use]
    pub fn issue_jwt(&self, c: &JwtClaims) -> String {
        let mut out = b64url(JWT_HEADER.as_bytes());
        out.push('.');
        out.push_str(&b64url(&serde_json::to_vec(c).unwrap_or_default()));
        let mut mac = self.jwt.clone();
        mac.update(out.as_bytes());
        let sig = mac.finalize().into_bytes();
        out.push('.');
        out.push_str(&b64url(&sig));
        out
    }

    /// Opens a JwtToken: header must say HS256, signature must verify (the caller checks expiry).
    ///
    /// # Errors
    /// Malformed, another algorithm, or wrongly signed.
    pub fn open_jwt(&self, s: &str) -> Result<JwtClaims, TokenError> {
        if s.len() > MAX_TOKEN_LEN {
            return Err(TokenError::Malformed);
        }
        let mut parts = s.split('.');
        let (Some(h), Some(p), Some(sig), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Malformed);
        };
        let header: serde_json::Value = b64url_decode(h)
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or(TokenError::Malformed)?;
        if header.get("alg").and_then(serde_json::Value::as_str) != Some("HS256") {
            return Err(TokenError::BadSignature);
        }
        let sig = b64url_decode(sig).ok_or(TokenError::Malformed)?;
        let mut mac = self.jwt.clone();
        mac.update(&s.as_bytes()[..h.len() + 1 + p.len()]);
        mac.verify_slice(&sig)
            .map_err(|_| TokenError::BadSignature)?;
        let payload = b64url_decode(p).ok_or(TokenError::Malformed)?;
        serde_json::from_slice(&payload).map_err(|_| TokenError::Malformed)
    }

    /// Issues a carrier ticket under `c.v`'s own key.
    #[must_use]
    pub fn issue_ticket(&self, c: &TicketClaims) -> String {
        sign_dotted("ct1", &self.carrier[c.v.index()], c)
    }

    /// Opens a ticket presented to `carrier` (a ticket of another carrier fails its signature).
    ///
    /// # Errors
    /// Malformed, wrongly signed, or naming another carrier.
    pub fn open_ticket(&self, carrier: Carrier, s: &str) -> Result<TicketClaims, TokenError> {
        let c: TicketClaims = verify_dotted("ct1", &self.carrier[carrier.index()], s)?;
        if c.v != carrier {
            return Err(TokenError::BadSignature);
        }
        Ok(c)
    }

    /// Seals an spToken.
    #[must_use]
    pub fn seal_sp(&self, c: &SpClaims) -> String {
        seal("sp1", &self.sp, c)
    }

    /// Opens an spToken (the caller checks expiry, account, BizType and single use).
    ///
    /// # Errors
    /// Malformed, forged or tampered.
    pub fn open_sp(&self, s: &str) -> Result<SpClaims, TokenError> {
        unseal("sp1", &self.sp, s)
    }

    /// Seals a login ticket.
    #[must_use]
    pub fn seal_login(&self, c: &LoginClaims) -> String {
        seal("lt1", &self.login, c)
    }

    /// Opens a login ticket.
    ///
    /// # Errors
    /// Malformed, forged or tampered.
    pub fn open_login(&self, s: &str) -> Result<LoginClaims, TokenError> {
        unseal("lt1", &self.login, s)
    }
}

fn sign_dotted<T: Serialize>(prefix: &str, key: &HmacSha256, claims: &T) -> String {
    let mut out = String::with_capacity(256);
    out.push_str(prefix);
    out.push('.');
    out.push_str(&b64url(&serde_json::to_vec(claims).unwrap_or_default()));
    let mut mac = key.clone();
    mac.update(out.as_bytes());
    let sig = mac.finalize().into_bytes();
    out.push('.');
    out.push_str(&b64url(&sig));
    out
}

fn verify_dotted<T: DeserializeOwned>(
    prefix: &str,
    key: &HmacSha256,
    s: &str,
) -> Result<T, TokenError> {
    if s.len() > MAX_TOKEN_LEN {
        return Err(TokenError::Malformed);
    }
    let rest = s
        .strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('.'))
        .ok_or(TokenError::Malformed)?;
    let (payload, sig) = rest.split_once('.').ok_or(TokenError::Malformed)?;
    if sig.contains('.') {
        return Err(TokenError::Malformed);
    }
    let sig = b64url_decode(sig).ok_or(TokenError::Malformed)?;
    let mut mac = key.clone();
    mac.update(&s.as_bytes()[..prefix.len() + 1 + payload.len()]);
    mac.verify_slice(&sig)
        .map_err(|_| TokenError::BadSignature)?;
    let bytes = b64url_decode(payload).ok_or(TokenError::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| TokenError::Malformed)
}

fn seal<T: Serialize>(prefix: &str, cipher: &ChaCha20Poly1305, claims: &T) -> String {
    let nonce = crate::util::random_bytes::<12>();
    let plain = serde_json::to_vec(claims).unwrap_or_default();
    let sealed = cipher
        .encrypt(
            &Nonce::from(nonce),
            Payload {
                msg: &plain,
                aad: prefix.as_bytes(),
            },
        )
        .unwrap_or_default();
    let mut bytes = Vec::with_capacity(12 + sealed.len());
    bytes.extend_from_slice(&nonce);
    bytes.extend_from_slice(&sealed);
    format!("{prefix}.{}", b64url(&bytes))
}

fn unseal<T: DeserializeOwned>(
    prefix: &str,
    cipher: &ChaCha20Poly1305,
    s: &str,
) -> Result<T, TokenError> {
    if s.len() > MAX_TOKEN_LEN {
        return Err(TokenError::Malformed);
    }
    let body = s
        .strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('.'))
        .ok_or(TokenError::Malformed)?;
    let bytes = b64url_decode(body).ok_or(TokenError::Malformed)?;
    if bytes.len() < 12 + 16 {
        return Err(TokenError::Malformed);
    }
    let (nonce, ct) = bytes.split_at(12);
    let nonce: [u8; 12] = nonce.try_into().map_err(|_| TokenError::Malformed)?;
    let plain = cipher
        .decrypt(
            &Nonce::from(nonce),
            Payload {
                msg: ct,
                aad: prefix.as_bytes(),
            },
        )
        .map_err(|_| TokenError::BadSignature)?;
    serde_json::from_slice(&plain).map_err(|_| TokenError::Malformed)
}

/// A fresh random token id: 16 random bytes, base64url.
#[must_use]
pub fn new_id() -> String {
    b64url(&crate::util::random_bytes::<16>())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keys {
        Keys::derive(b"test master")
    }

    fn access() -> AccessClaims {
        AccessClaims {
            id: new_id(),
            acc: "1".into(),
            sc: "FC1".into(),
            org: "http://a.example".into(),
            biz: 0,
            exp: 99,
        }
    }

    #[test]
    fn access_token_round_trip_and_tamper() {
        let k = keys();
        let t = k.issue_access(&access());
        assert!(t.starts_with("at1."));
        assert_eq!(k.open_access(&t).unwrap(), access_with_id(&t));
        let mut tampered = t.clone().into_bytes();
        let i = 10;
        tampered[i] = if tampered[i] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert!(k.open_access(&tampered).is_err());
        assert_eq!(
            Keys::derive(b"other").open_access(&t),
            Err(TokenError::BadSignature)
        );
        assert_eq!(k.open_access("at1.x"), Err(TokenError::Malformed));
        assert_eq!(k.open_access(""), Err(TokenError::Malformed));
    }

    fn access_with_id(t: &str) -> AccessClaims {
        let payload = t.split('.').nth(1).unwrap();
        serde_json::from_slice(&b64url_decode(payload).unwrap()).unwrap()
    }

    #[test]
    fn jwt_known_answer() {
        // The widely published HS256 example token, checked with our own HMAC path.
        let mut k = keys();
        k.jwt = hmac_key(b"your-256-bit-secret");
        let t = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        // Signature verifies; the claims lack our fields, so decoding reports Malformed (not BadSignature).
        assert_eq!(k.open_jwt(t), Err(TokenError::Malformed));
        let forged = t.replace("SflKx", "SflKy");
        assert_eq!(k.open_jwt(&forged), Err(TokenError::BadSignature));
    }

    #[test]
    fn jwt_round_trip_and_alg_none() {
        let k = keys();
        let c = JwtClaims {
            iss: "http://127.0.0.1:8787".into(),
            sub: "FC1".into(),
            iat: 1,
            exp: 2,
            jti: new_id(),
            acc: "1".into(),
            org: "o".into(),
            biz: 1,
            ati: "x".into(),
        };
        let t = k.issue_jwt(&c);
        assert_eq!(k.open_jwt(&t).unwrap(), c);
        let parts: Vec<&str> = t.split('.').collect();
        let none = format!("{}.{}.", b64url(b"{\"alg\":\"none\"}"), parts[1]);
        assert_eq!(k.open_jwt(&none), Err(TokenError::BadSignature));
    }

    #[test]
    fn tickets_are_per_carrier() {
        let k = keys();
        let c = TicketClaims {
            v: Carrier::Cm,
            acc: "1".into(),
            sc: "s".into(),
            org: "o".into(),
            biz: 0,
            ati: "a".into(),
            exp: 5,
            n: new_id(),
        };
        let t = k.issue_ticket(&c);
        assert_eq!(k.open_ticket(Carrier::Cm, &t).unwrap(), c);
        assert_eq!(
            k.open_ticket(Carrier::Cu, &t),
            Err(TokenError::BadSignature)
        );
    }

    #[test]
    fn single_use_tokens_do_not_outlive_the_run_that_sealed_them() {
        let before = Keys::derive_for_run(b"configured secret", &[1; 16]);
        let same_run = Keys::derive_for_run(b"configured secret", &[1; 16]);
        let after_restart = Keys::derive_for_run(b"configured secret", &[2; 16]);
        let sp = before.seal_sp(&SpClaims {
            jti: new_id(),
            v: Carrier::Cm,
            num: "13800138000".into(),
            acc: "1".into(),
            sc: "s".into(),
            biz: 0,
            ati: "a".into(),
            exp: 9,
        });
        let lt = before.seal_login(&LoginClaims {
            jti: new_id(),
            v: Carrier::Cm,
            num: "13800138000".into(),
            acc: "1".into(),
            sc: "s".into(),
            org: "o".into(),
            ati: "a".into(),
            tn: "n".into(),
            exp: 9,
        });
        assert!(same_run.open_sp(&sp).is_ok());
        assert!(same_run.open_login(&lt).is_ok());
        assert_eq!(after_restart.open_sp(&sp), Err(TokenError::BadSignature));
        assert_eq!(after_restart.open_login(&lt), Err(TokenError::BadSignature));
        // Reusable tokens survive a restart with the same secret.
        let claims = AccessClaims {
            id: new_id(),
            acc: "1".into(),
            sc: "s".into(),
            org: "o".into(),
            biz: 0,
            exp: 9,
        };
        let access = before.issue_access(&claims);
        assert_eq!(after_restart.open_access(&access), Ok(claims));
    }

    #[test]
    fn sp_tokens_are_sealed() {
        let k = keys();
        let c = SpClaims {
            jti: new_id(),
            v: Carrier::Ct,
            num: "18912345678".into(),
            acc: "1".into(),
            sc: "s".into(),
            biz: 0,
            ati: "a".into(),
            exp: 7,
        };
        let t = k.seal_sp(&c);
        assert!(!t.contains("1891234"));
        assert_eq!(k.open_sp(&t).unwrap(), c);
        let mut b = b64url_decode(&t[4..]).unwrap();
        let last = b.len() - 1;
        b[last] ^= 1;
        assert_eq!(
            k.open_sp(&format!("sp1.{}", b64url(&b))),
            Err(TokenError::BadSignature)
        );
        // A login ticket is not an spToken, even with the prefix swapped.
        let lt = k.seal_login(&LoginClaims {
            jti: new_id(),
            v: Carrier::Ct,
            num: "18912345678".into(),
            acc: "1".into(),
            sc: "s".into(),
            org: "o".into(),
            ati: "a".into(),
            tn: "n".into(),
            exp: 1,
        });
        assert!(k.open_sp(&lt.replacen("lt1", "sp1", 1)).is_err());
        assert_eq!(k.open_sp("sp1.AAAA"), Err(TokenError::Malformed));
    }
}
