//! `tsunagu generate`: a deterministic synthetic office for demos and for measuring the data path
//! at office sizes (town, city, nation).
//!
//! Everything is made from the seed and the day it runs on (a living office: open orders are valid
//! today). Every invariant of the real data holds: numbers unique per office and the number
//! sequences moved past them, valid foreign keys, one immutable accepted version per accepted
//! order (its facts in the order's columns, as acceptance writes them), consent recorded for every
//! seeker, referrals only to orders open and seekers registered on the day of referral, results,
//! hires with their follow-ups. Rows are written with multi-row INSERTs in large transactions.
use crate::domain::fiscal_year::fiscal_year_of;
use crate::domain::job_order::{
    ContractTerm, EmploymentForm, Insurance, JobOrderTerms, PayCycle, Renewal, RenewalPossibility,
    Shift, SmokingMeasure, WageForm,
};
use crate::domain::matching::{Availability, Window};
use crate::domain::normalize::normalize_name_for_match;
use crate::domain::numbering::{NumberKind, format_number};
use crate::domain::placement::{FOLLOW_UPS, classify, follow_up_due};
use crate::domain::states::{JobOrderState, ReferralState, SeekerState};
use crate::domain::validity::ValidityRule;
use crate::services::job_order_form::JobOrderForm;
use crate::services::{Actor, job_orders, job_seekers, offices, refdata, staff_users};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use entity::{
    employer, follow_up, job_order, job_order_draft, job_order_version, job_seeker,
    number_sequence, placement, referral, referral_transition,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    QueryFilter, QuerySelect, TransactionTrait,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// How big an office to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// For the test suite: a few hundred rows.
    Tiny,
    /// One town: 5 k orders, 3 k seekers.
    Town,
    /// One city: 50 k orders, 25 k seekers.
    City,
    /// Hello Work's size: 1 M orders, 500 k seekers, 2 M referrals.
    Nation,
}

impl Scale {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "tiny" => Some(Self::Tiny),
            "town" => Some(Self::Town),
            "city" => Some(Self::City),
            "nation" => Some(Self::Nation),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Tiny => "tiny",
            Self::Town => "town",
            Self::City => "city",
            Self::Nation => "nation",
        }
    }

    pub fn sizes(self) -> Sizes {
        let (orders, seekers, referrals, employers) = match self {
            Self::Tiny => (300, 150, 500, 40),
            Self::Town => (5_000, 3_000, 10_000, 700),
            Self::City => (50_000, 25_000, 100_000, 6_000),
            Self::Nation => (1_000_000, 500_000, 2_000_000, 80_000),
        };
        Sizes {
            orders,
            seekers,
            referrals,
            employers,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sizes {
    pub orders: usize,
    pub seekers: usize,
    pub referrals: usize,
    pub employers: usize,
}

pub struct Options {
    pub scale: Scale,
    pub seed: u64,
    /// Also a staff account to sign in with (the office is then the demo office).
    pub demo: bool,
    /// The day the office lives on (normally today).
    pub today: NaiveDate,
}

/// What was made.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub office_id: i32,
    pub office_code: String,
    pub employers: usize,
    pub orders: usize,
    pub open_orders: usize,
    pub seekers: usize,
    pub referrals: usize,
    pub placements: usize,
    pub follow_ups: usize,
    /// (email, password) of the demo account.
    pub demo_login: Option<(String, String)>,
}

/// Progress: (what, done, of).
pub trait Progress {
    fn step(&self, what: &str, done: u64, total: u64);
}

impl<F: Fn(&str, u64, u64)> Progress for F {
    fn step(&self, what: &str, done: u64, total: u64) {
        self(what, done, total)
    }
}

/// SplitMix64: small, fast and the same on every platform and version.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// 0..n
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// lo..=hi
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1).max(1) as u64)) as i64
    }
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

mod bulk;
mod data;

pub use bulk::*;
use data::*;

