//! The job-order form as typed (every value a string, so nothing typed is ever lost) and its
//! conversion into `JobOrderTerms`, with a Japanese message for every value that cannot be read.
use crate::domain::job_order::*;
use crate::domain::normalize::nfkc;
use crate::validation::FieldErrors;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

pub const SHIFT_ROWS: usize = 3;
pub const ALLOWANCE_ROWS: usize = 3;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct ShiftInput {
    pub start: String,
    pub end: String,
    pub break_minutes: String,
    /// "0"…"6" (Mon…Sun)
    pub weekdays: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct AllowanceInput {
    pub name: String,
    pub kind: String,
    pub amount: String,
}

/// The form. Field names are those of the HTML form; nested rows are `shift1_start` … in HTML
/// and are gathered by [`JobOrderForm::from_pairs`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct JobOrderForm {
    pub occupation_title: String,
    pub occupation_code: String,
    pub openings: String,
    pub full_time: String,
    pub employment_form: String,
    pub employment_form_name: String,
    pub dispatch: String,
    pub publishable: String,
    pub job_description: String,
    pub job_change_scope: String,
    pub contract_kind: String,
    pub contract_months: String,
    pub contract_days: String,
    pub renewal_possibility: String,
    pub renewal_criteria: String,
    pub renewal_upper_limit: String,
    pub renewal_no_upper_limit: String,
    pub trial_exists: String,
    pub trial_length: String,
    pub trial_conditions_differ: String,
    pub trial_conditions_during: String,
    pub start_date: String,
    pub workplace_postal_code: String,
    pub workplace_prefecture_code: String,
    pub workplace_municipality: String,
    pub workplace_address: String,
    pub nearest_station: String,
    pub workplace_change_scope: String,
    pub smoking_measure: String,
    pub smoking_note: String,
    pub recruiter_name: String,
    pub shifts: Vec<ShiftInput>,
    pub weekly_hours: String,
    pub weekly_days: String,
    pub monthly_hours: String,
    pub overtime: String,
    pub overtime_monthly_hours: String,
    pub holidays: String,
    pub annual_holidays: String,
    pub wage_form: String,
    pub base_wage_min: String,
    pub base_wage_max: String,
    pub allowances: Vec<AllowanceInput>,
    pub fixed_overtime_exists: String,
    pub fixed_overtime_amount_yen: String,
    pub fixed_overtime_hours: String,
    pub fixed_overtime_excess_paid: String,
    pub commute_allowance: String,
    pub pay_closing_day: String,
    pub pay_day: String,
    pub pay_cycle: String,
    pub raises_and_bonuses: String,
    pub insurance_employment: String,
    pub insurance_workers_comp: String,
    pub insurance_health: String,
    pub insurance_pension: String,
    pub retirement_age: String,
    pub age_exception: String,
    pub age_min: String,
    pub age_max: String,
    pub age_reason: String,
    pub age_no_experience_required: String,
    pub age_same_treatment_as_new_graduates: String,
    pub gender_exception: String,
    pub gender_exception_reason: String,
    pub education: String,
    pub experience: String,
    pub licenses: String,
    pub pr: String,
    pub selection_method: String,
    pub application_documents: String,
    pub notes: String,
}

fn on(v: &str) -> bool {
    matches!(v, "1" | "on" | "true" | "yes")
}

fn flag(b: bool) -> String {
    if b { "1".into() } else { String::new() }
}

fn parse_enum<T: serde::de::DeserializeOwned + Default>(
    e: &mut FieldErrors,
    field: &str,
    v: &str,
    message: &str,
) -> T {
    if v.is_empty() {
        return T::default();
    }
    crate::domain::choices::parse(v).unwrap_or_else(|| {
        e.add(field, message);
        T::default()
    })
}

/// A whole number of yen / people / hours, full-width digits and commas accepted.
fn number(e: &mut FieldErrors, field: &str, v: &str, max: u32) -> u32 {
    let s = nfkc(v.trim()).replace([',', '円', '人', '日'], "");
    if s.is_empty() {
        return 0;
    }
    match s.parse::<u32>() {
        Ok(n) if n <= max => n,
        _ => {
            e.add(field, "半角数字（整数）で入力してください");
            0
        }
    }
}

