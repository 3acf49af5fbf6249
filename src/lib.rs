//! PhoneNumberServer SDK.
