//! The JS shim's few copies of Rust facts, tied here to the originals so the two cannot drift: what the browsers where
//! the wasm module cannot start need (pkg-template/src/fallback.js), and the option fields the shim copies for the
//! wasm side (pkg-template/src/snapshot.js).

use super::env::{DESKTOP_IN_APP, MOBILE_TOKENS};

const FALLBACK_JS: &str = include_str!("../../pkg-template/src/fallback.js");

/// The quoted entries of the JS array `const <name> = [` … `];`, one per line.
fn js_list(name: &str) -> Vec<String> {
    let start = format!("const {name} = [");
    let body = FALLBACK_JS
        .split(start.as_str())
        .nth(1)
        .and_then(|rest| rest.split("];").next())
        .unwrap_or_else(|| panic!("fallback.js has its {name} list"));
    body.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.trim_end_matches(',').trim_matches('\'').to_string())
        .collect()
}

#[test]
fn the_fallbacks_version_is_the_crates() {
    let line = format!("export const VERSION = '{}';", env!("CARGO_PKG_VERSION"));
    assert!(
        FALLBACK_JS.lines().any(|l| l == line),
        "fallback.js must say {line}"
    );
}

#[test]
fn the_fallbacks_user_agent_tokens_are_env_rs() {
    assert_eq!(js_list("MOBILE_TOKENS"), MOBILE_TOKENS);
    assert_eq!(js_list("DESKTOP_IN_APP"), DESKTOP_IN_APP);
}

/// The JS shim hands the wasm side a copy of the page's options holding only the fields its shapes list
/// (pkg-template/src/snapshot.js); a field an option struct reads but the shim does not copy would always be absent.
mod option_fields {
    use std::cell::Cell;

    use serde::de::{self, DeserializeOwned, Visitor};
    use serde::Deserialize;

    use crate::auth_page_input::{
        AgreementInput, AuthPageInput, CustomViewInput, ExtraBtnInput, PrePageInput,
        PrivacyAlertInput, StyleInput,
    };
    use crate::options::{Arg, CallInput, Field, ServerInput};

    const SNAPSHOT_JS: &str = include_str!("../../pkg-template/src/snapshot.js");

    /// A field type for naming fields only.
    #[derive(Default, Deserialize)]
    struct Unread;

    impl Field for Unread {
        fn arg(&self) -> Arg {
            Arg::Absent
        }

        fn read<T: DeserializeOwned>(&self) -> Option<T> {
            None
        }
    }

    /// A deserializer that records the field names a struct's derived `Deserialize` asks for, and reads nothing.
    struct FieldNames<'a>(&'a Cell<&'static [&'static str]>);

    impl<'de> de::Deserializer<'de> for FieldNames<'_> {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.set(fields);
            Err(de::Error::custom("fields recorded"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }

    fn fields_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
        let names = Cell::new(&[][..]);
        let _ = T::deserialize(FieldNames(&names));
        names.get()
    }

    #[test]
    fn the_shim_copies_every_field_the_option_structs_read() {
        let structs = [
            fields_of::<CallInput<Unread>>(),
            fields_of::<ServerInput<Unread>>(),
            fields_of::<AuthPageInput<Unread>>(),
            fields_of::<AgreementInput<Unread>>(),
            fields_of::<CustomViewInput<Unread>>(),
            fields_of::<ExtraBtnInput<Unread>>(),
            fields_of::<PrePageInput<Unread>>(),
            fields_of::<PrivacyAlertInput<Unread>>(),
            fields_of::<StyleInput<Unread>>(),
        ];
        for fields in structs {
            assert!(!fields.is_empty());
            for f in fields {
                assert!(
                    SNAPSHOT_JS.contains(&format!("{f}: ")),
                    "pkg-template/src/snapshot.js does not copy `{f}`"
                );
            }
        }
    }
}