fn optional_number(e: &mut FieldErrors, field: &str, v: &str, max: u32) -> Option<u32> {
    if v.trim().is_empty() {
        None
    } else {
        Some(number(e, field, v, max))
    }
}

/// Hours with up to two decimals ("20", "20.5", "37時間30分" is not accepted) → minutes.
fn hours_to_minutes(e: &mut FieldErrors, field: &str, v: &str) -> u32 {
    let s = nfkc(v.trim()).replace("時間", "");
    if s.is_empty() {
        return 0;
    }
    match s.parse::<f64>() {
        Ok(h) if (0.0..=168.0).contains(&h) => (h * 60.0).round() as u32,
        _ => {
            e.add(
                field,
                "時間数を数字で入力してください（例：20 または 37.5）",
            );
            0
        }
    }
}

fn minutes_to_hours(m: u32) -> String {
    if m == 0 {
        String::new()
    } else if m.is_multiple_of(60) {
        (m / 60).to_string()
    } else {
        format!("{}", (m as f64 / 60.0 * 100.0).round() / 100.0)
    }
}

fn time(e: &mut FieldErrors, field: &str, v: &str) -> Option<NaiveTime> {
    let s = nfkc(v.trim()).replace('：', ":");
    if s.is_empty() {
        return None;
    }
    NaiveTime::parse_from_str(&s, "%H:%M").ok().or_else(|| {
        e.add(field, "時刻を「9:00」の形で入力してください");
        None
    })
}

fn date(e: &mut FieldErrors, field: &str, v: &str) -> Option<NaiveDate> {
    crate::validation::optional_date(
        e,
        field,
        v,
        "日付を正しく入力してください（例：2026-12-01）",
    )
}

