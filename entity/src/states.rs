//! The states of the records that have a life cycle, stored as their short English codes
//! (`open`, `referred` …) in a string column and read back as enums, so no code compares strings.
//!
//! These are plain enums with the stored code as their only knowledge; the rules of which state may
//! follow which live in `domain`, the Japanese words for them in `present`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

macro_rules! state_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $code:literal,)+ }) => {
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
        )]
        #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
        pub enum $name {
            $(
                #[sea_orm(string_value = $code)]
                #[serde(rename = $code)]
                $variant,
            )+
        }

        impl $name {
            /// Every state, in the order of its life cycle.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored code (`open`, `referred` …), also used in URLs, CSV and the API.
            pub const fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            /// The state a stored or typed code names, if any.
            pub fn parse(code: &str) -> Option<Self> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

state_enum! {
    /// 求人の状態.
    JobOrderState {
        Draft = "draft",
        Submitted = "submitted",
        Open = "open",
        Rejected = "rejected",
        Filled = "filled",
        Stopped = "stopped",
        Cancelled = "cancelled",
        Expired = "expired",
    }
}

state_enum! {
    /// 求職の状態.
    SeekerState {
        Active = "active",
        Closed = "closed",
    }
}

state_enum! {
    /// 紹介の状態: referred until a result is recorded.
    ReferralState {
        Referred = "referred",
        Hired = "hired",
        NotHired = "not_hired",
        Declined = "declined",
        Cancelled = "cancelled",
    }
}

state_enum! {
    /// 求人者の状態: a self-registration stays `pending` until the office confirms it.
    EmployerStatus {
        Pending = "pending",
        Active = "active",
    }
}