/// Make a synthetic office. Fails if its office code is taken (generate into a new database, or
/// with another seed). The bulk tables' secondary indexes and triggers are dropped for the load
/// and made again after it, also when the load fails.
pub async fn generate(
    db: &DatabaseConnection,
    opts: &Options,
    progress: &dyn Progress,
) -> anyhow::Result<Summary> {
    let deferred = defer_indexes(db).await?;
    let made = fill(db, opts, progress).await;
    deferred.restore(db, progress).await?;
    let summary = made?;
    // Fresh statistics for the planner, as the hourly job keeps them (every table in full on
    // SQLite: see `services::statistics`).
    if db.get_database_backend() == DbBackend::Sqlite {
        crate::services::statistics::refresh(db).await?;
    } else {
        db.execute_unprepared("ANALYZE").await?;
    }
    Ok(summary)
}

/// The rows of a synthetic office, written while the indexes are deferred.
async fn fill(
    db: &DatabaseConnection,
    opts: &Options,
    progress: &dyn Progress,
) -> anyhow::Result<Summary> {
    let sizes = opts.scale.sizes();
    let today = opts.today;
    let mut rng = Rng::new(opts.seed);
    let area = Area::new(opts.scale);
    let office_pref = area.places[0].0.clone();
    let code = if opts.demo {
        "demo".to_owned()
    } else {
        format!("gen-{}-{}", opts.scale.code(), opts.seed)
    };
    let office_name = if opts.demo {
        "つなぐ市無料職業紹介所（デモ）".to_owned()
    } else {
        format!("合成データ紹介所（{}・{}）", opts.scale.code(), opts.seed)
    };
    let mut input = offices::OfficeInput::with_defaults(&code, &office_name, &office_pref);
    input.municipality = area.places[0].1.clone();
    input.population = match opts.scale {
        Scale::Tiny => "20000",
        Scale::Town => "60000",
        Scale::City => "600000",
        Scale::Nation => "120000000",
    }
    .into();
    let office = offices::create(db, &Actor::cli(), &input)
        .await
        .map_err(|e| anyhow::anyhow!("事業所 {code} を作れません: {e}"))?;
    let rule = ValidityRule::from_code(&office.validity_rule).unwrap_or_default();
    let mut summary = Summary {
        office_id: office.id,
        office_code: office.code.clone(),
        ..Default::default()
    };
    let staff_id = if opts.demo {
        let password = crate::services::random_token()[..16].to_owned();
        let email = "demo@example.jp".to_owned();
        let u = staff_users::create(
            db,
            &Actor::cli(),
            office.id,
            &staff_users::NewStaffUser {
                name: "デモ 職員".into(),
                email: email.clone(),
                role: "admin".into(),
                password: password.clone(),
                password_confirmation: password.clone(),
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("デモの職員を作れません: {e}"))?;
        summary.demo_login = Some((email, password));
        Some(u.id)
    } else {
        None
    };

    // Reference data the rows refer to.
    let occupation_rows: Vec<(String, String, Option<String>, String)> =
        entity::occupation::Entity::find()
            .filter(entity::occupation::Column::Revision.eq("2022"))
            .select_only()
            .column(entity::occupation::Column::Code)
            .column(entity::occupation::Column::Name)
            .column(entity::occupation::Column::ParentCode)
            .column(entity::occupation::Column::Level)
            .into_tuple()
            .all(db)
            .await?;
    let occupations = Occupations {
        middle: occupation_rows
            .iter()
            .filter(|o| o.3 == "middle" && !o.1.trim().is_empty())
            .map(|o| (o.0.clone(), o.1.clone()))
            .collect(),
        majors: crate::services::refdata::occupation_majors().clone(),
    };
    anyhow::ensure!(
        !occupations.middle.is_empty(),
        "職業分類が読み込まれていません（migrate を先に実行してください）"
    );
    let mut minimum_wage: HashMap<String, u32> = HashMap::new();
    for (pref, _) in PLACES {
        let w = refdata::minimum_wage_on(db, pref, today)
            .await?
            .map(|w| w.hourly_yen as u32)
            .unwrap_or(1100);
        minimum_wage.insert((*pref).to_owned(), w);
    }

    let mut numbers = Numbers::default();
    // ---- employers
    let first_employer = next_id::<employer::Entity, _>(db, employer::Column::Id).await?;
    let mut employer_names: Vec<(i32, String, String)> = Vec::with_capacity(sizes.employers);
    let txn = db.begin().await?;
    let mut rows = Vec::with_capacity(CHUNK);
    for i in 0..sizes.employers {
        let id = first_employer + i as i32;
        let (stem, stem_kana) = *rng.pick(COMPANY_STEMS);
        let (kind, kind_kana, industry) = *rng.pick(COMPANY_KINDS);
        let name = format!("株式会社{stem}{kind}{}", i + 1);
        let kana = format!("カブシキガイシャ{stem_kana}{kind_kana}");
        let place = area.pick(&mut rng).clone();
        let (ph, digits) = phone(&mut rng, "03");
        let created = today - Duration::days(rng.range(30, 900));
        let normalized = normalize_name_for_match(&name);
        employer_names.push((id, name.clone(), normalized.clone()));
        rows.push(employer::ActiveModel {
            id: Set(id),
            office_id: Set(office.id),
            status: Set(entity::EmployerStatus::Active),
            name: Set(name),
            name_kana: Set(kana),
            name_normalized: Set(normalized),
            corporate_number: Set(String::new()),
            employment_insurance_number: Set(String::new()),
            postal_code: Set(format!(
                "{:03}-{:04}",
                rng.range(100, 999),
                rng.range(0, 9999)
            )),
            prefecture_code: Set(place.0),
            municipality: Set(place.1),
            address: Set(address(&mut rng)),
            representative: Set(format!("代表取締役　{}", name_only(&mut rng))),
            contact_name: Set(name_only(&mut rng)),
            contact_phone: Set(ph.clone()),
            contact_phone_digits: Set(digits),
            contact_email: Set(format!("recruit{id}@example.jp")),
            phone: Set(ph),
            fax: Set(String::new()),
            industry_code: Set(industry.into()),
            business_description: Set(format!("{kind}業")),
            employees_total: Set(Some(rng.range(5, 300) as i32)),
            employees_workplace: Set(Some(rng.range(3, 80) as i32)),
            employees_women: Set(Some(rng.range(1, 40) as i32)),
            employees_part_time: Set(Some(rng.range(1, 60) as i32)),
            pension_insured_count: Set(None),
            has_work_rules: Set(true),
            retirement_age: Set(Some(65)),
            rehire: Set("あり".into()),
            has_labor_union: Set(false),
            cooperation: Set(String::new()),
            training_certifier: Set(String::new()),
            training_certified_on: Set(None),
            capacity: Set(String::new()),
            notes: Set(String::new()),
            rejection_ground: Set(None),
            rejection_decided_on: Set(None),
            rejection_until: Set(None),
            rejection_reason: Set(String::new()),
            labor_dispute: Set(false),
            labor_dispute_since: Set(None),
            labor_dispute_note: Set(String::new()),
            disclosure_delivered_on: Set(Some(created)),
            created_at: Set(at(created)),
            updated_at: Set(at(created)),
            anonymized_at: Set(None),
        });
        if rows.len() == CHUNK {
            insert_chunks(&txn, std::mem::take(&mut rows)).await?;
        }
    }
    insert_chunks(&txn, rows).await?;
    txn.commit().await?;
    summary.employers = sizes.employers;
    progress.step("求人者", sizes.employers as u64, sizes.employers as u64);

    // ---- job orders and their accepted versions
    let first_order = next_id::<job_order::Entity, _>(db, job_order::Column::Id).await?;
    let first_version =
        next_id::<job_order_version::Entity, _>(db, job_order_version::Column::Id).await?;
    let mut lives: Vec<OrderLife> = Vec::new();
    let mut version_id = first_version;
    let mut txn = db.begin().await?;
    let mut order_rows = Vec::with_capacity(CHUNK);
    let mut version_rows = Vec::with_capacity(CHUNK);
    let mut draft_rows = Vec::with_capacity(CHUNK);
    // Accepted orders in order of acceptance, so numbers follow the dates.
    let mut plan: Vec<(NaiveDate, u8)> = (0..sizes.orders)
        .map(|_| {
            let roll = rng.below(100) as u8;
            // 30 % open, then closed ones over two years, and a few not yet accepted.
            let accepted_on = if roll < 30 {
                today - Duration::days(rng.range(0, 55))
            } else {
                today - Duration::days(rng.range(60, 730))
            };
            (accepted_on, roll)
        })
        .collect();
    plan.sort_by_key(|p| p.0);
    for (i, (accepted_on, roll)) in plan.into_iter().enumerate() {
        let id = first_order + i as i32;
        let (employer_id, employer_name, employer_norm) =
            employer_names[rng.below(employer_names.len())].clone();
        let place = area.pick(&mut rng).clone();
        let occupation = rng.pick(&occupations.middle).clone();
        let wage = minimum_wage.get(&place.0).copied().unwrap_or(1100);
        let terms = order_terms(&mut rng, &occupation, &place, &employer_name, wage);
        let form = JobOrderForm::from_terms(&terms);
        let facts = job_orders::order_facts(&terms, &occupations.majors);
        let (state, accepted) = match roll {
            0..30 => (JobOrderState::Open, true),
            30..55 => (JobOrderState::Filled, true),
            55..80 => (JobOrderState::Expired, true),
            80..86 => (JobOrderState::Stopped, true),
            86..89 => (JobOrderState::Cancelled, true),
            89..94 => (JobOrderState::Draft, false),
            94..97 => (JobOrderState::Submitted, false),
            _ => (JobOrderState::Rejected, false),
        };
        let mut valid_until = rule.valid_until(accepted_on);
        if state == JobOrderState::Open && valid_until < today {
            valid_until = rule.valid_until(today);
        }
        if state == JobOrderState::Expired && valid_until >= today {
            valid_until = today - Duration::days(1);
        }
        let closed_on = match state {
            JobOrderState::Expired => Some(valid_until),
            JobOrderState::Filled | JobOrderState::Stopped | JobOrderState::Cancelled => {
                let last = valid_until.min(today);
                let span = (last - accepted_on).num_days().max(0);
                Some(accepted_on + Duration::days(rng.range(0, span)))
            }
            _ => None,
        };
        let number = accepted.then(|| numbers.next(NumberKind::JobOrder, accepted_on));
        let created = accepted_on - Duration::days(rng.range(0, 10));
        let updated = closed_on.unwrap_or(accepted_on).max(created);
        let hourly = facts.hourly_wage_yen;
        let months = match terms.contract {
            ContractTerm::Fixed { months, .. } => Some(months),
            ContractTerm::Indefinite => None,
        };
        if accepted {
            lives.push(OrderLife {
                id,
                employer_id,
                accepted_on,
                last_day: closed_on.unwrap_or(valid_until).min(today),
                weekly_minutes: terms.weekly_minutes as i32,
                hourly_yen: hourly,
                months,
            });
            if state == JobOrderState::Open {
                summary.open_orders += 1;
            }
            version_rows.push(job_order_version::ActiveModel {
                id: Set(version_id),
                job_order_id: Set(id),
                version: Set(1),
                terms_json: Set(serde_json::to_string(&terms)?),
                accepted_on: Set(accepted_on),
                accepted_by: Set(staff_id),
                valid_until: Set(valid_until),
                created_at: Set(at(accepted_on)),
            });
            version_id += 1;
        }
        draft_rows.push(job_order_draft::ActiveModel {
            job_order_id: Set(id),
            draft_json: Set(serde_json::to_string(&form)?),
        });
        let mut am = job_order::ActiveModel {
            id: Set(id),
            office_id: Set(office.id),
            employer_id: Set(employer_id),
            number: Set(number.clone()),
            state: Set(state),
            source: Set(if rng.chance(0.2) { "portal" } else { "staff" }.into()),
            change_pending: Set(false),
            accepted_version: Set(accepted.then_some(1)),
            received_on: Set(Some(created)),
            accepted_on: Set(accepted.then_some(accepted_on)),
            valid_until: Set(accepted.then_some(valid_until)),
            closed_on: Set(closed_on),
            rejection_ground: Set((state == JobOrderState::Rejected).then(|| "3".to_owned())),
            rejection_reason: Set(if state == JobOrderState::Rejected {
                "労働条件が法令に違反しているため".into()
            } else {
                String::new()
            }),
            rejected_on: Set((state == JobOrderState::Rejected).then_some(created)),
            staff_in_charge_id: Set(staff_id),
            parent_id: Set(None),
            occupation_title: Set(terms.occupation_title.clone()),
            occupation_code: Set(terms.occupation_code.clone()),
            workplace_municipality: Set(terms.workplace_municipality.clone()),
            weekly_minutes: Set(terms.weekly_minutes as i32),
            openings: Set(terms.openings as i32),
            publishable: Set(terms.publishable),
            created_at: Set(at(created)),
            updated_at: Set(at(updated)),
            search_text: Set(job_orders::search_text(
                number.as_deref(),
                &terms.occupation_title,
                &employer_norm,
            )),
            first_contract_class: Set(accepted.then(|| {
                crate::services::reports::first_version_columns(&terms)
                    .0
                    .to_owned()
            })),
            first_weekly_minutes: Set(accepted.then_some(terms.weekly_minutes as i32)),
            ..Default::default()
        };
        job_orders::apply_facts(&mut am, facts);
        order_rows.push(am);
        if order_rows.len() == CHUNK {
            insert_chunks(&txn, std::mem::take(&mut order_rows)).await?;
            insert_chunks(&txn, std::mem::take(&mut draft_rows)).await?;
            insert_chunks(&txn, std::mem::take(&mut version_rows)).await?;
        }
        if (i + 1) % TXN_ROWS == 0 {
            insert_chunks(&txn, std::mem::take(&mut order_rows)).await?;
            insert_chunks(&txn, std::mem::take(&mut draft_rows)).await?;
            insert_chunks(&txn, std::mem::take(&mut version_rows)).await?;
            txn.commit().await?;
            txn = db.begin().await?;
            progress.step("求人", (i + 1) as u64, sizes.orders as u64);
        }
    }
    insert_chunks(&txn, order_rows).await?;
    insert_chunks(&txn, draft_rows).await?;
    insert_chunks(&txn, version_rows).await?;
    txn.commit().await?;
    summary.orders = sizes.orders;
    progress.step("求人", sizes.orders as u64, sizes.orders as u64);

    // ---- seekers
    let first_seeker = next_id::<job_seeker::Entity, _>(db, job_seeker::Column::Id).await?;
    let mut seekers: Vec<SeekerLife> = Vec::with_capacity(sizes.seekers);
    let mut plan: Vec<NaiveDate> = (0..sizes.seekers)
        .map(|_| today - Duration::days(rng.range(0, 700)))
        .collect();
    plan.sort();
    let mut txn = db.begin().await?;
    let mut rows = Vec::with_capacity(CHUNK);
    for (i, registered_on) in plan.into_iter().enumerate() {
        let id = first_seeker + i as i32;
        let (nm, kana) = name(&mut rng);
        let place = area.pick(&mut rng).clone();
        let (ph, digits) = phone(&mut rng, "090");
        let mut valid_until = rule.valid_until(registered_on);
        // Half of the registrations were renewed by a contact and are still valid.
        let renewed = rng.chance(0.5);
        if renewed && valid_until < today {
            valid_until = rule.valid_until(today - Duration::days(rng.range(0, 50)));
        }
        let (state, closed_reason, closed_on) = if valid_until < today {
            (SeekerState::Closed, Some("expired"), Some(valid_until))
        } else if rng.chance(0.08) {
            let c = registered_on
                + Duration::days(rng.range(0, (today - registered_on).num_days().max(0)));
            (SeekerState::Closed, Some("withdrawn"), Some(c))
        } else {
            (SeekerState::Active, None, None)
        };
        let occ: Vec<String> = (0..rng.range(1, 3))
            .map(|_| rng.pick(&occupations.middle).0.clone())
            .collect();
        let avail = seeker_availability(&mut rng);
        let categories: Vec<&str> = if rng.chance(0.4) {
            vec![rng.pick(job_seekers::SUPPORT_CATEGORIES).0]
        } else {
            Vec::new()
        };
        let age = rng.range(18, 72);
        let birth = NaiveDate::from_ymd_opt(
            (today
                .format("%Y")
                .to_string()
                .parse::<i64>()
                .unwrap_or(2026)
                - age) as i32,
            rng.range(1, 12) as u32,
            rng.range(1, 28) as u32,
        )
        .unwrap_or(registered_on);
        seekers.push(SeekerLife {
            id,
            registered_on,
            last_day: closed_on.unwrap_or(valid_until).min(today),
        });
        rows.push(job_seeker::ActiveModel {
            id: Set(id),
            office_id: Set(office.id),
            number: Set(numbers.next(NumberKind::JobSeeker, registered_on)),
            state: Set(state),
            closed_reason: Set(closed_reason.map(str::to_owned)),
            closed_on: Set(closed_on),
            registered_on: Set(registered_on),
            valid_until: Set(valid_until),
            consent_given_on: Set(registered_on),
            consent_scope: Set(job_seekers::PURPOSES.into()),
            consent_method: Set("written".into()),
            sensitive_consent: Set(false),
            share_consent: Set(rng.chance(0.3)),
            disclosure_delivered_on: Set(Some(registered_on)),
            name_normalized: Set(normalize_name_for_match(&nm)),
            name: Set(nm),
            name_kana: Set(kana),
            birth_date: Set(birth),
            postal_code: Set(format!(
                "{:03}-{:04}",
                rng.range(100, 999),
                rng.range(0, 9999)
            )),
            prefecture_code: Set(place.0.clone()),
            municipality: Set(place.1.clone()),
            address: Set(address(&mut rng)),
            nearest_station: Set(format!("{}駅", rng.pick(STATIONS))),
            phone: Set(ph),
            phone_digits: Set(digits),
            email: Set(format!("seeker{id}@example.jp")),
            contact_preference: Set("phone".into()),
            desired_occupations: Set(serde_json::to_string(&occ)?),
            desired_areas: Set(if rng.chance(0.5) {
                area.pick(&mut rng).1.clone()
            } else {
                String::new()
            }),
            desired_hourly_yen: Set(rng.chance(0.5).then(|| rng.range(1100, 1400) as i32)),
            desired_employment: Set((*rng.pick(&["any", "part", "part", "full"])).into()),
            availability_json: Set(serde_json::to_string(&avail)?),
            education: Set(String::new()),
            licenses: Set(String::new()),
            work_history: Set(String::new()),
            support_categories: Set(serde_json::to_string(&categories)?),
            disability_type: Set(String::new()),
            disability_grade: Set(String::new()),
            disability_suspected: Set(false),
            disability_notes: Set(String::new()),
            ladder_step: Set(rng.pick(job_seekers::LADDER).0.into()),
            supporting_agency: Set(String::new()),
            agency_contact: Set(String::new()),
            staff_in_charge_id: Set(staff_id),
            created_at: Set(at(registered_on)),
            updated_at: Set(at(closed_on.unwrap_or(registered_on))),
            anonymized_at: Set(None),
        });
        if rows.len() == CHUNK {
            insert_chunks(&txn, std::mem::take(&mut rows)).await?;
        }
        if (i + 1) % TXN_ROWS == 0 {
            insert_chunks(&txn, std::mem::take(&mut rows)).await?;
            txn.commit().await?;
            txn = db.begin().await?;
            progress.step("求職者", (i + 1) as u64, sizes.seekers as u64);
        }
    }
    insert_chunks(&txn, rows).await?;
    txn.commit().await?;
    summary.seekers = sizes.seekers;
    progress.step("求職者", sizes.seekers as u64, sizes.seekers as u64);

    // ---- referrals, results, hires and follow-ups
    let first_referral = next_id::<referral::Entity, _>(db, referral::Column::Id).await?;
    let mut transition_id =
        next_id::<referral_transition::Entity, _>(db, referral_transition::Column::Id).await?;
    let mut placement_id = next_id::<placement::Entity, _>(db, placement::Column::Id).await?;
    let mut follow_up_id = next_id::<follow_up::Entity, _>(db, follow_up::Column::Id).await?;
    // Seekers sorted by registration: a referral on day D picks among those registered by D.
    let mut pairs: HashSet<(i32, i32)> = HashSet::new();
    let mut planned: Vec<(NaiveDate, usize, usize)> = Vec::with_capacity(sizes.referrals);
    let mut tries = 0;
    while planned.len() < sizes.referrals && tries < sizes.referrals * 4 && !lives.is_empty() {
        tries += 1;
        let o = rng.below(lives.len());
        let life = lives[o];
        let span = (life.last_day - life.accepted_on).num_days();
        if span < 0 {
            continue;
        }
        let on = life.accepted_on + Duration::days(rng.range(0, span));
        // A seeker registered by then and still registered that day.
        let upto = seekers.partition_point(|s| s.registered_on <= on);
        if upto == 0 {
            continue;
        }
        let s = rng.below(upto);
        if seekers[s].last_day < on || !pairs.insert((seekers[s].id, life.id)) {
            continue;
        }
        planned.push((on, o, s));
    }
    planned.sort_by_key(|p| p.0);
    let total_referrals = planned.len();
    let mut txn = db.begin().await?;
    let (mut refs, mut trans, mut places, mut follows) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (i, (on, o, s)) in planned.into_iter().enumerate() {
        let id = first_referral + i as i32;
        let life = lives[o];
        let seeker = seekers[s];
        let recent = (today - on).num_days() < 21;
        let state = if recent && rng.chance(0.7) {
            ReferralState::Referred
        } else {
            match rng.below(100) {
                0..28 => ReferralState::Hired,
                28..80 => ReferralState::NotHired,
                80..95 => ReferralState::Declined,
                _ => ReferralState::Cancelled,
            }
        };
        let result_on = (state != ReferralState::Referred)
            .then(|| (on + Duration::days(rng.range(3, 14))).min(today));
        let reason = (state == ReferralState::NotHired)
            .then(|| (*rng.pick(&["skills", "conditions", "filled", "other"])).to_owned());
        refs.push(referral::ActiveModel {
            id: Set(id),
            office_id: Set(office.id),
            number: Set(numbers.next(NumberKind::Referral, on)),
            job_order_id: Set(life.id),
            job_order_version: Set(1),
            job_seeker_id: Set(seeker.id),
            employer_id: Set(life.employer_id),
            state: Set(state),
            referred_on: Set(on),
            conditions_shown_on: Set(on),
            conditions_shown_method: Set("written".into()),
            interview: Set(format!("{}　10時　事業所にて面接", on + Duration::days(3))),
            documents: Set("履歴書".into()),
            result_reason_code: Set(reason),
            result_note: Set(String::new()),
            result_received_on: Set(result_on),
            result_received_via: Set(result_on.map(|_| "phone".to_owned())),
            flagged: Set(false),
            reminded_on: Set(None),
            staff_user_id: Set(staff_id),
            created_at: Set(at(on)),
            updated_at: Set(at(result_on.unwrap_or(on))),
        });
        trans.push(referral_transition::ActiveModel {
            id: Set(transition_id),
            referral_id: Set(id),
            from_state: Set(None),
            to_state: Set(entity::ReferralState::Referred),
            reason: Set(String::new()),
            actor_kind: Set("staff".into()),
            actor_id: Set(staff_id),
            created_at: Set(at(on)),
        });
        transition_id += 1;
        if let Some(r_on) = result_on {
            trans.push(referral_transition::ActiveModel {
                id: Set(transition_id),
                referral_id: Set(id),
                from_state: Set(Some(entity::ReferralState::Referred)),
                to_state: Set(state),
                reason: Set(String::new()),
                actor_kind: Set("staff".into()),
                actor_id: Set(staff_id),
                created_at: Set(at(r_on)),
            });
            transition_id += 1;
        }
        if state == ReferralState::Hired
            && let Some(r_on) = result_on
        {
            let start = r_on + Duration::days(rng.range(1, 14));
            let left_on = rng
                .chance(0.15)
                .then(|| start + Duration::days(rng.range(10, 240)))
                .filter(|d| *d <= today);
            places.push(placement::ActiveModel {
                id: Set(placement_id),
                office_id: Set(office.id),
                referral_id: Set(id),
                job_seeker_id: Set(seeker.id),
                job_order_id: Set(life.id),
                employer_id: Set(life.employer_id),
                start_date: Set(start),
                contract_indefinite: Set(life.months.is_none()),
                contract_months: Set(life.months.map(|m| m as i32)),
                weekly_minutes: Set(life.weekly_minutes),
                hourly_yen: Set(life.hourly_yen),
                classification: Set(classify(life.months).code().into()),
                left_on: Set(left_on),
                left_reason: Set(left_on.map(|_| {
                    (*rng.pick(&["self", "self", "contract_end", "dismissal"])).to_owned()
                })),
                created_at: Set(at(r_on)),
            });
            for (kind, _) in FOLLOW_UPS {
                let Some(due) = follow_up_due(start, kind) else {
                    continue;
                };
                let done = due <= today && left_on.is_none_or(|l| l > due);
                follows.push(follow_up::ActiveModel {
                    id: Set(follow_up_id),
                    office_id: Set(office.id),
                    placement_id: Set(placement_id),
                    due_kind: Set((*kind).into()),
                    due_on: Set(due),
                    done_on: Set(done.then_some(due)),
                    contact_with: Set(done.then(|| "person".to_owned())),
                    channel: Set(done.then(|| "phone".to_owned())),
                    result: Set(done.then(|| "employed".to_owned())),
                    left_reason: Set(None),
                    note: Set(String::new()),
                    staff_user_id: Set(done.then_some(staff_id).flatten()),
                    cancelled_on: Set(left_on.filter(|_| !done)),
                });
                follow_up_id += 1;
                summary.follow_ups += 1;
            }
            placement_id += 1;
            summary.placements += 1;
        }
        if refs.len() >= CHUNK {
            insert_chunks(&txn, std::mem::take(&mut refs)).await?;
            insert_chunks(&txn, std::mem::take(&mut trans)).await?;
            insert_chunks(&txn, std::mem::take(&mut places)).await?;
            insert_chunks(&txn, std::mem::take(&mut follows)).await?;
        }
        if (i + 1) % TXN_ROWS == 0 {
            txn.commit().await?;
            txn = db.begin().await?;
            progress.step("紹介", (i + 1) as u64, total_referrals as u64);
        }
    }
    insert_chunks(&txn, refs).await?;
    insert_chunks(&txn, trans).await?;
    insert_chunks(&txn, places).await?;
    insert_chunks(&txn, follows).await?;
    // The number sequences continue after the generated numbers.
    for ((kind, year), last) in &numbers.0 {
        number_sequence::Entity::insert(number_sequence::ActiveModel {
            office_id: Set(office.id),
            kind: Set((*kind).into()),
            year: Set(*year),
            last_value: Set(*last),
        })
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    summary.referrals = total_referrals;
    progress.step("紹介", total_referrals as u64, total_referrals as u64);
    reset_sequences(db).await?;
    Ok(summary)
}