impl JobOrderForm {
    /// Gather a form from its HTML pairs (repeated keys for check boxes, `shiftN_*` and
    /// `allowanceN_*` rows).
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut map = serde_json::Map::new();
        let mut shifts = vec![ShiftInput::default(); SHIFT_ROWS];
        let mut allowances = vec![AllowanceInput::default(); ALLOWANCE_ROWS];
        for (k, v) in pairs {
            if let Some(rest) = k.strip_prefix("shift")
                && let Some((n, field)) = rest.split_once('_')
                && let Ok(n) = n.parse::<usize>()
                && (1..=SHIFT_ROWS).contains(&n)
            {
                let s = &mut shifts[n - 1];
                match field {
                    "start" => s.start = v.clone(),
                    "end" => s.end = v.clone(),
                    "break" => s.break_minutes = v.clone(),
                    "weekdays" => s.weekdays.push(v.clone()),
                    _ => {}
                }
                continue;
            }
            if let Some(rest) = k.strip_prefix("allowance")
                && let Some((n, field)) = rest.split_once('_')
                && let Ok(n) = n.parse::<usize>()
                && (1..=ALLOWANCE_ROWS).contains(&n)
            {
                let a = &mut allowances[n - 1];
                match field {
                    "name" => a.name = v.clone(),
                    "kind" => a.kind = v.clone(),
                    "amount" => a.amount = v.clone(),
                    _ => {}
                }
                continue;
            }
            map.insert(k.clone(), serde_json::Value::String(v.clone()));
        }
        let mut form: JobOrderForm =
            serde_json::from_value(serde_json::Value::Object(map)).unwrap_or_default();
        form.shifts = shifts;
        form.allowances = allowances;
        form
    }

    /// Rows for the form: always `SHIFT_ROWS` shifts and `ALLOWANCE_ROWS` allowances.
    pub fn padded(mut self) -> Self {
        self.shifts
            .resize(SHIFT_ROWS.max(self.shifts.len()), ShiftInput::default());
        self.allowances.resize(
            ALLOWANCE_ROWS.max(self.allowances.len()),
            AllowanceInput::default(),
        );
        self
    }

    /// A blank form for an employer, with what the employer record already says.
    pub fn for_employer(e: &entity::employer::Model) -> Self {
        Self {
            openings: "1".into(),
            publishable: "1".into(),
            recruiter_name: e.name.clone(),
            workplace_postal_code: e.postal_code.clone(),
            workplace_prefecture_code: e.prefecture_code.clone(),
            workplace_municipality: e.municipality.clone(),
            workplace_address: e.address.clone(),
            retirement_age: e.retirement_age.map(|a| a.to_string()).unwrap_or_default(),
            contract_kind: "indefinite".into(),
            wage_form: "hourly".into(),
            pay_cycle: "monthly".into(),
            job_change_scope: "変更なし".into(),
            workplace_change_scope: "変更なし".into(),
            insurance_workers_comp: "1".into(),
            ..Default::default()
        }
        .padded()
    }

    pub fn from_terms(t: &JobOrderTerms) -> Self {
        let (contract_kind, months, days) = match t.contract {
            ContractTerm::Indefinite => ("indefinite", 0, 0),
            ContractTerm::Fixed { months, days } => ("fixed", months, days),
        };
        let n = |v: u32| if v == 0 { String::new() } else { v.to_string() };
        Self {
            occupation_title: t.occupation_title.clone(),
            occupation_code: t.occupation_code.clone(),
            openings: n(t.openings),
            full_time: flag(t.full_time),
            employment_form: crate::domain::choices::code(&t.employment_form),
            employment_form_name: t.employment_form_name.clone(),
            dispatch: flag(t.dispatch),
            publishable: flag(t.publishable),
            job_description: t.job_description.clone(),
            job_change_scope: t.job_change_scope.clone(),
            contract_kind: contract_kind.into(),
            contract_months: n(months),
            contract_days: n(days),
            renewal_possibility: crate::domain::choices::code(&t.renewal.possibility),
            renewal_criteria: t.renewal.criteria.clone(),
            renewal_upper_limit: t.renewal.upper_limit.clone(),
            renewal_no_upper_limit: flag(t.renewal.no_upper_limit),
            trial_exists: flag(t.trial.exists),
            trial_length: t.trial.length.clone(),
            trial_conditions_differ: flag(t.trial.conditions_differ),
            trial_conditions_during: t.trial.conditions_during.clone(),
            start_date: t.start_date.map(|d| d.to_string()).unwrap_or_default(),
            workplace_postal_code: t.workplace_postal_code.clone(),
            workplace_prefecture_code: t.workplace_prefecture_code.clone(),
            workplace_municipality: t.workplace_municipality.clone(),
            workplace_address: t.workplace_address.clone(),
            nearest_station: t.nearest_station.clone(),
            workplace_change_scope: t.workplace_change_scope.clone(),
            smoking_measure: crate::domain::choices::code(&t.smoking_measure),
            smoking_note: t.smoking_note.clone(),
            recruiter_name: t.recruiter_name.clone(),
            shifts: t
                .shifts
                .iter()
                .map(|s| ShiftInput {
                    start: s.start.format("%H:%M").to_string(),
                    end: s.end.format("%H:%M").to_string(),
                    break_minutes: s.break_minutes.to_string(),
                    weekdays: s.weekdays.iter().map(|d| d.to_string()).collect(),
                })
                .collect(),
            weekly_hours: minutes_to_hours(t.weekly_minutes),
            weekly_days: n(t.weekly_days),
            monthly_hours: minutes_to_hours(t.monthly_scheduled_minutes),
            overtime: flag(t.overtime),
            overtime_monthly_hours: n(t.overtime_monthly_hours),
            holidays: t.holidays.clone(),
            annual_holidays: t.annual_holidays.map(|v| v.to_string()).unwrap_or_default(),
            wage_form: crate::domain::choices::code(&t.wage_form),
            base_wage_min: n(t.base_wage_min),
            base_wage_max: n(t.base_wage_max),
            allowances: t
                .allowances
                .iter()
                .map(|a| AllowanceInput {
                    name: a.name.clone(),
                    kind: crate::domain::choices::code(&a.kind),
                    amount: a.amount_yen.to_string(),
                })
                .collect(),
            fixed_overtime_exists: flag(t.fixed_overtime.exists),
            fixed_overtime_amount_yen: n(t.fixed_overtime.amount_yen),
            fixed_overtime_hours: n(t.fixed_overtime.hours),
            fixed_overtime_excess_paid: flag(t.fixed_overtime.excess_paid),
            commute_allowance: t.commute_allowance.clone(),
            pay_closing_day: t.pay_closing_day.clone(),
            pay_day: t.pay_day.clone(),
            pay_cycle: crate::domain::choices::code(&t.pay_cycle),
            raises_and_bonuses: t.raises_and_bonuses.clone(),
            insurance_employment: flag(t.insurance.employment),
            insurance_workers_comp: flag(t.insurance.workers_comp),
            insurance_health: flag(t.insurance.health),
            insurance_pension: flag(t.insurance.pension),
            retirement_age: t.retirement_age.map(|v| v.to_string()).unwrap_or_default(),
            age_exception: t
                .age
                .exception
                .map(|x| crate::domain::choices::code(&x))
                .unwrap_or_default(),
            age_min: t.age.min.map(|v| v.to_string()).unwrap_or_default(),
            age_max: t.age.max.map(|v| v.to_string()).unwrap_or_default(),
            age_reason: t.age.reason.clone(),
            age_no_experience_required: flag(t.age.no_experience_required),
            age_same_treatment_as_new_graduates: flag(t.age.same_treatment_as_new_graduates),
            gender_exception: t
                .gender_exception
                .map(|x| crate::domain::choices::code(&x))
                .unwrap_or_default(),
            gender_exception_reason: t.gender_exception_reason.clone(),
            education: t.education.clone(),
            experience: t.experience.clone(),
            licenses: t.licenses.clone(),
            pr: t.pr.clone(),
            selection_method: t.selection_method.clone(),
            application_documents: t.application_documents.clone(),
            notes: t.notes.clone(),
        }
        .padded()
    }

    /// Read the form into terms; every value that cannot be read gets a message.
    pub fn to_terms(&self) -> (JobOrderTerms, FieldErrors) {
        let mut e = FieldErrors::new();
        let t = |s: &String| s.trim().to_owned();
        let contract = match self.contract_kind.as_str() {
            "fixed" => ContractTerm::Fixed {
                months: number(&mut e, "contract_months", &self.contract_months, 120),
                days: number(&mut e, "contract_days", &self.contract_days, 31),
            },
            _ => ContractTerm::Indefinite,
        };
        let mut shifts = Vec::new();
        for (i, s) in self.shifts.iter().enumerate() {
            let field = format!("shift{}", i + 1);
            if s.start.trim().is_empty() && s.end.trim().is_empty() {
                continue;
            }
            let start = time(&mut e, &format!("{field}_start"), &s.start);
            let end = time(&mut e, &format!("{field}_end"), &s.end);
            let break_minutes = number(&mut e, &format!("{field}_break"), &s.break_minutes, 600);
            let mut weekdays: Vec<u8> = s
                .weekdays
                .iter()
                .filter_map(|d| d.parse::<u8>().ok())
                .filter(|d| *d < 7)
                .collect();
            weekdays.sort_unstable();
            weekdays.dedup();
            match (start, end) {
                (Some(start), Some(end)) => shifts.push(Shift {
                    start,
                    end,
                    break_minutes,
                    weekdays,
                }),
                (None, None) => {}
                _ => {
                    if !e.has(&format!("{field}_start")) && !e.has(&format!("{field}_end")) {
                        e.add(
                            &format!("{field}_start"),
                            "始業と終業の両方を入力してください",
                        );
                    }
                }
            }
        }
        let mut allowances = Vec::new();
        for (i, a) in self.allowances.iter().enumerate() {
            if a.name.trim().is_empty() && a.amount.trim().is_empty() {
                continue;
            }
            let field = format!("allowance{}", i + 1);
            if a.name.trim().is_empty() {
                e.add(&format!("{field}_name"), "手当の名称を入力してください");
            }
            let kind: AllowanceKind = parse_enum(
                &mut e,
                &format!("{field}_kind"),
                &a.kind,
                "手当の種類を選択してください",
            );
            allowances.push(Allowance {
                name: a.name.trim().to_owned(),
                kind,
                amount_yen: number(&mut e, &format!("{field}_amount"), &a.amount, 10_000_000),
            });
        }
        let postal = e.optional::<crate::domain::values::PostalCode>(
            "workplace_postal_code",
            &self.workplace_postal_code,
        );
        let age_exception: Option<AgeException> = match self.age_exception.as_str() {
            "" => None,
            v => serde_json::from_value(serde_json::Value::String(v.to_owned()))
                .ok()
                .or_else(|| {
                    e.add("age_exception", "年齢制限の例外事由を選択してください");
                    None
                }),
        };
        let gender_exception: Option<GenderException> = match self.gender_exception.as_str() {
            "" => None,
            v => serde_json::from_value(serde_json::Value::String(v.to_owned()))
                .ok()
                .or_else(|| {
                    e.add("gender_exception", "例外の種類を選択してください");
                    None
                }),
        };
        let terms = JobOrderTerms {
            occupation_title: t(&self.occupation_title),
            occupation_code: t(&self.occupation_code),
            openings: number(&mut e, "openings", &self.openings, 10_000),
            full_time: on(&self.full_time),
            employment_form: parse_enum(
                &mut e,
                "employment_form",
                &self.employment_form,
                "雇用形態を選択してください",
            ),
            employment_form_name: t(&self.employment_form_name),
            dispatch: on(&self.dispatch),
            publishable: on(&self.publishable),
            job_description: t(&self.job_description),
            job_change_scope: t(&self.job_change_scope),
            contract,
            renewal: Renewal {
                possibility: parse_enum(
                    &mut e,
                    "renewal_possibility",
                    &self.renewal_possibility,
                    "契約更新の可能性を選択してください",
                ),
                criteria: t(&self.renewal_criteria),
                upper_limit: t(&self.renewal_upper_limit),
                no_upper_limit: on(&self.renewal_no_upper_limit),
            },
            trial: Trial {
                exists: on(&self.trial_exists),
                length: t(&self.trial_length),
                conditions_differ: on(&self.trial_conditions_differ),
                conditions_during: t(&self.trial_conditions_during),
            },
            start_date: date(&mut e, "start_date", &self.start_date),
            workplace_postal_code: postal,
            workplace_prefecture_code: t(&self.workplace_prefecture_code),
            workplace_municipality: t(&self.workplace_municipality),
            workplace_address: t(&self.workplace_address),
            nearest_station: t(&self.nearest_station),
            workplace_change_scope: t(&self.workplace_change_scope),
            smoking_measure: parse_enum(
                &mut e,
                "smoking_measure",
                &self.smoking_measure,
                "受動喫煙防止措置を選択してください",
            ),
            smoking_note: t(&self.smoking_note),
            recruiter_name: t(&self.recruiter_name),
            shifts,
            weekly_minutes: hours_to_minutes(&mut e, "weekly_hours", &self.weekly_hours),
            weekly_days: number(&mut e, "weekly_days", &self.weekly_days, 7),
            monthly_scheduled_minutes: hours_to_minutes(
                &mut e,
                "monthly_hours",
                &self.monthly_hours,
            ),
            overtime: on(&self.overtime),
            overtime_monthly_hours: number(
                &mut e,
                "overtime_monthly_hours",
                &self.overtime_monthly_hours,
                200,
            ),
            holidays: t(&self.holidays),
            annual_holidays: optional_number(&mut e, "annual_holidays", &self.annual_holidays, 366),
            wage_form: parse_enum(
                &mut e,
                "wage_form",
                &self.wage_form,
                "賃金形態を選択してください",
            ),
            base_wage_min: number(&mut e, "base_wage_min", &self.base_wage_min, 10_000_000),
            base_wage_max: number(&mut e, "base_wage_max", &self.base_wage_max, 10_000_000),
            allowances,
            fixed_overtime: FixedOvertime {
                exists: on(&self.fixed_overtime_exists),
                amount_yen: number(
                    &mut e,
                    "fixed_overtime_amount_yen",
                    &self.fixed_overtime_amount_yen,
                    10_000_000,
                ),
                hours: number(
                    &mut e,
                    "fixed_overtime_hours",
                    &self.fixed_overtime_hours,
                    200,
                ),
                excess_paid: on(&self.fixed_overtime_excess_paid),
            },
            commute_allowance: t(&self.commute_allowance),
            pay_closing_day: t(&self.pay_closing_day),
            pay_day: t(&self.pay_day),
            pay_cycle: parse_enum(
                &mut e,
                "pay_cycle",
                &self.pay_cycle,
                "支払周期を選択してください",
            ),
            raises_and_bonuses: t(&self.raises_and_bonuses),
            insurance: Insurance {
                employment: on(&self.insurance_employment),
                workers_comp: on(&self.insurance_workers_comp),
                health: on(&self.insurance_health),
                pension: on(&self.insurance_pension),
            },
            retirement_age: optional_number(&mut e, "retirement_age", &self.retirement_age, 120),
            age: AgeCondition {
                exception: age_exception,
                min: optional_number(&mut e, "age_min", &self.age_min, 120),
                max: optional_number(&mut e, "age_max", &self.age_max, 120),
                reason: t(&self.age_reason),
                no_experience_required: on(&self.age_no_experience_required),
                same_treatment_as_new_graduates: on(&self.age_same_treatment_as_new_graduates),
            },
            gender_exception,
            gender_exception_reason: t(&self.gender_exception_reason),
            education: t(&self.education),
            experience: t(&self.experience),
            licenses: t(&self.licenses),
            pr: t(&self.pr),
            selection_method: t(&self.selection_method),
            application_documents: t(&self.application_documents),
            notes: t(&self.notes),
        };
        (terms, e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn rows_and_checkboxes_are_gathered() {
        let f = JobOrderForm::from_pairs(&pairs(&[
            ("occupation_title", "清掃スタッフ"),
            ("shift1_start", "９：００"),
            ("shift1_end", "13:00"),
            ("shift1_break", "0"),
            ("shift1_weekdays", "0"),
            ("shift1_weekdays", "2"),
            ("allowance2_name", "資格手当"),
            ("allowance2_kind", "fixed"),
            ("allowance2_amount", "１，０００"),
            ("weekly_hours", "20"),
        ]));
        assert_eq!(f.shifts.len(), SHIFT_ROWS);
        let (t, e) = f.to_terms();
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(t.shifts.len(), 1);
        assert_eq!(t.shifts[0].weekdays, vec![0, 2]);
        assert_eq!(t.shifts[0].start, NaiveTime::from_hms_opt(9, 0, 0).unwrap());
        assert_eq!(t.allowances[0].amount_yen, 1000);
        assert_eq!(t.weekly_minutes, 1200);
    }

    #[test]
    fn unreadable_values_get_messages_and_are_kept() {
        let f = JobOrderForm::from_pairs(&pairs(&[
            ("openings", "二人"),
            ("shift1_start", "9時"),
            ("shift1_end", "13:00"),
            ("weekly_hours", "たくさん"),
            ("start_date", "2026-02-30"),
        ]));
        let (_, e) = f.to_terms();
        for field in ["openings", "shift1_start", "weekly_hours", "start_date"] {
            assert!(e.has(field), "{field}: {e:?}");
        }
        assert_eq!(f.openings, "二人");
    }

    #[test]
    fn terms_survive_a_round_trip_through_the_form() {
        let f = JobOrderForm::from_pairs(&pairs(&[
            ("occupation_title", "調理補助"),
            ("contract_kind", "fixed"),
            ("contract_months", "6"),
            ("renewal_possibility", "conditional"),
            ("shift1_start", "10:00"),
            ("shift1_end", "16:30"),
            ("shift1_break", "45"),
            ("shift1_weekdays", "1"),
            ("weekly_hours", "28.75"),
            ("wage_form", "daily"),
            ("base_wage_min", "9000"),
            ("age_exception", "2"),
            ("age_min", "18"),
            ("smoking_measure", "indoor_ban"),
            ("pay_cycle", "weekly"),
        ]));
        let (t, e) = f.to_terms();
        assert!(e.is_empty(), "{e:?}");
        let (t2, e2) = JobOrderForm::from_terms(&t).to_terms();
        assert!(e2.is_empty());
        assert_eq!(t, t2);
        assert_eq!(t.contract, ContractTerm::Fixed { months: 6, days: 0 });
        assert_eq!(t.age.exception, Some(AgeException::No2));
        assert_eq!(t.pay_cycle, PayCycle::Weekly);
    }
}
