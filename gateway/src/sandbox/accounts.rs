//! `/sandbox/v1/accounts`: a new account with its own AccessKey pair.

use super::{parse, registry_error};
use crate::config::AccountConfig;
use crate::http::json;
use crate::state::{AppState, RegistryError};
use crate::util::{random_alnum, random_digits};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State as AxState;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewAccount {
    access_key_id: String,
    access_key_secret: String,
    account_id: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountRequest {
    #[serde(default)]
    qps: Option<u32>,
}

pub(super) async fn create_account(
    AxState(state): AxState<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let req: AccountRequest = match parse(body, true) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let cfg = AccountConfig {
        id: format!("1{}", random_digits(15)),
        access_key_id: format!("LTAI5t{}", random_alnum(18)),
        access_key_secret: random_alnum(30),
        qps: req.qps,
    };
    if !state
        .sandbox_created
        .take_account(state.limits.sandbox_accounts)
    {
        return registry_error(&RegistryError::Full(state.limits.sandbox_accounts));
    }
    match state.add_account(&cfg) {
        Ok(a) => json(
            StatusCode::CREATED,
            &NewAccount {
                access_key_id: a.access_key_id.clone(),
                access_key_secret: a.secret.clone(),
                account_id: a.id.clone(),
            },
        ),
        Err(e) => {
            state.sandbox_created.return_account();
            registry_error(&e)
        }
    }
}
